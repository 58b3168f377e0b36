/**
 * When an import row is the same book as one already there (invariant 10), shared by the import
 * commit (convex/model/importMerge.ts) and the preview (classify.ts) so both always agree:
 *
 * 1. same ISBN-13;
 * 2. else the same Goodreads id, unless the two ISBNs conflict;
 * 3. else the same duplicate key (whole normalised title + first author), unless the ISBNs conflict.
 *
 * Two ISBNs conflict when both are present and differ: such rows are never merged, whatever else
 * they share (two editions, or two books with one title, stay two books).
 */

/** What the rule needs to know of a book (in the library, or created by an earlier row). */
export interface SameBookKeys {
  isbn?: string;
  goodreadsId?: string;
  dedupKey: string;
}

/** Why a row counts as a duplicate, for the preview. */
export type DuplicateReason = "same-isbn" | "same-goodreads-id" | "same-title-author";

export const DUPLICATE_REASON_LABELS: Readonly<Record<DuplicateReason, string>> = {
  "same-isbn": "same ISBN",
  "same-goodreads-id": "same Goodreads id",
  "same-title-author": "same title and author",
};

/** Most books with one Goodreads id or one duplicate key that a lookup considers. */
export const SAME_BOOK_CANDIDATES = 4;

/** True when both ISBNs are present and differ: never the same book. */
export function isbnsConflict(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && a !== "" && b !== undefined && b !== "" && a !== b;
}

/** The first candidate (in lookup order) whose ISBN does not conflict with the row's. */
export function firstCompatible<B extends Pick<SameBookKeys, "isbn">>(
  rowIsbn: string | undefined,
  candidates: readonly B[],
): B | null {
  for (const book of candidates) if (!isbnsConflict(book.isbn, rowIsbn)) return book;
  return null;
}
