// Every page of the built app comes with the browser security headers, its own nonce on the
// scripts Next.js writes into it, and a policy the browser enforces (and the harness notices).
import { expect } from "vitest";
import { journey, STATE_TIMEOUT_MS } from "./support/journey";
import { addBook, continueAsGuest, waitForLibrary } from "./support/reader";

/** `directive -> sources` of a policy header. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(";").map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name, sources] as const;
    }),
  );
}

journey("every page is sent with the security headers and a fresh nonce on each of its inline scripts", async (j) => {
  const { page } = j;
  await continueAsGuest(page, j.webUrl);
  await addBook(page, { title: "The Dispossessed", author: "Ursula K. Le Guin" });
  await page.getByRole("link", { name: /^Cover of The Dispossessed/ }).click();
  await page.getByRole("heading", { name: "The Dispossessed", level: 1 }).waitFor();
  const bookPage = new URL(page.url()).pathname;
  expect(bookPage).toMatch(/^\/library\/books\/.+/);

  const backend = new URL(j.backendUrl);
  const nonces = new Set<string>();
  for (const pathname of ["/", "/sign-in", "/library", "/settings", "/import", bookPage]) {
    const response = await page.goto(`${j.webUrl}${pathname}`);
    const headers = response!.headers();
    const policy = directives(headers["content-security-policy"] ?? "");
    const nonce = /^'nonce-(.+)'$/.exec(policy.get("script-src")?.find((s) => s.startsWith("'nonce-")) ?? "")?.[1];
    expect(nonce, pathname).toBeDefined();
    expect(nonces.has(nonce!), `${pathname} has a nonce of its own`).toBe(false);
    nonces.add(nonce!);
    expect(policy.get("script-src"), pathname).toEqual(["'self'", `'nonce-${nonce}'`]);
    expect(policy.get("connect-src"), pathname).toEqual(["'self'", backend.origin, `ws://${backend.host}`]);
    expect(policy.get("img-src"), pathname).toContain(backend.origin);
    expect(policy.get("frame-ancestors"), pathname).toEqual(["'none'"]);
    expect(headers["x-frame-options"], pathname).toBe("DENY");
    expect(headers["x-content-type-options"], pathname).toBe("nosniff");
    expect(headers["referrer-policy"], pathname).toBe("strict-origin-when-cross-origin");
    expect(headers["permissions-policy"], pathname).toContain("camera=()");

    // Next.js put this request's nonce on every inline script it wrote (else the page would not run).
    const scripts = await page.evaluate(() => [...document.scripts].map((s) => ({ inline: !s.src, nonce: s.nonce })));
    expect(scripts.filter((s) => s.inline).length, pathname).toBeGreaterThan(0);
    for (const script of scripts.filter((s) => s.inline)) expect(script.nonce, pathname).toBe(nonce);
    // A guest is signed in: the app's pages end on a heading once the page runs.
    await page.getByRole("heading", { level: 1 }).first().waitFor();
  }
  await page.goto(`${j.webUrl}/library`);
  await waitForLibrary(page);

  // The app's own files are sent with nosniff too.
  const script = await page.evaluate(() => [...document.scripts].find((s) => s.src)?.src);
  const asset = await page.request.get(script!);
  expect(asset.headers()["x-content-type-options"]).toBe("nosniff");
});

journey("the browser refuses a script injected into a page, and the journey harness sees it", async (j) => {
  const { page } = j;
  await continueAsGuest(page, j.webUrl);
  expect(j.csp.violations()).toEqual([]);
  await page.evaluate(() => {
    const injected = document.createElement("script");
    injected.textContent = "window.__folioInjected = true;";
    document.head.append(injected);
  });
  await expect.poll(() => j.csp.violations().length, { timeout: STATE_TIMEOUT_MS }).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as unknown as { __folioInjected?: boolean }).__folioInjected)).toBeUndefined();
  const seen = j.csp.take();
  expect(seen.some((v) => v.via === "event" && /^script-src/.test(v.text))).toBe(true);
  // Taken: the rest of the journey must add none.
  await page.reload();
  await waitForLibrary(page);
});
