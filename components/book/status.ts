import {
  BOOK_STATUS_LABELS,
  BOOK_STATUSES,
  bookStatusLabel,
  isBookStatus as isKnownStatus,
  type BookStatus,
} from "@/lib/books/status";

export type { BookStatus };

/** The statuses in display order, for selects (from the one list in lib/books/status.ts). */
export const BOOK_STATUS_OPTIONS: readonly { value: BookStatus; label: string }[] = BOOK_STATUSES.map((value) => ({
  value,
  label: BOOK_STATUS_LABELS[value],
}));

export function statusLabel(status: BookStatus): string {
  return bookStatusLabel(status) ?? status;
}

export function isBookStatus(value: string): value is BookStatus {
  return isKnownStatus(value);
}
