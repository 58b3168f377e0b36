/**
 * A book as a reader's library describes it, apart from covers and bookkeeping: what an import row
 * carries, what an export writes and what a stored book holds. One interface and one field list, so
 * the import's field order, the export's fields and the stored book's view cannot drift apart.
 */
import type { BookRead, ReaderFields } from "./readerFields";
import type { BookStatus } from "./status";

export interface BookRecord extends ReaderFields {
  title: string;
  author: string;
  /** Normalised ISBN-13. */
  isbn?: string;
  status: BookStatus;
  goodreadsId?: string;
  /** 0.25–5 in steps of 0.25 (whole, half and quarter stars); absent when unrated. */
  rating?: number;
  /** ISO date (YYYY-MM-DD). */
  dateRead?: string;
  /** ISO date (YYYY-MM-DD). */
  dateAdded?: string;
  shelves?: string[];
  publisher?: string;
  pages?: number;
  yearPublished?: number;
}

export type { BookRead };

/** Every field of a {@link BookRecord}, in the order imports and exports list them. */
export const BOOK_RECORD_FIELDS = [
  "title",
  "author",
  "isbn",
  "status",
  "rating",
  "dateRead",
  "dateAdded",
  "goodreadsId",
  "shelves",
  "publisher",
  "pages",
  "yearPublished",
  "review",
  "reviewSpoiler",
  "privateNotes",
  "reads",
  "readCount",
  "owned",
  "moods",
] as const satisfies readonly (keyof BookRecord)[];

/** The optional fields: everything but title, author and status. */
export const OPTIONAL_BOOK_RECORD_FIELDS = BOOK_RECORD_FIELDS.filter(
  (field): field is Exclude<(typeof BOOK_RECORD_FIELDS)[number], "title" | "author" | "status"> =>
    field !== "title" && field !== "author" && field !== "status",
);
