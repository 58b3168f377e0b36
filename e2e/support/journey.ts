/**
 * One journey = one fresh browser (empty profile) against the e2e servers, with:
 * - every request to anything but the web app and the offline backend refused (and the journey
 *   failed for it);
 * - every Content-Security-Policy violation recorded, and the journey failed for it (csp.ts);
 * - the page console and errors recorded, and on failure a screenshot of every page plus the
 *   console saved under e2e-results/failures/<journey>/;
 * - `screenshot(name)` for the key screens, saved under e2e-results/screens/.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { inject, it } from "vitest";
import { launchBrowser } from "./chromium";
import { describeViolations, watchCspViolations, type CspWatch } from "./csp";
import { RESULTS_DIR } from "./servers";

export interface Journey {
  webUrl: string;
  backendUrl: string;
  context: BrowserContext;
  /** The first tab. */
  page: Page;
  newPage(): Promise<Page>;
  screenshot(name: string, page?: Page): Promise<string>;
  /** The policy violations seen so far (a journey that provokes one on purpose takes it from here). */
  csp: CspWatch;
}

/**
 * The deadline of every wait for a state (locators, expect.poll): one only a hang reaches, even on
 * a machine running the journeys several times slower (`npm run test:under-load -- --busy 4`).
 * Waits are for state, never for time.
 */
export const STATE_TIMEOUT_MS = 5 * 60_000;

/** A journey's own deadline: far beyond its waits, so a stuck wait fails with its own message. */
export const JOURNEY_TIMEOUT_MS = 20 * 60_000;

const slug = (s: string) =>
  s
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .toLowerCase();

export function journey(name: string, body: (j: Journey) => Promise<void>, timeoutMs = JOURNEY_TIMEOUT_MS): void {
  it(name, { timeout: timeoutMs }, async () => {
    const webUrl = inject("webUrl");
    const backendUrl = inject("backendUrl");
    const allowed = new Set([new URL(webUrl).origin, new URL(backendUrl).origin]);
    const browser = await launchBrowser();
    const refused: string[] = [];
    const consoles = new Map<Page, string[]>();
    const csp = await watchCspViolations(browser.context);

    const watch = (page: Page) => {
      const lines: string[] = [];
      consoles.set(page, lines);
      page.setDefaultTimeout(STATE_TIMEOUT_MS);
      csp.watchPage(page);
      page.on("console", (m) => lines.push(`[${m.type()}] ${m.text()}`));
      page.on("pageerror", (e) => lines.push(`[pageerror] ${e.message}`));
      page.on("websocket", (ws) => {
        if (!allowed.has(new URL(ws.url().replace(/^ws/, "http")).origin)) refused.push(`websocket ${new URL(ws.url()).host}`);
      });
    };
    await browser.context.route("**/*", async (route) => {
      const url = new URL(route.request().url());
      if (allowed.has(url.origin)) return route.fallback();
      refused.push(`${route.request().method()} ${url.protocol}//${url.host}`);
      return route.abort("blockedbyclient");
    });
    browser.context.on("page", watch);
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    if (!consoles.has(page)) watch(page);

    const j: Journey = {
      webUrl,
      backendUrl,
      context: browser.context,
      page,
      newPage: () => browser.context.newPage(),
      csp,
      async screenshot(shot, target = page) {
        const dir = path.join(RESULTS_DIR, "screens");
        mkdirSync(dir, { recursive: true });
        const file = path.join(dir, `${slug(shot)}.png`);
        // Transitions end before the shot (a progress bar caught mid-slide reads as a wrong count).
        await target.screenshot({ path: file, animations: "disabled" });
        return file;
      },
    };

    let failure: unknown;
    try {
      await body(j);
      if (refused.length > 0) throw new Error(`Requests to outside hosts were refused: ${[...new Set(refused)].join(", ")}`);
      if (csp.violations().length > 0) {
        throw new Error(`The page's security policy refused something:\n${describeViolations(csp.violations())}`);
      }
    } catch (error) {
      failure = error;
      const dir = path.join(RESULTS_DIR, "failures", slug(name));
      mkdirSync(dir, { recursive: true });
      let n = 0;
      for (const [p, lines] of consoles) {
        n++;
        await p.screenshot({ path: path.join(dir, `page-${n}.png`), fullPage: true }).catch(() => undefined);
        writeFileSync(path.join(dir, `page-${n}-console.txt`), `${p.url()}\n${lines.join("\n")}\n`);
      }
      if (refused.length > 0) writeFileSync(path.join(dir, "refused.txt"), refused.join("\n") + "\n");
      if (csp.violations().length > 0)
        writeFileSync(path.join(dir, "csp-violations.txt"), describeViolations(csp.violations()) + "\n");
    } finally {
      await browser.close();
    }
    if (failure) throw failure;
  });
}
