import { http } from "msw";
import { describe, expect, test, vi } from "vitest";
import { api, internal } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import {
  COVER_ENDPOINTS,
  coverSourceHandlers,
  failingEndpoint,
  type CatalogueBook,
  type CoverSourceRequest,
} from "../msw/coverSources";
import { server } from "../msw/server";
import { allTiles } from "../support/libraryBooks";
import { fileBytes } from "../support/imageBytes";
import { createUser, newBackend, type SignedIn, type TestConvex } from "../support/users";

const MB = 1024 * 1024;

const NOT_FOUND = { code: "not_found", message: "Book not found." };
const UNAUTHENTICATED = { code: "unauthenticated" };

function invalid(message: string, field?: string) {
  return { data: { code: "invalid_argument", message, ...(field ? { field } : {}) } };
}

/**
 * Stores a file as an upload would: bytes of the kind `contentType` names (see imageBytes.ts; or
 * `bytesOf` when the declared type is a lie), declared as `contentType`. convex-test does not
 * record a blob's type in `_storage` (the real backend records the upload's Content-Type), so the
 * metadata is completed here.
 */
async function storeUpload(
  t: TestConvex,
  contentType: string | undefined,
  size = 2048,
  bytesOf: string | undefined = contentType,
): Promise<Id<"_storage">> {
  const storageId = await t.run((ctx) => ctx.storage.store(new Blob([fileBytes(bytesOf ?? "unknown", size)])));
  if (contentType !== undefined) {
    await t.run(async (ctx) => {
      // Test-only: the app never writes system tables.
      await (ctx.db as unknown as { patch: (table: string, id: string, value: object) => Promise<void> }).patch(
        "_storage",
        storageId,
        { contentType },
      );
    });
  }
  return storageId;
}

/** An upload the reader's `checkCoverUpload` accepted, ready for `create({ coverStorageId })`. */
async function checkedUpload(t: TestConvex, as: SignedIn, contentType: string): Promise<Id<"_storage">> {
  const storageId = await storeUpload(t, contentType);
  await as.action(api.books.checkCoverUpload, { storageId });
  return storageId;
}

async function fileExists(t: TestConvex, storageId: Id<"_storage">): Promise<boolean> {
  return (await t.run((ctx) => ctx.db.system.get("_storage", storageId))) !== null;
}

async function storageUrl(t: TestConvex, storageId: Id<"_storage">): Promise<string | null> {
  return await t.run((ctx) => ctx.storage.getUrl(storageId));
}

async function readBook(t: TestConvex, bookId: Id<"books">) {
  return await t.run((ctx) => ctx.db.get("books", bookId));
}

async function addBook(
  as: SignedIn,
  fields: Partial<{ title: string; author: string; isbn: string; status: "want-to-read" | "currently-reading" | "read" }> = {},
): Promise<Id<"books">> {
  return await as.mutation(api.books.create, {
    title: fields.title ?? "Dune",
    author: fields.author ?? "Frank Herbert",
    status: fields.status ?? "want-to-read",
    ...(fields.isbn !== undefined ? { isbn: fields.isbn } : {}),
  });
}

/** A deleted book's id: valid for `v.id("books")`, but nothing there. */
async function deletedBookId(t: TestConvex): Promise<Id<"books">> {
  const { as } = await createUser(t, "Ghost");
  const id = await addBook(as);
  await as.mutation(api.books.remove, { bookId: id });
  return id;
}

describe("authentication", () => {
  test("every public function rejects unauthenticated calls", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const bookId = await addBook(as);
    const storageId = await storeUpload(t, "image/png");

    const calls: Array<[string, () => Promise<unknown>]> = [
      ["list", () => t.query(api.books.list, { paginationOpts: { numItems: 100, cursor: null } })],
      ["get", () => t.query(api.books.get, { bookId })],
      ["create", () => t.mutation(api.books.create, { title: "X", author: "", status: "read" })],
      ["update", () => t.mutation(api.books.update, { bookId, title: "Y" })],
      ["remove", () => t.mutation(api.books.remove, { bookId })],
      ["generateUploadUrl", () => t.mutation(api.books.generateUploadUrl, {})],
      ["setCover", () => t.action(api.books.setCover, { bookId, storageId })],
      ["checkCoverUpload", () => t.action(api.books.checkCoverUpload, { storageId })],
      ["removeCover", () => t.mutation(api.books.removeCover, { bookId })],
      ["fetchCover", () => t.action(api.books.fetchCover, { bookId })],
    ];
    for (const [name, call] of calls) {
      await expect(call(), name).rejects.toMatchObject({ data: UNAUTHENTICATED });
    }
    // Nothing changed.
    const book = await readBook(t, bookId);
    expect(book).toMatchObject({ title: "Dune" });
    expect(book?.coverUrl).toBeUndefined();
    expect(await fileExists(t, storageId)).toBe(true);
    expect(await t.run((ctx) => ctx.db.query("books").collect())).toHaveLength(1);
  });
});

describe("create", () => {
  test("stores cleaned fields, dedup key and timestamps and returns the id", async () => {
    const t = newBackend();
    const { as, userId } = await createUser(t);
    const before = Date.now();
    const id = await as.mutation(api.books.create, {
      title: "  The Way of Kings  (The Stormlight Archive, #1) ",
      author: " Sanderson,  Brandon ",
      isbn: "0-8044-2957-X",
      status: "currently-reading",
    });
    const book = await readBook(t, id);
    expect(book).toMatchObject({
      userId,
      title: "The Way of Kings (The Stormlight Archive, #1)",
      author: "Sanderson, Brandon",
      isbn: "9780804429573",
      status: "currently-reading",
      dedupKey: "way of kings|brandon sanderson",
    });
    expect(book!.createdAt).toBeGreaterThanOrEqual(before);
    expect(book!.updatedAt).toBe(book!.createdAt);
    expect(book!.coverUrl).toBeUndefined();
    expect(book!.apiCoverUrl).toBeUndefined();
    expect(await as.query(api.books.get, { bookId: id })).toMatchObject({ _id: id, isbn: "9780804429573" });
  });

  test("ISBN-10 ending in X is stored as ISBN-13; no ISBN and a blank ISBN store none", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const withX = await addBook(as, { isbn: "080442957x" });
    expect((await readBook(t, withX))!.isbn).toBe("9780804429573");
    const none = await addBook(as);
    expect(await readBook(t, none)).not.toHaveProperty("isbn");
    const blank = await addBook(as, { isbn: "  " });
    expect(await readBook(t, blank)).not.toHaveProperty("isbn");
  });

  test("an empty author is allowed and stored as ''", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addBook(as, { title: "Beowulf", author: "   " });
    expect(await readBook(t, id)).toMatchObject({ author: "", dedupKey: "beowulf|" });
  });

  test("rejects invalid fields with clear errors and stores nothing", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const cases: Array<[Record<string, string>, ReturnType<typeof invalid>]> = [
      [{ title: "" }, invalid("Title is required", "title")],
      [{ title: " \n " }, invalid("Title is required", "title")],
      [{ title: "t".repeat(301) }, invalid("Title must be at most 300 characters", "title")],
      [{ author: "a".repeat(201) }, invalid("Author must be at most 200 characters", "author")],
      [{ isbn: "0306406153" }, invalid("ISBN check digit is wrong", "isbn")],
      [{ isbn: "978-0-306-40615-8" }, invalid("ISBN check digit is wrong", "isbn")],
      [{ isbn: "12345" }, invalid("ISBN must be 10 or 13 digits", "isbn")],
    ];
    for (const [fields, error] of cases) {
      await expect(
        as.mutation(api.books.create, { title: "Dune", author: "Frank Herbert", status: "read", ...fields }),
        JSON.stringify(fields).slice(0, 40),
      ).rejects.toMatchObject(error);
    }
    expect(await t.run((ctx) => ctx.db.query("books").collect())).toHaveLength(0);
  });

  test("limits are inclusive: 300-character title and 200-character author are accepted", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addBook(as, { title: "t".repeat(300), author: "a".repeat(200) });
    expect((await readBook(t, id))!.title).toHaveLength(300);
  });

  test("error messages never contain the rejected ISBN", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const error = await as
      .mutation(api.books.create, { title: "Dune", author: "", isbn: "0306406153", status: "read" })
      .catch((e: unknown) => e);
    expect(JSON.stringify((error as { data: unknown }).data)).not.toContain("0306406153");
  });

  test("rejects an unknown status through the validator", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    await expect(as.mutation(api.books.create, { title: "Dune", author: "", status: "abandoned" as "read" })).rejects.toThrow();
    expect(await t.run((ctx) => ctx.db.query("books").collect())).toHaveLength(0);
  });

  test("with a valid coverStorageId sets the reader's cover to the storage URL", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const storageId = await checkedUpload(t, as, "image/jpeg");
    const id = await as.mutation(api.books.create, { title: "Dune", author: "", status: "read", coverStorageId: storageId });
    const book = await readBook(t, id);
    expect(book!.coverStorageId).toBe(storageId);
    expect(book!.coverUrl).toBe(await storageUrl(t, storageId));
    expect(book!.coverUrl).toMatch(/^https:\/\//);
  });

  test("with an upload that is not an accepted image fails and creates no book", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const pdf = await storeUpload(t, "application/pdf");
    await expect(as.action(api.books.checkCoverUpload, { storageId: pdf })).rejects.toMatchObject(
      invalid("Cover must be an image (JPEG, PNG, WebP, GIF or AVIF)", "cover"),
    );
    expect(await fileExists(t, pdf)).toBe(false);
    await expect(
      as.mutation(api.books.create, { title: "Dune", author: "", status: "read", coverStorageId: pdf }),
    ).rejects.toMatchObject({ data: { code: "invalid_argument", field: "cover" } });
    expect(await t.run((ctx) => ctx.db.query("books").collect())).toHaveLength(0);
  });

  test("with an upload whose bytes were never checked fails with a clear error and creates no book", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    // Declared image/png, but the create skipped the byte check.
    const unchecked = await storeUpload(t, "image/png");
    await expect(
      as.mutation(api.books.create, { title: "Dune", author: "", status: "read", coverStorageId: unchecked }),
    ).rejects.toMatchObject(invalid("The cover image has not been checked yet. Upload the image again.", "cover"));
    expect(await t.run((ctx) => ctx.db.query("books").collect())).toHaveLength(0);
  });
});

describe("list and get", () => {
  test("list returns only the caller's books, newest first", async () => {
    const t = newBackend();
    const alice = await createUser(t, "Alice");
    const bob = await createUser(t, "Bob");
    const a1 = await addBook(alice.as, { title: "First" });
    await addBook(bob.as, { title: "Bob's book" });
    const a2 = await addBook(alice.as, { title: "Second" });
    const a3 = await addBook(alice.as, { title: "Third" });

    const list = await allTiles(alice.as);
    expect(list.map((b) => b._id)).toEqual([a3, a2, a1]);
    expect((await allTiles(bob.as)).map((b) => b.title)).toEqual(["Bob's book"]);

    const carol = await createUser(t, "Carol");
    expect(await allTiles(carol.as)).toEqual([]);
  });

  test("get returns null for another reader's book and for a deleted book", async () => {
    const t = newBackend();
    const alice = await createUser(t, "Alice");
    const bob = await createUser(t, "Bob");
    const bobsBook = await addBook(bob.as);
    expect(await alice.as.query(api.books.get, { bookId: bobsBook })).toBeNull();
    expect(await alice.as.query(api.books.get, { bookId: await deletedBookId(t) })).toBeNull();
    expect(await bob.as.query(api.books.get, { bookId: bobsBook })).toMatchObject({ _id: bobsBook });
  });
});

describe("update", () => {
  test("edits fields, recomputes the dedup key and bumps updatedAt", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addBook(as, { title: "Dune", author: "Frank Herbert", isbn: "0441013597" });
    await t.run((ctx) => ctx.db.patch("books", id, { updatedAt: 1 }));

    expect(
      await as.mutation(api.books.update, { bookId: id, title: " Dune Messiah ", author: "Herbert, Frank", status: "read" }),
    ).toBeNull();
    const book = await readBook(t, id);
    expect(book).toMatchObject({
      title: "Dune Messiah",
      author: "Herbert, Frank",
      status: "read",
      isbn: "9780441013593",
      dedupKey: "dune messiah|frank herbert",
    });
    expect(book!.updatedAt).toBeGreaterThan(1);
  });

  test("isbn: null or '' clears the ISBN; an ISBN-10 is stored as ISBN-13; absent leaves it", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addBook(as, { isbn: "0441013597" });
    await as.mutation(api.books.update, { bookId: id, status: "read" });
    expect((await readBook(t, id))!.isbn).toBe("9780441013593");
    await as.mutation(api.books.update, { bookId: id, isbn: null });
    expect(await readBook(t, id)).not.toHaveProperty("isbn");
    await as.mutation(api.books.update, { bookId: id, isbn: "0-8044-2957-X" });
    expect((await readBook(t, id))!.isbn).toBe("9780804429573");
    await as.mutation(api.books.update, { bookId: id, isbn: "" });
    expect(await readBook(t, id)).not.toHaveProperty("isbn");
  });

  test("rejects invalid fields and leaves the book unchanged", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addBook(as, { isbn: "0441013597" });
    const before = await readBook(t, id);
    await expect(as.mutation(api.books.update, { bookId: id, title: "  " })).rejects.toMatchObject(
      invalid("Title is required", "title"),
    );
    await expect(as.mutation(api.books.update, { bookId: id, title: "x".repeat(301) })).rejects.toMatchObject(
      invalid("Title must be at most 300 characters", "title"),
    );
    await expect(as.mutation(api.books.update, { bookId: id, author: "x".repeat(201) })).rejects.toMatchObject(
      invalid("Author must be at most 200 characters", "author"),
    );
    await expect(as.mutation(api.books.update, { bookId: id, isbn: "0441013598" })).rejects.toMatchObject(
      invalid("ISBN check digit is wrong", "isbn"),
    );
    expect(await readBook(t, id)).toEqual(before);
  });

  test("changing title, author or ISBN clears failed-lookup bookkeeping; a status change keeps it", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addBook(as);
    const bookkeeping = { coverAttempts: 3, coverRetryAt: 99, coverLastReason: "not_found" as const, coverAttemptedAt: 5 };
    await t.run((ctx) => ctx.db.patch("books", id, bookkeeping));

    await as.mutation(api.books.update, { bookId: id, status: "read", title: "Dune" });
    expect(await readBook(t, id)).toMatchObject(bookkeeping);

    await as.mutation(api.books.update, { bookId: id, title: "Dune (corrected)" });
    const book = await readBook(t, id);
    for (const key of Object.keys(bookkeeping)) expect(book).not.toHaveProperty(key);
  });

  test("never touches covers", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addBook(as);
    const covers = {
      coverUrl: "https://example.test/own.jpg",
      apiCoverUrl: "https://covers.openlibrary.org/b/id/1-L.jpg",
      apiSource: "open-library" as const,
    };
    await t.run((ctx) => ctx.db.patch("books", id, covers));
    await as.mutation(api.books.update, { bookId: id, title: "Other", author: "Someone", isbn: null });
    expect(await readBook(t, id)).toMatchObject(covers);
  });

  test("another reader's book fails exactly like a missing one and stays unchanged", async () => {
    const t = newBackend();
    const alice = await createUser(t, "Alice");
    const bob = await createUser(t, "Bob");
    const bobsBook = await addBook(bob.as);
    const before = await readBook(t, bobsBook);
    await expect(alice.as.mutation(api.books.update, { bookId: bobsBook, title: "Mine" })).rejects.toMatchObject({
      data: NOT_FOUND,
    });
    await expect(alice.as.mutation(api.books.update, { bookId: await deletedBookId(t), title: "Mine" })).rejects.toMatchObject({
      data: NOT_FOUND,
    });
    // Ownership is checked before validation: an invalid edit of a foreign book is still "not found".
    await expect(alice.as.mutation(api.books.update, { bookId: bobsBook, title: "" })).rejects.toMatchObject({
      data: NOT_FOUND,
    });
    expect(await readBook(t, bobsBook)).toEqual(before);
  });
});

describe("update: the reading details (book page)", () => {
  test("sets and clears rating, shelves and dates; the wall's rating order and shelves follow", async () => {
    vi.useFakeTimers();
    try {
      const t = newBackend();
      const { as } = await createUser(t);
      const id = await addBook(as, { title: "Dune", author: "Frank Herbert" });
      await as.mutation(api.books.update, {
        bookId: id,
        rating: 3.75,
        shelves: [" sci-fi ", "Favourites", "SCI-FI", ""],
        dateRead: "2024-02-29",
        dateAdded: "2020-01-05",
      });
      expect(await readBook(t, id)).toMatchObject({
        rating: 3.75,
        shelves: ["sci-fi", "Favourites"],
        dateRead: "2024-02-29",
        dateAdded: "2020-01-05",
        addedAt: Date.UTC(2020, 0, 5),
      });
      expect((await allTiles(as, { sort: "rating" }))[0]).toMatchObject({ _id: id, rating: 3.75 });
      await t.finishAllScheduledFunctions(() => vi.runOnlyPendingTimers(), 100);
      expect((await as.query(api.library.shelves, {})).map((shelf) => shelf.name).sort()).toEqual(["Favourites", "sci-fi"]);

      await as.mutation(api.books.update, { bookId: id, rating: null, shelves: [], dateRead: null, dateAdded: "" });
      const cleared = await readBook(t, id);
      expect(cleared).not.toHaveProperty("rating");
      expect(cleared).not.toHaveProperty("shelves");
      expect(cleared).not.toHaveProperty("dateRead");
      expect(cleared).not.toHaveProperty("dateAdded");
      await t.finishAllScheduledFunctions(() => vi.runOnlyPendingTimers(), 100);
      expect(await as.query(api.library.shelves, {})).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  test.each([
    [{ rating: 0 }, "rating"],
    [{ rating: 4.1 }, "rating"],
    [{ rating: 5.25 }, "rating"],
    [{ shelves: ["x".repeat(65)] }, "shelves"],
    [{ shelves: Array.from({ length: 51 }, (_, i) => `shelf ${i}`) }, "shelves"],
    [{ dateRead: "2023-02-30" }, "dateRead"],
    [{ dateAdded: "yesterday" }, "dateAdded"],
  ])("refuses %j with a %s error and changes nothing", async (fields, field) => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addBook(as, { title: "Dune", author: "Frank Herbert" });
    await as.mutation(api.books.update, { bookId: id, rating: 4 });
    await expect(as.mutation(api.books.update, { bookId: id, title: "Changed", ...fields })).rejects.toMatchObject({
      data: { code: "invalid_argument", field },
    });
    expect(await readBook(t, id)).toMatchObject({ title: "Dune", rating: 4 });
  });
});

describe("remove", () => {
  test("deletes the book and its uploaded cover file", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const storageId = await checkedUpload(t, as, "image/png");
    const id = await as.mutation(api.books.create, { title: "Dune", author: "", status: "read", coverStorageId: storageId });
    const other = await addBook(as, { title: "Other" });

    expect(await as.mutation(api.books.remove, { bookId: id })).toBeNull();
    expect(await readBook(t, id)).toBeNull();
    expect(await fileExists(t, storageId)).toBe(false);
    expect((await allTiles(as)).map((b) => b._id)).toEqual([other]);
  });

  test("removing a book whose cover file is already gone still works", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const storageId = await checkedUpload(t, as, "image/png");
    const id = await as.mutation(api.books.create, { title: "Dune", author: "", status: "read", coverStorageId: storageId });
    await t.run((ctx) => ctx.storage.delete(storageId));
    await as.mutation(api.books.remove, { bookId: id });
    expect(await readBook(t, id)).toBeNull();
  });

  test("another reader's book fails exactly like a missing one; nothing is deleted", async () => {
    const t = newBackend();
    const alice = await createUser(t, "Alice");
    const bob = await createUser(t, "Bob");
    const storageId = await checkedUpload(t, bob.as, "image/png");
    const bobsBook = await bob.as.mutation(api.books.create, {
      title: "Dune",
      author: "",
      status: "read",
      coverStorageId: storageId,
    });
    await expect(alice.as.mutation(api.books.remove, { bookId: bobsBook })).rejects.toMatchObject({ data: NOT_FOUND });
    await expect(alice.as.mutation(api.books.remove, { bookId: await deletedBookId(t) })).rejects.toMatchObject({
      data: NOT_FOUND,
    });
    expect(await readBook(t, bobsBook)).not.toBeNull();
    expect(await fileExists(t, storageId)).toBe(true);
  });
});

describe("own cover upload", () => {
  test("the stored bytes decide, not the declared type: HTML labelled image/png and SVG labelled image/gif are refused and deleted", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addBook(as);
    const html = await storeUpload(t, "image/png", 2048, "text/html");
    await expect(as.action(api.books.setCover, { bookId: id, storageId: html })).rejects.toMatchObject(
      invalid("Cover must be an image (JPEG, PNG, WebP, GIF or AVIF)", "cover"),
    );
    expect(await fileExists(t, html)).toBe(false);
    const svg = await storeUpload(t, "image/gif", 2048, "image/svg+xml");
    await expect(as.action(api.books.checkCoverUpload, { storageId: svg })).rejects.toMatchObject(
      invalid("Cover must be an image (JPEG, PNG, WebP, GIF or AVIF)", "cover"),
    );
    expect(await fileExists(t, svg)).toBe(false);
    await expect(
      as.mutation(api.books.create, { title: "Forged", author: "", status: "read", coverStorageId: svg }),
    ).rejects.toMatchObject({ data: { code: "invalid_argument", field: "cover" } });
    expect(await readBook(t, id)).not.toHaveProperty("coverUrl");
    // A real PNG declared as JPEG is still an image: it is accepted as what it is.
    const png = await storeUpload(t, "image/jpeg", 2048, "image/png");
    expect(await as.action(api.books.setCover, { bookId: id, storageId: png })).toBeNull();
  });

  test("a reader (a guest too) may have at most 10 uploads waiting to be attached, with a clear error past that", async () => {
    const t = newBackend();
    const guestId = await t.run((ctx) => ctx.db.insert("users", { isAnonymous: true }));
    const sessionId = await t.run((ctx) =>
      ctx.db.insert("authSessions", { userId: guestId, expirationTime: Date.now() + 86_400_000 }),
    );
    const guest = t.withIdentity({ subject: `${guestId}|${sessionId}` });
    for (let i = 0; i < 10; i++) await guest.mutation(api.books.generateUploadUrl, {});
    await expect(guest.mutation(api.books.generateUploadUrl, {})).rejects.toMatchObject({
      data: {
        code: "too_many_uploads",
        message: "You have 10 cover uploads waiting to be added to a book. Add them, or wait an hour, before uploading more.",
      },
    });
    // Another reader is not affected.
    const { as } = await createUser(t, "Other");
    expect(await as.mutation(api.books.generateUploadUrl, {})).toMatch(/^https:\/\//);
    // Attaching one frees a place.
    const bookId = await guest.mutation(api.books.create, { title: "Mine", author: "", status: "read" });
    const storageId = await storeUpload(t, "image/png");
    await guest.action(api.books.setCover, { bookId, storageId });
    expect(await guest.mutation(api.books.generateUploadUrl, {})).toMatch(/^https:\/\//);
  });

  test("the sweep deletes uploads nobody attached within an hour, and keeps attached and recent ones", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const t = newBackend();
      const { as } = await createUser(t);
      const bookId = await addBook(as);
      await as.mutation(api.books.generateUploadUrl, {});
      const neverChecked = await storeUpload(t, "image/png");
      await as.mutation(api.books.generateUploadUrl, {});
      const checkedOnly = await checkedUpload(t, as, "image/png");
      const attached = await storeUpload(t, "image/png");
      await as.action(api.books.setCover, { bookId, storageId: attached });
      vi.setSystemTime(Date.now() + 61 * 60_000);
      const recent = await storeUpload(t, "image/png");
      expect(await t.mutation(internal.books.sweepUnattachedUploads, {})).toBe(2);
      expect(await fileExists(t, neverChecked)).toBe(false);
      expect(await fileExists(t, checkedOnly)).toBe(false);
      expect(await fileExists(t, attached)).toBe(true);
      expect(await fileExists(t, recent)).toBe(true);
      expect(await t.run((ctx) => ctx.db.query("coverUploads").collect())).toEqual([]);
      // Swept files are gone for good: attaching one is a clear error.
      await expect(as.action(api.books.setCover, { bookId, storageId: checkedOnly })).rejects.toMatchObject(
        invalid("Cover upload not found. Upload the image again.", "cover"),
      );
      // Run by a cron every ten minutes.
      const { default: crons } = await import("../../convex/crons");
      const job = Object.values((crons as unknown as { crons: Record<string, { name: string; schedule: unknown }> }).crons).find(
        (c) => c.name === "books:sweepUnattachedUploads",
      );
      expect(job?.schedule).toMatchObject({ type: "interval", minutes: 10 });
    } finally {
      vi.useRealTimers();
    }
  });

  test("generateUploadUrl returns an upload URL", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    expect(await as.mutation(api.books.generateUploadUrl, {})).toMatch(/^https:\/\/.+/);
  });

  test("setCover accepts each image type and sets coverUrl to the storage URL", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addBook(as);
    for (const type of ["image/jpeg", "image/png", "image/webp", "image/gif", "image/avif"]) {
      const storageId = await storeUpload(t, type, 100 + type.length);
      expect(await as.action(api.books.setCover, { bookId: id, storageId })).toBeNull();
      const book = await readBook(t, id);
      expect(book!.coverStorageId).toBe(storageId);
      expect(book!.coverUrl).toBe(await storageUrl(t, storageId));
    }
    // get hands the ready-to-use URL to the UI.
    const book = await as.query(api.books.get, { bookId: id });
    expect(book!.coverUrl).toMatch(/^https:\/\//);
  });

  test("a file that is already another book's cover is refused and left alone", async () => {
    const t = newBackend();
    const alice = await createUser(t, "Alice");
    const bob = await createUser(t, "Bob");
    const alicesBook = await addBook(alice.as);
    const storageId = await storeUpload(t, "image/png");
    await alice.as.action(api.books.setCover, { bookId: alicesBook, storageId });

    const bobsBook = await addBook(bob.as);
    await expect(bob.as.action(api.books.setCover, { bookId: bobsBook, storageId })).rejects.toThrow(
      /already another book's cover/,
    );
    await expect(
      bob.as.mutation(api.books.create, { title: "Taken", author: "", status: "read", coverStorageId: storageId }),
    ).rejects.toThrow(/already another book's cover/);
    // Alice's cover and its file are intact; Bob's book has none.
    expect(await t.run((ctx) => ctx.db.system.get("_storage", storageId))).not.toBeNull();
    expect((await t.run((ctx) => ctx.db.get("books", alicesBook)))!.coverStorageId).toBe(storageId);
    expect(await t.run((ctx) => ctx.db.get("books", bobsBook))).not.toHaveProperty("coverStorageId");
    // Setting the same file again on its own book is fine.
    expect(await alice.as.action(api.books.setCover, { bookId: alicesBook, storageId })).toBeNull();
  });

  test("setCover replaces the previous upload and deletes its file", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addBook(as);
    const first = await storeUpload(t, "image/png", 10);
    const second = await storeUpload(t, "image/png", 20);
    await as.action(api.books.setCover, { bookId: id, storageId: first });
    await as.action(api.books.setCover, { bookId: id, storageId: second });
    expect(await fileExists(t, first)).toBe(false);
    expect(await fileExists(t, second)).toBe(true);
    expect((await readBook(t, id))!.coverStorageId).toBe(second);
    // Setting the same file again keeps it.
    await as.action(api.books.setCover, { bookId: id, storageId: second });
    expect(await fileExists(t, second)).toBe(true);
  });

  test("setCover rejects non-images and deletes the uploaded file", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addBook(as);
    const own = await storeUpload(t, "image/png", 10);
    await as.action(api.books.setCover, { bookId: id, storageId: own });
    const before = await readBook(t, id);

    for (const type of ["application/pdf", "image/svg+xml", "text/html", undefined]) {
      const storageId = await storeUpload(t, type);
      await expect(as.action(api.books.setCover, { bookId: id, storageId }), String(type)).rejects.toMatchObject(
        invalid("Cover must be an image (JPEG, PNG, WebP, GIF or AVIF)", "cover"),
      );
      expect(await fileExists(t, storageId), String(type)).toBe(false);
    }
    // The cover the reader had stays, file included.
    expect(await readBook(t, id)).toEqual(before);
    expect(await fileExists(t, own)).toBe(true);
  });

  test("setCover accepts exactly 5 MB and rejects (and deletes) a larger file", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addBook(as);
    const tooLarge = await storeUpload(t, "image/jpeg", 5 * MB + 1);
    await expect(as.action(api.books.setCover, { bookId: id, storageId: tooLarge })).rejects.toMatchObject(
      invalid("Cover image must be at most 5 MB", "cover"),
    );
    expect(await fileExists(t, tooLarge)).toBe(false);
    expect((await readBook(t, id))!.coverUrl).toBeUndefined();

    const limit = await storeUpload(t, "image/jpeg", 5 * MB);
    await as.action(api.books.setCover, { bookId: id, storageId: limit });
    expect((await readBook(t, id))!.coverStorageId).toBe(limit);
  });

  test("setCover with an upload that no longer exists fails clearly", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addBook(as);
    const storageId = await storeUpload(t, "image/png");
    await t.run((ctx) => ctx.storage.delete(storageId));
    await expect(as.action(api.books.setCover, { bookId: id, storageId })).rejects.toMatchObject(
      invalid("Cover upload not found. Upload the image again.", "cover"),
    );
  });

  test("setCover on another reader's book fails like a missing one and leaves the file alone", async () => {
    const t = newBackend();
    const alice = await createUser(t, "Alice");
    const bob = await createUser(t, "Bob");
    const bobsBook = await addBook(bob.as);
    const before = await readBook(t, bobsBook);
    const image = await storeUpload(t, "image/png");
    const pdf = await storeUpload(t, "application/pdf");
    for (const storageId of [image, pdf]) {
      await expect(alice.as.action(api.books.setCover, { bookId: bobsBook, storageId })).rejects.toMatchObject({
        data: NOT_FOUND,
      });
      await expect(alice.as.action(api.books.setCover, { bookId: await deletedBookId(t), storageId })).rejects.toMatchObject({
        data: NOT_FOUND,
      });
      expect(await fileExists(t, storageId)).toBe(true);
    }
    expect(await readBook(t, bobsBook)).toEqual(before);
  });

  test("removeCover clears the own cover, deletes its file and keeps the found cover", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addBook(as);
    const storageId = await storeUpload(t, "image/webp");
    await as.action(api.books.setCover, { bookId: id, storageId });
    const found = { apiCoverUrl: "https://covers.openlibrary.org/b/id/9-L.jpg", apiSource: "open-library" as const };
    await t.run((ctx) => ctx.db.patch("books", id, found));

    expect(await as.mutation(api.books.removeCover, { bookId: id })).toBeNull();
    const book = await readBook(t, id);
    expect(book).not.toHaveProperty("coverUrl");
    expect(book).not.toHaveProperty("coverStorageId");
    expect(book).toMatchObject(found);
    expect(await fileExists(t, storageId)).toBe(false);
    // Removing again is a no-op.
    await as.mutation(api.books.removeCover, { bookId: id });
  });

  test("removeCover on another reader's book fails like a missing one and keeps their file", async () => {
    const t = newBackend();
    const alice = await createUser(t, "Alice");
    const bob = await createUser(t, "Bob");
    const storageId = await checkedUpload(t, bob.as, "image/png");
    const bobsBook = await bob.as.mutation(api.books.create, {
      title: "Dune",
      author: "",
      status: "read",
      coverStorageId: storageId,
    });
    await expect(alice.as.mutation(api.books.removeCover, { bookId: bobsBook })).rejects.toMatchObject({
      data: NOT_FOUND,
    });
    await expect(alice.as.mutation(api.books.removeCover, { bookId: await deletedBookId(t) })).rejects.toMatchObject({
      data: NOT_FOUND,
    });
    expect((await readBook(t, bobsBook))!.coverStorageId).toBe(storageId);
    expect(await fileExists(t, storageId)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// fetchCover (Open Library served by msw, see tests/msw/coverSources.ts)

const COVER_ID = 8231856;
const OL_COVER_URL = `https://covers.openlibrary.org/b/id/${COVER_ID}-L.jpg`;
const DUNE: CatalogueBook = { isbn13: "9780441013593", title: "Dune", authors: ["Frank Herbert"], coverId: COVER_ID };
const DUNE_MESSIAH: CatalogueBook = { isbn13: "9780593098233", title: "Dune Messiah", authors: ["Frank Herbert"], coverId: 111 };

/** The cover sources answering from `books`, recording every request. */
function coverSources(books: CatalogueBook[] = []) {
  const calls: CoverSourceRequest[] = [];
  server.use(...coverSourceHandlers({ books, onRequest: (r) => calls.push(r) }));
  return { calls, endpoints: () => calls.map((c) => c.endpoint) };
}

/** Runs `effect` when Open Library is asked about an ISBN, before the catalogue answers (returning nothing falls through). */
function beforeIsbnAnswers(effect: () => Promise<unknown>) {
  server.use(
    http.get(COVER_ENDPOINTS.openLibraryIsbnSearch, async ({ request }) => {
      if (new URL(request.url).searchParams.get("q")?.startsWith("isbn:")) await effect();
    }),
  );
}

describe("fetchCover", () => {
  test("writes the Open Library cover found by ISBN and clears failed-lookup bookkeeping", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addBook(as, { isbn: "0441013597" });
    await t.run((ctx) =>
      ctx.db.patch("books", id, { coverAttempts: 2, coverRetryAt: 123, coverLastReason: "timeout", coverAttemptedAt: 1 }),
    );
    const sources = coverSources([DUNE_MESSIAH, DUNE]);

    expect(await as.action(api.books.fetchCover, { bookId: id })).toEqual({ status: "found", apiSource: "open-library" });
    expect(sources.endpoints()).toEqual(["openLibraryIsbnSearch"]);
    expect(sources.calls[0].url.searchParams.get("q")).toBe("isbn:(9780441013593)");
    const book = await readBook(t, id);
    expect(book).toMatchObject({ apiCoverUrl: OL_COVER_URL, apiSource: "open-library" });
    expect(book).not.toHaveProperty("coverUrl");
    for (const key of ["coverAttempts", "coverRetryAt", "coverLastReason", "coverAttemptedAt"]) {
      expect(book).not.toHaveProperty(key);
    }
  });

  test("finds a cover by title and author when the book has no ISBN", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addBook(as, { title: "Dune (Dune Chronicles, #1)", author: "Herbert, Frank" });
    const sources = coverSources([DUNE_MESSIAH, DUNE]);

    expect(await as.action(api.books.fetchCover, { bookId: id })).toEqual({ status: "found", apiSource: "open-library" });
    expect(sources.endpoints()).toEqual(["openLibrarySearch"]);
    expect((await readBook(t, id))!.apiCoverUrl).toBe(OL_COVER_URL);
  });

  test("a book with its own cover or a found cover is not looked up and not changed", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const own = await addBook(as, { isbn: "0441013597" });
    await t.run((ctx) => ctx.db.patch("books", own, { coverUrl: "https://example.test/mine.jpg" }));
    const found = await addBook(as, { isbn: "0441013597" });
    await t.run((ctx) =>
      ctx.db.patch("books", found, { apiCoverUrl: "https://covers.openlibrary.org/b/id/5-L.jpg", apiSource: "open-library" }),
    );
    const sources = coverSources([DUNE]);

    for (const id of [own, found]) {
      const before = await readBook(t, id);
      expect(await as.action(api.books.fetchCover, { bookId: id })).toEqual({ status: "already_has_cover" });
      expect(await readBook(t, id)).toEqual(before);
    }
    expect(sources.calls).toEqual([]);
  });

  test("race: the reader sets a cover while the lookup runs — the found cover is not written", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addBook(as, { isbn: "0441013597" });
    const mine = await storeUpload(t, "image/png");
    const sources = coverSources([DUNE]);
    beforeIsbnAnswers(() => as.action(api.books.setCover, { bookId: id, storageId: mine }));

    expect(await as.action(api.books.fetchCover, { bookId: id })).toEqual({ status: "already_has_cover" });
    expect(sources.endpoints()).toEqual(["openLibraryIsbnSearch"]); // the lookup did find DUNE's cover
    const book = await readBook(t, id);
    expect(book!.coverUrl).toBe(await storageUrl(t, mine));
    expect(book!.coverStorageId).toBe(mine);
    expect(book).not.toHaveProperty("apiCoverUrl");
    expect(book).not.toHaveProperty("apiSource");
  });

  test("race: another lookup stores the book's cover while this one runs — the reader is told the cover was found", async () => {
    const t = newBackend();
    const { as, userId } = await createUser(t);
    const id = await addBook(as, { isbn: "0441013597" });
    const sources = coverSources([DUNE]);
    // Another path (an import's drain, "Fetch missing covers") stores the cover while this lookup's request is out.
    beforeIsbnAnswers(() =>
      t.mutation(internal.books.writeApiCover, { userId, bookId: id, apiCoverUrl: OL_COVER_URL, apiSource: "open-library" }),
    );

    expect(await as.action(api.books.fetchCover, { bookId: id })).toEqual({ status: "found", apiSource: "open-library" });
    expect(sources.endpoints()).toEqual(["openLibraryIsbnSearch"]);
    expect(await readBook(t, id)).toMatchObject({ apiCoverUrl: OL_COVER_URL, apiSource: "open-library" });
  });

  test("race: the book is deleted while the lookup runs — not_found, nothing written", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addBook(as, { isbn: "0441013597" });
    coverSources([DUNE]);
    beforeIsbnAnswers(() => as.mutation(api.books.remove, { bookId: id }));

    await expect(as.action(api.books.fetchCover, { bookId: id })).rejects.toMatchObject({ data: NOT_FOUND });
    expect(await readBook(t, id)).toBeNull();
  });

  test("no cover found: records the attempt, keeps coverRetryAt, never touches coverUrl", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addBook(as, { isbn: "0441013597" });
    await t.run((ctx) => ctx.db.patch("books", id, { coverRetryAt: 42 }));
    const sources = coverSources([DUNE_MESSIAH]);

    const before = Date.now();
    expect(await as.action(api.books.fetchCover, { bookId: id })).toEqual({ status: "failed", reason: "not_found" });
    expect(sources.endpoints()).toEqual(["openLibraryIsbnSearch", "openLibraryBooks", "openLibrarySearch"]);
    let book = await readBook(t, id);
    expect(book).toMatchObject({ coverAttempts: 1, coverLastReason: "not_found", coverRetryAt: 42 });
    expect(book!.coverAttemptedAt).toBeGreaterThanOrEqual(before);
    expect(book).not.toHaveProperty("apiCoverUrl");
    expect(book).not.toHaveProperty("coverUrl");

    // The button ignores back-off, and the catalogue's "nothing" too: asking again asks the sources again.
    expect(await as.action(api.books.fetchCover, { bookId: id })).toEqual({ status: "failed", reason: "not_found" });
    expect(sources.calls).toHaveLength(6);
    book = await readBook(t, id);
    expect(book!.coverAttempts).toBe(2);
  });

  test("a rate-limited source is reported with its retry delay, and records no attempt (it says nothing about the book)", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addBook(as, { isbn: "0441013597" });
    coverSources([DUNE]);
    server.use(failingEndpoint("openLibraryIsbnSearch", { kind: "rate_limited", retryAfter: "30" }));

    const result = await as.action(api.books.fetchCover, { bookId: id });
    expect(result).toMatchObject({ status: "failed", reason: "rate_limited" });
    expect("retryAfterMs" in result && result.retryAfterMs).toBeGreaterThan(29_000);
    expect("retryAfterMs" in result && result.retryAfterMs).toBeLessThanOrEqual(30_000);
    const book = await readBook(t, id);
    expect(book).not.toHaveProperty("coverAttempts");
    expect(book).not.toHaveProperty("coverLastReason");
    expect(book).not.toHaveProperty("apiCoverUrl");
  });

  test("a book with neither ISBN nor author is no_metadata without any request", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addBook(as, { title: "Dune", author: "" });
    const sources = coverSources([DUNE]);
    expect(await as.action(api.books.fetchCover, { bookId: id })).toEqual({ status: "failed", reason: "no_metadata" });
    expect(sources.calls).toEqual([]);
    expect((await readBook(t, id))!.coverLastReason).toBe("no_metadata");
  });

  test("another reader's book fails exactly like a missing one, without a lookup or a write", async () => {
    const t = newBackend();
    const alice = await createUser(t, "Alice");
    const bob = await createUser(t, "Bob");
    const bobsBook = await addBook(bob.as, { isbn: "0441013597" });
    const before = await readBook(t, bobsBook);
    const sources = coverSources([DUNE]);

    await expect(alice.as.action(api.books.fetchCover, { bookId: bobsBook })).rejects.toMatchObject({ data: NOT_FOUND });
    await expect(alice.as.action(api.books.fetchCover, { bookId: await deletedBookId(t) })).rejects.toMatchObject({
      data: NOT_FOUND,
    });
    expect(sources.calls).toEqual([]);
    expect(await readBook(t, bobsBook)).toEqual(before);
  });

  test("logs one line of codes and counts, never the title, author or ISBN", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await addBook(as, { title: "Zyzzyva Chronicles", author: "Quetzal Marblehead", isbn: "0441013597" });
    coverSources([]);
    const lines: string[] = [];
    for (const level of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        lines.push(args.map(String).join(" "));
      });
    }

    await as.action(api.books.fetchCover, { bookId: id });
    const text = lines.join("\n");
    for (const secret of ["Zyzzyva", "zyzzyva", "Quetzal", "quetzal", "0441013597", "9780441013593"]) {
      expect(text).not.toContain(secret);
    }
    const events = lines.filter((l) => l.includes('"cover_fetch"'));
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0])).toMatchObject({
      event: "cover_fetch",
      trigger: "manual",
      processed: 1,
      updated: 0,
      failures: 1,
      reasons: { not_found: 1 },
    });
  });
});

describe("internal cover writes", () => {
  test("writeApiCover writes only while both covers are empty and never touches coverUrl", async () => {
    const t = newBackend();
    const { as, userId } = await createUser(t);
    const id = await addBook(as);
    const write = (apiCoverUrl: string) =>
      t.mutation(internal.books.writeApiCover, { userId, bookId: id, apiCoverUrl, apiSource: "open-library" });

    // The reader's own cover wins.
    await t.run((ctx) => ctx.db.patch("books", id, { coverUrl: "https://example.test/mine.jpg" }));
    expect(await write(OL_COVER_URL)).toBe("already_has_cover");
    expect(await readBook(t, id)).toMatchObject({ coverUrl: "https://example.test/mine.jpg" });
    expect(await readBook(t, id)).not.toHaveProperty("apiCoverUrl");

    // Without it, the first write wins and a second one cannot overwrite it.
    await t.run((ctx) => ctx.db.patch("books", id, { coverUrl: undefined }));
    expect(await write(OL_COVER_URL)).toBe("written");
    expect(await write("https://covers.openlibrary.org/b/id/2-L.jpg")).toBe("already_has_cover");
    const book = await readBook(t, id);
    expect(book).toMatchObject({ apiCoverUrl: OL_COVER_URL, apiSource: "open-library" });
    expect(book).not.toHaveProperty("coverUrl");
  });

  test("writeApiCover refuses URLs off the cover-host allowlist and other readers' books", async () => {
    const t = newBackend();
    const alice = await createUser(t, "Alice");
    const bob = await createUser(t, "Bob");
    const id = await addBook(alice.as);
    for (const url of ["http://covers.openlibrary.org/b/id/1-L.jpg", "https://evil.example/cover.jpg"]) {
      expect(
        await t.mutation(internal.books.writeApiCover, {
          userId: alice.userId,
          bookId: id,
          apiCoverUrl: url,
          apiSource: "open-library",
        }),
      ).toBe("invalid_url");
    }
    expect(
      await t.mutation(internal.books.writeApiCover, {
        userId: bob.userId,
        bookId: id,
        apiCoverUrl: OL_COVER_URL,
        apiSource: "open-library",
      }),
    ).toBe("not_found");
    expect(await readBook(t, id)).not.toHaveProperty("apiCoverUrl");
  });

  test("recordCoverAttempt counts failures, sets the back-off only when asked, skips covered books", async () => {
    const t = newBackend();
    const { as, userId } = await createUser(t);
    const id = await addBook(as);
    expect(await t.mutation(internal.books.recordCoverAttempt, { userId, bookId: id, reason: "timeout" })).toBe("recorded");
    expect(await readBook(t, id)).not.toHaveProperty("coverRetryAt");
    expect(
      await t.mutation(internal.books.recordCoverAttempt, { userId, bookId: id, reason: "upstream_error", backoff: true }),
    ).toBe("recorded");
    const after = await readBook(t, id);
    expect(after).toMatchObject({ coverAttempts: 2, coverLastReason: "upstream_error" });
    // Second failure: back-off of 2 hours from the attempt.
    expect(after!.coverRetryAt! - after!.coverAttemptedAt!).toBe(2 * 60 * 60 * 1000);

    await t.run((ctx) => ctx.db.patch("books", id, { coverUrl: "https://example.test/mine.jpg" }));
    expect(await t.mutation(internal.books.recordCoverAttempt, { userId, bookId: id, reason: "timeout" })).toBe(
      "already_has_cover",
    );
    expect((await readBook(t, id))!.coverAttempts).toBe(2);
  });

  test("coverLookupInput gives the lookup fields of the owner's book only", async () => {
    const t = newBackend();
    const alice = await createUser(t, "Alice");
    const bob = await createUser(t, "Bob");
    const id = await addBook(alice.as, { title: "Beowulf", author: "", isbn: "0441013597" });
    expect(await t.query(internal.books.coverLookupInput, { userId: alice.userId, bookId: id })).toEqual({
      title: "Beowulf",
      isbn: "9780441013593",
      hasCover: false,
      facts: [],
    });
    expect(await t.query(internal.books.coverLookupInput, { userId: bob.userId, bookId: id })).toBeNull();
  });
});
