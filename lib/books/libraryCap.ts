/**
 * The most books one reader's library holds, and what the reader is told about it. Folio is built
 * and tested for libraries of 20,000 books (the wall pages, counts are kept); the cap leaves room
 * for the largest real libraries while keeping any one reader, a guest included, from growing a
 * library without end. The server enforces it from the kept counts (convex/model/bookWrites.ts);
 * the import preview warns with `libraryCapNotice`.
 */
export const LIBRARY_MAX_BOOKS = 50_000;

/** 50000 -> "50,000" without Intl (not guaranteed in every Convex runtime). */
export function withThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

const books = (n: number) => `${withThousands(n)} ${n === 1 ? "book" : "books"}`;

/** The error for an add or an import chunk that would take the library past the cap. */
export const LIBRARY_FULL_MESSAGE = `Your library is full: it can hold at most ${withThousands(LIBRARY_MAX_BOOKS)} books. Remove some books to make room.`;

/**
 * What the import preview says when `newBooks` more would take a library of `libraryTotal` books
 * past the cap; null when they fit.
 */
export function libraryCapNotice(libraryTotal: number, newBooks: number): string | null {
  if (libraryTotal + newBooks <= LIBRARY_MAX_BOOKS) return null;
  const room = Math.max(0, LIBRARY_MAX_BOOKS - libraryTotal);
  const newOnes = `${withThousands(newBooks)} new ${newBooks === 1 ? "book" : "books"} in this file`;
  if (room === 0) {
    return (
      `Your library is full: it has ${books(libraryTotal)}, the most it can hold, so none of the ${newOnes} can be ` +
      "imported. Remove some books from your library first."
    );
  }
  return (
    `Your library has ${books(libraryTotal)} and can hold at most ${withThousands(LIBRARY_MAX_BOOKS)}, so only ` +
    `${withThousands(room)} of the ${newOnes} fit. Untick ${withThousands(newBooks - room)} of them, or remove some books ` +
    "from your library first; otherwise the import stops at the first part that does not fit."
  );
}
