import { delay, http, HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import {
  COVER_ENDPOINTS,
  coverSourceHandlers,
  failingEndpoint,
  searchBody,
  searchDoc,
  type CatalogueBook,
  type CoverSourceRequest,
} from "../msw/coverSources";
import { server } from "../msw/server";
import { unlimited } from "../../lib/cover/rateLimiter";
import { setLookupPacer } from "../../convex/model/backfillRun";
import { addBooks, book, catalogue } from "../support/catalogueBooks";
import { createUser, newBackend } from "../support/users";

const HOUR = 60 * 60 * 1000;

let requests: CoverSourceRequest[];
let restoreLimiters: () => void;
beforeEach(() => {
  requests = [];
  delete process.env.GOOGLE_BOOKS_API_KEY;
  // The deployment-wide pacing has its own tests below; elsewhere it would only add real waiting.
  restoreLimiters = setLookupPacer(unlimited);
});
afterEach(() => {
  delete process.env.GOOGLE_BOOKS_API_KEY;
  restoreLimiters();
});

function serve(books: CatalogueBook[]) {
  server.use(...coverSourceHandlers({ books, onRequest: (r) => requests.push(r) }));
}

describe("fetchMissingCovers", () => {
  test("fills apiCoverUrl for the caller's books lacking covers, with Open Library only when no Google key is set", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const cat = catalogue(3);
    serve(cat);
    const ids = await addBooks(as, cat);

    const result = await as.action(api.books.fetchMissingCovers, {});
    expect(result).toEqual({ processed: 3, updated: 3, failures: [] });
    for (const [i, id] of ids.entries()) {
      expect(await book(t, id)).toMatchObject({
        apiCoverUrl: `https://covers.openlibrary.org/b/id/${9000 + i}-L.jpg`,
        apiSource: "open-library",
      });
    }
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((r) => r.endpoint !== "googleVolumes")).toBe(true);
  });

  test("resolves a batch's ISBNs with one Open Library request, an edition without a cover with its work's, and searches none", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const isbns = ["9780140328721", "9780261103573", "9780547928227", "9780062315007"];
    const cat: CatalogueBook[] = isbns.map((isbn13, i) => ({
      isbn13,
      title: `Lantern Harbour Volume ${i}`,
      authors: [`Maren Quillfeather${i}`],
      // The last edition has no cover in the Books API, but its work has one in search.
      coverId: i === 3 ? null : 500 + i,
      workCoverId: 500 + i,
    }));
    serve(cat);
    for (const b of cat) {
      await as.mutation(api.books.create, { title: b.title, author: b.authors[0], isbn: b.isbn13, status: "read" });
    }
    const result = await as.action(api.books.fetchMissingCovers, {});
    expect(result).toMatchObject({ processed: 4, updated: 4 });
    expect(requests.map((r) => r.endpoint)).toEqual(["openLibraryIsbnSearch"]);
    expect(requests[0].url.searchParams.get("q")).toBe(`isbn:(${isbns.join(" OR ")})`);
    const covers = await t.run((ctx) => ctx.db.query("books").collect());
    expect(covers.map((b) => b.apiCoverUrl).sort()).toEqual(
      [500, 501, 502, 503].map((id) => `https://covers.openlibrary.org/b/id/${id}-L.jpg`),
    );
  });

  test("skips books with coverUrl or apiCoverUrl and never touches coverUrl", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const cat = catalogue(3);
    serve(cat);
    const [own, found, bare] = await addBooks(as, cat);
    await t.run(async (ctx) => {
      await ctx.db.patch("books", own, { coverUrl: "https://example.test/mine.jpg" });
      await ctx.db.patch("books", found, {
        apiCoverUrl: "https://covers.openlibrary.org/b/id/1-L.jpg",
        apiSource: "open-library",
      });
    });

    const result = await as.action(api.books.fetchMissingCovers, {});
    expect(result).toMatchObject({ processed: 1, updated: 1 });
    expect(await book(t, own)).toMatchObject({ coverUrl: "https://example.test/mine.jpg" });
    expect(await book(t, own)).not.toHaveProperty("apiCoverUrl");
    expect((await book(t, found))!.apiCoverUrl).toBe("https://covers.openlibrary.org/b/id/1-L.jpg");
    expect((await book(t, bare))!.apiCoverUrl).toBe("https://covers.openlibrary.org/b/id/9002-L.jpg");
    // Only the bare book was looked up.
    expect(requests.every((r) => r.url.searchParams.get("title")?.endsWith("2") ?? true)).toBe(true);
  });

  test("a reader uploading a cover while the run is in flight keeps it; the run does not write over it", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const [cat] = catalogue(1);
    const [id] = await addBooks(as, [cat]);
    server.use(
      http.get(COVER_ENDPOINTS.openLibrarySearch, async () => {
        // The reader's upload lands between the lookup and the write.
        await t.run((ctx) => ctx.db.patch("books", id, { coverUrl: "https://example.test/upload.jpg" }));
        return HttpResponse.json(searchBody([searchDoc(cat)]));
      }),
    );

    const result = await as.action(api.books.fetchMissingCovers, { bookIds: [id] });
    expect(result).toMatchObject({ processed: 1, updated: 0, failures: [] });
    const after = await book(t, id);
    expect(after!.coverUrl).toBe("https://example.test/upload.jpg");
    expect(after).not.toHaveProperty("apiCoverUrl");
  });

  test("respects limit, returns nextCursor while books remain, and following it reaches every book once", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const cat = catalogue(7);
    serve(cat);
    const ids = await addBooks(as, cat);

    const first = await as.action(api.books.fetchMissingCovers, { limit: 3 });
    expect(first).toMatchObject({ processed: 3, updated: 3 });
    expect(first.nextCursor).toEqual(expect.any(String));

    let cursor = first.nextCursor;
    let processed = first.processed;
    let calls = 1;
    while (cursor) {
      const next = await as.action(api.books.fetchMissingCovers, { limit: 3, cursor });
      processed += next.processed;
      cursor = next.nextCursor;
      calls++;
      expect(calls).toBeLessThan(10);
    }
    expect(processed).toBe(7);
    for (const id of ids) expect((await book(t, id))!.apiCoverUrl).toBeDefined();
    // Every book was searched exactly once.
    const searched = requests.filter((r) => r.endpoint === "openLibrarySearch").map((r) => r.url.searchParams.get("title"));
    expect(new Set(searched).size).toBe(searched.length);
  });

  test("limit defaults to 20 and is clamped to 50", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const ids = await t.run(async (ctx) => {
      const userId = (await ctx.db.query("users").first())!._id;
      const out: Id<"books">[] = [];
      for (let i = 0; i < 60; i++) {
        out.push(
          await ctx.db.insert("books", {
            userId,
            title: "",
            author: "",
            status: "read",
            dedupKey: `k${i}`,
            createdAt: 0,
            updatedAt: 0,
          }),
        );
      }
      return out;
    });
    expect(ids).toHaveLength(60);
    // Books with no metadata fail without any request, which keeps this test offline and fast.
    const byDefault = await as.action(api.books.fetchMissingCovers, {});
    expect(byDefault.processed).toBe(20);
    const clamped = await as.action(api.books.fetchMissingCovers, { limit: 500 });
    expect(clamped.processed).toBe(40);
    expect(requests).toHaveLength(0);
  });

  test.each([0, -3, 1.5, Number.NaN])("rejects limit %s with a clear error", async (limit) => {
    const t = newBackend();
    const { as } = await createUser(t);
    await expect(as.action(api.books.fetchMissingCovers, { limit })).rejects.toThrow(/limit must be a whole number/);
  });

  test("rejects more than 50 bookIds and a damaged cursor", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const [id] = await addBooks(as, catalogue(1));
    await expect(as.action(api.books.fetchMissingCovers, { bookIds: Array.from({ length: 51 }, () => id) })).rejects.toThrow(
      /at most 50/,
    );
    await expect(as.action(api.books.fetchMissingCovers, { cursor: "nope" })).rejects.toThrow(/cursor/);
  });

  test("a book with no title, author or ISBN yields a no_metadata failure without any request", async () => {
    const t = newBackend();
    const { as, userId } = await createUser(t);
    const id = await t.run((ctx) =>
      ctx.db.insert("books", { userId, title: "", author: "", status: "read", dedupKey: "|", createdAt: 0, updatedAt: 0 }),
    );
    const result = await as.action(api.books.fetchMissingCovers, {});
    expect(result.failures).toEqual([{ bookId: id, reason: "no_metadata" }]);
    expect(requests).toHaveLength(0);
  });

  test("uses Google Books only when a key is set", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    process.env.GOOGLE_BOOKS_API_KEY = "test-key";
    server.use(
      ...coverSourceHandlers({
        books: [],
        googleBooks: [{ title: "Lantern Harbour Volume 0", authors: ["Maren Quillfeather0"] }],
        onRequest: (r) => requests.push(r),
      }),
    );
    const [id] = await addBooks(as, catalogue(1));
    const result = await as.action(api.books.fetchMissingCovers, {});
    expect(result.updated).toBe(1);
    expect(await book(t, id)).toMatchObject({ apiSource: "google-books" });
    expect((await book(t, id))!.apiCoverUrl).toMatch(/^https:\/\/books\.google\.com\//);
  });

  test("concurrent runs over the same books write each book once and do not throw", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const cat = catalogue(6);
    serve(cat);
    server.use(
      http.get(COVER_ENDPOINTS.openLibrarySearch, async () => {
        await delay(5);
        return undefined; // fall through to the catalogue handler
      }),
    );
    const ids = await addBooks(as, cat);
    const runs = await Promise.all([
      as.action(api.books.fetchMissingCovers, {}),
      as.action(api.books.fetchMissingCovers, {}),
      as.action(api.books.fetchMissingCovers, { bookIds: ids }),
    ]);
    expect(runs.reduce((n, r) => n + r.updated, 0)).toBe(6);
    for (const id of ids) expect((await book(t, id))!.apiCoverUrl).toMatch(/^https:\/\/covers\.openlibrary\.org\/b\/id\//);
  });

  test("a timeout is that book's failure while the others continue", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const cat = catalogue(3);
    serve(cat);
    server.use(
      http.get(COVER_ENDPOINTS.openLibrarySearch, async ({ request }) => {
        if (new URL(request.url).searchParams.get("title")?.endsWith("1")) await delay("infinite");
        return undefined;
      }),
    );
    const ids = await addBooks(as, cat);
    const result = await as.action(api.books.fetchMissingCovers, {});
    expect(result.processed).toBe(3);
    expect(result.updated).toBe(2);
    expect(result.failures).toEqual([{ bookId: ids[1], reason: "timeout" }]);
    expect(await book(t, ids[1])).toMatchObject({ coverLastReason: "timeout", coverAttempts: 1 });
  });

  test("a 429 stops the batch early without failures; the continuation resumes later", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const cat = catalogue(4);
    const ids = await addBooks(as, cat);
    serve(cat);
    let served = 0;
    // Added last, so it sees requests before the catalogue handler.
    server.use(
      http.get(COVER_ENDPOINTS.openLibrarySearch, () => {
        served++;
        if (served === 2) return new HttpResponse(null, { status: 429, headers: { "Retry-After": "30" } });
        return undefined;
      }),
    );

    const first = await as.action(api.books.fetchMissingCovers, {});
    expect(first).toMatchObject({ failures: [], retryAfterMs: 30_000 });
    // Lookups already in flight finish; no new one starts after the 429.
    expect(first.processed).toBeGreaterThanOrEqual(1);
    expect(first.processed).toBeLessThan(4);
    expect(first.updated).toBe(first.processed);
    expect(first.nextCursor).toEqual(expect.any(String));
    // No book was marked as attempted: the rate-limited one and those not started are not failures.
    for (const id of ids) expect(await book(t, id)).not.toHaveProperty("coverAttempts");

    const rest = await as.action(api.books.fetchMissingCovers, { cursor: first.nextCursor });
    expect(rest).toMatchObject({ failures: [] });
    expect(first.processed + rest.processed).toBe(4);
    for (const id of ids) expect((await book(t, id))!.apiCoverUrl).toBeDefined();
  });

  test("a batch that stops for a paused source names it, so the reader is told what is waited for", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const cat = catalogue(3);
    await addBooks(as, cat);
    serve(cat);
    server.use(
      http.get(
        COVER_ENDPOINTS.openLibrarySearch,
        () => new HttpResponse(null, { status: 429, headers: { "Retry-After": "30" } }),
      ),
    );
    const paused = await as.action(api.books.fetchMissingCovers, {});
    expect(paused).toMatchObject({ processed: 0, retryAfterMs: 30_000, waitingForSource: "open-library" });

    // A batch that waited for nothing names nothing.
    server.resetHandlers();
    serve(cat);
    const t2 = newBackend();
    const other = await createUser(t2);
    await addBooks(other.as, cat);
    const plain = await other.as.action(api.books.fetchMissingCovers, {});
    expect(plain).not.toHaveProperty("waitingForSource");
  });

  test("a library where every lookup fails terminates, records back-off, and the next bulk run skips those books", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    server.use(failingEndpoint("openLibrarySearch", { kind: "status", status: 500 }));
    const ids = await addBooks(as, catalogue(5));

    let cursor: string | undefined;
    let processed = 0;
    let calls = 0;
    do {
      const r = await as.action(api.books.fetchMissingCovers, { limit: 2, cursor });
      processed += r.processed;
      expect(r.failures.every((f) => f.reason === "upstream_error")).toBe(true);
      cursor = r.nextCursor;
      expect(++calls).toBeLessThan(10);
    } while (cursor);
    expect(processed).toBe(5);
    for (const id of ids) {
      const b = (await book(t, id))!;
      expect(b.coverAttempts).toBe(1);
      expect(b.coverRetryAt! - b.coverAttemptedAt!).toBe(HOUR);
    }

    const again = await as.action(api.books.fetchMissingCovers, {});
    expect(again).toEqual({ processed: 0, updated: 0, failures: [] });
  });

  test("books whose back-off has ended are tried again, in order, following the cursor across them", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const cat = catalogue(5);
    serve(cat);
    const ids = await addBooks(as, cat);
    // Three books failed before; two of them are due again (one long ago, one just now), one is not.
    const now = Date.now();
    await t.run(async (ctx) => {
      await ctx.db.patch("books", ids[0], { coverAttempts: 2, coverAttemptedAt: now - 10 * HOUR, coverRetryAt: now - 8 * HOUR });
      await ctx.db.patch("books", ids[1], { coverAttempts: 1, coverAttemptedAt: now - 2 * HOUR, coverRetryAt: now - HOUR });
      await ctx.db.patch("books", ids[2], { coverAttempts: 1, coverAttemptedAt: now, coverRetryAt: now + HOUR });
    });

    const seen: string[] = [];
    let cursor: string | undefined;
    let calls = 0;
    do {
      const r = await as.action(api.books.fetchMissingCovers, { limit: 1, cursor });
      cursor = r.nextCursor;
      expect(++calls).toBeLessThan(10);
    } while (cursor);
    for (const r of requests.filter((q) => q.endpoint === "openLibrarySearch")) seen.push(r.url.searchParams.get("title")!);
    // Never-tried books first, then the due ones by retry time; the one still in back-off is left alone.
    expect(seen).toEqual([cat[3].title, cat[4].title, cat[0].title, cat[1].title]);
    expect((await book(t, ids[2]))!.apiCoverUrl).toBeUndefined();
    for (const i of [0, 1, 3, 4]) expect((await book(t, ids[i]))!.apiCoverUrl).toBeDefined();
  });

  test("books with the same retry time are continued by creation time across batches", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const cat = catalogue(3);
    serve(cat);
    const ids = await addBooks(as, cat);
    const due = Date.now() - HOUR;
    await t.run(async (ctx) => {
      for (const id of ids)
        await ctx.db.patch("books", id, { coverAttempts: 1, coverAttemptedAt: due - HOUR, coverRetryAt: due });
    });
    let cursor: string | undefined;
    let processed = 0;
    do {
      const r = await as.action(api.books.fetchMissingCovers, { limit: 1, cursor });
      processed += r.processed;
      cursor = r.nextCursor;
    } while (cursor);
    expect(processed).toBe(3);
    const searched = requests.filter((q) => q.endpoint === "openLibrarySearch").map((q) => q.url.searchParams.get("title"));
    expect(searched).toEqual(cat.map((b) => b.title));
  });

  test("running it again on a complete library changes nothing and asks no source", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const cat = catalogue(2);
    serve(cat);
    const ids = await addBooks(as, cat);
    await as.action(api.books.fetchMissingCovers, {});
    const before = await Promise.all(ids.map((id) => book(t, id)));
    requests.length = 0;
    expect(await as.action(api.books.fetchMissingCovers, {})).toEqual({ processed: 0, updated: 0, failures: [] });
    expect(await Promise.all(ids.map((id) => book(t, id)))).toEqual(before);
    expect(requests).toHaveLength(0);
  });

  test("concurrent runs of different readers share one Open Library pace: never more than 3 requests in any 1.1 s", async () => {
    const t = newBackend();
    const alice = await createUser(t, "Alice");
    const bob = await createUser(t, "Bob");
    const cat = catalogue(12);
    const times: number[] = [];
    server.use(
      ...coverSourceHandlers({
        books: cat,
        onRequest: (r) => {
          if (r.endpoint !== "googleVolumes") times.push(Date.now());
        },
      }),
    );
    await addBooks(alice.as, cat.slice(0, 6));
    await addBooks(bob.as, cat.slice(6));
    // Load every function module with the real clock (convex-test imports them on first use).
    const warm = newBackend();
    const warmUser = await createUser(warm);
    await addBooks(warmUser.as, [cat[0]]);
    await warmUser.as.action(api.books.fetchMissingCovers, {});
    times.length = 0;
    // Real pacing (reserved in the database), on a virtual clock.
    restoreLimiters();
    restoreLimiters = () => {};
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    try {
      let settled = 0;
      const runs = [alice.as, bob.as].map((as) =>
        as.action(api.books.fetchMissingCovers, {}).finally(() => {
          settled++;
        }),
      );
      for (let i = 0; i < 2000 && settled < 2; i++) await vi.advanceTimersByTimeAsync(50);
      const [a, b] = await Promise.all(runs);
      expect(a.updated + b.updated).toBe(12);
      expect(times).toHaveLength(12);
      times.sort((x, y) => x - y);
      for (let i = 3; i < times.length; i++) expect(times[i] - times[i - 3]).toBeGreaterThanOrEqual(1100);
    } finally {
      vi.useRealTimers();
    }
  });

  test("request slots are reserved in the database, a step's at once, so separate function runs share them", async () => {
    restoreLimiters();
    restoreLimiters = () => {};
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(1_000_000);
      const t = newBackend();
      const reserve = async (source: "open-library" | "google-books", count: number, key: string) => {
        const [answer] = await t.mutation(internal.coverBackfill.reserveSlots, {
          needs: [{ source, count }],
          priority: "bulk",
          key,
          deadline: 1_060_000,
        });
        return answer.slots.map((s) => s - 1_000_000);
      };
      // Two readers' steps: each reserves all its slots in one call, after the other's.
      expect([...(await reserve("open-library", 4, "alice")), ...(await reserve("open-library", 3, "bob"))]).toEqual([
        0, 0, 0, 1100, 1100, 1100, 2200,
      ]);
      // Google Books has its own, smaller window.
      expect(await reserve("google-books", 3, "alice")).toEqual([0, 0, 1100]);
      // One document per source, written once per reservation.
      expect(await t.run((ctx) => ctx.db.query("sourcePacing").collect())).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  test("rejects unauthenticated calls", async () => {
    const t = newBackend();
    await expect(t.action(api.books.fetchMissingCovers, {})).rejects.toThrow(/Sign in/);
  });

  test("another reader's and deleted book ids are ignored like unknown ids: never read or written", async () => {
    const t = newBackend();
    const alice = await createUser(t, "Alice");
    const bob = await createUser(t, "Bob");
    const cat = catalogue(2);
    serve(cat);
    const [alicesBook] = await addBooks(alice.as, [cat[0]]);
    const [bobsDeleted] = await addBooks(bob.as, [cat[1]]);
    await bob.as.mutation(api.books.remove, { bookId: bobsDeleted });

    const result = await bob.as.action(api.books.fetchMissingCovers, { bookIds: [alicesBook, bobsDeleted] });
    expect(result).toEqual({ processed: 0, updated: 0, failures: [] });
    expect(await book(t, alicesBook)).not.toHaveProperty("apiCoverUrl");
    expect(requests).toHaveLength(0);
    // And Bob's scan never reaches Alice's library.
    expect(await bob.as.action(api.books.fetchMissingCovers, {})).toEqual({ processed: 0, updated: 0, failures: [] });
    expect(await book(t, alicesBook)).not.toHaveProperty("apiCoverUrl");
  });

  test("logs one structured line per run with counts and reasons, and no titles, authors or ISBNs", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const cat: CatalogueBook[] = [
      { title: "Zephyrine Orchard Letters", authors: ["Ottoline Brackwater"], coverId: 77, isbn13: "9780140328721" },
      { title: "Unfindable Quietude", authors: ["Perpetua Nightjar"] },
    ];
    serve(cat);
    await as.mutation(api.books.create, { title: cat[0].title, author: cat[0].authors[0], isbn: "0140328726", status: "read" });
    await as.mutation(api.books.create, { title: cat[1].title, author: cat[1].authors[0], status: "read" });
    const lines: string[] = [];
    for (const level of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        lines.push(args.map(String).join(" "));
      });
    }
    await as.action(api.books.fetchMissingCovers, {});
    const all = lines.join("\n");
    for (const secret of [
      "Zephyrine",
      "Orchard",
      "Ottoline",
      "Brackwater",
      "Unfindable",
      "Quietude",
      "Perpetua",
      "Nightjar",
      "9780140328721",
      "0140328726",
    ]) {
      expect(all).not.toContain(secret);
    }
    const runLines = lines.filter((l) => l.includes('"cover_backfill_run"'));
    expect(runLines).toHaveLength(1);
    expect(JSON.parse(runLines[0])).toMatchObject({
      event: "cover_backfill_run",
      trigger: "manual",
      processed: 2,
      updated: 1,
      failures: 1,
      reasons: { not_found: 1 },
    });
    // 50% failed: warn level.
    expect(vi.mocked(console.warn).mock.calls.flat().join(" ")).toContain("cover_backfill_run");
  });

  test("listMissingCovers reads only the caller's books missing both covers, in a stable order", async () => {
    const t = newBackend();
    const alice = await createUser(t, "Alice");
    const bob = await createUser(t, "Bob");
    const ids = await addBooks(alice.as, catalogue(3));
    await addBooks(bob.as, catalogue(2));
    await t.run((ctx) => ctx.db.patch("books", ids[1], { coverUrl: "https://example.test/x.jpg" }));
    const listed = await t.query(internal.books.listMissingCovers, { userId: alice.userId, limit: 10 });
    expect(listed.map((b) => b.id)).toEqual([ids[0], ids[2]]);
    const byIds = await t.query(internal.books.listMissingCovers, { userId: bob.userId, bookIds: ids });
    expect(byIds).toEqual([]);
  });
});
