/**
 * fetchMissingCovers under many readers and failing sources (issue 11): every request takes its own
 * deployment-wide slot, a source's pause is shared, slot waits stay inside the batch budget, runs
 * skip a paused source, honour the back-off and their cursor's horizon, and never look one book up
 * twice at once. Tests that need the real (database) pacing run on a virtual clock.
 */
import { delay, http, HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "../../convex/_generated/api";
import { setLookupPacer } from "../../convex/model/backfillRun";
import { encodeCursor } from "../../lib/backfill/cursor";
import { unlimited } from "../../lib/cover/rateLimiter";
import {
  COVER_ENDPOINTS,
  coverSourceHandlers,
  failingEndpoint,
  type CoverSourceRequest,
  type GoogleCatalogueVolume,
} from "../msw/coverSources";
import { server } from "../msw/server";
import { addBooks, book, catalogue } from "../support/catalogueBooks";
import { createUser, newBackend } from "../support/users";
import { maxInWindow, onVirtualClock, virtualClock, warmUpModules, withinBucket } from "../support/virtualClock";
import { googleBooksSource } from "../../lib/cover/sources/googleBooks";
import { openLibrarySource } from "../../lib/cover/sources/openLibrary";

const HOUR = 60 * 60 * 1000;

let requests: (CoverSourceRequest & { at: number })[];
let restore: () => void;
beforeEach(() => {
  requests = [];
  delete process.env.GOOGLE_BOOKS_API_KEY;
  restore = () => {};
});
afterEach(() => {
  vi.useRealTimers();
  delete process.env.GOOGLE_BOOKS_API_KEY;
  restore();
});

const record = (r: CoverSourceRequest) => requests.push({ ...r, at: Date.now() });
const sent = (endpoint: CoverSourceRequest["endpoint"]) => requests.filter((r) => r.endpoint === endpoint);

const warmUp = warmUpModules;

describe("deployment-wide pacing", () => {
  test("every request of every reader's run takes a slot: searches, hedges and Google stay within each source's limit", async () => {
    const cat = catalogue(8);
    await warmUp(cat);
    process.env.GOOGLE_BOOKS_API_KEY = "test-key";
    const t = newBackend();
    const alice = await createUser(t, "Alice");
    const bob = await createUser(t, "Bob");
    await addBooks(alice.as, cat.slice(0, 4));
    await addBooks(bob.as, cat.slice(4));
    const volumes: GoogleCatalogueVolume[] = cat.map((b) => ({ title: b.title, authors: b.authors }));
    // Open Library answers slowly and knows none of them (hedges fire, then Google is asked).
    server.use(...coverSourceHandlers({ books: [], googleBooks: volumes, onRequest: record }));
    server.use(
      http.get(COVER_ENDPOINTS.openLibrarySearch, async () => {
        await delay(2500);
        return undefined;
      }),
    );
    virtualClock();
    const { value: runs } = await onVirtualClock(
      Promise.all([alice.as, bob.as].map((as) => as.action(api.books.fetchMissingCovers, {}))),
    );
    expect(runs.reduce((n, r) => n + r.updated + r.failures.length, 0)).toBeGreaterThan(0);
    const ol = sent("openLibrarySearch").map((r) => r.at);
    const google = sent("googleVolumes").map((r) => r.at);
    expect(google.length).toBeGreaterThan(0);
    // Slow answers were sent once more (each on a slot of its own)...
    expect(ol.length).toBeGreaterThan(cat.length);
    // ... and every request kept to Folio's share of each source's limit (lib/cover/sources/*).
    expect(withinBucket(ol, openLibrarySource.pacing.limit)).toBe(true);
    expect(withinBucket(google, googleBooksSource.pacing.limit)).toBe(true);
    expect(maxInWindow(google, 1100)).toBeLessThanOrEqual(googleBooksSource.pacing.limit.burst);
  });

  test("a Retry-After received by one reader's run pauses Open Library for every other run", async () => {
    const cat = catalogue(4);
    await warmUp(cat);
    const t = newBackend();
    const alice = await createUser(t, "Alice");
    const bob = await createUser(t, "Bob");
    await addBooks(alice.as, cat.slice(0, 1));
    const bobIds = await addBooks(bob.as, cat.slice(1));
    server.use(...coverSourceHandlers({ books: cat, onRequest: record }));
    let limitedOnce = false;
    server.use(
      http.get(COVER_ENDPOINTS.openLibrarySearch, () => {
        if (limitedOnce) return undefined;
        limitedOnce = true;
        return new HttpResponse(null, { status: 429, headers: { "Retry-After": "30" } });
      }),
    );
    virtualClock();
    const { value: a } = await onVirtualClock(alice.as.action(api.books.fetchMissingCovers, {}));
    expect(a).toMatchObject({ processed: 0, failures: [], retryAfterMs: 30_000 });
    const before = requests.length;
    const { value: b } = await onVirtualClock(bob.as.action(api.books.fetchMissingCovers, {}));
    // Bob's run sent nothing inside Alice's pause, recorded no failure, and was told to wait.
    expect(requests.length).toBe(before);
    expect(b.processed).toBe(0);
    expect(b.failures).toEqual([]);
    expect(b.retryAfterMs).toBeGreaterThanOrEqual(25_000);
    expect(b.retryAfterMs).toBeLessThanOrEqual(30_000);
    for (const id of bobIds) expect(await book(t, id)).not.toHaveProperty("coverAttempts");
    // After the pause Bob's books are found.
    await vi.advanceTimersByTimeAsync(30_000);
    const { value: later } = await onVirtualClock(bob.as.action(api.books.fetchMissingCovers, {}));
    expect(later.updated).toBe(3);
  });

  test("a 503 without Retry-After still pauses: at least 1 s, growing while the source stays down, and nothing is sent meanwhile", async () => {
    const cat = catalogue(3);
    await warmUp(cat);
    const t = newBackend();
    const { as } = await createUser(t);
    await addBooks(as, cat);
    server.use(failingEndpoint("openLibrarySearch", { kind: "rate_limited", status: 503 }, record));
    virtualClock();
    const { value: first } = await onVirtualClock(as.action(api.books.fetchMissingCovers, {}));
    expect(first.failures).toEqual([]);
    expect(first.nextCursor).toBeDefined();
    expect(first.retryAfterMs).toBeGreaterThanOrEqual(1000);
    const sentFirst = requests.length;
    // Following the cursor at once (without waiting) sends nothing.
    const { value: hasty } = await onVirtualClock(as.action(api.books.fetchMissingCovers, { cursor: first.nextCursor }));
    expect(requests.length).toBe(sentFirst);
    expect(hasty.retryAfterMs).toBeGreaterThanOrEqual(1000);
    // Waiting as told, the source answers 503 again: the next pause is longer.
    await vi.advanceTimersByTimeAsync(first.retryAfterMs!);
    const { value: again } = await onVirtualClock(as.action(api.books.fetchMissingCovers, { cursor: first.nextCursor }));
    expect(requests.length).toBeGreaterThan(sentFirst);
    expect(again.retryAfterMs).toBeGreaterThan(first.retryAfterMs!);
    expect(again.retryAfterMs).toBeLessThanOrEqual(HOUR);
  });

  test("a year-long Retry-After is capped at one hour", async () => {
    const cat = catalogue(1);
    await warmUp(cat);
    const t = newBackend();
    const { as } = await createUser(t);
    await addBooks(as, cat);
    server.use(failingEndpoint("openLibrarySearch", { kind: "rate_limited", retryAfter: "31536000" }, record));
    virtualClock();
    const { value } = await onVirtualClock(as.action(api.books.fetchMissingCovers, {}));
    expect(value.retryAfterMs).toBe(HOUR);
  });

  test("a wait for a slot never outlasts the batch budget, and a lookup never sent is no failure and gets no back-off", async () => {
    const cat = catalogue(3);
    await warmUp(cat);
    const t = newBackend();
    const { as } = await createUser(t);
    const ids = await addBooks(as, cat);
    server.use(...coverSourceHandlers({ books: cat, onRequest: record }));
    virtualClock();
    // Other readers' interactive lookups hold the next minute's slots.
    const busyUntil = Date.now() + 60_000;
    await t.run((ctx) => ctx.db.insert("sourcePacing", { source: "open-library", slots: [busyUntil, busyUntil, busyUntil] }));
    const { value, tookMs } = await onVirtualClock(as.action(api.books.fetchMissingCovers, {}));
    expect(tookMs).toBeLessThan(15_000);
    expect(value).toMatchObject({ processed: 0, updated: 0, failures: [] });
    expect(value.nextCursor).toBeDefined();
    expect(requests).toHaveLength(0);
    for (const id of ids) {
      const b = await book(t, id);
      expect(b).not.toHaveProperty("coverAttempts");
      expect(b).not.toHaveProperty("coverRetryAt");
    }
  });
});

describe("a source that refuses us (403)", () => {
  test("pauses that source for every run, is logged once at error level naming the setting, and is no book's failure", async () => {
    const cat = catalogue(3);
    await warmUp(cat);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const t = newBackend();
    const alice = await createUser(t, "Alice");
    const bob = await createUser(t, "Bob");
    const aliceIds = await addBooks(alice.as, cat.slice(0, 2));
    const bobIds = await addBooks(bob.as, cat.slice(2));
    server.use(...coverSourceHandlers({ books: cat, onRequest: record }));
    server.use(failingEndpoint("openLibrarySearch", { kind: "status", status: 403 }, record));
    virtualClock();
    const { value: a } = await onVirtualClock(alice.as.action(api.books.fetchMissingCovers, {}));
    expect(a.failures).toEqual([]);
    expect(a.updated).toBe(0);
    expect(a.retryAfterMs).toBeGreaterThanOrEqual(1000);
    const sentBefore = requests.length;
    const { value: b } = await onVirtualClock(bob.as.action(api.books.fetchMissingCovers, {}));
    // Bob's run sends nothing to the refusing source and records nothing against his books.
    expect(requests.length).toBe(sentBefore);
    expect(b.failures).toEqual([]);
    for (const id of [...aliceIds, ...bobIds]) expect(await book(t, id)).not.toHaveProperty("coverAttempts");
    const refusals = errors.mock.calls.map((c) => c.join(" ")).filter((line) => line.includes("403"));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toContain("COVER_LOOKUP_CONTACT");
  });
});

describe("runs that reach the whole library", () => {
  test("a source out of quota (Google 429) is skipped until its pause ends while Open Library goes on through the library", async () => {
    const cat = catalogue(30);
    await warmUp(cat);
    process.env.GOOGLE_BOOKS_API_KEY = "test-key";
    const t = newBackend();
    const { as } = await createUser(t);
    const ids = await addBooks(as, cat);
    // Open Library has every other book; Google is out of quota for an hour.
    server.use(...coverSourceHandlers({ books: cat.filter((_, i) => i % 2 === 0), onRequest: record }));
    server.use(failingEndpoint("googleVolumes", { kind: "rate_limited", retryAfter: "3600" }, record));
    virtualClock();
    let cursor: string | undefined;
    let calls = 0;
    const failures: unknown[] = [];
    do {
      const { value: r } = await onVirtualClock(
        as.action(api.books.fetchMissingCovers, { limit: 10, ...(cursor ? { cursor } : {}) }),
      );
      failures.push(...r.failures);
      cursor = r.nextCursor;
      if (cursor && r.retryAfterMs) await vi.advanceTimersByTimeAsync(Math.min(r.retryAfterMs, 60_000));
    } while (cursor && ++calls < 8);
    expect(cursor).toBeUndefined();
    for (const [i, id] of ids.entries()) {
      const b = await book(t, id);
      if (i % 2 === 0) expect(b?.apiCoverUrl).toBeDefined();
      // The books only Google might have are not failures: no attempt, no back-off.
      else expect(b).not.toHaveProperty("coverAttempts");
    }
    expect(failures).toEqual([]);
    // Every book was asked of Open Library once; Google only until it said it was out of quota.
    expect(sent("openLibrarySearch")).toHaveLength(30);
    expect(sent("googleVolumes").length).toBeLessThanOrEqual(2);
  });

  test("fetchMissingCovers({ bookIds }) honours the back-off: a book that just failed is not asked again", async () => {
    const t = newBackend();
    setLookupPacerForTest();
    const { as } = await createUser(t);
    const [id] = await addBooks(as, catalogue(1));
    server.use(...coverSourceHandlers({ books: [], onRequest: record }));
    const first = await as.action(api.books.fetchMissingCovers, { bookIds: [id] });
    expect(first.failures).toEqual([{ bookId: id, reason: "not_found" }]);
    const asked = requests.length;
    const again = await as.action(api.books.fetchMissingCovers, { bookIds: [id] });
    expect(again).toEqual({ processed: 0, updated: 0, failures: [] });
    expect(requests.length).toBe(asked);
    expect(await book(t, id)).toMatchObject({ coverAttempts: 1 });
    // The per-book button still asks at once.
    await as.action(api.books.fetchCover, { bookId: id });
    expect(requests.length).toBeGreaterThan(asked);
  });

  test("a forged cursor with a far-future horizon does not bring books in back-off into the run", async () => {
    const t = newBackend();
    setLookupPacerForTest();
    const { as } = await createUser(t);
    const ids = await addBooks(as, catalogue(2));
    server.use(...coverSourceHandlers({ books: [], onRequest: record }));
    await as.action(api.books.fetchMissingCovers, {});
    for (const id of ids) expect(await book(t, id)).toMatchObject({ coverAttempts: 1 });
    const asked = requests.length;
    const forged = encodeCursor({ mode: "scan", horizon: Date.now() + 10 * 365 * 24 * HOUR });
    const r = await as.action(api.books.fetchMissingCovers, { cursor: forged });
    expect(r.processed).toBe(0);
    expect(requests.length).toBe(asked);
    const forgedIds = encodeCursor({ mode: "ids", horizon: Date.now() + 10 * 365 * 24 * HOUR, offset: 0 });
    const byIds = await as.action(api.books.fetchMissingCovers, { bookIds: ids, cursor: forgedIds });
    expect(byIds.processed).toBe(0);
    expect(requests.length).toBe(asked);
  });

  test("three parallel runs over one library look each book up once, and each reports what it did", async () => {
    const t = newBackend();
    setLookupPacerForTest();
    const { as } = await createUser(t);
    const cat = catalogue(9);
    const ids = await addBooks(as, cat);
    server.use(...coverSourceHandlers({ books: cat, onRequest: record }));
    server.use(
      http.get(COVER_ENDPOINTS.openLibrarySearch, async () => {
        await delay(30);
        return undefined;
      }),
    );
    const runs = await Promise.all([
      as.action(api.books.fetchMissingCovers, {}),
      as.action(api.books.fetchMissingCovers, {}),
      as.action(api.books.fetchMissingCovers, {}),
    ]);
    const titles = sent("openLibrarySearch").map((r) => r.url.searchParams.get("title"));
    expect(titles).toHaveLength(9);
    expect(new Set(titles).size).toBe(9);
    expect(runs.reduce((n, r) => n + r.processed, 0)).toBe(9);
    // A run's processed books are the ones it looked up: all of them found.
    for (const r of runs) expect(r.updated).toBe(r.processed);
    for (const id of ids) expect((await book(t, id))?.apiCoverUrl).toBeDefined();
  });
});

let restorePacer: (() => void) | undefined;
/** Tests that are not about pacing leave it out (it would only add real waiting). */
function setLookupPacerForTest() {
  restorePacer?.();
  restorePacer = setLookupPacer(unlimited);
}
afterEach(() => {
  restorePacer?.();
  restorePacer = undefined;
});
