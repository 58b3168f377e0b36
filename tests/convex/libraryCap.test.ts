// A reader's library holds at most LIBRARY_MAX_BOOKS books, counted from the kept counters
// (libraryCounts), never by reading the library. Adding past it is refused with a clear error; an
// import chunk that would take the library past it is refused whole (nothing of it is written)
// with the same error, while chunks that fit, and merges into books already there, still land.
import { describe, expect, test } from "vitest";
import { api } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import type { ImportRowArg } from "../../convex/model/importRowValidator";
import { LIBRARY_MAX_BOOKS } from "../../lib/books/libraryCap";
import { libraryBooks } from "../support/libraryBooks";
import { createUser, newBackend, type SignedIn, type TestConvex } from "../support/users";

const LIBRARY_FULL = {
  code: "library_full",
  message: "Your library is full: it can hold at most 50,000 books. Remove some books to make room.",
};

function rows(first: number, last: number): ImportRowArg[] {
  return Array.from({ length: last - first + 1 }, (_, i) => ({
    line: first + i,
    title: `Book ${first + i}`,
    author: "Author",
    status: "read" as const,
  }));
}

function commit(as: SignedIn, clientImportId: string, chunk: ImportRowArg[]) {
  return as.mutation(api.imports.commit, { clientImportId, format: "goodreads", rows: chunk, startCoverBackfill: false });
}

/**
 * Sets the reader's kept total, standing in for a library of that many books (filling 50,000 real
 * books would only make the test slow: the cap reads the counter, never the books).
 */
async function setKeptTotal(t: TestConvex, userId: Id<"users">, total: number): Promise<void> {
  await t.run(async (ctx) => {
    const counter = await ctx.db
      .query("libraryCounts")
      .withIndex("by_user", (q) => q.eq("userId", userId))
      .unique();
    if (counter === null) throw new Error("the reader has no counter yet: add a book first");
    await ctx.db.patch("libraryCounts", counter._id, { total, byStatus: { read: total } });
  });
}

async function importRowRecords(t: TestConvex): Promise<number> {
  return (await t.run((ctx) => ctx.db.query("importRows").collect())).length;
}

describe("the library cap", () => {
  test("is 50,000 books", () => {
    expect(LIBRARY_MAX_BOOKS).toBe(50_000);
  });

  test("adding a book to a full library is refused with a clear error and writes nothing", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    await as.mutation(api.books.create, { title: "First", author: "Author", status: "read" });
    await setKeptTotal(t, userId, LIBRARY_MAX_BOOKS - 1);

    // The last place is taken...
    await as.mutation(api.books.create, { title: "Last that fits", author: "Author", status: "read" });
    expect((await as.query(api.library.counts, {})).total).toBe(LIBRARY_MAX_BOOKS);
    // ...and the next book is refused.
    await expect(
      as.mutation(api.books.create, { title: "One too many", author: "Author", status: "read" }),
    ).rejects.toMatchObject({
      data: LIBRARY_FULL,
    });
    expect((await as.query(api.library.counts, {})).total).toBe(LIBRARY_MAX_BOOKS);
    expect((await libraryBooks(as)).map((b) => b.title)).not.toContain("One too many");
  });

  test("an import chunk that would cross the cap is refused whole; a chunk that fits, and merges, still land", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    await as.mutation(api.books.create, { title: "Book 1", author: "Author", status: "read" });
    await setKeptTotal(t, userId, LIBRARY_MAX_BOOKS - 10);

    // 20 new books where 10 fit: nothing of the chunk is written, not even its row records.
    await expect(commit(as, "too-many", rows(2, 21))).rejects.toMatchObject({ data: LIBRARY_FULL });
    expect((await as.query(api.library.counts, {})).total).toBe(LIBRARY_MAX_BOOKS - 10);
    expect(await libraryBooks(as)).toHaveLength(1);
    expect(await importRowRecords(t)).toBe(0);

    // The reader leaves some rows out: 10 new books fit exactly.
    const fits = await commit(as, "fits", rows(2, 11));
    expect(fits.created).toBe(10);
    expect((await as.query(api.library.counts, {})).total).toBe(LIBRARY_MAX_BOOKS);

    // A full library still takes an import whose rows are all books it has (they merge).
    const merges = await commit(as, "merges", rows(1, 11));
    expect(merges).toMatchObject({ created: 0, merged: 11 });
    await expect(commit(as, "one-more", rows(12, 12))).rejects.toMatchObject({ data: LIBRARY_FULL });
  });

  test("one reader's full library does not limit another's", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    const other = await createUser(t, "Other");
    await as.mutation(api.books.create, { title: "First", author: "Author", status: "read" });
    await setKeptTotal(t, userId, LIBRARY_MAX_BOOKS);
    await expect(
      commit(
        as,
        "mine",
        rows(1, 1).map((r) => ({ ...r, title: "New" })),
      ),
    ).rejects.toMatchObject({
      data: LIBRARY_FULL,
    });
    expect((await commit(other.as, "theirs", rows(1, 5))).created).toBe(5);
    await other.as.mutation(api.books.create, { title: "Another", author: "Author", status: "read" });
    expect(await libraryBooks(other.as)).toHaveLength(6);
  });
});
