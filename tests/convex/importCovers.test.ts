/**
 * The import commit and the cover provenance of Folio's JSON export: what a row may restore is
 * decided on the server (the same checks as `chooseCover`), never overwrites a cover (invariant 1),
 * never stores a rejected cover (invariant 8), and a book left without a cover is queued for the
 * cover engine while one with a restored cover is not.
 */
import { describe, expect, test } from "vitest";
import { api } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import type { ImportRow } from "../../lib/import";
import { createUser, newBackend, type SignedIn, type TestConvex } from "../support/users";

const OL = (id: number) => `https://covers.openlibrary.org/b/id/${id}-L.jpg`;
const GOOGLE = "https://books.google.com/books/content?id=l3tSzQEACAAJ&printsec=frontcover&img=1&zoom=1&source=gbs_api";

let imports = 0;
async function commit(as: SignedIn, rows: ImportRow[], startCoverBackfill = false) {
  return await as.mutation(api.imports.commit, {
    clientImportId: `covers-${++imports}`,
    format: "folio",
    rows,
    startCoverBackfill,
  });
}

const row = (cover: ImportRow["cover"], title = "Dune"): ImportRow => ({
  line: 1,
  title,
  author: "Frank Herbert",
  status: "read",
  cover,
});
const bookOf = (t: TestConvex, id: Id<"books">) => t.run((ctx) => ctx.db.get("books", id));

describe("a new book from a Folio export row", () => {
  test("a row sent straight to the server cannot store a rejected, off-list or upload cover", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const result = await commit(as, [
      { ...row({ own: OL(1), found: OL(2), rejected: ["ol:1", "ol:2"] }), line: 1, title: "A" },
      { ...row({ own: "https://evil.example/x.jpg", found: "http://covers.openlibrary.org/b/id/3-L.jpg" }), line: 2, title: "B" },
      { ...row({ own: "https://x.convex.cloud/api/storage/abc" }), line: 3, title: "C" },
    ]);
    expect(result.failed).toEqual([]);
    const books = await Promise.all(result.createdBookIds.map((id) => bookOf(t, id)));
    for (const book of books) {
      expect(book?.coverUrl).toBeUndefined();
      expect(book?.apiCoverUrl).toBeUndefined();
    }
    expect(books[0]?.rejectedCovers).toEqual(["ol:1", "ol:2"]);
  });

  test("a restored cover needs no lookup; a book left without one is queued for the cover engine", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const result = await commit(
      as,
      [
        { ...row({ own: OL(10) }), line: 1, title: "Own" },
        { ...row({ found: GOOGLE, foundSource: "google-books" }), line: 2, title: "Found" },
        { ...row(undefined), line: 3, title: "Uploaded elsewhere" },
      ],
      true,
    );
    const queued = await t.run((ctx) => ctx.db.query("coverBackfillQueue").collect());
    expect(queued.map((q) => q.bookId)).toEqual([result.createdBookIds[2]]);
    expect(await bookOf(t, result.createdBookIds[0])).toMatchObject({ coverUrl: OL(10) });
    expect(await bookOf(t, result.createdBookIds[1])).toMatchObject({ apiCoverUrl: GOOGLE, apiSource: "google-books" });
    expect((await as.query(api.library.counts, {})).withoutCover).toBe(1);
  });
});

describe("merging a Folio export row into a book the reader has", () => {
  async function existing(t: TestConvex, as: SignedIn, patch: Record<string, unknown>) {
    const bookId = await as.mutation(api.books.create, { title: "Dune", author: "Frank Herbert", status: "read" });
    await t.run((ctx) => ctx.db.patch("books", bookId, patch));
    return bookId;
  }

  test("never overwrites a cover the book has (invariant 1), and adds the row's rejections", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const bookId = await existing(t, as, { apiCoverUrl: OL(5), apiSource: "open-library", rejectedCovers: ["ol:6"] });
    const result = await commit(as, [row({ own: OL(7), found: OL(8), rejected: ["ol:9", "ol:6"] })]);
    expect(result.mergedBookIds).toEqual([bookId]);
    const book = await bookOf(t, bookId);
    expect(book).toMatchObject({ apiCoverUrl: OL(5), apiSource: "open-library", rejectedCovers: ["ol:6", "ol:9"] });
    expect(book?.coverUrl).toBeUndefined();
  });

  test("a book without a cover takes the row's, unless the book turned it down (invariant 8)", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const bookId = await existing(t, as, { rejectedCovers: ["ol:8"] });
    await commit(as, [row({ own: OL(7), found: OL(8) })]);
    const book = await bookOf(t, bookId);
    expect(book?.coverUrl).toBe(OL(7));
    expect(book?.apiCoverUrl).toBeUndefined();
    expect((await as.query(api.library.counts, {})).withoutCover).toBe(0);
  });
});
