import { convexTest } from "convex-test";
import { describe, expect, test } from "vitest";
import { api } from "../../convex/_generated/api";
import type { Doc, Id } from "../../convex/_generated/dataModel";
import { CHUNK_MAX_ROWS, IMPORT_MAX_ROWS, commitImportChunk, type ImportChunkResult } from "../../convex/model/importCommit";
import type { ImportRowArg } from "../../convex/model/importRowValidator";
import schema from "../../convex/schema";
import { dedupKeyFor } from "../../lib/books/text";
import { modules } from "./modules";
import { createUser, newBackend, type SignedIn, type TestConvex } from "../support/users";
import { fullImportRow, isbnFor } from "../support/importRows";

// Valid ISBN-13s.
const ISBN_A = "9780306406157";
const ISBN_B = "9780262033848";
const ISBN_C = "9781492052203";

/** A distinct, valid ISBN-13 for each n. */
function row(line: number, overrides: Partial<ImportRowArg> = {}): ImportRowArg {
  return { line, title: `Title ${line}`, author: `Author ${line}`, status: "want-to-read", ...overrides };
}

let importCounter = 0;
function newImportId(): string {
  importCounter += 1;
  return `import-${importCounter}-${Math.random().toString(36).slice(2)}`;
}

function commit(as: SignedIn, clientImportId: string, rows: ImportRowArg[], format: "goodreads" | "csv" | "txt" = "goodreads") {
  return as.mutation(api.imports.commit, { clientImportId, format, rows });
}

async function booksOf(t: TestConvex, userId: Id<"users">): Promise<Doc<"books">[]> {
  return await t.run((ctx) =>
    ctx.db
      .query("books")
      .withIndex("by_user", (q) => q.eq("userId", userId))
      .collect(),
  );
}

async function importRowsOf(t: TestConvex, userId: Id<"users">, clientImportId: string) {
  return await t.run(async (ctx) => {
    const imp = await ctx.db
      .query("imports")
      .withIndex("by_user_client_id", (q) => q.eq("userId", userId).eq("clientImportId", clientImportId))
      .unique();
    if (imp === null) return { imp, rows: [] };
    const rows = await ctx.db
      .query("importRows")
      .withIndex("by_import_line", (q) => q.eq("importId", imp._id))
      .collect();
    return { imp, rows };
  });
}

async function insertBook(
  t: TestConvex,
  userId: Id<"users">,
  fields: Partial<Omit<Doc<"books">, "_id" | "_creationTime" | "userId">> & { title: string; author: string },
): Promise<Id<"books">> {
  return await t.run((ctx) =>
    ctx.db.insert("books", {
      userId,
      status: "want-to-read",
      dedupKey: dedupKeyFor(fields.title, fields.author),
      createdAt: 1,
      updatedAt: 1,
      ...fields,
    }),
  );
}

describe("imports.commit: create path", () => {
  test("creates one book per valid row with metadata, dedup key and timestamps, and records each row", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    const id = newImportId();
    const before = Date.now();
    const result = await commit(as, id, [
      row(2, {
        title: "  The Left Hand of Darkness ",
        author: "Le Guin, Ursula K.",
        isbn: ISBN_A,
        status: "read",
        goodreadsId: "18423",
        rating: 5,
        dateRead: "2023-04-01",
        dateAdded: "2022-12-24",
        shelves: ["sci-fi", "favourites", "Sci-Fi"],
        publisher: "Ace",
        pages: 304,
        yearPublished: 1969,
      }),
      row(3, { title: "Dune", author: "Frank Herbert", status: "currently-reading" }),
      row(4, { title: "Untitled author", author: "" }),
    ]);

    expect(result.created).toBe(3);
    expect(result.merged).toBe(0);
    expect(result.skipped).toBe(0);
    expect(result.failed).toEqual([]);
    expect(result.createdBookIds).toHaveLength(3);
    expect(result.mergedBookIds).toEqual([]);

    const books = await booksOf(t, userId);
    expect(books.map((b) => b._id).sort()).toEqual([...result.createdBookIds].sort());
    const lhod = books.find((b) => b._id === result.createdBookIds[0])!;
    expect(lhod).toMatchObject({
      title: "The Left Hand of Darkness",
      author: "Le Guin, Ursula K.",
      isbn: ISBN_A,
      status: "read",
      goodreadsId: "18423",
      rating: 5,
      dateRead: "2023-04-01",
      dateAdded: "2022-12-24",
      shelves: ["sci-fi", "favourites"],
      publisher: "Ace",
      pages: 304,
      yearPublished: 1969,
      dedupKey: dedupKeyFor("The Left Hand of Darkness", "Ursula K. Le Guin"),
    });
    expect(lhod.createdAt).toBeGreaterThanOrEqual(before);
    expect(lhod.updatedAt).toBe(lhod.createdAt);
    expect(lhod.coverUrl).toBeUndefined();
    expect(lhod.apiCoverUrl).toBeUndefined();
    expect(books.find((b) => b._id === result.createdBookIds[1])!.status).toBe("currently-reading");
    expect(books.find((b) => b._id === result.createdBookIds[2])!.author).toBe("");

    const { imp, rows } = await importRowsOf(t, userId, id);
    expect(imp).toMatchObject({ format: "goodreads", rowCount: 3 });
    expect(rows.map((r) => [r.line, r.outcome, r.bookId])).toEqual([
      [2, "created", result.createdBookIds[0]],
      [3, "created", result.createdBookIds[1]],
      [4, "created", result.createdBookIds[2]],
    ]);
  });

  test("chunks of one import share one imports document and accumulate its row count", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    const id = newImportId();
    await commit(as, id, [row(1), row(2)], "csv");
    await commit(as, id, [row(3)], "csv");
    const imports = await t.run((ctx) =>
      ctx.db
        .query("imports")
        .withIndex("by_user_client_id", (q) => q.eq("userId", userId))
        .collect(),
    );
    expect(imports).toHaveLength(1);
    expect(imports[0]).toMatchObject({ clientImportId: id, format: "csv", rowCount: 3 });
  });
});

describe("imports.commit: idempotent chunk retries", () => {
  test("the same chunk twice returns the same outcomes and ids and writes nothing new", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    await insertBook(t, userId, { title: "Existing", author: "Someone", isbn: ISBN_B });
    const id = newImportId();
    const chunk = [
      row(1, { isbn: ISBN_A }),
      row(2, { title: "Existing", author: "Someone", publisher: "P" }),
      row(3, { title: "" }),
      row(4, { title: "Title 1", author: "Author 1" }),
    ];
    const first = await commit(as, id, chunk);
    expect(first).toMatchObject({ created: 1, merged: 2, skipped: 0, failed: [{ line: 3 }] });
    const booksAfterFirst = await booksOf(t, userId);
    const rowsAfterFirst = (await importRowsOf(t, userId, id)).rows;

    const second = await commit(as, id, chunk);
    expect(second).toEqual(first);
    expect(await booksOf(t, userId)).toEqual(booksAfterFirst);
    const after = await importRowsOf(t, userId, id);
    expect(after.rows).toEqual(rowsAfterFirst);
    expect(after.imp?.rowCount).toBe(4);
  });

  test("a retry re-chunked differently reports recorded rows from the record and applies only new ones", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    const id = newImportId();
    const first = await commit(as, id, [row(1), row(2)]);
    const second = await commit(as, id, [row(2), row(3)]);
    expect(second.created).toBe(2);
    expect(second.createdBookIds[0]).toBe(first.createdBookIds[1]);
    expect(second.createdBookIds[1]).not.toBe(first.createdBookIds[0]);
    expect(await booksOf(t, userId)).toHaveLength(3);
    expect((await importRowsOf(t, userId, id)).imp?.rowCount).toBe(3);
  });

  test("a retried chunk whose lines are spread wider than one range is looked up line by line", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    const id = newImportId();
    const chunk = [row(3), row(2_000), row(9_999)];
    const first = await commit(as, id, chunk);
    const filler = await commit(as, id, [row(4), row(1_999)]);
    expect(await commit(as, id, chunk)).toEqual(first);
    expect(await commit(as, id, [row(4), row(5)])).toMatchObject({
      created: 2,
      createdBookIds: [filler.createdBookIds[0], expect.any(String)],
    });
    expect(await booksOf(t, userId)).toHaveLength(6);
  });

  test("a recorded row is not re-applied even if its content changed on retry", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    const id = newImportId();
    const first = await commit(as, id, [row(1, { title: "" })]);
    expect(first.failed).toEqual([{ line: 1, reason: "Title is required" }]);
    const second = await commit(as, id, [row(1)]);
    expect(second).toEqual(first);
    expect(await booksOf(t, userId)).toHaveLength(0);
  });

  test("another import id is a new import: its rows are applied (and merge into the first import's books)", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    const first = await commit(as, newImportId(), [row(1)]);
    const second = await commit(as, newImportId(), [row(1)]);
    expect(second).toMatchObject({ created: 0, merged: 1, mergedBookIds: first.createdBookIds });
    expect(await booksOf(t, userId)).toHaveLength(1);
  });
});

describe("imports.commit: merging into the caller's library", () => {
  test("a duplicate by ISBN fills missing fields and never overwrites the reader's data", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    const storageId = await t.run((ctx) => ctx.storage.store(new Blob(["img"])));
    const bookId = await insertBook(t, userId, {
      title: "My Own Title",
      author: "My Own Author",
      isbn: ISBN_A,
      status: "currently-reading",
      rating: 2,
      coverUrl: "https://example.test/mine.jpg",
      coverStorageId: storageId,
      apiCoverUrl: "https://covers.openlibrary.org/b/id/1-L.jpg",
      apiSource: "open-library",
      publisher: "Reader's Publisher",
      shelves: ["mine", "to-reread"],
    });

    const result = await commit(as, newImportId(), [
      row(7, {
        title: "Imported Title",
        author: "Imported Author",
        isbn: ISBN_A,
        status: "read",
        rating: 5,
        goodreadsId: "42",
        dateRead: "2024-01-02",
        dateAdded: "2023-05-06",
        publisher: "Imported Publisher",
        pages: 123,
        yearPublished: 2001,
        shelves: ["TO-REREAD", "imported"],
      }),
    ]);
    expect(result).toEqual({
      importId: expect.any(String),
      created: 0,
      merged: 1,
      skipped: 0,
      failed: [],
      createdBookIds: [],
      mergedBookIds: [bookId],
    });

    const book = await t.run((ctx) => ctx.db.get("books", bookId));
    expect(book).toMatchObject({
      // the reader's
      title: "My Own Title",
      author: "My Own Author",
      isbn: ISBN_A,
      status: "currently-reading",
      rating: 2,
      coverUrl: "https://example.test/mine.jpg",
      coverStorageId: storageId,
      apiCoverUrl: "https://covers.openlibrary.org/b/id/1-L.jpg",
      apiSource: "open-library",
      publisher: "Reader's Publisher",
      dedupKey: dedupKeyFor("My Own Title", "My Own Author"),
      createdAt: 1,
      // filled
      goodreadsId: "42",
      dateRead: "2024-01-02",
      dateAdded: "2023-05-06",
      pages: 123,
      yearPublished: 2001,
      shelves: ["mine", "to-reread", "imported"],
    });
    expect(book!.updatedAt).toBeGreaterThan(1);
    expect(await booksOf(t, userId)).toHaveLength(1);
  });

  test("a duplicate by title + author fills the ISBN and the rating the book lacks", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    const bookId = await insertBook(t, userId, { title: "The Dispossessed", author: "Ursula K. Le Guin", status: "read" });
    const result = await commit(as, newImportId(), [
      row(1, {
        // Case, a leading article and "Last, First" do not make another book (a subtitle would).
        title: "dispossessed",
        author: "Le Guin, Ursula K.",
        isbn: ISBN_B,
        rating: 4,
        status: "want-to-read",
      }),
    ]);
    expect(result.mergedBookIds).toEqual([bookId]);
    const book = await t.run((ctx) => ctx.db.get("books", bookId));
    expect(book).toMatchObject({ title: "The Dispossessed", isbn: ISBN_B, rating: 4, status: "read" });
  });

  test("an ISBN match wins over a title + author match with another book", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    const byKey = await insertBook(t, userId, { title: "Same Name", author: "Same Author" });
    const byIsbn = await insertBook(t, userId, { title: "Other Name", author: "Other Author", isbn: ISBN_C });
    const result = await commit(as, newImportId(), [row(1, { title: "Same Name", author: "Same Author", isbn: ISBN_C })]);
    expect(result.mergedBookIds).toEqual([byIsbn]);
    expect(result.mergedBookIds).not.toContain(byKey);
  });

  test("a duplicate by Goodreads id merges when neither ISBN nor title + author match", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    const bookId = await insertBook(t, userId, { title: "Original Title", author: "Author", goodreadsId: "777" });
    const result = await commit(as, newImportId(), [
      row(1, { title: "Translated Title", author: "Author", goodreadsId: "777", isbn: ISBN_A }),
    ]);
    expect(result.mergedBookIds).toEqual([bookId]);
    expect((await t.run((ctx) => ctx.db.get("books", bookId)))!.isbn).toBe(ISBN_A);
  });

  test("a merge that changes nothing is still merged and leaves the book untouched", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    const bookId = await insertBook(t, userId, { title: "Complete", author: "A", isbn: ISBN_A, shelves: ["x"] });
    const before = await t.run((ctx) => ctx.db.get("books", bookId));
    const result = await commit(as, newImportId(), [row(1, { title: "Complete", author: "A", isbn: ISBN_A, shelves: ["X"] })]);
    expect(result).toMatchObject({ created: 0, merged: 1, skipped: 0, mergedBookIds: [bookId] });
    expect(await t.run((ctx) => ctx.db.get("books", bookId))).toEqual(before);
  });

  test("duplicate rows within one import merge into the book the first row created, across chunks too", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    const id = newImportId();
    const first = await commit(as, id, [
      row(1, { title: "Kindred", author: "Octavia E. Butler" }),
      row(2, { title: "Other", author: "X" }),
      row(3, { title: "kindred", author: "Butler, Octavia E.", isbn: ISBN_A, rating: 5 }),
      row(4, { title: "Whatever", author: "Y", isbn: ISBN_A, shelves: ["classics"] }),
    ]);
    expect(first.created).toBe(2);
    expect(first.merged).toBe(2);
    const kindred = first.createdBookIds[0];
    expect(first.mergedBookIds).toEqual([kindred]);

    const second = await commit(as, id, [row(5, { title: "KINDRED", author: "octavia e butler", pages: 264 })]);
    expect(second.mergedBookIds).toEqual([kindred]);

    const books = await booksOf(t, userId);
    expect(books).toHaveLength(2);
    expect(books.find((b) => b._id === kindred)).toMatchObject({
      title: "Kindred",
      author: "Octavia E. Butler",
      isbn: ISBN_A,
      rating: 5,
      shelves: ["classics"],
      pages: 264,
    });
  });
});

describe("imports.commit: distinct books stay distinct (invariant 10)", () => {
  const ATREIDES = isbnFor(101);
  const HARKONNEN = isbnFor(102);

  test("'Dune: House Atreides' and 'Dune: House Harkonnen' with different ISBNs stay two books", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    const result = await commit(as, newImportId(), [
      row(2, { title: "Dune: House Atreides", author: "Brian Herbert", isbn: ATREIDES }),
      row(3, { title: "Dune: House Harkonnen", author: "Brian Herbert", isbn: HARKONNEN }),
    ]);
    expect(result).toMatchObject({ created: 2, merged: 0 });
    const books = await booksOf(t, userId);
    expect(books.map((b) => [b.title, b.isbn]).sort()).toEqual([
      ["Dune: House Atreides", ATREIDES],
      ["Dune: House Harkonnen", HARKONNEN],
    ]);
  });

  test("a later import of the other one never merges into the first or takes its ISBN", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    const atreides = await insertBook(t, userId, { title: "Dune: House Atreides", author: "Brian Herbert", isbn: ATREIDES });
    const result = await commit(as, newImportId(), [
      row(1, { title: "Dune: House Harkonnen", author: "Brian Herbert", isbn: HARKONNEN }),
    ]);
    expect(result).toMatchObject({ created: 1, merged: 0 });
    expect((await t.run((ctx) => ctx.db.get("books", atreides)))!.isbn).toBe(ATREIDES);
  });

  test("the same ISBN merges, whatever the title says", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    const bookId = await insertBook(t, userId, { title: "Dune: House Atreides", author: "Brian Herbert", isbn: ATREIDES });
    const result = await commit(as, newImportId(), [
      row(1, { title: "House Atreides", author: "Herbert, Brian", isbn: ATREIDES }),
    ]);
    expect(result).toMatchObject({ created: 0, merged: 1, mergedBookIds: [bookId] });
  });

  test("the same title and author merges when no ISBN conflicts, and fills the missing ISBN", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    const bookId = await insertBook(t, userId, { title: "Dune: House Atreides", author: "Brian Herbert" });
    const first = await commit(as, newImportId(), [row(1, { title: "Dune: House Atreides", author: "Herbert, Brian" })]);
    expect(first.mergedBookIds).toEqual([bookId]);
    const second = await commit(as, newImportId(), [
      row(1, { title: "DUNE: HOUSE ATREIDES", author: "Brian Herbert", isbn: ATREIDES }),
    ]);
    expect(second.mergedBookIds).toEqual([bookId]);
    expect((await t.run((ctx) => ctx.db.get("books", bookId)))!.isbn).toBe(ATREIDES);
  });

  test("a merge never replaces an ISBN: same title and author with another ISBN is another book", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    const bookId = await insertBook(t, userId, { title: "Dune", author: "Frank Herbert", isbn: ISBN_A });
    const result = await commit(as, newImportId(), [
      row(1, { title: "Dune", author: "Frank Herbert", isbn: ISBN_B, rating: 4.5 }),
    ]);
    expect(result).toMatchObject({ created: 1, merged: 0 });
    const original = await t.run((ctx) => ctx.db.get("books", bookId));
    expect(original).toMatchObject({ isbn: ISBN_A });
    expect(original!.rating).toBeUndefined();
    expect(await booksOf(t, userId)).toHaveLength(2);
  });

  test("a same-key book with a conflicting ISBN is skipped for a compatible one", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    await insertBook(t, userId, { title: "Dune", author: "Frank Herbert", isbn: ISBN_A });
    const withoutIsbn = await insertBook(t, userId, { title: "Dune", author: "Frank Herbert" });
    const result = await commit(as, newImportId(), [row(1, { title: "Dune", author: "Frank Herbert", isbn: ISBN_B })]);
    expect(result.mergedBookIds).toEqual([withoutIsbn]);
    expect((await t.run((ctx) => ctx.db.get("books", withoutIsbn)))!.isbn).toBe(ISBN_B);
  });

  test("the same Goodreads id does not merge two books whose ISBNs differ", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    await insertBook(t, userId, { title: "Original", author: "A", goodreadsId: "555", isbn: ISBN_A });
    const result = await commit(as, newImportId(), [row(1, { title: "Other", author: "B", goodreadsId: "555", isbn: ISBN_B })]);
    expect(result).toMatchObject({ created: 1, merged: 0 });
  });

  test("within one file, a second edition with another ISBN is a new book, a copy without ISBN merges", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    const result = await commit(as, newImportId(), [
      row(2, { title: "Dune (Dune, #1)", author: "Frank Herbert", isbn: ISBN_A }),
      row(3, { title: "Dune (Dune, #1)", author: "Frank Herbert", isbn: ISBN_B }),
      row(4, { title: "Dune", author: "Herbert, Frank" }),
    ]);
    expect(result).toMatchObject({ created: 2, merged: 1 });
    expect(result.mergedBookIds).toEqual([result.createdBookIds[0]]);
    expect((await booksOf(t, userId)).map((b) => b.isbn).sort()).toEqual([ISBN_A, ISBN_B].sort());
  });

  test("findExisting gives the preview the keys it needs to predict exactly these outcomes", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    await insertBook(t, userId, { title: "Dune", author: "Frank Herbert", isbn: ISBN_A, goodreadsId: "1" });
    const found = await as.query(api.imports.findExisting, {
      isbns: [ISBN_B],
      dedupKeys: [dedupKeyFor("Dune", "Frank Herbert")],
      goodreadsIds: ["1"],
    });
    // Reported once although it matches two keys, with its ISBN so the preview sees the conflict.
    expect(found.books).toEqual([
      {
        id: expect.any(String),
        isbn: ISBN_A,
        goodreadsId: "1",
        dedupKey: dedupKeyFor("Dune", "Frank Herbert"),
        createdAt: expect.any(Number),
      },
    ]);
    expect(found.isbns).toEqual([]);
  });
});

describe("imports.commit: ownership", () => {
  test("another reader's book with the same ISBN, title + author or Goodreads id is never found or modified", async () => {
    const t = newBackend();
    const alice = await createUser(t, "Alice");
    const bob = await createUser(t, "Bob");
    const bobsByIsbn = await insertBook(t, bob.userId, { title: "Bob's", author: "B", isbn: ISBN_A });
    const bobsByKey = await insertBook(t, bob.userId, { title: "Shared Title", author: "Shared Author" });
    const bobsByGoodreads = await insertBook(t, bob.userId, { title: "G", author: "G", goodreadsId: "99" });
    const bobsBefore = await booksOf(t, bob.userId);

    const result = await commit(alice.as, newImportId(), [
      row(1, { title: "Alice's", author: "A", isbn: ISBN_A, rating: 3, publisher: "X" }),
      row(2, { title: "Shared Title", author: "Shared Author", isbn: ISBN_B, pages: 10 }),
      row(3, { title: "Goodreads only", author: "Z", goodreadsId: "99", yearPublished: 1990 }),
    ]);
    expect(result).toMatchObject({ created: 3, merged: 0 });
    for (const id of [bobsByIsbn, bobsByKey, bobsByGoodreads]) {
      expect(result.createdBookIds).not.toContain(id);
    }
    expect(await booksOf(t, bob.userId)).toEqual(bobsBefore);
    const alices = await booksOf(t, alice.userId);
    expect(alices).toHaveLength(3);
    expect(alices.every((b) => b.userId === alice.userId)).toBe(true);
  });

  test("the same clientImportId used by two readers is two separate imports", async () => {
    const t = newBackend();
    const alice = await createUser(t, "Alice");
    const bob = await createUser(t, "Bob");
    const id = newImportId();
    const a = await commit(alice.as, id, [row(1)]);
    const b = await commit(bob.as, id, [row(1)]);
    expect(b.created).toBe(1);
    expect(b.createdBookIds[0]).not.toBe(a.createdBookIds[0]);
    expect(await booksOf(t, bob.userId)).toHaveLength(1);
  });
});

describe("imports.commit: server-side validation", () => {
  test("invalid rows fail with their line and a reason while the rest of the chunk imports", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    const secretTitle = "Secret Diary Title";
    const badIsbn = "9780306406158"; // wrong check digit
    const result = await commit(as, newImportId(), [
      row(10),
      row(11, { title: "   " }),
      row(12, { title: "x".repeat(301) }),
      row(13, { author: "y".repeat(201) }),
      row(14, { title: secretTitle, isbn: badIsbn }),
      row(15, { isbn: "0306406152" }), // a valid ISBN-10 is not an ISBN-13
      row(16, { rating: 0 }),
      row(17, { rating: 3.6 }), // not a quarter step
      row(18, { rating: 6 }),
      row(19, { dateRead: "2023-02-30" }),
      row(20, { pages: -1 }),
      row(21, { title: "x".repeat(300), author: "y".repeat(200), rating: 1 }),
      row(22, { isbn: "", goodreadsId: " ", publisher: "" }),
    ]);
    expect(result.created).toBe(3);
    expect(result.failed.map((f) => f.line)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    expect(result.failed[0].reason).toBe("Title is required");
    expect(result.failed[1].reason).toMatch(/300/);
    expect(result.failed[2].reason).toMatch(/200/);
    expect(result.failed[3].reason).toBe("ISBN is not a valid ISBN-13");
    expect(result.failed[5].reason).toMatch(/Rating/);
    for (const f of result.failed) {
      expect(f.reason).not.toContain(secretTitle);
      expect(f.reason).not.toContain(badIsbn);
    }
    const books = await booksOf(t, userId);
    expect(books).toHaveLength(3);
    const blank = books.find((b) => b.title === "Title 22")!;
    expect(blank.isbn).toBeUndefined();
    expect(blank.goodreadsId).toBeUndefined();
    expect(blank.publisher).toBeUndefined();
  });

  test("whole, half and quarter-star ratings are stored as given", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    const ratings = [0.25, 2.5, 3.75, 4, 5];
    const result = await commit(
      as,
      newImportId(),
      ratings.map((rating, i) => row(i + 1, { rating })),
    );
    expect(result).toMatchObject({ created: ratings.length, failed: [] });
    expect((await booksOf(t, userId)).map((b) => b.rating).sort()).toEqual([...ratings].sort());
  });

  test("structurally broken chunks are rejected: repeated or non-positive line numbers, reused id with another format", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    await expect(commit(as, newImportId(), [row(1), row(1)])).rejects.toMatchObject({ data: { code: "invalid_chunk" } });
    await expect(commit(as, newImportId(), [row(0)])).rejects.toMatchObject({ data: { code: "invalid_chunk" } });
    await expect(commit(as, "", [row(1)])).rejects.toMatchObject({ data: { code: "invalid_import_id" } });
    const id = newImportId();
    await commit(as, id, [row(1)], "csv");
    await expect(commit(as, id, [row(2)], "txt")).rejects.toMatchObject({ data: { code: "import_mismatch" } });
    expect(await booksOf(t, userId)).toHaveLength(1);
  });
});

describe("imports.commit: limits", () => {
  test(`a chunk of ${CHUNK_MAX_ROWS + 1} rows is rejected and writes nothing; ${CHUNK_MAX_ROWS} is accepted`, async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    const rows = Array.from({ length: CHUNK_MAX_ROWS + 1 }, (_, i) => row(i + 1));
    const id = newImportId();
    await expect(commit(as, id, rows)).rejects.toMatchObject({
      data: { code: "chunk_too_large", message: "Send at most 250 rows per chunk." },
    });
    expect((await importRowsOf(t, userId, id)).imp).toBeNull();
    expect(await booksOf(t, userId)).toHaveLength(0);

    const ok = await commit(as, id, rows.slice(0, CHUNK_MAX_ROWS));
    expect(ok.created).toBe(CHUNK_MAX_ROWS);
  });

  test(`rows beyond ${IMPORT_MAX_ROWS} in one import are rejected; retries of recorded rows still answer`, async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    const id = newImportId();
    const first = await commit(as, id, [row(1), row(2)]);
    // Pretend 9,995 rows are already recorded for this import.
    await t.run(async (ctx) => {
      const imp = await ctx.db
        .query("imports")
        .withIndex("by_user_client_id", (q) => q.eq("userId", userId).eq("clientImportId", id))
        .unique();
      await ctx.db.patch("imports", imp!._id, { rowCount: IMPORT_MAX_ROWS - 5 });
    });
    const six = Array.from({ length: 6 }, (_, i) => row(100 + i));
    await expect(commit(as, id, six)).rejects.toMatchObject({
      data: { code: "import_too_large", message: "An import can have at most 10,000 rows." },
    });
    expect(await booksOf(t, userId)).toHaveLength(2);

    // Recorded rows do not count again: 2 replayed + 5 new = exactly the cap.
    const five = await commit(as, id, [row(1), row(2), ...six.slice(0, 5)]);
    expect(five.created).toBe(7);
    expect(five.createdBookIds.slice(0, 2)).toEqual(first.createdBookIds);
    expect((await importRowsOf(t, userId, id)).imp?.rowCount).toBe(IMPORT_MAX_ROWS);
    await expect(commit(as, id, [row(500)])).rejects.toMatchObject({ data: { code: "import_too_large" } });
    expect(await commit(as, id, [row(1)])).toMatchObject({ created: 1, createdBookIds: [first.createdBookIds[0]] });
  });
});

describe("authentication", () => {
  test("unauthenticated calls are rejected", async () => {
    const t = newBackend();
    await expect(t.mutation(api.imports.commit, { clientImportId: "x", format: "txt", rows: [row(1)] })).rejects.toMatchObject({
      data: { code: "unauthenticated" },
    });
    await expect(t.query(api.imports.findExisting, { isbns: [ISBN_A], dedupKeys: [] })).rejects.toMatchObject({
      data: { code: "unauthenticated" },
    });
    const counts = await t.run(async (ctx) => ({
      books: (await ctx.db.query("books").take(1)).length,
      imports: (await ctx.db.query("imports").take(1)).length,
    }));
    expect(counts).toEqual({ books: 0, imports: 0 });
  });
});

describe("imports.findExisting", () => {
  test("finds only the caller's ISBNs and dedup keys", async () => {
    const t = newBackend();
    const alice = await createUser(t, "Alice");
    const bob = await createUser(t, "Bob");
    await insertBook(t, alice.userId, { title: "Mine", author: "Me", isbn: ISBN_A });
    await insertBook(t, bob.userId, { title: "Bobs", author: "Bob", isbn: ISBN_B });
    const mine = dedupKeyFor("Mine", "Me");
    const bobs = dedupKeyFor("Bobs", "Bob");

    const found = await alice.as.query(api.imports.findExisting, {
      isbns: [ISBN_A, ISBN_B, ISBN_C, ISBN_A, ""],
      dedupKeys: [bobs, mine, "nothing|here"],
    });
    expect(found).toEqual({
      isbns: [ISBN_A],
      dedupKeys: [mine],
      books: [{ id: expect.any(String), isbn: ISBN_A, dedupKey: mine, createdAt: expect.any(Number) }],
    });
    expect(await bob.as.query(api.imports.findExisting, { isbns: [ISBN_A, ISBN_B], dedupKeys: [mine, bobs] })).toEqual({
      isbns: [ISBN_B],
      dedupKeys: [bobs],
      books: [{ id: expect.any(String), isbn: ISBN_B, dedupKey: bobs, createdAt: expect.any(Number) }],
    });
  });

  test("more than 500 ISBNs or keys per call is rejected; 500 of each is fine", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const keys = (n: number) => Array.from({ length: n }, (_, i) => isbnFor(i));
    await expect(as.query(api.imports.findExisting, { isbns: keys(501), dedupKeys: [] })).rejects.toMatchObject({
      data: { code: "too_many_keys" },
    });
    await expect(as.query(api.imports.findExisting, { isbns: [], dedupKeys: keys(501) })).rejects.toMatchObject({
      data: { code: "too_many_keys" },
    });
    await expect(as.query(api.imports.findExisting, { isbns: [], dedupKeys: [], goodreadsIds: keys(501) })).rejects.toMatchObject(
      {
        data: { code: "too_many_keys" },
      },
    );
    expect(await as.query(api.imports.findExisting, { isbns: keys(500), dedupKeys: keys(500), goodreadsIds: keys(500) })).toEqual(
      {
        isbns: [],
        dedupKeys: [],
        books: [],
      },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Scale: transaction usage per chunk and a 1,000-row import.

/** Convex's per-transaction limits (docs.convex.dev/production/state/limits). */
const CONVEX_LIMITS = {
  bytesRead: 16 * 2 ** 20,
  bytesWritten: 16 * 2 ** 20,
  documentsRead: 32_000,
  databaseQueries: 4_096,
  documentsWritten: 16_000,
};

describe("scale", () => {
  test("a full 250-row chunk uses a small fraction of every Convex transaction limit", async () => {
    const t = convexTest({ schema, modules, transactionLimits: true });
    const { userId } = await createUser(t as TestConvex);
    const measure = (rows: ImportRowArg[]) =>
      t.run(async (ctx) => {
        const result: ImportChunkResult = await commitImportChunk(ctx, userId, {
          clientImportId: "measure",
          format: "goodreads",
          rows,
        });
        const m = await ctx.meta.getTransactionMetrics();
        return {
          result,
          usage: {
            databaseQueries: m.databaseQueries.used,
            documentsRead: m.documentsRead.used,
            documentsWritten: m.documentsWritten.used,
            bytesRead: m.bytesRead.used,
            bytesWritten: m.bytesWritten.used,
          },
        };
      });

    const rows = Array.from({ length: CHUNK_MAX_ROWS }, (_, i) => fullImportRow(i));
    const create = await measure(rows);
    expect(create.result.created).toBe(CHUNK_MAX_ROWS);
    // Every row of the next chunk (new lines) merges into a book the first chunk created.
    const merge = await measure(rows.map((r) => ({ ...r, line: r.line + 1000, publisher: undefined, shelves: ["new"] })));
    expect(merge.result.merged).toBe(CHUNK_MAX_ROWS);
    // A retry of the first chunk reads every record.
    const retry = await measure(rows);
    expect(retry.result).toEqual(create.result);

    console.info("[imports.commit] transaction usage per 250-row chunk", {
      create: create.usage,
      mergeAll: merge.usage,
      retry: retry.usage,
    });
    // Per row: the import itself (≤ 3 index ranges, ≤ 2 reads, ≤ 2 writes) plus its cover-backfill
    // queue entry (a merged book: its read, 1 range and the entry's read to check the queue; a new
    // book: 1 write) and the library listing's bookkeeping (convex/model/bookWrites.ts: a new book
    // patches the reader's counter, a book whose shelves change gets a shelf-sync queue entry: ≤ 2
    // writes; the counter and the queue are looked up once per chunk: 2 ranges).
    for (const { usage } of [create, merge, retry]) {
      expect(usage.databaseQueries).toBeLessThanOrEqual(6 + 3 * CHUNK_MAX_ROWS);
      expect(usage.documentsRead).toBeLessThanOrEqual(6 + 4 * CHUNK_MAX_ROWS);
      expect(usage.documentsWritten).toBeLessThanOrEqual(6 + 5 * CHUNK_MAX_ROWS);
      expect(usage.bytesRead).toBeLessThan(2 ** 20);
      expect(usage.bytesWritten).toBeLessThan(2 ** 20);
      for (const key of Object.keys(CONVEX_LIMITS) as (keyof typeof CONVEX_LIMITS)[]) {
        expect(usage[key]).toBeLessThan(CONVEX_LIMITS[key] / 4);
      }
    }
    expect(retry.usage.documentsWritten).toBe(0);

    // Pathological sizes: every field at its maximum in its widest UTF-8 form (title and author
    // count code points: 4-byte characters; the metadata counts UTF-16 units: 3-byte characters).
    const wide4 = (n: number, len: number) => "\u{1D538}".repeat(len - String(n).length) + String(n);
    const wide3 = (n: number, len: number) => "\u20AC".repeat(len - String(n).length) + String(n);
    const huge = (n: number, line: number): ImportRowArg => ({
      line,
      title: wide4(n, 300),
      author: wide4(n, 200),
      isbn: isbnFor(50_000 + n),
      status: "read",
      goodreadsId: String(9_000_000 + n),
      rating: 3,
      dateRead: "2020-01-01",
      dateAdded: "2020-01-01",
      shelves: Array.from({ length: 49 }, (_, i) => wide3(i, 64)),
      publisher: wide3(n, 200),
      pages: 999,
      yearPublished: 2000,
    });
    const hugeRows = Array.from({ length: CHUNK_MAX_ROWS }, (_, i) => huge(i, 5_000 + i));
    const hugeCreate = await measure(hugeRows);
    expect(hugeCreate.result).toMatchObject({ created: CHUNK_MAX_ROWS, failed: [] });
    // Merging one more shelf into each forces a read and a patch of every maximal book.
    const hugeMerge = await measure(hugeRows.map((r) => ({ ...r, line: r.line + 1_000, shelves: [wide3(99, 64)] })));
    expect(hugeMerge.result).toMatchObject({ merged: CHUNK_MAX_ROWS, failed: [] });
    console.info("[imports.commit] pathological 250-row chunk", { create: hugeCreate.usage, mergeAll: hugeMerge.usage });
    for (const { usage } of [hugeCreate, hugeMerge]) {
      expect(usage.bytesRead).toBeLessThan(8 * 2 ** 20);
      expect(usage.bytesWritten).toBeLessThan(8 * 2 ** 20);
    }
  });

  // The 5,000-row figure (and its per-chunk limits at that library size) is `npm run bench:import-commit`.
  test("a 1,000-row import in 4 chunks of 250 creates 1,000 books, each chunk within a third of the limits", async () => {
    const third = Object.fromEntries(Object.entries(CONVEX_LIMITS).map(([k, v]) => [k, Math.floor(v / 3)]));
    const t = convexTest({ schema, modules, transactionLimits: third });
    const { userId, as } = await createUser(t as TestConvex);
    const id = newImportId();
    const total = 1_000;
    const rows = Array.from({ length: total }, (_, i) => fullImportRow(i));

    let chunks = 0;
    let created = 0;
    for (let i = 0; i < total; i += CHUNK_MAX_ROWS) {
      const r = await commit(as, id, rows.slice(i, i + CHUNK_MAX_ROWS));
      expect(r.failed).toEqual([]);
      created += r.created;
      chunks++;
    }

    expect(chunks).toBe(4);
    expect(created).toBe(total);
    const counts = await t.run(async (ctx) => {
      const books = await ctx.db
        .query("books")
        .withIndex("by_user", (q) => q.eq("userId", userId))
        .collect();
      const imp = await ctx.db
        .query("imports")
        .withIndex("by_user_client_id", (q) => q.eq("userId", userId).eq("clientImportId", id))
        .unique();
      return { books: books.length, rowCount: imp?.rowCount };
    });
    expect(counts).toEqual({ books: total, rowCount: total });
  });
});
