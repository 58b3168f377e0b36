import { http, HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "../../convex/_generated/api";
import { setLookupPacer } from "../../convex/model/backfillRun";
import { unlimited } from "../../lib/cover/rateLimiter";
import type { ImportRow } from "../../lib/import/types";
import {
  COVER_ENDPOINTS,
  coverSourceHandlers,
  failingEndpoint,
  type CatalogueBook,
  type CoverSourceRequest,
} from "../msw/coverSources";
import { server } from "../msw/server";
import { convexTest } from "convex-test";
import { internalMutation } from "../../convex/_generated/server";
import schema from "../../convex/schema";
import { modules } from "./modules";
import { DUE_RANK, dueRank, MAX_CONSECUTIVE_STEP_ERRORS, MAX_SOURCE_WAITS } from "../../convex/model/importBackfill";
import { lookupContext } from "../../convex/model/coverLookup";
import { createUser, newBackend, type TestConvex } from "../support/users";

let requests: CoverSourceRequest[];
let restore: () => void;
beforeEach(() => {
  requests = [];
  vi.useFakeTimers();
  restore = setLookupPacer(unlimited);
});
afterEach(() => {
  restore();
  vi.useRealTimers();
});

function catalogue(n: number): CatalogueBook[] {
  return Array.from({ length: n }, (_, i) => ({
    title: `Saltmarsh Cartography ${i}`,
    authors: [`Ione Halberdine${i}`],
    coverId: 300 + i,
  }));
}

function rows(cat: CatalogueBook[], firstLine = 2): ImportRow[] {
  return cat.map((b, i) => ({ line: firstLine + i, title: b.title, author: b.authors[0], status: "read" as const }));
}

async function allBooks(t: TestConvex) {
  return await t.run((ctx) => ctx.db.query("books").collect());
}

describe("import-triggered cover backfill", () => {
  test("an import commit fills apiCoverUrl for its new books server-side, batch after batch", async () => {
    const t = newBackend();
    const { as, userId } = await createUser(t);
    const cat = catalogue(45);
    server.use(...coverSourceHandlers({ books: cat, onRequest: (r) => requests.push(r) }));

    const first = await as.mutation(api.imports.commit, { clientImportId: "imp-1", format: "csv", rows: rows(cat.slice(0, 30)) });
    await as.mutation(api.imports.commit, { clientImportId: "imp-1", format: "csv", rows: rows(cat.slice(30), 32) });
    // Nothing is looked up inside the commit itself.
    expect(requests).toHaveLength(0);
    const running = await as.query(api.coverBackfill.progress, { importId: first.importId });
    expect(running.run).toMatchObject({ state: "running", total: 45, processed: 0 });

    await t.finishAllScheduledFunctions(vi.runAllTimers);

    const books = await allBooks(t);
    expect(books).toHaveLength(45);
    for (const b of books) expect(b.apiCoverUrl).toMatch(/^https:\/\/covers\.openlibrary\.org\/b\/id\/3\d\d-L\.jpg$/);
    const done = await as.query(api.coverBackfill.progress, { importId: first.importId });
    expect(done.run).toMatchObject({ state: "done", total: 45, processed: 45, found: 45, notFound: 0, pending: 0 });
    expect(await t.query(internal.books.listMissingCovers, { userId, limit: 50 })).toEqual([]);
  });

  test("the progress says when books still wait for their ISBN batch (the fast first part), and not after", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const cat = catalogue(3);
    server.use(...coverSourceHandlers({ books: cat, onRequest: (r) => requests.push(r) }));
    const { importId } = await as.mutation(api.imports.commit, { clientImportId: "imp-isbn", format: "csv", rows: rows(cat) });
    expect((await as.query(api.coverBackfill.progress, { importId })).run).toMatchObject({
      state: "running",
      lookingUpIsbns: true,
    });

    // Every book past its ISBN stage (searches next), the run still going: not any more.
    await t.run(async (ctx) => {
      for (const entry of await ctx.db.query("coverBackfillQueue").collect())
        await ctx.db.patch("coverBackfillQueue", entry._id, { dueAt: DUE_RANK.searchWithoutIsbn });
    });
    const searching = (await as.query(api.coverBackfill.progress, { importId })).run;
    expect(searching).toMatchObject({ state: "running" });
    expect(searching).not.toHaveProperty("lookingUpIsbns");

    await t.finishAllScheduledFunctions(vi.runAllTimers);
    const done = (await as.query(api.coverBackfill.progress, { importId })).run;
    expect(done).toMatchObject({ state: "done" });
    expect(done).not.toHaveProperty("lookingUpIsbns");
  });

  test("merged books lacking covers are included; books that have one are not looked up", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const cat = catalogue(3);
    server.use(...coverSourceHandlers({ books: cat, onRequest: (r) => requests.push(r) }));
    const covered = await as.mutation(api.books.create, { title: cat[0].title, author: cat[0].authors[0], status: "read" });
    await t.run((ctx) => ctx.db.patch("books", covered, { coverUrl: "https://example.test/mine.jpg" }));
    const bare = await as.mutation(api.books.create, { title: cat[1].title, author: cat[1].authors[0], status: "read" });

    const result = await as.mutation(api.imports.commit, { clientImportId: "imp-2", format: "csv", rows: rows(cat) });
    expect(result.mergedBookIds).toEqual([covered, bare]);
    await t.finishAllScheduledFunctions(vi.runAllTimers);

    const progress = await as.query(api.coverBackfill.progress, { importId: result.importId });
    expect(progress.run).toMatchObject({ total: 2, found: 2, state: "done" });
    const titles = requests.map((r) => r.url.searchParams.get("title"));
    expect(titles).not.toContain(cat[0].title);
    expect((await t.run((ctx) => ctx.db.get("books", covered)))!.coverUrl).toBe("https://example.test/mine.jpg");
    expect(await t.run((ctx) => ctx.db.get("books", covered))).not.toHaveProperty("apiCoverUrl");
  });

  test("an import of zero books is a clean no-op", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const result = await as.mutation(api.imports.commit, { clientImportId: "empty", format: "txt", rows: [] });
    expect(result).toMatchObject({ created: 0, merged: 0, createdBookIds: [], mergedBookIds: [] });
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    const progress = await as.query(api.coverBackfill.progress, { importId: result.importId });
    expect(progress.run).toBeNull();
    expect(await t.run((ctx) => ctx.db.query("coverBackfills").collect())).toEqual([]);
    expect(requests).toHaveLength(0);
  });

  test("with the feature flag off the commit starts no backfill", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const cat = catalogue(2);
    server.use(...coverSourceHandlers({ books: cat, onRequest: (r) => requests.push(r) }));
    await as.mutation(api.imports.commit, { clientImportId: "off", format: "csv", rows: rows(cat), startCoverBackfill: false });
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    expect(requests).toHaveLength(0);
    for (const b of await allBooks(t)) expect(b).not.toHaveProperty("apiCoverUrl");
  });

  test("a 429 pauses the drain for Retry-After; the continuation resumes later and finishes", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const cat = catalogue(4);
    server.use(...coverSourceHandlers({ books: cat, onRequest: (r) => requests.push(r) }));
    let limited = true;
    server.use(
      http.get(COVER_ENDPOINTS.openLibrarySearch, () =>
        limited ? new HttpResponse(null, { status: 429, headers: { "Retry-After": "120" } }) : undefined,
      ),
    );
    const result = await as.mutation(api.imports.commit, { clientImportId: "rl", format: "csv", rows: rows(cat) });
    const start = Date.now();

    // Run only what is due now: the drain's steps (an ISBN step, then the searches) reach the 429
    // and the run reschedules itself for when the pause ends.
    await runDueSteps(t);
    const paused = await as.query(api.coverBackfill.progress, { importId: result.importId });
    expect(paused.run).toMatchObject({ state: "running", found: 0, notFound: 0 });
    const scheduled = await t.run((ctx) => ctx.db.system.query("_scheduled_functions").collect());
    const pending = scheduled.filter((s) => s.state.kind === "pending");
    expect(pending).toHaveLength(1);
    expect(pending[0].scheduledTime - start).toBeGreaterThanOrEqual(120_000);

    limited = false;
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    const done = await as.query(api.coverBackfill.progress, { importId: result.importId });
    expect(done.run).toMatchObject({ state: "done", found: 4, notFound: 0 });
  });

  test("a server error on the first pass is tried once more later; only a second failure is recorded", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const cat = catalogue(2);
    server.use(...coverSourceHandlers({ books: cat, onRequest: (r) => requests.push(r) }));
    const failures: Record<string, number> = {};
    server.use(
      http.get(COVER_ENDPOINTS.openLibrarySearch, ({ request }) => {
        const title = new URL(request.url).searchParams.get("title")!;
        failures[title] = (failures[title] ?? 0) + 1;
        // Book 0 fails once, then answers; book 1 always fails.
        if (title.endsWith("1") || failures[title] === 1) return new HttpResponse(null, { status: 500 });
        return undefined;
      }),
    );
    const result = await as.mutation(api.imports.commit, { clientImportId: "retry", format: "csv", rows: rows(cat) });
    await t.finishAllScheduledFunctions(vi.runAllTimers);

    const books = await allBooks(t);
    const [b0, b1] = [cat[0].title, cat[1].title].map((title) => books.find((b) => b.title === title)!);
    expect(b0.apiCoverUrl).toBe("https://covers.openlibrary.org/b/id/300-L.jpg");
    expect(b0).not.toHaveProperty("coverAttempts");
    expect(b1).toMatchObject({ coverAttempts: 1, coverLastReason: "upstream_error" });
    expect(failures[cat[1].title]).toBe(2);
    const done = await as.query(api.coverBackfill.progress, { importId: result.importId });
    expect(done.run).toMatchObject({ state: "done", total: 2, processed: 2, found: 1, notFound: 1 });
  });

  test("a queued book that gets the reader's own cover, or is deleted, before the drain reaches it is not looked up", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const cat = catalogue(3);
    server.use(...coverSourceHandlers({ books: cat, onRequest: (r) => requests.push(r) }));
    const result = await as.mutation(api.imports.commit, { clientImportId: "stale", format: "csv", rows: rows(cat) });
    const [uploaded, deleted] = result.createdBookIds;
    await t.run((ctx) => ctx.db.patch("books", uploaded, { coverUrl: "https://example.test/upload.jpg" }));
    await as.mutation(api.books.remove, { bookId: deleted });

    await t.finishAllScheduledFunctions(vi.runAllTimers);
    const titles = requests.map((r) => r.url.searchParams.get("title"));
    expect(titles).toEqual([cat[2].title]);
    const mine = await t.run((ctx) => ctx.db.get("books", uploaded));
    expect(mine!.coverUrl).toBe("https://example.test/upload.jpg");
    expect(mine).not.toHaveProperty("apiCoverUrl");
    const done = await as.query(api.coverBackfill.progress, { importId: result.importId });
    expect(done.run).toMatchObject({ state: "done", total: 3, processed: 3, found: 1 });
    expect(await t.run((ctx) => ctx.db.query("coverBackfillQueue").collect())).toEqual([]);
  });

  test("ISBN books are resolved by one ISBN request up front, an edition without a cover with its work's; nothing is searched", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const withIsbn: CatalogueBook[] = [
      { isbn13: "9780140328721", title: "Saltmarsh Cartography A", authors: ["Ione Halberdine"], coverId: 41 },
      { isbn13: "9780261103573", title: "Saltmarsh Cartography B", authors: ["Ione Halberdine"], coverId: null, workCoverId: 42 },
    ];
    server.use(...coverSourceHandlers({ books: withIsbn, onRequest: (r) => requests.push(r) }));
    const isbnRows: ImportRow[] = withIsbn.map((b, i) => ({
      line: 2 + i,
      title: b.title,
      author: b.authors[0],
      isbn: b.isbn13,
      status: "read" as const,
    }));
    await as.mutation(api.imports.commit, { clientImportId: "isbn", format: "goodreads", rows: isbnRows });
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    expect(requests.map((r) => r.endpoint)).toEqual(["openLibraryIsbnSearch"]);
    expect(requests[0].url.searchParams.get("q")).toBe("isbn:(9780140328721 OR 9780261103573)");
    const covers = (await allBooks(t)).map((b) => b.apiCoverUrl).sort();
    expect(covers).toEqual(["https://covers.openlibrary.org/b/id/41-L.jpg", "https://covers.openlibrary.org/b/id/42-L.jpg"]);
  });

  test("failed lookups are counted as not found and the run still ends", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const cat = catalogue(3);
    server.use(...coverSourceHandlers({ books: [cat[0]], onRequest: (r) => requests.push(r) }));
    const result = await as.mutation(api.imports.commit, { clientImportId: "nf", format: "csv", rows: rows(cat) });
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    const done = await as.query(api.coverBackfill.progress, { importId: result.importId });
    expect(done.run).toMatchObject({ state: "done", total: 3, processed: 3, found: 1, notFound: 2 });
  });

  test("progress is the caller's only", async () => {
    const t = newBackend();
    const alice = await createUser(t, "Alice");
    const bob = await createUser(t, "Bob");
    const cat = catalogue(1);
    server.use(...coverSourceHandlers({ books: cat }));
    const result = await alice.as.mutation(api.imports.commit, { clientImportId: "a", format: "csv", rows: rows(cat) });
    expect((await bob.as.query(api.coverBackfill.progress, { importId: result.importId })).run).toBeNull();
    await expect(t.query(api.coverBackfill.progress, {})).rejects.toThrow(/Sign in/);
    await t.finishAllScheduledFunctions(vi.runAllTimers);
  });
});

const HOUR = 60 * 60 * 1000;

async function drainJobs(t: TestConvex) {
  const jobs = await t.run((ctx) => ctx.db.system.query("_scheduled_functions").collect());
  return jobs.filter((j) => j.name.includes("drainImportBackfill"));
}

async function pendingDrains(t: TestConvex) {
  return (await drainJobs(t)).filter((j) => j.state.kind === "pending");
}

/** Runs the drain steps due now (and those they schedule for now), none later. */
async function runDueSteps(t: TestConvex) {
  for (let i = 0; i < 50; i++) {
    await vi.advanceTimersByTimeAsync(1);
    await t.finishInProgressScheduledFunctions();
    if ((await pendingDrains(t)).every((j) => j.scheduledTime > Date.now())) return;
  }
}

/** A backend whose `commitDrainStep` fails the first `times` calls (a transient database error). */
function backendWithFlakyBatchRecord(times: number): TestConvex {
  const key = Object.keys(modules).find((k) => k.endsWith("/convex/coverBackfill.ts"))!;
  let failures = times;
  return convexTest(schema, {
    ...modules,
    [key]: async () => {
      const real = (await modules[key]()) as Record<string, unknown>;
      const original = real.commitDrainStep as { _handler: (ctx: unknown, args: unknown) => Promise<unknown> };
      const flaky = internalMutation({
        handler: async (ctx, args: Record<string, unknown>) => {
          if (failures-- > 0) throw new Error("transient database error");
          return await original._handler(ctx, args);
        },
      });
      return { ...real, commitDrainStep: flaky };
    },
  }) as unknown as TestConvex;
}

describe("import drain: runs that always end and never park forever", () => {
  test("a year-long Retry-After pauses the drain at most an hour, and the progress says it waits for the source until then", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const cat = catalogue(2);
    server.use(...coverSourceHandlers({ books: cat }));
    let limited = true;
    server.use(
      http.get(COVER_ENDPOINTS.openLibrarySearch, () =>
        limited ? new HttpResponse(null, { status: 429, headers: { "Retry-After": "31536000" } }) : undefined,
      ),
    );
    const result = await as.mutation(api.imports.commit, { clientImportId: "year", format: "csv", rows: rows(cat) });
    const start = Date.now();
    await runDueSteps(t);
    const pending = await pendingDrains(t);
    expect(pending).toHaveLength(1);
    expect(pending[0].scheduledTime - start).toBeLessThanOrEqual(HOUR + 1000);
    const paused = await as.query(api.coverBackfill.progress, { importId: result.importId });
    expect(paused.run?.state).toBe("running");
    expect(paused.run?.waitingForSourceUntil).toBe(pending[0].scheduledTime);
    // What a client needs for "N of M, about X left, waiting for Open Library until …".
    expect(paused.run).toMatchObject({ total: 2, processed: 0, queued: 2, waitingForSource: "open-library", startedAt: start });

    limited = false;
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    const done = await as.query(api.coverBackfill.progress, { importId: result.importId });
    expect(done.run).toMatchObject({ state: "done", found: 2, queued: 0 });
    expect(done.run).not.toHaveProperty("waitingForSourceUntil");
    expect(done.run).not.toHaveProperty("waitingForSource");
  });

  test("books only a source out of quota might have wait for it a few times, then the run ends without holding it against them", async () => {
    process.env.GOOGLE_BOOKS_API_KEY = "test-key";
    try {
      const t = newBackend();
      const { as } = await createUser(t);
      const cat = catalogue(3);
      // Open Library knows none of them, and Google stays out of quota for good.
      server.use(...coverSourceHandlers({ books: [], onRequest: (r) => requests.push(r) }));
      server.use(failingEndpoint("googleVolumes", { kind: "rate_limited", retryAfter: "3600" }, (r) => requests.push(r)));
      const result = await as.mutation(api.imports.commit, { clientImportId: "quota", format: "csv", rows: rows(cat) });
      await t.finishAllScheduledFunctions(vi.runAllTimers, 200);
      const done = await as.query(api.coverBackfill.progress, { importId: result.importId });
      expect(done.run).toMatchObject({ state: "done", total: 3, processed: 3, found: 0 });
      // Each book was asked of Open Library at most once per wait, not once an hour for ever.
      const searches = requests.filter((r) => r.endpoint === "openLibrarySearch").length;
      expect(searches).toBeLessThanOrEqual(3 * MAX_SOURCE_WAITS);
      // Not their fault: no attempt, no back-off; "Fetch missing covers" can still find them.
      for (const b of await allBooks(t)) expect(b).not.toHaveProperty("coverAttempts");
    } finally {
      delete process.env.GOOGLE_BOOKS_API_KEY;
    }
  });

  test("a hanging ISBN request does not hold a step past 15 s; its books go on to the title search, and the run ends", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const isbnRows: ImportRow[] = Array.from({ length: 200 }, (_, i) => ({
      line: 2 + i,
      title: `Saltmarsh Cartography ${i}`,
      author: "Ione Halberdine",
      isbn: `978000000${String(i).padStart(3, "0")}`,
      status: "read" as const,
    }));
    // Valid ISBN-13s: fix the check digit of each.
    for (const r of isbnRows) {
      const d = r.isbn!.slice(0, 12);
      const sum = [...d].reduce((n, c, k) => n + Number(c) * (k % 2 ? 3 : 1), 0);
      r.isbn = d + String((10 - (sum % 10)) % 10);
    }
    const record = (r: CoverSourceRequest) => requests.push(r);
    server.use(
      failingEndpoint("openLibraryIsbnSearch", { kind: "hang" }, record),
      ...coverSourceHandlers({ books: [], onRequest: record }),
    );
    const result = await as.mutation(api.imports.commit, { clientImportId: "slow", format: "goodreads", rows: isbnRows });
    const start = Date.now();
    let next: { scheduledTime: number }[] = [];
    for (let waited = 0; waited < 120_000 && next.length === 0; waited += 100) {
      await vi.advanceTimersByTimeAsync(100);
      next = (await drainJobs(t)).filter((j) => j.scheduledTime > start);
    }
    expect(next.length).toBeGreaterThan(0);
    expect(next[0].scheduledTime - start).toBeLessThanOrEqual(15_000);
    await t.finishAllScheduledFunctions(vi.runAllTimers, 500);
    const done = await as.query(api.coverBackfill.progress, { importId: result.importId });
    expect(done.run).toMatchObject({ state: "done", total: 200, processed: 200 });
    // Asked 50 ISBNs per request (twice: the first pass and the one retry), never per book; every
    // book was searched by title and author too.
    expect(requests.filter((r) => r.endpoint === "openLibraryIsbnSearch").length).toBeLessThanOrEqual(16);
    expect(
      new Set(requests.filter((r) => r.endpoint === "openLibrarySearch").map((r) => r.url.searchParams.get("title"))).size,
    ).toBe(200);
  });

  test("books the menu run looked up meanwhile are not looked up again by the drain, so their back-off is not doubled", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const cat = catalogue(3);
    // Open Library knows none of them: each lookup is a not_found with back-off.
    server.use(...coverSourceHandlers({ books: [], onRequest: (r) => requests.push(r) }));
    const result = await as.mutation(api.imports.commit, { clientImportId: "twice", format: "csv", rows: rows(cat) });
    // "Fetch missing covers" runs before the scheduled drain gets to the books.
    const menu = await as.action(api.books.fetchMissingCovers, {});
    expect(menu.failures).toHaveLength(3);
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    expect(requests.filter((r) => r.endpoint === "openLibrarySearch")).toHaveLength(3);
    for (const b of await allBooks(t)) expect(b).toMatchObject({ coverAttempts: 1 });
    const done = await as.query(api.coverBackfill.progress, { importId: result.importId });
    expect(done.run).toMatchObject({ state: "done", total: 3, processed: 3 });
  });

  test("an error in one drain step is recorded and rescheduled: the drain still reaches every book and ends", async () => {
    const t = backendWithFlakyBatchRecord(1);
    const { as } = await createUser(t);
    const cat = catalogue(4);
    server.use(...coverSourceHandlers({ books: cat }));
    const result = await as.mutation(api.imports.commit, { clientImportId: "flaky", format: "csv", rows: rows(cat) });
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    const done = await as.query(api.coverBackfill.progress, { importId: result.importId });
    expect(done.run).toMatchObject({ state: "done", total: 4, processed: 4 });
    for (const b of await allBooks(t)) expect(b.apiCoverUrl).toBeDefined();
    const run = await t.run((ctx) => ctx.db.query("coverBackfills").first());
    expect(run).toMatchObject({ stepErrors: 1, consecutiveStepErrors: 0 });
    expect(run?.stoppedAfterErrors).toBeUndefined();
  });

  test("a step that fails every time does not keep the run going forever: after a few tries, further apart, the run ends", async () => {
    const t = backendWithFlakyBatchRecord(Number.POSITIVE_INFINITY);
    const { as } = await createUser(t);
    const cat = catalogue(3);
    server.use(...coverSourceHandlers({ books: cat }));
    const result = await as.mutation(api.imports.commit, { clientImportId: "broken", format: "csv", rows: rows(cat) });
    await t.finishAllScheduledFunctions(vi.runAllTimers, 200);
    const run = await t.run((ctx) => ctx.db.query("coverBackfills").first());
    expect(run).toMatchObject({ state: "done", stepErrors: MAX_CONSECUTIVE_STEP_ERRORS, stoppedAfterErrors: true });
    expect(await pendingDrains(t)).toHaveLength(0);
    const progress = await as.query(api.coverBackfill.progress, { importId: result.importId });
    expect(progress.run).toMatchObject({ state: "done", stoppedAfterErrors: true });
    // Nothing is left queued, so no tile says "Finding cover…" for a lookup nobody will make.
    expect(await t.run((ctx) => ctx.db.query("coverBackfillQueue").collect())).toHaveLength(0);
    const tiles = await as.query(api.books.list, { paginationOpts: { numItems: 10, cursor: null } });
    expect(tiles.page.filter((tile) => tile.coverPending)).toHaveLength(0);
  });

  test("a run left running with nothing scheduled is re-armed by the stall cron and finishes", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const cat = catalogue(3);
    server.use(...coverSourceHandlers({ books: cat }));
    const result = await as.mutation(api.imports.commit, { clientImportId: "lost", format: "csv", rows: rows(cat) });
    // The scheduled step is lost (e.g. the step died before scheduling the next one).
    await t.run(async (ctx) => {
      for (const job of await ctx.db.system.query("_scheduled_functions").collect()) await ctx.scheduler.cancel(job._id);
    });
    // Not overdue yet: the cron leaves it alone.
    expect(await t.mutation(internal.coverBackfill.rearmStalledDrains, {})).toBe(0);
    vi.advanceTimersByTime(3 * 60_000);
    expect(await t.mutation(internal.coverBackfill.rearmStalledDrains, {})).toBe(1);
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    const done = await as.query(api.coverBackfill.progress, { importId: result.importId });
    expect(done.run).toMatchObject({ state: "done", found: 3 });
    // The cron runs every minute.
    const { default: crons } = await import("../../convex/crons");
    const job = Object.values((crons as unknown as { crons: Record<string, { name: string; schedule: unknown }> }).crons).find(
      (c) => c.name === "coverBackfill:rearmStalledDrains",
    );
    expect(job?.schedule).toMatchObject({ type: "interval", minutes: 1 });
  });

  test("the step that stores the last books ends the run, even when the step after it ran while it was still out", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const cat = catalogue(2);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let asked!: () => void;
    const out = new Promise<void>((resolve) => (asked = resolve));
    server.use(
      // The title search is held until the test lets it answer (then the catalogue answers it).
      http.get(COVER_ENDPOINTS.openLibrarySearch, async () => {
        asked();
        await held;
      }),
      ...coverSourceHandlers({ books: cat }),
    );
    const result = await as.mutation(api.imports.commit, { clientImportId: "order", format: "csv", rows: rows(cat) });
    const run = await t.run((ctx) => ctx.db.query("coverBackfills").first());
    // The test runs the chain's steps itself, in the order a busy deployment can run them (nothing
    // the steps schedule runs: the fake clock does not move).
    const step = () => t.action(internal.coverBackfill.drainImportBackfill, { backfillId: run!._id, generation: 0 });
    await step(); // The ISBN pass: these books have none, so they go on to the title search.
    const searching = step(); // The search step: its requests are out...
    await out;
    await step(); // ...when the step it scheduled runs: nothing is due, it looks again in a moment.
    release();
    await searching; // The search step stores both books: the queue is empty.

    const progress = await as.query(api.coverBackfill.progress, { importId: result.importId });
    expect(progress.run).toMatchObject({ total: 2, processed: 2, found: 2, queued: 0, state: "done" });
    // Whatever was still scheduled finds the run done and changes nothing.
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    const after = await as.query(api.coverBackfill.progress, { importId: result.importId });
    expect(after.run).toMatchObject({ total: 2, processed: 2, found: 2, state: "done" });
    expect(await pendingDrains(t)).toHaveLength(0);
  });

  test("a later chunk of the same import, queued to a run whose chain died, is looked up at once", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const cat = catalogue(4);
    server.use(...coverSourceHandlers({ books: cat }));
    const first = await as.mutation(api.imports.commit, { clientImportId: "chunks", format: "csv", rows: rows(cat.slice(0, 2)) });
    await t.run(async (ctx) => {
      for (const job of await ctx.db.system.query("_scheduled_functions").collect()) await ctx.scheduler.cancel(job._id);
    });
    vi.advanceTimersByTime(3 * 60_000);
    await as.mutation(api.imports.commit, { clientImportId: "chunks", format: "csv", rows: rows(cat.slice(2), 4) });
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    const done = await as.query(api.coverBackfill.progress, { importId: first.importId });
    expect(done.run).toMatchObject({ state: "done", total: 4, found: 4 });
  });
});

describe("import drain search order", () => {
  test("ISBN stages first (one request answers 50 books), then books without an ISBN, then searches after an ISBN answer", () => {
    const ctx = lookupContext([], {});
    expect(dueRank({ isbn: "9780000000002" }, {}, ctx)).toBe(DUE_RANK.isbn);
    expect(dueRank({ isbn: "9780000000002" }, { stage: "ol.edition" }, ctx)).toBe(DUE_RANK.isbn);
    expect(dueRank({}, { stage: "ol.search" }, ctx)).toBe(DUE_RANK.searchWithoutIsbn);
    expect(dueRank({ isbn: "9780000000002" }, { stage: "ol.search" }, ctx)).toBe(DUE_RANK.searchAfterIsbn);
    expect([DUE_RANK.isbn, DUE_RANK.searchWithoutIsbn, DUE_RANK.searchAfterIsbn]).toEqual([0, 1, 2]);
  });
});
