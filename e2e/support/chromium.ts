/**
 * Debian's Chromium, driven by playwright-core: never a downloaded browser. `scripts/install-chromium.sh`
 * (run by `npm run test:e2e`) installs it with apt-get when it is missing.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

/** The flags this machine needs: headless, no sandbox as root, and no background traffic to the internet. */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** `command -v chromium`, else /usr/bin/chromium; FOLIO_CHROMIUM overrides. */
export function chromiumPath(): string {
  const candidates = [
    process.env.FOLIO_CHROMIUM,
    ...(process.env.PATH ?? "").split(path.delimiter).map((dir) => path.join(dir, "chromium")),
    "/usr/bin/chromium",
  ].filter((p): p is string => Boolean(p));
  const found = candidates.find((p) => existsSync(p));
  if (!found)
    throw new Error("Debian's chromium is not installed: run `bash scripts/install-chromium.sh` (apt-get install -y chromium).");
  return found;
}

/** A browser with a fresh, empty profile (user-data-dir), removed when it closes. */
export async function launchBrowser(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const userDataDir = mkdtempSync(path.join(tmpdir(), "folio-e2e-profile-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1280, height: 860 },
    locale: "en-GB",
    timezoneId: "UTC",
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
