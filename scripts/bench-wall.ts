/**
 * `npm run bench:wall [-- --sizes 2000,20000 --backfill 500]`: what keeping a wall of covers live
 * costs, in Debian's Chromium against the offline backend and a production build (the e2e set-up).
 *
 * For each library size: a guest's library is filled (the newest `backfill` books without a cover,
 * the others already covered), one library tab is opened, and the real cover backfill
 * (`books.fetchMissingCovers`, batch after batch following `nextCursor`, as the reader, through the
 * backend's HTTP API) runs over the books without a cover while the tab stays open. Counted:
 * every byte the backend pushes to that tab over its WebSocket during the backfill, per batch
 * divided by the covers that batch stored; the time from navigation to the first tiles on screen
 * (the median of three navigations, once the backend has settled after writing the library; the
 * first visit warms it up); and the most tiles the wall's DOM held (at the top and after
 * scrolling far down). Every image the tab asks for is counted: those to any origin but the app's
 * and the backend's (`externalImageRequests`, target 0: the wall shows Folio's stored copies; in
 * this set-up the emulated sources' stand-ins are served by the backend's own origin, so it counts
 * any tile that would still ask a source) and the bytes of each image answer (`imageBytesPerTile`:
 * one image per tile with a cover, median and p95).
 *
 * Prints a table and writes bench-results/wall.json:
 *   { runs: [{ books, coversStored, pushedBytes, pushedBytesPerCover: { p50, max }, firstTilesMs, domTiles,
 *              externalImageRequests, imageBytesPerTile: { p50, p95, images } }] }
 * Ports: FOLIO_E2E_WEB_PORT / FOLIO_E2E_BACKEND_PORT (default 39300/39301, the e2e build is reused).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Page } from "playwright-core";
import { launchBrowser } from "../e2e/support/chromium";
import { continueAsGuest, readerToken, seedLibrary, waitForLibrary } from "../e2e/support/reader";
import { ROOT, startFolioServers } from "../e2e/support/servers";

interface WallRun {
  books: number;
  coversStored: number;
  pushedBytes: number;
  pushedBytesPerCover: { p50: number; max: number };
  firstTilesMs: number;
  domTiles: number;
  externalImageRequests: number;
  imageBytesPerTile: { p50: number | null; p95: number | null; images: number };
  batches: number;
  backfillMs: number;
}

const { values } = parseArgs({
  options: { sizes: { type: "string", default: "2000,20000" }, backfill: { type: "string", default: "500" } },
});
const SIZES = values.sizes.split(",").map(Number);
const BACKFILL = Number(values.backfill);
if (SIZES.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(BACKFILL) || BACKFILL < 1) {
  throw new Error("--sizes takes whole numbers (e.g. 2000,20000) and --backfill a whole number");
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Nearest-rank percentile; null for no values. */
const percentile = (xs: number[], p: number): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)];
};

/** Counts the images a page asks for: those to other origins, and each answered image's bytes. */
function watchImages(page: Page, ownOrigins: ReadonlySet<string>) {
  let external = 0;
  const bytes: number[] = [];
  page.on("request", (request) => {
    if (request.resourceType() === "image" && !ownOrigins.has(new URL(request.url()).origin)) external++;
  });
  page.on("requestfinished", (request) => {
    if (request.resourceType() !== "image") return;
    void request.sizes().then(
      (sizes) => void (sizes.responseBodySize > 0 && bytes.push(sizes.responseBodySize)),
      () => undefined,
    );
  });
  return { external: () => external, bytes: () => bytes };
}

/** Tiles of the wall in the DOM. */
const domTiles = (page: Page) => page.evaluate(() => document.querySelectorAll('ul[aria-label="Your books"] > li').length);

/** Waits until no frame has arrived for `quietMs` (the pushes a batch caused are all in). */
async function settled(lastFrameAt: () => number, quietMs = 500): Promise<void> {
  while (Date.now() - lastFrameAt() < quietMs) await new Promise((r) => setTimeout(r, 50));
}

async function fetchMissingCoversBatch(backendUrl: string, token: string, cursor: string | undefined) {
  const response = await fetch(`${backendUrl}/api/action`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ path: "books:fetchMissingCovers", args: [cursor ? { cursor } : {}], format: "json" }),
  });
  const body = (await response.json()) as {
    status: string;
    value?: { updated: number; processed: number; nextCursor?: string; retryAfterMs?: number };
  };
  if (body.status !== "success" || !body.value) throw new Error("fetchMissingCovers failed");
  return body.value;
}

async function measure(webUrl: string, backendUrl: string, books: number): Promise<WallRun> {
  const browser = await launchBrowser();
  const allowed = new Set([new URL(webUrl).origin, new URL(backendUrl).origin]);
  await browser.context.route("**/*", (route) =>
    allowed.has(new URL(route.request().url()).origin) ? route.fallback() : route.abort("blockedbyclient"),
  );
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    const images = watchImages(page, allowed);
    await continueAsGuest(page, webUrl);
    await seedLibrary(page, backendUrl, books, BACKFILL);

    // A fresh navigation to the library: time to the first tiles on screen.
    let pushed = 0;
    let lastFrameAt = Date.now();
    page.on("websocket", (ws) =>
      ws.on("framereceived", (frame) => {
        pushed += typeof frame.payload === "string" ? Buffer.byteLength(frame.payload) : frame.payload.length;
        lastFrameAt = Date.now();
      }),
    );
    // Once the library is written and the backend has caught up with it (the shelf sync runs after
    // the books land), three fresh navigations: the median time to the first tiles.
    const firstTiles: number[] = [];
    for (let visit = 0; visit < 4; visit++) {
      const navigatedAt = Date.now();
      await page.goto(`${webUrl}/library`);
      await page.locator('ul[aria-label="Your books"] > li a').first().waitFor({ timeout: 120_000 });
      if (visit > 0) firstTiles.push(Date.now() - navigatedAt);
      await waitForLibrary(page);
      await settled(() => lastFrameAt, 1500);
    }
    const firstTilesMs = Math.round(median(firstTiles));
    let maxDomTiles = await domTiles(page);

    // The backfill, with the tab open at the top of the wall.
    const token = await readerToken(page);
    const perCover: number[] = [];
    let coversStored = 0;
    let batches = 0;
    let cursor: string | undefined;
    const backfillStarted = Date.now();
    const pushedBefore = pushed;
    do {
      const before = pushed;
      const batch = await fetchMissingCoversBatch(backendUrl, token, cursor);
      await settled(() => lastFrameAt);
      batches++;
      coversStored += batch.updated;
      if (batch.updated > 0) perCover.push((pushed - before) / batch.updated);
      cursor = batch.nextCursor;
      if (cursor && batch.retryAfterMs) await new Promise((r) => setTimeout(r, batch.retryAfterMs));
    } while (cursor);
    const backfillMs = Date.now() - backfillStarted;
    const pushedBytes = pushed - pushedBefore;

    // Far down the wall: the DOM must stay bounded.
    for (let i = 0; i < 20; i++) await page.mouse.wheel(0, 5000);
    await settled(() => lastFrameAt, 1000);
    maxDomTiles = Math.max(maxDomTiles, await domTiles(page));

    return {
      books,
      coversStored,
      pushedBytes,
      pushedBytesPerCover: { p50: Math.round(median(perCover)), max: Math.round(Math.max(0, ...perCover)) },
      firstTilesMs,
      domTiles: maxDomTiles,
      externalImageRequests: images.external(),
      imageBytesPerTile: {
        p50: percentile(images.bytes(), 50),
        p95: percentile(images.bytes(), 95),
        images: images.bytes().length,
      },
      batches,
      backfillMs,
    };
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const servers = await startFolioServers("bench:wall", "bench-wall-");
  const runs: WallRun[] = [];
  try {
    for (const books of SIZES) {
      console.info(`[bench:wall] ${books} books, backfill over ${BACKFILL}…`);
      runs.push(await measure(servers.webUrl, servers.backendUrl, books));
    }
  } finally {
    await servers.stop();
  }

  console.log(
    "\n books   covers  pushed bytes  per cover p50 / max   first tiles  DOM tiles  batches  backfill  external images  image bytes p50 / p95",
  );
  for (const r of runs) {
    console.log(
      `${String(r.books).padStart(6)}  ${String(r.coversStored).padStart(7)}  ${String(r.pushedBytes).padStart(12)}  ` +
        `${`${r.pushedBytesPerCover.p50} / ${r.pushedBytesPerCover.max}`.padStart(19)}  ${`${r.firstTilesMs} ms`.padStart(11)}  ` +
        `${String(r.domTiles).padStart(9)}  ${String(r.batches).padStart(7)}  ${`${Math.round(r.backfillMs / 1000)} s`.padStart(8)}  ` +
        `${String(r.externalImageRequests).padStart(15)}  ${`${r.imageBytesPerTile.p50 ?? "n/a"} / ${r.imageBytesPerTile.p95 ?? "n/a"}`.padStart(21)}`,
    );
  }
  const out = path.join(ROOT, "bench-results");
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, "wall.json"), JSON.stringify({ backfill: BACKFILL, runs }, null, 2) + "\n");
  console.log("\nwrote bench-results/wall.json");
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
