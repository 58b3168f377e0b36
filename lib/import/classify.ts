/**
 * Preview classification: which parsed rows are new books, and which are a book already in the
 * library or created by an earlier row, and why. It replays the import commit's rule
 * (lib/import/sameBook.ts) over the library's keys and the file's rows in order, filling a matched
 * book's missing ISBN / Goodreads id as the commit's merge does, so the preview says exactly what
 * the commit will do.
 */
import { dedupKeyFor } from "../books/text";
import { firstCompatible, type DuplicateReason, type SameBookKeys } from "./sameBook";
import type { ImportRow } from "./types";

export type RowKind = "new" | "duplicate-existing" | "duplicate-earlier";

export interface RowClassification {
  line: number;
  kind: RowKind;
  /** For "duplicate-earlier": the line of the first row of the file that is this book. */
  duplicateOfLine?: number;
  /** For duplicates: what makes it the same book. */
  reason?: DuplicateReason;
}

/** A book of the reader's library, as the preview knows it (keys only). */
export interface ExistingBook extends SameBookKeys {
  /** Any id, to recognise one book reported under several keys. */
  id: string;
  /** Creation order: the commit meets same-key books oldest first. */
  createdAt: number;
}

export interface ExistingLibrary {
  /** The reader's books that share an ISBN, a Goodreads id or a dedup key with the file's rows. */
  books: readonly ExistingBook[];
}

export const EMPTY_LIBRARY: ExistingLibrary = { books: [] };

interface SimBook {
  isbn?: string;
  goodreadsId?: string;
  /** 0 for a book already in the library, else the line of the row that creates it. */
  line: number;
}

class SimLibrary {
  private readonly byIsbn = new Map<string, SimBook>();
  private readonly byGoodreadsId = new Map<string, SimBook[]>();
  private readonly byKey = new Map<string, SimBook[]>();

  add(book: SimBook, dedupKey: string): void {
    if (book.isbn) this.indexIsbn(book, book.isbn);
    if (book.goodreadsId) this.push(this.byGoodreadsId, book.goodreadsId, book);
    this.push(this.byKey, dedupKey, book);
  }

  find(row: { isbn?: string; goodreadsId?: string }, dedupKey: string): { book: SimBook; reason: DuplicateReason } | null {
    const byIsbn = row.isbn ? this.byIsbn.get(row.isbn) : undefined;
    if (byIsbn) return { book: byIsbn, reason: "same-isbn" };
    if (row.goodreadsId) {
      const book = firstCompatible(row.isbn, this.byGoodreadsId.get(row.goodreadsId) ?? []);
      if (book) return { book, reason: "same-goodreads-id" };
    }
    const book = firstCompatible(row.isbn, this.byKey.get(dedupKey) ?? []);
    return book ? { book, reason: "same-title-author" } : null;
  }

  /** What the commit's merge does to the keys: fills a missing ISBN and Goodreads id. */
  merge(book: SimBook, row: { isbn?: string; goodreadsId?: string }): void {
    if (!book.isbn && row.isbn) {
      book.isbn = row.isbn;
      this.indexIsbn(book, row.isbn);
    }
    if (!book.goodreadsId && row.goodreadsId) {
      book.goodreadsId = row.goodreadsId;
      this.push(this.byGoodreadsId, row.goodreadsId, book);
    }
  }

  private indexIsbn(book: SimBook, isbn: string): void {
    if (!this.byIsbn.has(isbn)) this.byIsbn.set(isbn, book);
  }

  private push(map: Map<string, SimBook[]>, key: string, book: SimBook): void {
    const list = map.get(key);
    if (list) list.push(book);
    else map.set(key, [book]);
  }
}

/**
 * One classification per row, in order. A row is a duplicate when the commit would merge it:
 * same ISBN-13; else same Goodreads id or same `dedupKeyFor(title, author)` (whole title, first
 * author) without conflicting ISBNs. Two rows or books whose ISBNs differ are never duplicates.
 * `duplicateOfLine` points at the row that creates the book.
 */
export function classifyRows(
  rows: readonly Pick<ImportRow, "line" | "title" | "author" | "isbn" | "goodreadsId">[],
  existing: ExistingLibrary,
): RowClassification[] {
  const library = new SimLibrary();
  const seen = new Set<string>();
  for (const book of [...existing.books].sort((a, b) => a.createdAt - b.createdAt)) {
    if (seen.has(book.id)) continue;
    seen.add(book.id);
    library.add({ isbn: book.isbn, goodreadsId: book.goodreadsId, line: 0 }, book.dedupKey);
  }

  return rows.map((row) => {
    const key = dedupKeyFor(row.title, row.author);
    const match = library.find(row, key);
    if (match === null) {
      library.add({ isbn: row.isbn, goodreadsId: row.goodreadsId, line: row.line }, key);
      return { line: row.line, kind: "new" };
    }
    library.merge(match.book, row);
    if (match.book.line === 0) return { line: row.line, kind: "duplicate-existing", reason: match.reason };
    return { line: row.line, kind: "duplicate-earlier", duplicateOfLine: match.book.line, reason: match.reason };
  });
}
