/**
 * Validation and normalisation of the fields a reader types for a book (title, author, ISBN).
 * Pure functions, no framework imports: the Convex functions turn a failure into a ConvexError,
 * the UI can run the same checks before submitting.
 *
 * Messages never contain the rejected value (no titles, authors or ISBNs in errors).
 */
import { cleanIsbnInput, parseIsbn } from "./isbn";
import { stripBidiControls } from "./readerFields";

export const TITLE_MAX_LENGTH = 300;
export const AUTHOR_MAX_LENGTH = 200;

export type BookField = "title" | "author" | "isbn";

export interface BookFieldError {
  field: BookField;
  message: string;
}

export type FieldResult<T> = { ok: true; value: T } | { ok: false; error: BookFieldError };

export const BOOK_MESSAGES = {
  titleRequired: "Title is required",
  titleTooLong: `Title must be at most ${TITLE_MAX_LENGTH} characters`,
  authorTooLong: `Author must be at most ${AUTHOR_MAX_LENGTH} characters`,
  isbnFormat: "ISBN must be 10 or 13 digits",
  isbnPrefix: "ISBN-13 must start with 978 or 979",
  isbnChecksum: "ISBN check digit is wrong",
} as const;

/**
 * Trims and collapses every run of white space (including line breaks) to one space, and removes
 * bidirectional overrides (U+202A–U+202E, U+2066–U+2069), which would display the text reversed.
 */
export function cleanText(raw: string): string {
  return stripBidiControls(raw).trim().replace(/\s+/g, " ");
}

/** Length in characters as a reader counts them (code points, so an emoji counts once). */
function charLength(s: string): number {
  return [...s].length;
}

function fail<T>(field: BookField, message: string): FieldResult<T> {
  return { ok: false, error: { field, message } };
}

/** A title is required and at most {@link TITLE_MAX_LENGTH} characters once cleaned. */
export function validateTitle(raw: string): FieldResult<string> {
  const title = cleanText(raw);
  if (title === "") return fail("title", BOOK_MESSAGES.titleRequired);
  if (charLength(title) > TITLE_MAX_LENGTH) return fail("title", BOOK_MESSAGES.titleTooLong);
  return { ok: true, value: title };
}

/**
 * The author may be empty (stored as ""): plain-text lists and hand-added books often have no
 * author, and an unknown author is better than an invented one. At most {@link AUTHOR_MAX_LENGTH}
 * characters once cleaned.
 */
export function validateAuthor(raw: string): FieldResult<string> {
  const author = cleanText(raw);
  if (charLength(author) > AUTHOR_MAX_LENGTH) return fail("author", BOOK_MESSAGES.authorTooLong);
  return { ok: true, value: author };
}

/**
 * An ISBN-10 or ISBN-13 written any common way (spaces, hyphens, trailing x) -> normalised ISBN-13.
 * Absent, null, empty or blank input means "no ISBN" (`value: undefined`).
 */
export function validateIsbn(raw: string | null | undefined): FieldResult<string | undefined> {
  const parsed = parseIsbn(raw);
  if (parsed.ok) return { ok: true, value: parsed.isbn13 };
  switch (parsed.reason) {
    case "empty":
      return { ok: true, value: undefined };
    case "invalid_format":
      return fail("isbn", BOOK_MESSAGES.isbnFormat);
    case "invalid_checksum": {
      // parseIsbn also reports 13 digits outside the ISBN ranges as a checksum failure.
      const cleaned = cleanIsbnInput(raw ?? "");
      const wrongPrefix = /^\d{13}$/.test(cleaned) && !/^97[89]/.test(cleaned);
      return fail("isbn", wrongPrefix ? BOOK_MESSAGES.isbnPrefix : BOOK_MESSAGES.isbnChecksum);
    }
  }
}

export interface BookInput {
  title: string;
  author: string;
  isbn?: string | null;
}

export interface ValidBookFields {
  title: string;
  author: string;
  /** Normalised ISBN-13, or undefined when none was given. */
  isbn: string | undefined;
}

/** Validates a whole new book; the first failing field (title, author, ISBN order) is reported. */
export function validateBookInput(input: BookInput): FieldResult<ValidBookFields> {
  const title = validateTitle(input.title);
  if (!title.ok) return title;
  const author = validateAuthor(input.author);
  if (!author.ok) return author;
  const isbn = validateIsbn(input.isbn);
  if (!isbn.ok) return isbn;
  return { ok: true, value: { title: title.value, author: author.value, isbn: isbn.value } };
}

export interface BookPatchInput {
  title?: string;
  author?: string;
  /** `null` (or a blank string) clears the ISBN; `undefined` leaves it unchanged. */
  isbn?: string | null;
}

export interface ValidBookPatch {
  title?: string;
  author?: string;
  /** `null` means "clear the ISBN". */
  isbn?: string | null;
}

/** Validates the fields present in an edit; absent fields stay absent. */
export function validateBookPatch(input: BookPatchInput): FieldResult<ValidBookPatch> {
  const patch: ValidBookPatch = {};
  if (input.title !== undefined) {
    const title = validateTitle(input.title);
    if (!title.ok) return title;
    patch.title = title.value;
  }
  if (input.author !== undefined) {
    const author = validateAuthor(input.author);
    if (!author.ok) return author;
    patch.author = author.value;
  }
  if (input.isbn !== undefined) {
    const isbn = validateIsbn(input.isbn);
    if (!isbn.ok) return isbn;
    patch.isbn = isbn.value ?? null;
  }
  return { ok: true, value: patch };
}
