/**
 * What a reader wrote (review, spoiler flag, private notes, every read, read count, owned, moods):
 * kept by the import commit, filled in by a merge only where the book has nothing, returned by
 * `books.get` to its owner only, and editable (validated, bounded) through `books.update`.
 */
import { describe, expect, test } from "vitest";
import { api } from "../../convex/_generated/api";
import type { ImportRowArg } from "../../convex/model/importRowValidator";
import { READER_FIELD_LIMITS } from "../../lib/books/readerFields";
import { createUser, newBackend, type SignedIn } from "../support/users";

const ISBN_A = "9780306406157";
const ISBN_B = "9780262033848";

let counter = 0;
function importId(): string {
  counter += 1;
  return `reader-${counter}`;
}

function commit(as: SignedIn, rows: ImportRowArg[]) {
  return as.mutation(api.imports.commit, { clientImportId: importId(), format: "goodreads", rows, startCoverBackfill: false });
}

const REVIEW = "Line one.\n\nA second paragraph, with “quotes” & <angle brackets>.";

describe("reader fields on import", () => {
  test("a row's review, notes, reads, read count, owned and moods land on the book and books.get returns them", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const result = await commit(as, [
      {
        line: 2,
        title: "Piranesi",
        author: "Susanna Clarke",
        status: "read",
        review: REVIEW,
        reviewSpoiler: true,
        privateNotes: "Lent to Sam.",
        reads: [
          { started: "2021-05-03", finished: "2021-05-09" },
          { started: "2024-12-20", finished: "2024-12-28" },
        ],
        readCount: 2,
        owned: true,
        moods: ["mysterious", "reflective"],
      },
    ]);
    const book = await as.query(api.books.get, { bookId: result.createdBookIds[0] });
    expect(book).toMatchObject({
      review: REVIEW,
      reviewSpoiler: true,
      privateNotes: "Lent to Sam.",
      reads: [
        { started: "2021-05-03", finished: "2021-05-09" },
        { started: "2024-12-20", finished: "2024-12-28" },
      ],
      readCount: 2,
      owned: true,
      moods: ["mysterious", "reflective"],
    });
  });

  test("a 20,000-character review imports whole; one over the bound fails only that row, with a reason naming no text", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const long = "A".repeat(20_000);
    const tooLong = "B".repeat(READER_FIELD_LIMITS.reviewMaxLength + 1);
    const result = await commit(as, [
      { line: 2, title: "Long", author: "Writer", status: "read", review: long },
      { line: 3, title: "Too long", author: "Writer", status: "read", review: tooLong },
    ]);
    expect(result.created).toBe(1);
    expect(result.failed).toEqual([{ line: 3, reason: expect.stringContaining("Review is longer than 50,000 characters") }]);
    const book = await as.query(api.books.get, { bookId: result.createdBookIds[0] });
    expect(book?.review).toHaveLength(20_000);
  });

  test("a merge fills the reader fields the book lacks and keeps the ones it has, never replacing an ISBN", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const first = await commit(as, [
      { line: 2, title: "Dune", author: "Frank Herbert", isbn: ISBN_A, status: "read", review: "Mine.", owned: true },
    ]);
    const bookId = first.createdBookIds[0];
    const second = await commit(as, [
      {
        line: 2,
        title: "Dune",
        author: "Frank Herbert",
        status: "read",
        review: "Someone else's words.",
        privateNotes: "From the second file.",
        reads: [{ finished: "2020-01-02" }],
        owned: false,
      },
    ]);
    expect(second.mergedBookIds).toEqual([bookId]);
    const book = await as.query(api.books.get, { bookId });
    expect(book).toMatchObject({
      isbn: ISBN_A,
      review: "Mine.",
      owned: true,
      privateNotes: "From the second file.",
      reads: [{ finished: "2020-01-02" }],
    });
  });

  test("two rows whose ISBNs differ stay two books, each with its own review (invariant 10)", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const result = await commit(as, [
      { line: 2, title: "Dune", author: "Frank Herbert", isbn: ISBN_A, status: "read", review: "Paperback." },
      { line: 3, title: "Dune", author: "Frank Herbert", isbn: ISBN_B, status: "read", review: "Hardcover." },
    ]);
    expect(result.created).toBe(2);
    const reviews = await Promise.all(result.createdBookIds.map((bookId) => as.query(api.books.get, { bookId })));
    expect(reviews.map((b) => b?.review)).toEqual(["Paperback.", "Hardcover."]);
  });

  test("another reader's book stays out of reach: get is null, so its private notes are never seen", async () => {
    const t = newBackend();
    const owner = await createUser(t, "Owner");
    const other = await createUser(t, "Other");
    const result = await commit(owner.as, [
      { line: 2, title: "Secret", author: "A", status: "read", privateNotes: "Only mine." },
    ]);
    expect(await other.as.query(api.books.get, { bookId: result.createdBookIds[0] })).toBeNull();
  });
});

describe("books.update: the reader's fields", () => {
  async function oneBook() {
    const t = newBackend();
    const { as } = await createUser(t);
    const bookId = await as.mutation(api.books.create, { title: "Kindred", author: "Octavia E. Butler", status: "read" });
    return { as, bookId };
  }

  test("sets rating, shelves, review, notes, reads (date read follows the latest end), read count, owned and moods", async () => {
    const { as, bookId } = await oneBook();
    await as.mutation(api.books.update, {
      bookId,
      rating: 3.75,
      shelves: ["classics", "Classics", " favourites "],
      review: "  First line.\r\nSecond line.  ",
      reviewSpoiler: false,
      privateNotes: "Bought in Lisbon.",
      reads: [{ started: "2019-01-01", finished: "2019-01-20" }, { finished: "2023-06-02" }],
      readCount: 2,
      owned: true,
      moods: ["dark", "Dark", "emotional"],
    });
    expect(await as.query(api.books.get, { bookId })).toMatchObject({
      rating: 3.75,
      shelves: ["classics", "favourites"],
      review: "First line.\nSecond line.",
      reviewSpoiler: false,
      privateNotes: "Bought in Lisbon.",
      reads: [{ started: "2019-01-01", finished: "2019-01-20" }, { finished: "2023-06-02" }],
      dateRead: "2023-06-02",
      readCount: 2,
      owned: true,
      moods: ["dark", "emotional"],
    });
  });

  test("null clears a field and an absent one stays", async () => {
    const { as, bookId } = await oneBook();
    await as.mutation(api.books.update, { bookId, review: "Kept?", privateNotes: "Notes", rating: 4 });
    await as.mutation(api.books.update, { bookId, review: null, rating: null });
    const book = await as.query(api.books.get, { bookId });
    expect(book?.review).toBeUndefined();
    expect(book?.rating).toBeUndefined();
    expect(book?.privateNotes).toBe("Notes");
  });

  test.each([
    ["review", { review: "x".repeat(READER_FIELD_LIMITS.reviewMaxLength + 1) }],
    ["privateNotes", { privateNotes: "x".repeat(READER_FIELD_LIMITS.privateNotesMaxLength + 1) }],
    ["reads", { reads: [{ started: "2020-05-01", finished: "2020-04-01" }] }],
    ["reads", { reads: [{ finished: "2021-02-30" }] }],
    ["readCount", { readCount: 1.5 }],
    ["moods", { moods: Array.from({ length: READER_FIELD_LIMITS.maxMoods + 1 }, (_, i) => `mood ${i}`) }],
    ["rating", { rating: 4.1 }],
    ["dateRead", { dateRead: "yesterday" }],
  ] as [string, Record<string, unknown>][])(
    "refuses a bad %s with invalid_argument naming the field and changes nothing",
    async (field, fields) => {
      const { as, bookId } = await oneBook();
      await expect(as.mutation(api.books.update, { bookId, ...(fields as object) })).rejects.toMatchObject({
        data: { code: "invalid_argument", field },
      });
      const book = await as.query(api.books.get, { bookId });
      expect(book?.[field as keyof typeof book]).toBeUndefined();
    },
  );
});
