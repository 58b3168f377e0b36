import { describe, expect, it } from "vitest";
import { dedupKeyFor } from "@/lib/books/text";
import { classifyRows, EMPTY_LIBRARY, parseImportFile, type ExistingBook, type ImportRow } from "@/lib/import";
import { readFixture } from "./support";

const none = EMPTY_LIBRARY;
const row = (line: number, title: string, author: string, isbn?: string, goodreadsId?: string): ImportRow => ({
  line,
  title,
  author,
  status: "want-to-read",
  ...(isbn ? { isbn } : {}),
  ...(goodreadsId ? { goodreadsId } : {}),
});

let nextId = 0;
/** A book of the library as findExisting reports it: keys only. */
function libraryBook(title: string, author: string, extra: { isbn?: string; goodreadsId?: string } = {}): ExistingBook {
  nextId += 1;
  return { id: `b${nextId}`, createdAt: nextId, dedupKey: dedupKeyFor(title, author), ...extra };
}
const library = (...books: ExistingBook[]) => ({ books });

describe("classifyRows", () => {
  it("marks rows new when nothing matches", () => {
    expect(classifyRows([row(2, "Dune", "Frank Herbert"), row(3, "Emma", "Jane Austen")], none)).toEqual([
      { line: 2, kind: "new" },
      { line: 3, kind: "new" },
    ]);
  });

  it("finds a book already in the library by ISBN-13, even with another title", () => {
    const existing = library(libraryBook("Dune", "Frank Herbert", { isbn: "9780441013593" }));
    expect(classifyRows([row(2, "Dune (40th anniversary)", "F. Herbert", "9780441013593")], existing)).toEqual([
      { line: 2, kind: "duplicate-existing", reason: "same-isbn" },
    ]);
  });

  it("finds a book already in the library by dedup key: series suffix, case, accents, Last, First", () => {
    const existing = library(libraryBook("Dune", "Frank Herbert"), libraryBook("Les Misérables", "Victor Hugo"));
    const rows = [
      row(2, "Dune (Dune, #1)", "Herbert, Frank"),
      row(3, "LES MISERABLES", "victor hugo"),
      row(4, "Dune Messiah (Dune, #2)", "Frank Herbert"),
    ];
    expect(classifyRows(rows, existing)).toEqual([
      { line: 2, kind: "duplicate-existing", reason: "same-title-author" },
      { line: 3, kind: "duplicate-existing", reason: "same-title-author" },
      { line: 4, kind: "new" },
    ]);
  });

  it("finds repeats of earlier rows by ISBN and by key, pointing at the first occurrence", () => {
    const rows = [
      row(2, "Dune", "Frank Herbert", "9780441013593"),
      row(3, "Dune: Deluxe Edition", "Frank Herbert", "9780441013593"),
      row(4, "dune", "FRANK HERBERT", "9780593099322"), // another edition: its ISBN conflicts, so another book
      row(5, "Emma", "Jane Austen"),
      row(9, "Emma", "Austen, Jane"),
    ];
    expect(classifyRows(rows, none)).toEqual([
      { line: 2, kind: "new" },
      { line: 3, kind: "duplicate-earlier", duplicateOfLine: 2, reason: "same-isbn" },
      { line: 4, kind: "new" },
      { line: 5, kind: "new" },
      { line: 9, kind: "duplicate-earlier", duplicateOfLine: 5, reason: "same-title-author" },
    ]);
  });

  it("is transitive the way the commit is: an ISBN filled by a merge leads back to the first occurrence", () => {
    const rows = [
      row(2, "Dune", "Frank Herbert"),
      row(3, "Dune", "Frank Herbert", "9780593099322"), // merges into line 2 and gives it this ISBN
      row(4, "Dune (Hardcover)", "F. Herbert", "9780593099322"), // only shares that ISBN
      row(5, "Dune", "Frank Herbert", "9780441013593"), // line 2's book now has another ISBN: a new book
    ];
    expect(classifyRows(rows, none)).toEqual([
      { line: 2, kind: "new" },
      { line: 3, kind: "duplicate-earlier", duplicateOfLine: 2, reason: "same-title-author" },
      { line: 4, kind: "duplicate-earlier", duplicateOfLine: 2, reason: "same-isbn" },
      { line: 5, kind: "new" },
    ]);
  });

  it("prefers the library over earlier rows and ISBN over key", () => {
    const existing = library(libraryBook("Dune", "Frank Herbert", { isbn: "9780441013593" }));
    const rows = [
      row(2, "Emma", "Jane Austen", "9780141439587"),
      row(3, "Dune", "Frank Herbert", "9780441013593"),
      row(4, "Dune", "Frank Herbert"), // same key as the library's book
      row(5, "Emma", "Jane Austen", "9780141439587"),
      row(6, "Persuasion", "Jane Austen", "9780141439587"), // ISBN of line 2 wins over its own new key
    ];
    expect(classifyRows(rows, existing)).toEqual([
      { line: 2, kind: "new" },
      { line: 3, kind: "duplicate-existing", reason: "same-isbn" },
      { line: 4, kind: "duplicate-existing", reason: "same-title-author" },
      { line: 5, kind: "duplicate-earlier", duplicateOfLine: 2, reason: "same-isbn" },
      { line: 6, kind: "duplicate-earlier", duplicateOfLine: 2, reason: "same-isbn" },
    ]);
  });

  it("classifies the Goodreads fixture: the second Dune edition (another ISBN) is its own book", () => {
    const { rows } = parseImportFile("goodreads_library_export.csv", readFixture("goodreads_library_export.csv"));
    const existing = library(
      libraryBook("The Hunger Games", "Suzanne Collins", { isbn: "9780439023481" }),
      libraryBook("Nineteen Eighty-Four", "George Orwell"),
      libraryBook("1984", "Orwell, George"),
    );
    const result = classifyRows(rows, existing);
    expect(result).toHaveLength(55);
    expect(result.filter((c) => c.kind !== "new")).toEqual([
      { line: 2, kind: "duplicate-existing", reason: "same-isbn" },
      { line: 24, kind: "duplicate-existing", reason: "same-title-author" },
    ]);
  });
});

describe("classifyRows keeps distinct books distinct (invariant 10)", () => {
  it("two books that share a title before the colon, with different ISBNs, are both new", () => {
    const rows = [
      row(2, "Dune: House Atreides", "Brian Herbert", "9780553580303"),
      row(3, "Dune: House Harkonnen", "Brian Herbert", "9780553580327"),
    ];
    expect(classifyRows(rows, none)).toEqual([
      { line: 2, kind: "new" },
      { line: 3, kind: "new" },
    ]);
  });

  it("never merges into a library book whose ISBN differs, even with the same title and author", () => {
    const existing = library(libraryBook("Dune", "Frank Herbert", { isbn: "9780441013593" }));
    expect(classifyRows([row(2, "Dune", "Frank Herbert", "9780593099322"), row(3, "Dune", "Frank Herbert")], existing)).toEqual([
      { line: 2, kind: "new" },
      // Without an ISBN of its own nothing conflicts: the oldest book with the key wins.
      { line: 3, kind: "duplicate-existing", reason: "same-title-author" },
    ]);
  });

  it("skips a conflicting same-key book and merges into a compatible one", () => {
    const existing = library(
      libraryBook("Dune", "Frank Herbert", { isbn: "9780441013593" }),
      libraryBook("Dune", "Frank Herbert"), // no ISBN yet
    );
    expect(classifyRows([row(2, "Dune", "Frank Herbert", "9780593099322")], existing)).toEqual([
      { line: 2, kind: "duplicate-existing", reason: "same-title-author" },
    ]);
  });

  it("merges by Goodreads id unless the ISBNs conflict", () => {
    const existing = library(
      libraryBook("Original Title", "Author", { goodreadsId: "777" }),
      libraryBook("Other", "Author", { goodreadsId: "888", isbn: "9780441013593" }),
    );
    const rows = [
      row(2, "Translated Title", "Author", "9780306406157", "777"),
      row(3, "Different", "Someone", "9780262033848", "888"),
    ];
    expect(classifyRows(rows, existing)).toEqual([
      { line: 2, kind: "duplicate-existing", reason: "same-goodreads-id" },
      { line: 3, kind: "new" },
    ]);
  });

  it("reads a library book reported under several keys as one book", () => {
    const book = libraryBook("Dune", "Frank Herbert");
    const existing = library(book, { ...book }, { ...book });
    expect(
      classifyRows(
        [row(2, "Dune", "Frank Herbert", "9780441013593"), row(3, "Dune", "Frank Herbert", "9780593099322")],
        existing,
      ),
    ).toEqual([
      { line: 2, kind: "duplicate-existing", reason: "same-title-author" },
      // The first row filled the book's ISBN: the second edition is another book.
      { line: 3, kind: "new" },
    ]);
  });
});
