/**
 * The reader's say over found covers: books.rejectCover, coverCandidates, chooseCover and
 * reportBrokenCover, and invariant 8 (a rejected cover never returns) across every writing path.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import { setLookupPacer } from "../../convex/model/backfillRun";
import { BROKEN_COVER_REPORTS_PER_WINDOW } from "../../convex/model/coverChoice";
import { unlimited } from "../../lib/cover/rateLimiter";
import { coverSourceHandlers, type CatalogueBook, type CoverSourceRequest } from "../msw/coverSources";
import { server } from "../msw/server";
import { coverImageHandler, coverJpeg } from "../msw/coverImages";
import { createUser, newBackend, type SignedIn, type TestConvex } from "../support/users";

const cover = (id: number) => `https://covers.openlibrary.org/b/id/${id}-L.jpg`;

/** One book that Open Library knows as two works with a cover each (first 501, then 502), and by its ISBN (edition cover 501). */
const ISBN = "9780441478125";
const EDITIONS: CatalogueBook[] = [
  { isbn13: ISBN, title: "The Glass Orchard", authors: ["Wren Ashdown"], coverId: 501 },
  { title: "The Glass Orchard", authors: ["Wren Ashdown"], coverId: 502 },
];

let requests: CoverSourceRequest[];
let restore: () => void;
beforeEach(() => {
  requests = [];
  vi.useFakeTimers();
  delete process.env.GOOGLE_BOOKS_API_KEY;
  restore = setLookupPacer(unlimited);
  server.use(...coverSourceHandlers({ books: EDITIONS, onRequest: (r) => requests.push(r) }));
});
afterEach(() => {
  restore();
  vi.useRealTimers();
});

async function addBook(as: SignedIn, extra: { isbn?: string } = {}): Promise<Id<"books">> {
  return await as.mutation(api.books.create, { title: "The Glass Orchard", author: "Wren Ashdown", status: "read", ...extra });
}

async function book(t: TestConvex, id: Id<"books">) {
  const doc = await t.run((ctx) => ctx.db.get("books", id));
  if (!doc) throw new Error("book missing");
  return doc;
}

/** Runs every scheduled function (the lookups a rejection queues) to the end. */
async function settle(t: TestConvex) {
  await t.finishAllScheduledFunctions(vi.runAllTimers);
}

/** A book whose found cover is `url` (as a lookup would have stored it). */
async function withFoundCover(t: TestConvex, id: Id<"books">, url = cover(501)) {
  await t.run((ctx) => ctx.db.patch("books", id, { apiCoverUrl: url, apiSource: "open-library" }));
}

describe("books.rejectCover", () => {
  test("removes the found cover, remembers it and finds the next matching one", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addBook(as);
    await withFoundCover(t, id);

    expect(await as.mutation(api.books.rejectCover, { bookId: id })).toEqual({ status: "rejected", lookingForAnother: true });
    const looking = await book(t, id);
    expect(looking).toMatchObject({ rejectedCovers: ["ol:501"] });
    expect(looking.apiCoverUrl).toBeUndefined();
    expect(looking.coverLookupStartedAt).toEqual(expect.any(Number));

    await settle(t);
    const after = await book(t, id);
    expect(after.apiCoverUrl).toBe(cover(502));
    expect(after.coverLookupStartedAt).toBeUndefined();
  });

  test("when nothing else matches, the book is left without a found cover (the placeholder) and the looking state ends", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addBook(as);
    await withFoundCover(t, id);
    await as.mutation(api.books.rejectCover, { bookId: id });
    await settle(t);
    expect((await book(t, id)).apiCoverUrl).toBe(cover(502));

    await as.mutation(api.books.rejectCover, { bookId: id });
    await settle(t);
    const after = await book(t, id);
    expect(after.apiCoverUrl).toBeUndefined();
    expect(after.rejectedCovers).toEqual(["ol:501", "ol:502"]);
    expect(after.coverLookupStartedAt).toBeUndefined();
  });

  test("never touches the reader's own cover, and looks nothing up when there is one", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addBook(as);
    await t.run((ctx) => ctx.db.patch("books", id, { coverUrl: "https://example.test/mine.jpg", apiCoverUrl: cover(501) }));

    expect(await as.mutation(api.books.rejectCover, { bookId: id })).toEqual({ status: "rejected", lookingForAnother: false });
    await settle(t);
    expect(await book(t, id)).toMatchObject({ coverUrl: "https://example.test/mine.jpg", rejectedCovers: ["ol:501"] });
    expect(requests).toHaveLength(0);
  });

  test("a book without a found cover is a clear error; another reader's book is not found and untouched", async () => {
    const t = newBackend();
    const alice = await createUser(t, "Alice");
    const bob = await createUser(t, "Bob");
    const id = await addBook(alice.as);
    await expect(alice.as.mutation(api.books.rejectCover, { bookId: id })).rejects.toMatchObject({
      data: { code: "no_found_cover" },
    });
    await withFoundCover(t, id);
    await expect(bob.as.mutation(api.books.rejectCover, { bookId: id })).rejects.toMatchObject({ data: { code: "not_found" } });
    await expect(t.mutation(api.books.rejectCover, { bookId: id })).rejects.toThrow();
    expect(await book(t, id)).toMatchObject({ apiCoverUrl: cover(501) });
    expect((await book(t, id)).rejectedCovers).toBeUndefined();
  });
});

describe("invariant 8: a rejected cover never returns, by any path", () => {
  async function rejectedBook(t: TestConvex, as: SignedIn, options: { isbn?: string } = {}) {
    const id = await addBook(as, options);
    await t.run((ctx) => ctx.db.patch("books", id, { rejectedCovers: ["ol:501", "ol:502"] }));
    return id;
  }

  test("the guarded writes refuse a rejected cover whatever a lookup hands them", async () => {
    const t = newBackend();
    const { as, userId } = await createUser(t);
    const id = await rejectedBook(t, as);
    const write = { userId, bookId: id, apiCoverUrl: cover(501), apiSource: "open-library" as const };
    expect(await t.mutation(internal.books.writeApiCover, write)).toBe("rejected");
    const written = [{ bookId: id, url: cover(502), source: "open-library" as const }];
    const step = { userId, holder: "h", backoff: true, written, failed: [], facts: [], release: [] };
    expect(await t.mutation(internal.coverBackfill.commitLookup, step)).toMatchObject({ written: ["rejected"] });
    expect((await book(t, id)).apiCoverUrl).toBeUndefined();
  });

  test("a found cover whose URL has no source key is remembered by its URL and refused from then on", async () => {
    const t = newBackend();
    const { as, userId } = await createUser(t);
    const id = await addBook(as);
    const byIsbn = `https://covers.openlibrary.org/b/isbn/${ISBN}-L.jpg`;
    await withFoundCover(t, id, byIsbn);
    await as.mutation(api.books.rejectCover, { bookId: id });
    expect((await book(t, id)).rejectedCovers).toEqual([`url:${byIsbn}`]);
    await settle(t);
    const write = { userId, bookId: id, apiCoverUrl: byIsbn, apiSource: "open-library" as const };
    await t.run((ctx) => ctx.db.patch("books", id, { apiCoverUrl: undefined, apiSource: undefined }));
    expect(await t.mutation(internal.books.writeApiCover, write)).toBe("rejected");
  });

  test("the per-book Fetch cover button", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await rejectedBook(t, as, { isbn: ISBN });
    expect(await as.action(api.books.fetchCover, { bookId: id })).toMatchObject({ status: "failed", reason: "not_found" });
    expect((await book(t, id)).apiCoverUrl).toBeUndefined();
  });

  test("a bulk Fetch missing covers run, whose ISBN answer offers the rejected edition cover", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await rejectedBook(t, as, { isbn: ISBN });
    const result = await as.action(api.books.fetchMissingCovers, {});
    expect(result).toMatchObject({ processed: 1, updated: 0 });
    expect(requests.map((r) => r.endpoint)).toContain("openLibraryIsbnSearch");
    expect((await book(t, id)).apiCoverUrl).toBeUndefined();
  });

  test("with one of the two rejected, the bulk run stores the other", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addBook(as, { isbn: ISBN });
    await t.run((ctx) => ctx.db.patch("books", id, { rejectedCovers: ["ol:501"] }));
    await as.action(api.books.fetchMissingCovers, {});
    expect((await book(t, id)).apiCoverUrl).toBe(cover(502));
  });

  test("the per-book button and the new-book lookup skip a rejected cover and take the next one", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const first = await addBook(as, { isbn: ISBN });
    const second = await addBook(as);
    for (const id of [first, second]) await t.run((ctx) => ctx.db.patch("books", id, { rejectedCovers: ["ol:501"] }));
    expect(await as.action(api.books.fetchCover, { bookId: first })).toMatchObject({ status: "found" });
    await as.action(api.books.fetchMissingCovers, { bookIds: [second] });
    expect((await book(t, first)).apiCoverUrl).toBe(cover(502));
    expect((await book(t, second)).apiCoverUrl).toBe(cover(502));
  });

  test("the new-book lookup (bookIds)", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await rejectedBook(t, as);
    await as.action(api.books.fetchMissingCovers, { bookIds: [id] });
    expect((await book(t, id)).apiCoverUrl).toBeUndefined();
  });

  test("a re-import that merges into the book, and the import's cover backfill", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await rejectedBook(t, as, { isbn: ISBN });
    const result = await as.mutation(api.imports.commit, {
      clientImportId: "again",
      format: "goodreads",
      rows: [{ line: 2, title: "The Glass Orchard", author: "Wren Ashdown", isbn: ISBN, status: "read" }],
    });
    expect(result.merged).toBe(1);
    await settle(t);
    const after = await book(t, id);
    expect(after.apiCoverUrl).toBeUndefined();
    expect(after.rejectedCovers).toEqual(["ol:501", "ol:502"]);
  });

  test("chooseCover refuses a cover the reader turned down for this book", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await rejectedBook(t, as);
    await expect(as.mutation(api.books.chooseCover, { bookId: id, url: cover(501) })).rejects.toMatchObject({
      data: { code: "invalid_argument", field: "cover" },
    });
    expect((await book(t, id)).coverUrl).toBeUndefined();
  });
});

describe("books.coverCandidates", () => {
  test("offers the matching covers with source labels, rejected ones left out, for the owner only", async () => {
    const t = newBackend();
    const alice = await createUser(t, "Alice");
    const bob = await createUser(t, "Bob");
    const id = await addBook(alice.as);

    const all = await alice.as.action(api.books.coverCandidates, { bookId: id });
    expect(all.map((c) => c.key)).toEqual(expect.arrayContaining(["ol:501", "ol:502"]));
    for (const c of all) expect(c).toMatchObject({ source: "open-library", url: expect.stringMatching(/^https:\/\//) });

    await t.run((ctx) => ctx.db.patch("books", id, { rejectedCovers: ["ol:501"] }));
    const left = await alice.as.action(api.books.coverCandidates, { bookId: id });
    expect(left.map((c) => c.key)).not.toContain("ol:501");
    expect(left.map((c) => c.key)).toContain("ol:502");

    await expect(bob.as.action(api.books.coverCandidates, { bookId: id })).rejects.toMatchObject({ data: { code: "not_found" } });
  });
});

describe("books.chooseCover", () => {
  test("makes a candidate the reader's own cover, which no backfill run replaces or clears", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addBook(as);
    await as.mutation(api.books.chooseCover, { bookId: id, url: cover(502) });
    expect(await book(t, id)).toMatchObject({ coverUrl: cover(502) });

    expect(await as.action(api.books.fetchMissingCovers, {})).toMatchObject({ processed: 0, updated: 0 });
    expect(await as.action(api.books.fetchCover, { bookId: id })).toEqual({ status: "already_has_cover" });
    expect(await book(t, id)).toMatchObject({ coverUrl: cover(502) });
  });

  test("replaces an uploaded cover and deletes its file", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addBook(as);
    // An attached upload, as setCover leaves it.
    const storageId = await t.run((ctx) => ctx.storage.store(new Blob([new Uint8Array(64)], { type: "image/png" })));
    const uploadUrl = await t.run(async (ctx) => (await ctx.storage.getUrl(storageId))!);
    await t.run((ctx) => ctx.db.patch("books", id, { coverUrl: uploadUrl, coverStorageId: storageId }));
    await as.mutation(api.books.chooseCover, { bookId: id, url: cover(501) });
    const after = await book(t, id);
    expect(after).toMatchObject({ coverUrl: cover(501) });
    expect(after.coverStorageId).toBeUndefined();
    expect(await t.run((ctx) => ctx.db.system.get("_storage", storageId))).toBeNull();
  });

  test.each([
    ["http://covers.openlibrary.org/b/id/501-L.jpg", "an http URL"],
    ["https://evil.example/b/id/501-L.jpg", "another host"],
    ["https://covers.openlibrary.org/b/isbn/9780441478125-L.jpg", "an ISBN-keyed cover"],
    ["javascript:alert(1)", "not a cover URL"],
  ])("refuses %s (%s) with a clear error and changes nothing", async (url) => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addBook(as);
    await expect(as.mutation(api.books.chooseCover, { bookId: id, url })).rejects.toMatchObject({
      data: { code: "invalid_argument", field: "cover", message: expect.any(String) },
    });
    expect((await book(t, id)).coverUrl).toBeUndefined();
  });

  test("another reader's book is not found and untouched", async () => {
    const t = newBackend();
    const alice = await createUser(t, "Alice");
    const bob = await createUser(t, "Bob");
    const id = await addBook(alice.as);
    await expect(bob.as.mutation(api.books.chooseCover, { bookId: id, url: cover(501) })).rejects.toMatchObject({
      data: { code: "not_found" },
    });
    expect((await book(t, id)).coverUrl).toBeUndefined();
  });
});

describe("books.reportBrokenCover", () => {
  test("a report of a URL the book no longer has is ignored; one the server sees gone is cleared, rejected and replaced", async () => {
    server.use(
      coverImageHandler((coverId) => (coverId === 501 ? { kind: "status", status: 404 } : { kind: "image", bytes: coverJpeg() })),
    );
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addBook(as);
    await withFoundCover(t, id);

    expect(await as.mutation(api.books.reportBrokenCover, { bookId: id, url: cover(999) })).toBe("ignored");
    expect(await book(t, id)).toMatchObject({ apiCoverUrl: cover(501) });

    // A hint: nothing changes until the server has looked.
    expect(await as.mutation(api.books.reportBrokenCover, { bookId: id, url: cover(501) })).toBe("checking");
    expect(await book(t, id)).toMatchObject({ apiCoverUrl: cover(501) });

    await settle(t);
    const after = await book(t, id);
    expect(after.rejectedCovers).toEqual(["ol:501"]);
    expect(after.apiCoverUrl).toBe(cover(502));
  });

  test("never touches the reader's own cover", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addBook(as);
    await t.run((ctx) => ctx.db.patch("books", id, { coverUrl: cover(502) }));
    expect(await as.mutation(api.books.reportBrokenCover, { bookId: id, url: cover(502) })).toBe("ignored");
    expect(await book(t, id)).toMatchObject({ coverUrl: cover(502) });
  });

  test(`a reader's reports beyond ${BROKEN_COVER_REPORTS_PER_WINDOW} per window are ignored`, async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const ids: Id<"books">[] = [];
    for (let i = 0; i <= BROKEN_COVER_REPORTS_PER_WINDOW; i++) {
      const id = await addBook(as);
      await withFoundCover(t, id, cover(600 + i));
      ids.push(id);
    }
    const outcomes = [];
    for (const [i, id] of ids.entries()) {
      outcomes.push(await as.mutation(api.books.reportBrokenCover, { bookId: id, url: cover(600 + i) }));
    }
    expect(outcomes.filter((o) => o === "checking")).toHaveLength(BROKEN_COVER_REPORTS_PER_WINDOW);
    expect(outcomes.at(-1)).toBe("rate_limited");
    expect(await book(t, ids.at(-1)!)).toMatchObject({ apiCoverUrl: cover(600 + BROKEN_COVER_REPORTS_PER_WINDOW) });
  });

  test("another reader's book is not found and untouched", async () => {
    const t = newBackend();
    const alice = await createUser(t, "Alice");
    const bob = await createUser(t, "Bob");
    const id = await addBook(alice.as);
    await withFoundCover(t, id);
    await expect(bob.as.mutation(api.books.reportBrokenCover, { bookId: id, url: cover(501) })).rejects.toMatchObject({
      data: { code: "not_found" },
    });
    expect(await book(t, id)).toMatchObject({ apiCoverUrl: cover(501) });
  });
});
