/**
 * Phase 2 of `npm run bench:cover-store`: stored files against distinct covers when 10 readers with
 * overlapping libraries get found covers through the engine's one results-writing path
 * (`internal.books.writeApiCover`) and the deployment's copy fetcher stores them, under convex-test.
 *
 * The libraries follow the engine benchmark's `overlap` shape (scripts/bench/config.ts: readers,
 * books per reader, catalogue size, Zipf exponent): popular books are in many libraries. Every
 * catalogue book has its own Open Library cover id, so a shared book is a shared source cover.
 * The image host answers in-process (no network) with the stand-in -L JPEG; its pacing (400 a
 * minute) is what `bench:covers` measures, so here the host's window is opened wide and only
 * storage is counted.
 */
import { readFileSync } from "node:fs";
import { convexTest } from "convex-test";
import { api, internal } from "../convex/_generated/api";
import type { Id } from "../convex/_generated/dataModel";
import schema from "../convex/schema";
import { coverSourceById } from "../lib/cover/sources";
import type { SourcePacing } from "../lib/cover/sources/types";
import { DEFAULT_CONFIG } from "./bench/config";
import { createRng } from "./bench/model";
import { convexTestModules } from "./convexTestModules";

export interface OverlapFigures {
  readers: number;
  booksPerReader: number;
  catalogue: number;
  coveredBooks: number;
  distinctCovers: number;
  storedFiles: number;
  imageRequests: number;
  storedFilesPer1000CoveredBooks: number;
  distinctCoversPer1000CoveredBooks: number;
}

/** `count` distinct indices of 0..n-1, drawn with weights 1/(k+1)^s (popular first). */
function zipfDraw(next: () => number, n: number, count: number, s: number): number[] {
  const cumulative: number[] = [];
  let total = 0;
  for (let k = 0; k < n; k++) cumulative.push((total += 1 / (k + 1) ** s));
  const picked = new Set<number>();
  while (picked.size < Math.min(count, n)) {
    const u = next() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    picked.add(lo);
  }
  return [...picked];
}

const coverUrl = (coverId: number) => `https://covers.openlibrary.org/b/id/${coverId}-L.jpg`;

/** Answers Open Library's image host in-process with the stand-in -L JPEG; counts the requests. */
function standInImageHost(): { restore: () => void; requests: () => number } {
  const jpeg = readFileSync("tests/fixtures/coverImages/standin-cover-333x500.jpg");
  const real = globalThis.fetch;
  let requests = 0;
  globalThis.fetch = (async (input: RequestInfo | URL) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    if (url.hostname !== "covers.openlibrary.org") throw new TypeError("bench:cover-store makes no other request");
    requests++;
    return new Response(new Uint8Array(jpeg), { status: 200, headers: { "Content-Type": "image/jpeg" } });
  }) as typeof fetch;
  return { restore: () => void (globalThis.fetch = real), requests: () => requests };
}

/** Opens Open Library's image window wide for the run (pacing is bench:covers' subject). */
function unpacedImageHost(): () => void {
  const adapter = coverSourceById("open-library") as { imagePacing?: SourcePacing } | undefined;
  if (!adapter) throw new Error("The Open Library adapter is not registered.");
  const before = adapter.imagePacing;
  adapter.imagePacing = { limit: { perMinute: 1_000_000, burst: 10_000 }, bulkWindow: { maxRequests: 10_000, windowMs: 1_000 } };
  return () => void (adapter.imagePacing = before);
}

/** Waits (real time, polling the state) until the fetcher has settled every copy asked for. */
type ModuleMap = Record<string, () => Promise<Record<string, unknown>>>;
const backend = (modules: ModuleMap) => convexTest(schema, modules);

async function settleCopies(t: ReturnType<typeof backend>): Promise<void> {
  for (let round = 0; ; round++) {
    await t.finishAllScheduledFunctions(() => {});
    const pending = await t.run((ctx) =>
      ctx.db
        .query("storedCovers")
        .withIndex("by_state_due", (q) => q.eq("state", "pending"))
        .first(),
    );
    if (pending === null) return;
    if (round >= 100_000) throw new Error("The copy fetcher left copies pending.");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface OverlapShape {
  readers: number;
  booksPerReader: number;
  catalogue: number;
  zipf: number;
}

/** The engine benchmark's overlap shape. */
export const OVERLAP_SHAPE: OverlapShape = {
  readers: DEFAULT_CONFIG.overlapReaders,
  booksPerReader: DEFAULT_CONFIG.overlapBooks,
  catalogue: DEFAULT_CONFIG.overlapCatalogue,
  zipf: DEFAULT_CONFIG.overlapZipf,
};

/** Runs the overlap shape (`modules`: convex-test's module map; the tests pass their glob). */
export async function measureOverlap(
  shape: OverlapShape = OVERLAP_SHAPE,
  modules: Record<string, () => Promise<unknown>> = convexTestModules(),
): Promise<OverlapFigures> {
  const host = standInImageHost();
  const restorePacing = unpacedImageHost();
  try {
    const t = backend(modules as ModuleMap);
    const rng = createRng(DEFAULT_CONFIG.seed);
    const next = () => rng.next();
    let coveredBooks = 0;
    for (let r = 0; r < shape.readers; r++) {
      const userId = await t.run((ctx) => ctx.db.insert("users", { name: `Reader ${r}` }));
      const sessionId = await t.run((ctx) => ctx.db.insert("authSessions", { userId, expirationTime: Date.now() + 86_400_000 }));
      const as = t.withIdentity({ subject: `${userId}|${sessionId}` });
      for (const book of zipfDraw(next, shape.catalogue, shape.booksPerReader, shape.zipf)) {
        const bookId: Id<"books"> = await as.mutation(api.books.create, {
          title: `Catalogue book ${book}`,
          author: `Author ${book % 997}`,
          status: "read",
        });
        const outcome = await t.mutation(internal.books.writeApiCover, {
          userId,
          bookId,
          apiCoverUrl: coverUrl(100_000 + book),
          apiSource: "open-library",
        });
        if (outcome === "written") coveredBooks++;
      }
      await settleCopies(t);
    }
    const distinctCovers = (await t.run((ctx) => ctx.db.query("storedCovers").collect())).length;
    const storedFiles = (await t.run((ctx) => ctx.db.system.query("_storage").collect())).length;
    const per1000 = (n: number) => Math.round((n / Math.max(1, coveredBooks)) * 1000 * 10) / 10;
    return {
      readers: shape.readers,
      booksPerReader: shape.booksPerReader,
      catalogue: shape.catalogue,
      coveredBooks,
      distinctCovers,
      storedFiles,
      imageRequests: host.requests(),
      storedFilesPer1000CoveredBooks: per1000(storedFiles),
      distinctCoversPer1000CoveredBooks: per1000(distinctCovers),
    };
  } finally {
    restorePacing();
    host.restore();
  }
}
