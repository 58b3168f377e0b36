import type { Doc } from "@/convex/_generated/dataModel";

export type BookStatus = Doc<"books">["status"];

export const BOOK_STATUS_OPTIONS: readonly { value: BookStatus; label: string }[] = [
  { value: "want-to-read", label: "Want to read" },
  { value: "currently-reading", label: "Currently reading" },
  { value: "read", label: "Read" },
];

export function statusLabel(status: BookStatus): string {
  return BOOK_STATUS_OPTIONS.find((option) => option.value === status)?.label ?? status;
}

export function isBookStatus(value: string): value is BookStatus {
  return BOOK_STATUS_OPTIONS.some((option) => option.value === value);
}
