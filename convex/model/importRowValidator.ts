/**
 * The shape of one import row at the `imports.commit` boundary, and its server-side re-validation.
 *
 * The Convex validator checks types only (a wrong type is a client bug and rejects the whole call);
 * `validateImportRow` checks content and turns a bad row into a `failed` outcome with a reason, so
 * one bad row never aborts its chunk. Reasons never contain the rejected value (no titles, authors
 * or ISBNs in errors).
 */
import { v, type Infer } from "convex/values";
import { isValidIsbn13 } from "../../lib/books/isbn";
import { isValidRating } from "../../lib/books/rating";
import { checkReaderFields, type ReaderFields } from "../../lib/books/readerFields";
import { dedupKeyFor } from "../../lib/books/text";
import { restorableCover, type RestoredCover } from "../../lib/import/importedCover";
import { validateAuthor, validateTitle } from "../../lib/books/validateBook";
import type { BookStatus, ImportRow } from "../../lib/import/types";
import { ROW_LIMITS } from "../../lib/import/validate";
import { bookStatus, importFormat, readerFieldValidators } from "../schema";

export const importFormatValidator = importFormat;

/** Mirrors `ImportRow` in lib/import/types.ts (checked at compile time below). */
export const importRowValidator = v.object({
  line: v.number(),
  title: v.string(),
  author: v.string(),
  isbn: v.optional(v.string()),
  status: bookStatus,
  goodreadsId: v.optional(v.string()),
  rating: v.optional(v.number()),
  dateRead: v.optional(v.string()),
  dateAdded: v.optional(v.string()),
  shelves: v.optional(v.array(v.string())),
  publisher: v.optional(v.string()),
  pages: v.optional(v.number()),
  yearPublished: v.optional(v.number()),
  ...readerFieldValidators,
  /** Folio's JSON export only: cover provenance, restored as far as it passes chooseCover's checks. */
  cover: v.optional(
    v.object({
      own: v.optional(v.string()),
      found: v.optional(v.string()),
      foundSource: v.optional(v.string()),
      rejected: v.optional(v.array(v.string())),
    }),
  ),
});

export type ImportRowArg = Infer<typeof importRowValidator>;

// Compile-time guard: the validator and the parsers' ImportRow type must not drift apart.
type _Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _rowShapesMatch: _Same<ImportRowArg, ImportRow> = true;
void _rowShapesMatch;

export const importChunkResultValidator = v.object({
  importId: v.id("imports"),
  created: v.number(),
  merged: v.number(),
  skipped: v.number(),
  failed: v.array(v.object({ line: v.number(), reason: v.string() })),
  createdBookIds: v.array(v.id("books")),
  mergedBookIds: v.array(v.id("books")),
});

// The parsers' limits (lib/import/validate.ts), so a row the preview accepts is never failed here.
// Title and author count code points (like books.create); the metadata below counts UTF-16 units
// (string length), as the parsers do, which also bounds its UTF-8 size to 3 bytes per unit.
export const MAX_SHELVES = ROW_LIMITS.maxShelves;
export const SHELF_MAX_LENGTH = ROW_LIMITS.shelfMaxLength;
export const PUBLISHER_MAX_LENGTH = ROW_LIMITS.publisherMaxLength;
export const GOODREADS_ID_MAX_LENGTH = ROW_LIMITS.goodreadsIdMaxLength;
export const PAGES_MAX = ROW_LIMITS.pagesMax;

export const ROW_REASONS = {
  isbn: "ISBN is not a valid ISBN-13",
  rating: "Rating must be from 0.25 to 5 stars in steps of 0.25",
  goodreadsId: `Goodreads id must be at most ${GOODREADS_ID_MAX_LENGTH} characters`,
  dateRead: "Date read must be a date (YYYY-MM-DD)",
  dateAdded: "Date added must be a date (YYYY-MM-DD)",
  shelves: `At most ${MAX_SHELVES} shelves of at most ${SHELF_MAX_LENGTH} characters each`,
  publisher: `Publisher must be at most ${PUBLISHER_MAX_LENGTH} characters`,
  pages: `Pages must be a whole number from 1 to ${PAGES_MAX}`,
  yearPublished: "Year published must be a whole number",
} as const;

/** A row that passed validation, cleaned and ready to insert or merge. */
export interface ValidImportRow extends ReaderFields, RestoredCover {
  title: string;
  author: string;
  dedupKey: string;
  status: BookStatus;
  isbn?: string;
  goodreadsId?: string;
  rating?: number;
  dateRead?: string;
  dateAdded?: string;
  shelves?: string[];
  publisher?: string;
  pages?: number;
  yearPublished?: number;
}

export type RowValidation = { ok: true; row: ValidImportRow } | { ok: false; reason: string };

function blankToUndefined(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const t = s.trim().replace(/\s+/g, " ");
  return t === "" ? undefined : t;
}

function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function isIntegerIn(n: number, min: number, max: number): boolean {
  return Number.isInteger(n) && n >= min && n <= max;
}

/** Shelves trimmed, blank ones dropped, de-duplicated case-insensitively (first spelling kept). */
export function cleanShelves(shelves: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of shelves) {
    const shelf = raw.trim();
    const key = shelf.toLowerCase();
    if (shelf === "" || seen.has(key)) continue;
    seen.add(key);
    out.push(shelf);
  }
  return out;
}

/**
 * Re-validates a row on the server: title required (≤ 300), author ≤ 200, ISBN a valid ISBN-13 if
 * present, rating 0.25–5 in steps of 0.25, and the other metadata bounded so a book document stays small.
 * Blank optional strings count as absent. The first failing field is reported.
 */
export function validateImportRow(row: ImportRowArg): RowValidation {
  const title = validateTitle(row.title);
  if (!title.ok) return { ok: false, reason: title.error.message };
  const author = validateAuthor(row.author);
  if (!author.ok) return { ok: false, reason: author.error.message };

  const valid: ValidImportRow = {
    title: title.value,
    author: author.value,
    dedupKey: dedupKeyFor(title.value, author.value),
    status: row.status,
  };

  const isbn = blankToUndefined(row.isbn);
  if (isbn !== undefined) {
    if (!isValidIsbn13(isbn)) return { ok: false, reason: ROW_REASONS.isbn };
    valid.isbn = isbn;
  }
  if (row.rating !== undefined) {
    if (!isValidRating(row.rating)) return { ok: false, reason: ROW_REASONS.rating };
    valid.rating = row.rating;
  }
  const goodreadsId = blankToUndefined(row.goodreadsId);
  if (goodreadsId !== undefined) {
    if (goodreadsId.length > GOODREADS_ID_MAX_LENGTH) return { ok: false, reason: ROW_REASONS.goodreadsId };
    valid.goodreadsId = goodreadsId;
  }
  const dateRead = blankToUndefined(row.dateRead);
  if (dateRead !== undefined) {
    if (!isIsoDate(dateRead)) return { ok: false, reason: ROW_REASONS.dateRead };
    valid.dateRead = dateRead;
  }
  const dateAdded = blankToUndefined(row.dateAdded);
  if (dateAdded !== undefined) {
    if (!isIsoDate(dateAdded)) return { ok: false, reason: ROW_REASONS.dateAdded };
    valid.dateAdded = dateAdded;
  }
  if (row.shelves !== undefined) {
    const shelves = cleanShelves(row.shelves);
    if (shelves.length > MAX_SHELVES || shelves.some((s) => s.length > SHELF_MAX_LENGTH)) {
      return { ok: false, reason: ROW_REASONS.shelves };
    }
    if (shelves.length > 0) valid.shelves = shelves;
  }
  const publisher = blankToUndefined(row.publisher);
  if (publisher !== undefined) {
    if (publisher.length > PUBLISHER_MAX_LENGTH) return { ok: false, reason: ROW_REASONS.publisher };
    valid.publisher = publisher;
  }
  if (row.pages !== undefined) {
    if (!isIntegerIn(row.pages, 1, PAGES_MAX)) return { ok: false, reason: ROW_REASONS.pages };
    valid.pages = row.pages;
  }
  if (row.yearPublished !== undefined) {
    if (!isIntegerIn(row.yearPublished, ROW_LIMITS.yearMin, ROW_LIMITS.yearMax))
      return { ok: false, reason: ROW_REASONS.yearPublished };
    valid.yearPublished = row.yearPublished;
  }
  const reader = checkReaderFields(row);
  if (!reader.ok) return { ok: false, reason: reader.reason };
  Object.assign(valid, reader.value);
  // A cover that does not pass is left out, never a reason to fail the row: the engine finds one.
  Object.assign(valid, restorableCover(row.cover));
  return { ok: true, row: valid };
}
