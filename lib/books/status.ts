/**
 * The reading statuses a book can have, in display order, with their labels. The one place the
 * list is defined: the Convex schema's `bookStatus` validator, the import parsers, the add/edit form
 * and the library wall all read it from here, so adding a status is a one-line change.
 */

export const BOOK_STATUSES = ["want-to-read", "currently-reading", "read", "did-not-finish"] as const;

export type BookStatus = (typeof BOOK_STATUSES)[number];

export const BOOK_STATUS_LABELS: Readonly<Record<BookStatus, string>> = {
  "want-to-read": "Want to read",
  "currently-reading": "Currently reading",
  read: "Read",
  "did-not-finish": "Did not finish",
};

/** The status a book gets when nothing says otherwise. */
export const DEFAULT_BOOK_STATUS: BookStatus = "want-to-read";

export function isBookStatus(value: unknown): value is BookStatus {
  return typeof value === "string" && (BOOK_STATUSES as readonly string[]).includes(value);
}

export function bookStatusLabel(status: BookStatus): string {
  return BOOK_STATUS_LABELS[status];
}
