import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import { BOOK_STATUSES } from "../../convex/model/libraryCounts";
import { LIST_PAGE_MAX } from "../../convex/model/libraryListing";
import { allTiles } from "../support/libraryBooks";
import { finishScheduled, importRows } from "../support/libraryFixtures";
import { createUser, newBackend, type SignedIn } from "../support/users";

// Scheduled work (the shelf sync) runs when finishScheduled advances the clock.
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const first = (numItems: number) => ({ numItems, cursor: null });

async function addBook(as: SignedIn, title: string, author = "Anon", status: (typeof BOOK_STATUSES)[number] = "read") {
  return await as.mutation(api.books.create, { title, author, status });
}

const titles = (tiles: { title: string }[]) => tiles.map((t) => t.title);

describe("books.list: tiles", () => {
  test("returns slim tiles with the cover to show, never whole documents", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    const own = await addBook(as, "Own cover", "A");
    const found = await addBook(as, "Found cover", "B");
    const both = await addBook(as, "Both covers", "C");
    const looked = await addBook(as, "Looked up, nothing found", "D");
    await addBook(as, "Not looked up yet", "E");
    await t.run(async (ctx) => {
      await ctx.db.patch("books", own, { coverUrl: "https://storage.example/own.jpg", rating: 4.25 });
      await ctx.db.patch("books", found, {
        apiCoverUrl: "https://covers.openlibrary.org/b/id/1-L.jpg",
        apiSource: "open-library",
      });
      await ctx.db.patch("books", both, {
        coverUrl: "https://storage.example/mine.jpg",
        apiCoverUrl: "https://covers.openlibrary.org/b/id/2-L.jpg",
      });
    });
    await t.mutation(internal.books.recordCoverAttempt, { userId, bookId: looked, reason: "not_found" });

    const { page, isDone } = await as.query(api.books.list, { paginationOpts: first(10) });
    expect(isDone).toBe(true);
    expect(page).toEqual([
      {
        _id: expect.any(String),
        title: "Not looked up yet",
        author: "E",
        status: "read",
        missingCover: { reason: "not_looked_up" },
      },
      {
        _id: looked,
        title: "Looked up, nothing found",
        author: "D",
        status: "read",
        missingCover: { reason: "not_found" },
      },
      { _id: both, title: "Both covers", author: "C", status: "read", coverUrl: "https://storage.example/mine.jpg" },
      {
        _id: found,
        title: "Found cover",
        author: "B",
        status: "read",
        apiCoverUrl: "https://covers.openlibrary.org/b/id/1-L.jpg",
        // Its stored copy is not in yet: the tile says so instead of showing Open Library's link.
        coverOnItsWay: true,
      },
      { _id: own, title: "Own cover", author: "A", status: "read", rating: 4.25, coverUrl: "https://storage.example/own.jpg" },
    ]);
  });

  test("says a cover is being found only while a lookup is queued or under way, never for one nobody will make", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    const never = await addBook(as, "Never queued", "A");
    const queued = await addBook(as, "Queued by the import", "B");
    const another = await addBook(as, "Another cover asked for", "C");
    const landed = await addBook(as, "Queued, cover landed", "D");
    await t.run(async (ctx) => {
      const importId = await ctx.db.insert("imports", { userId, clientImportId: "p", format: "csv", createdAt: Date.now() });
      const backfillId = await ctx.db.insert("coverBackfills", {
        userId,
        trigger: "import",
        importId,
        total: 2,
        processed: 0,
        found: 0,
        notFound: 0,
        state: "running",
        startedAt: Date.now(),
        updatedAt: Date.now(),
      });
      for (const bookId of [queued, landed]) await ctx.db.insert("coverBackfillQueue", { backfillId, userId, bookId });
      await ctx.db.patch("books", another, { coverAttemptedAt: Date.now(), coverLookupStartedAt: Date.now() });
      await ctx.db.patch("books", landed, { apiCoverUrl: "https://covers.openlibrary.org/b/id/3-L.jpg" });
    });
    const pending = (tiles: { _id: Id<"books">; coverPending?: true }[]) =>
      tiles.filter((tile) => tile.coverPending).map((tile) => tile._id);
    expect(pending(await allTiles(as, {})).sort()).toEqual([queued, another].sort());
    expect(pending(await allTiles(as, { search: "queued" }))).toEqual([queued]);
    expect(pending(await allTiles(as, { sort: "title", status: "read" })).sort()).toEqual([queued, another].sort());
    expect(pending(await allTiles(as, {}))).not.toContain(never);
  });

  test("never lists another reader's books, in any order, filter or search", async () => {
    const t = newBackend();
    const alice = await createUser(t, "Alice");
    const bob = await createUser(t, "Bob");
    await addBook(alice.as, "Dune", "Frank Herbert");
    await importRows(bob.as, [{ title: "Dune Messiah", author: "Frank Herbert", status: "read", shelves: ["sf"] }]);
    await finishScheduled(t);
    for (const sort of ["added", "title", "author", "rating"] as const) {
      expect(titles(await allTiles(alice.as, { sort }))).toEqual(["Dune"]);
      expect(titles(await allTiles(alice.as, { sort, status: "read" }))).toEqual(["Dune"]);
      expect(await allTiles(alice.as, { sort, shelf: "sf" })).toEqual([]);
    }
    expect(titles(await allTiles(alice.as, { search: "dune" }))).toEqual(["Dune"]);
  });
});

describe("books.list: pages", () => {
  test("pages follow the cursor through the whole library without repeats, at most 100 per page", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    await importRows(
      as,
      Array.from({ length: 130 }, (_, i) => ({ title: `Book ${i}`, author: "Same Author", status: "read" as const })),
    );
    const big = await as.query(api.books.list, { paginationOpts: first(500) });
    expect(big.page).toHaveLength(LIST_PAGE_MAX);
    expect(big.isDone).toBe(false);
    const rest = await as.query(api.books.list, { paginationOpts: { numItems: 500, cursor: big.continueCursor } });
    expect(rest.page).toHaveLength(30);
    expect(rest.isDone).toBe(true);
    const all = await allTiles(as, {}, 7);
    expect(new Set(all.map((b) => b._id)).size).toBe(130);
    expect(all).toHaveLength(130);
  });

  test("rejects a page size below one and over-long search text with clear errors", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    await expect(as.query(api.books.list, { paginationOpts: first(0) })).rejects.toMatchObject({
      data: { code: "invalid_argument", message: "Ask for at least one book per page." },
    });
    await expect(as.query(api.books.list, { paginationOpts: first(10), search: "x".repeat(101) })).rejects.toMatchObject({
      data: { code: "invalid_argument", message: "Search for at most 100 characters." },
    });
  });
});

describe("books.list: orders", () => {
  test("date added: newest first, an imported library in its own date-added order", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    await importRows(as, [
      { title: "Added 2019", author: "A", status: "read", dateAdded: "2019-05-01" },
      { title: "Added 2023", author: "A", status: "read", dateAdded: "2023-01-09" },
      { title: "Added 2021", author: "A", status: "read", dateAdded: "2021-12-31" },
    ]);
    await addBook(as, "Added today");
    expect(titles(await allTiles(as))).toEqual(["Added today", "Added 2023", "Added 2021", "Added 2019"]);
  });

  test("title: A to Z ignoring case, accents and a leading article, numbers by value", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    for (const title of ["the zebra", "Émile", "A Book 10", "Book 9", "Apple"]) await addBook(as, title);
    expect(titles(await allTiles(as, { sort: "title" }))).toEqual(["Apple", "Book 9", "A Book 10", "Émile", "the zebra"]);
  });

  test("author: by surname; rating: best first, unrated last", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    await importRows(as, [
      { title: "Zed", author: "Zadie Smith", status: "read", rating: 3 },
      { title: "Ash", author: "Isaac Asimov", status: "read" },
      { title: "Lee", author: "Ursula K. Le Guin", status: "read", rating: 4 },
      { title: "Ban", author: "Iain M. Banks", status: "read", rating: 1 },
    ]);
    expect(titles(await allTiles(as, { sort: "author" }))).toEqual(["Ash", "Ban", "Lee", "Zed"]);
    expect(titles(await allTiles(as, { sort: "rating" }))).toEqual(["Lee", "Zed", "Ban", "Ash"]);
  });

  test("an edit moves the book: a new title re-sorts it", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addBook(as, "Middle");
    await addBook(as, "Alpha");
    await addBook(as, "Omega");
    await as.mutation(api.books.update, { bookId: id, title: "Zulu" });
    expect(titles(await allTiles(as, { sort: "title" }))).toEqual(["Alpha", "Omega", "Zulu"]);
  });
});

describe("books.list: status filter", () => {
  test("every status filters, in every order", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    for (const status of BOOK_STATUSES) {
      await addBook(as, `${status} one`, "A", status);
      await addBook(as, `${status} two`, "B", status);
    }
    for (const status of BOOK_STATUSES) {
      for (const sort of ["added", "title", "author", "rating"] as const) {
        const tiles = await allTiles(as, { status, sort });
        expect(tiles.map((b) => b.status)).toEqual([status, status]);
      }
    }
    const edited = (await allTiles(as, { status: BOOK_STATUSES[0] }))[0]._id;
    await as.mutation(api.books.update, { bookId: edited, status: BOOK_STATUSES[1] });
    expect(await allTiles(as, { status: BOOK_STATUSES[0] })).toHaveLength(1);
    expect(await allTiles(as, { status: BOOK_STATUSES[1] })).toHaveLength(3);
  });
});

describe("books.list: search", () => {
  test("finds books by title or author words, within a status, and nothing else", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    await addBook(as, "Dune", "Frank Herbert", "read");
    await addBook(as, "Children of Dune", "Frank Herbert", "want-to-read");
    await addBook(as, "The Left Hand of Darkness", "Ursula K. Le Guin", "read");
    expect(titles(await allTiles(as, { search: "dune" })).sort()).toEqual(["Children of Dune", "Dune"]);
    expect(titles(await allTiles(as, { search: "  Guin  " }))).toEqual(["The Left Hand of Darkness"]);
    expect(titles(await allTiles(as, { search: "herbert", status: "want-to-read" }))).toEqual(["Children of Dune"]);
    expect(await allTiles(as, { search: "tolkien" })).toEqual([]);
    // Blank search text is no search.
    expect(await allTiles(as, { search: "   " })).toHaveLength(3);
  });

  test("a renamed book is found by its new title only", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addBook(as, "Working Title", "A");
    await as.mutation(api.books.update, { bookId: id, title: "Final Name" });
    expect(await allTiles(as, { search: "working" })).toEqual([]);
    expect(titles(await allTiles(as, { search: "final" }))).toEqual(["Final Name"]);
  });
});

describe("books.list: shelves", () => {
  async function shelvedLibrary() {
    const t = newBackend();
    const { as } = await createUser(t);
    const { createdBookIds } = await importRows(as, [
      { title: "Beta", author: "Ann Bee", status: "read", shelves: ["Fantasy", "favourites"], rating: 2 },
      { title: "Alpha", author: "Cat Dee", status: "want-to-read", shelves: ["fantasy"], rating: 5 },
      { title: "Gamma", author: "Eve Eff", status: "read", shelves: ["horror"] },
      { title: "Delta", author: "Gus Aitch", status: "read" },
    ]);
    await finishScheduled(t);
    return { t, as, ids: createdBookIds as Id<"books">[] };
  }

  test("lists the reader's shelves with counts, one per name whatever its case", async () => {
    const { as } = await shelvedLibrary();
    expect(await as.query(api.library.shelves, {})).toEqual([
      { key: "fantasy", name: "Fantasy", count: 2 },
      { key: "favourites", name: "favourites", count: 1 },
      { key: "horror", name: "horror", count: 1 },
    ]);
  });

  test("a shelf pages in every order, with or without a status", async () => {
    const { as } = await shelvedLibrary();
    expect(titles(await allTiles(as, { shelf: "fantasy", sort: "title" }))).toEqual(["Alpha", "Beta"]);
    expect(titles(await allTiles(as, { shelf: "fantasy", sort: "author" }))).toEqual(["Beta", "Alpha"]);
    expect(titles(await allTiles(as, { shelf: "fantasy", sort: "rating" }))).toEqual(["Alpha", "Beta"]);
    expect(titles(await allTiles(as, { shelf: "fantasy", status: "read" }))).toEqual(["Beta"]);
    expect(titles(await allTiles(as, { shelf: "fantasy", search: "alpha" }))).toEqual(["Alpha"]);
    expect(await allTiles(as, { shelf: "horror", search: "alpha" })).toEqual([]);
    expect(await allTiles(as, { shelf: "no such shelf" })).toEqual([]);
  });

  test("a shelf sync that stopped is started again by a write once it has been silent a minute", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    await importRows(as, [{ title: "First", author: "A", status: "read", shelves: ["kept"] }]);
    // The sync this scheduled never runs (as if its step had failed).
    await t.run(async (ctx) => {
      for (const job of await ctx.db.system.query("_scheduled_functions").collect()) {
        if (job.state.kind === "pending") await ctx.scheduler.cancel(job._id);
      }
    });
    await importRows(as, [{ title: "Second", author: "A", status: "read", shelves: ["kept"] }]);
    await finishScheduled(t);
    // Within the minute the stopped sync still counts as running: nothing was synced.
    expect(await as.query(api.library.shelves, {})).toEqual([]);

    vi.advanceTimersByTime(61_000);
    await importRows(as, [{ title: "Third", author: "A", status: "read", shelves: ["kept"] }]);
    await finishScheduled(t);
    expect(await as.query(api.library.shelves, {})).toEqual([{ key: "kept", name: "kept", count: 3 }]);
    expect(titles(await allTiles(as, { shelf: "kept", sort: "title" }))).toEqual(["First", "Second", "Third"]);
  });

  test("shelf entries follow edits, merges and deletes once the shelf sync has run", async () => {
    const { t, as, ids } = await shelvedLibrary();
    const [beta, alpha, gamma] = ids;
    await as.mutation(api.books.update, { bookId: alpha, status: "read", title: "Aardvark" });
    // A re-import merges a new shelf into Gamma.
    await importRows(as, [{ title: "Gamma", author: "Eve Eff", status: "read", shelves: ["fantasy"] }]);
    await as.mutation(api.books.remove, { bookId: beta });
    await finishScheduled(t);

    expect(titles(await allTiles(as, { shelf: "fantasy", sort: "title", status: "read" }))).toEqual(["Aardvark", "Gamma"]);
    expect(await as.query(api.library.shelves, {})).toEqual([
      { key: "fantasy", name: "Fantasy", count: 2 },
      { key: "horror", name: "horror", count: 1 },
    ]);
    expect((await allTiles(as, { shelf: "horror" })).map((b) => b._id)).toEqual([gamma]);
    const entries = await t.run((ctx) => ctx.db.query("shelfEntries").collect());
    expect(entries.map((e) => e.bookId)).not.toContain(beta);
    expect(await t.run((ctx) => ctx.db.query("shelfSyncQueue").collect())).toEqual([]);
    // Nothing left to sync: the sync's record is gone, so the next write schedules a new one.
    expect(await t.run((ctx) => ctx.db.query("shelfSyncs").collect())).toEqual([]);
  });
});

describe('books.list: withoutCover ("No cover yet")', () => {
  test("pages through the books with neither cover, each saying why, and follows the status and search", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    const found = await addBook(as, "Found cover", "A");
    const own = await addBook(as, "Own cover", "B");
    const notFound = await addBook(as, "Nothing found", "C");
    const unavailable = await addBook(as, "Source was down", "D", "want-to-read");
    const fresh = await addBook(as, "Not looked up", "E");
    await t.mutation(internal.books.writeApiCover, {
      userId,
      bookId: found,
      apiCoverUrl: "https://covers.openlibrary.org/b/id/7-L.jpg",
      apiSource: "open-library",
    });
    await as.mutation(api.books.chooseCover, { bookId: own, url: "https://covers.openlibrary.org/b/id/8-L.jpg" });
    await t.mutation(internal.books.recordCoverAttempt, { userId, bookId: notFound, reason: "not_found", backoff: true });
    await t.mutation(internal.books.recordCoverAttempt, { userId, bookId: unavailable, reason: "timeout", backoff: true });
    const retryAt = (await as.query(api.books.get, { bookId: unavailable }))!.coverRetryAt;
    expect(retryAt).toBeGreaterThan(Date.now());

    // Two per page, following the cursor: every book without a cover, once, and no other.
    const tiles = await allTiles(as, { withoutCover: true }, 2);
    expect(tiles.map((tile) => tile._id).sort()).toEqual([notFound, unavailable, fresh].sort());
    const byId = new Map(tiles.map((tile) => [tile._id, tile]));
    expect(byId.get(notFound)?.missingCover).toEqual({ reason: "not_found" });
    expect(byId.get(unavailable)?.missingCover).toEqual({ reason: "source_unavailable", retryAt });
    expect(byId.get(fresh)?.missingCover).toEqual({ reason: "not_looked_up" });
    expect((await as.query(api.library.counts, {})).withoutCover).toBe(3);

    expect(titles(await allTiles(as, { withoutCover: true, status: "want-to-read" }))).toEqual(["Source was down"]);
    expect(titles(await allTiles(as, { withoutCover: true, search: "cover" }))).toEqual([]);
    expect(titles(await allTiles(as, { withoutCover: true, search: "nothing" }))).toEqual(["Nothing found"]);
  });

  test("a page reads only the books without a cover, however many have one", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    const { createdBookIds } = await importRows(
      as,
      Array.from({ length: 120 }, (_, i) => ({ title: `Book ${i}`, author: "A", status: "read" as const })),
    );
    for (const [i, bookId] of createdBookIds.slice(0, 115).entries()) {
      await t.mutation(internal.books.writeApiCover, {
        userId,
        bookId,
        apiCoverUrl: `https://covers.openlibrary.org/b/id/${100 + i}-L.jpg`,
        apiSource: "open-library",
      });
    }
    const read = await as.run(async (ctx) => {
      const { listLibraryPage } = await import("../../convex/model/libraryListing");
      const page = await listLibraryPage(ctx, userId, { paginationOpts: first(50), withoutCover: true });
      const metrics = await ctx.meta.getTransactionMetrics();
      return { tiles: page.page.length, documents: metrics.documentsRead.used };
    });
    expect(read.tiles).toBe(5);
    // The five books, each one's queue check reads nothing more: no book with a cover is read.
    expect(read.documents).toBeLessThan(20);
  });
});
