/**
 * Stored covers: one copy per source cover for the whole deployment, fetched once through the image
 * host's pacing and checked; refused images never stored and never returned to a book (invariant 8);
 * the reader's own cover never touched (invariant 1); copies swept when no book uses them; the
 * migration for books stored as links.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import { setLookupPacer } from "../../convex/model/backfillRun";
import { unlimited } from "../../lib/cover/rateLimiter";
import { coverImageHandler, coverJpeg, openLibraryNoCover, type CoverImageAnswer } from "../msw/coverImages";
import { coverSourceHandlers, type CatalogueBook } from "../msw/coverSources";
import { server } from "../msw/server";
import { createUser, newBackend, type SignedIn, type TestConvex } from "../support/users";

const cover = (id: number) => `https://covers.openlibrary.org/b/id/${id}-L.jpg`;
const TITLE = "The Glass Orchard";
const AUTHOR = "Wren Ashdown";
/** Open Library knows the book as two works: covers 501, then 502. */
const EDITIONS: CatalogueBook[] = [
  { title: TITLE, authors: [AUTHOR], coverId: 501 },
  { title: TITLE, authors: [AUTHOR], coverId: 502 },
];

let restore: () => void;
let imageRequests: string[];
beforeEach(() => {
  vi.useFakeTimers();
  imageRequests = [];
  delete process.env.GOOGLE_BOOKS_API_KEY;
  restore = setLookupPacer(unlimited);
  server.use(...coverSourceHandlers({ books: EDITIONS }));
  imageHost(() => ({ kind: "image", bytes: coverJpeg() }));
});
afterEach(() => {
  restore();
  vi.useRealTimers();
});

function imageHost(answer: (coverId: number | null) => CoverImageAnswer) {
  server.use(coverImageHandler(answer, (url) => imageRequests.push(url)));
}

async function settle(t: TestConvex) {
  await t.finishAllScheduledFunctions(vi.runAllTimers);
}

async function addAndFind(as: SignedIn): Promise<Id<"books">> {
  const id = await as.mutation(api.books.create, { title: TITLE, author: AUTHOR, status: "read" });
  await as.action(api.books.fetchCover, { bookId: id });
  return id;
}

const copies = (t: TestConvex) => t.run((ctx) => ctx.db.query("storedCovers").collect());
const files = (t: TestConvex) => t.run((ctx) => ctx.db.system.query("_storage").collect());
const bookOf = (t: TestConvex, id: Id<"books">) => t.run((ctx) => ctx.db.get("books", id));
const tileOf = async (as: SignedIn, id: Id<"books">) =>
  (await as.query(api.books.list, { paginationOpts: { numItems: 50, cursor: null } })).page.find((b) => b._id === id);

describe("one stored copy per source cover", () => {
  test("a found cover is fetched once, checked and stored; the book keeps the source URL and its tile shows the copy", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addAndFind(as);
    expect(await bookOf(t, id)).toMatchObject({ apiCoverUrl: cover(501), foundCoverKey: "ol:501" });
    // Before the copy is in: the tile says the cover is on its way, and never shows the source's link.
    const waiting = await tileOf(as, id);
    expect(waiting).toMatchObject({ apiCoverUrl: cover(501), coverOnItsWay: true });
    expect(waiting?.coverImageUrl).toBeUndefined();

    await settle(t);
    const [copy] = await copies(t);
    expect(copy).toMatchObject({ key: "ol:501", state: "stored", width: 333, height: 500, mime: "image/jpeg" });
    expect(imageRequests).toEqual([cover(501)]);
    const tile = await tileOf(as, id);
    expect(tile?.coverImageUrl).toBe(copy.url);
    expect(tile?.coverImageUrl).not.toContain("openlibrary.org");
    expect(tile?.coverOnItsWay).toBeUndefined();
  });

  test("ten readers with the same book share one stored file, fetched once", async () => {
    const t = newBackend();
    for (let r = 0; r < 10; r++) {
      const { as } = await createUser(t, `Reader ${r}`);
      await addAndFind(as);
      await settle(t);
    }
    expect(await copies(t)).toHaveLength(1);
    expect(await files(t)).toHaveLength(1);
    expect(imageRequests).toHaveLength(1);
  });

  test("a placeholder is refused, never stored, taken off the book, and the book gets the next cover (invariant 8)", async () => {
    imageHost((coverId) =>
      coverId === 501
        ? { kind: "image", bytes: openLibraryNoCover(), contentType: "image/gif" }
        : { kind: "image", bytes: coverJpeg() },
    );
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addAndFind(as);
    await settle(t);
    const book = await bookOf(t, id);
    expect(book?.apiCoverUrl).toBe(cover(502));
    expect(book?.rejectedCovers).toContain("ol:501");
    const byKey = Object.fromEntries((await copies(t)).map((c) => [c.key, c]));
    expect(byKey["ol:501"]).toMatchObject({ state: "refused", refusal: "placeholder" });
    expect(byKey["ol:501"].storageId).toBeUndefined();
    expect(byKey["ol:502"]).toMatchObject({ state: "stored" });
    expect(await files(t)).toHaveLength(1);

    // Another reader's lookup finds 501 first too: the refused cover is never written on their book.
    const other = await createUser(t, "Other");
    const otherId = await other.as.mutation(api.books.create, { title: TITLE, author: AUTHOR, status: "read" });
    await other.as.action(api.books.fetchCover, { bookId: otherId });
    await settle(t);
    expect((await bookOf(t, otherId))?.apiCoverUrl).toBe(cover(502));
    // Writing it directly through the engine's writer is refused as well.
    const outcome = await t.mutation(internal.books.writeApiCover, {
      userId: other.userId,
      bookId: otherId,
      apiCoverUrl: cover(501),
      apiSource: "open-library",
    });
    expect(outcome).not.toBe("written");
  });

  test("a 429 or a timeout while fetching a copy refuses nothing: the copy is fetched later", async () => {
    let fail = true;
    imageHost(() => (fail ? { kind: "status", status: 429 } : { kind: "image", bytes: coverJpeg() }));
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addAndFind(as);
    await t.finishInProgressScheduledFunctions();
    await vi.advanceTimersByTimeAsync(100);
    await t.finishInProgressScheduledFunctions();
    fail = false;
    await settle(t);
    expect(await bookOf(t, id)).toMatchObject({ apiCoverUrl: cover(501) });
    expect((await copies(t))[0]).toMatchObject({ key: "ol:501", state: "stored" });
    expect(imageRequests.length).toBeGreaterThan(1);
  });

  test("a chosen cover gets the same stored copy, in its own field: coverStorageId stays the reader's uploads only", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await as.mutation(api.books.create, { title: TITLE, author: AUTHOR, status: "read" });
    await as.mutation(api.books.chooseCover, { bookId: id, url: cover(502) });
    await settle(t);
    const book = await bookOf(t, id);
    expect(book).toMatchObject({ coverUrl: cover(502), chosenCoverKey: "ol:502" });
    expect(book?.coverStorageId).toBeUndefined();
    const [copy] = await copies(t);
    expect(copy).toMatchObject({ key: "ol:502", state: "stored" });
    expect((await tileOf(as, id))?.coverImageUrl).toBe(copy.url);
  });

  test("a Google Books cover stays a link by its terms: no copy, no request, and the tile shows Google's link", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    const id = await as.mutation(api.books.create, { title: TITLE, author: AUTHOR, status: "read" });
    const google = "https://books.google.com/books/content?id=xyYVAAAAYAAJ&printsec=frontcover&img=1&zoom=1";
    await t.mutation(internal.books.writeApiCover, { userId, bookId: id, apiCoverUrl: google, apiSource: "google-books" });
    await settle(t);
    expect(await copies(t)).toHaveLength(0);
    expect(imageRequests).toHaveLength(0);
    const tile = await tileOf(as, id);
    expect(tile?.coverImageUrl).toBe(google);
    expect(tile?.coverOnItsWay).toBeUndefined();
  });

  test("the copy fetcher never writes a book's cover fields (invariant 1)", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addAndFind(as);
    await as.mutation(api.books.chooseCover, { bookId: id, url: cover(502) });
    const before = await bookOf(t, id);
    await settle(t);
    const after = await bookOf(t, id);
    expect({ coverUrl: after?.coverUrl, apiCoverUrl: after?.apiCoverUrl }).toEqual({
      coverUrl: before?.coverUrl,
      apiCoverUrl: before?.apiCoverUrl,
    });
  });
});

describe("unreferenced copies are swept", () => {
  test("deleting a book removes a copy only that book used; another reader's use keeps it", async () => {
    const t = newBackend();
    const alice = await createUser(t, "Alice");
    const bob = await createUser(t, "Bob");
    const a = await addAndFind(alice.as);
    const b = await addAndFind(bob.as);
    await settle(t);
    expect(await files(t)).toHaveLength(1);

    await alice.as.mutation(api.books.remove, { bookId: a });
    expect(await files(t)).toHaveLength(1);
    await bob.as.mutation(api.books.remove, { bookId: b });
    expect(await files(t)).toHaveLength(0);
    expect(await copies(t)).toHaveLength(0);
  });

  test('"Delete all my books" leaves no copy only those books used, and keeps the one another reader uses', async () => {
    const t = newBackend();
    const alice = await createUser(t, "Alice");
    const bob = await createUser(t, "Bob");
    await addAndFind(alice.as);
    const mine = await alice.as.mutation(api.books.create, { title: "Another", author: AUTHOR, status: "read" });
    await alice.as.mutation(api.books.chooseCover, { bookId: mine, url: cover(777) });
    await addAndFind(bob.as);
    await settle(t);
    expect((await copies(t)).map((c) => c.key).sort()).toEqual(["ol:501", "ol:777"]);

    await alice.as.mutation(api.library.deleteAllBooks, { confirmation: "DELETE" });
    await settle(t);
    expect((await copies(t)).map((c) => c.key)).toEqual(["ol:501"]);
    expect(await files(t)).toHaveLength(1);
  });

  test('"Not this cover" drops the copy the book no longer uses', async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addAndFind(as);
    await settle(t);
    await as.mutation(api.books.rejectCover, { bookId: id });
    await settle(t);
    expect((await copies(t)).map((c) => c.key)).toEqual(["ol:502"]);
    expect(await files(t)).toHaveLength(1);
  });
});

describe("the migration for covers stored as links", () => {
  test("gives books written before stored covers their keys and copies, and is safe to run again", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const ids: Id<"books">[] = [];
    for (let i = 0; i < 3; i++) {
      const id = await as.mutation(api.books.create, { title: `Old ${i}`, author: AUTHOR, status: "read" });
      // As an older version wrote them: the link only.
      await t.run((ctx) => ctx.db.patch("books", id, { apiCoverUrl: cover(900 + i), apiSource: "open-library" }));
      ids.push(id);
    }
    await t.mutation(internal.storedCovers.migrateCoverCopies, {});
    await settle(t);
    expect((await copies(t)).map((c) => [c.key, c.state]).sort()).toEqual([
      ["ol:900", "stored"],
      ["ol:901", "stored"],
      ["ol:902", "stored"],
    ]);
    for (const [i, id] of ids.entries()) expect(await bookOf(t, id)).toMatchObject({ foundCoverKey: `ol:${900 + i}` });
    const again = await t.mutation(internal.storedCovers.migrateCoverCopies, {});
    expect(again.updated).toBe(0);
    expect(imageRequests).toHaveLength(3);
  });
});
