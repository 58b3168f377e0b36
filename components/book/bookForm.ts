import { validateAuthor, validateIsbn, validateTitle } from "@/lib/books/validateBook";
import type { BookStatus } from "./status";

/** What the reader types; `isbn` is raw text ("0-14-044913-6", "978…", or ""). */
export interface BookFormValues {
  title: string;
  author: string;
  isbn: string;
  status: BookStatus;
}

export type BookFormField = "title" | "author" | "isbn";
export type BookFormErrors = Partial<Record<BookFormField | "cover", string>>;

export interface ValidBookForm {
  title: string;
  author: string;
  /** Normalised ISBN-13, or undefined when the field is empty. */
  isbn: string | undefined;
  status: BookStatus;
}

export const EMPTY_BOOK_FORM: BookFormValues = { title: "", author: "", isbn: "", status: "want-to-read" };

/**
 * Checks every field (so all errors show at once) with the same rules and messages as the server
 * (lib/books/validateBook.ts; ISBNs through parseIsbn), and returns normalised values.
 */
export function validateBookForm(
  values: BookFormValues,
): { ok: true; value: ValidBookForm } | { ok: false; errors: BookFormErrors } {
  const title = validateTitle(values.title);
  const author = validateAuthor(values.author);
  const isbn = validateIsbn(values.isbn);
  const errors: BookFormErrors = {};
  if (!title.ok) errors.title = title.error.message;
  if (!author.ok) errors.author = author.error.message;
  if (!isbn.ok) errors.isbn = isbn.error.message;
  if (!title.ok || !author.ok || !isbn.ok) return { ok: false, errors };
  return { ok: true, value: { title: title.value, author: author.value, isbn: isbn.value, status: values.status } };
}

/** The first field with an error, in form order, for moving focus there. */
export function firstInvalidField(errors: BookFormErrors): BookFormField | "cover" | undefined {
  return (["title", "author", "isbn", "cover"] as const).find((field) => errors[field]);
}
