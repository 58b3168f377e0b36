/**
 * Goodreads "Export Library" CSV. Columns are found by name, so older exports with a different
 * column order or a few columns missing still work as long as the identifying set is present.
 */
import { parseIsbn, type IsbnResult } from "../books/isbn";
import { cleanText, parseDateCell, parsePositiveInt, parseRatingCell, parseYear, statusKey } from "./cells";
import type { CsvRecord } from "./csvRecords";
import type { BookStatus, ImportError, ImportRow, ImportWarning } from "./types";
import { acceptRow, type FieldColumns } from "./validate";

/** The header of a Goodreads export, in Goodreads' order. */
export const GOODREADS_COLUMNS = [
  "Book Id",
  "Title",
  "Author",
  "Author l-f",
  "Additional Authors",
  "ISBN",
  "ISBN13",
  "My Rating",
  "Average Rating",
  "Publisher",
  "Binding",
  "Number of Pages",
  "Year Published",
  "Original Publication Year",
  "Date Read",
  "Date Added",
  "Bookshelves",
  "Bookshelves with positions",
  "Exclusive Shelf",
  "My Review",
  "Spoiler",
  "Private Notes",
  "Read Count",
  "Owned Copies",
] as const;

type GoodreadsColumn = (typeof GOODREADS_COLUMNS)[number];

/** A header is Goodreads' when it has all of these (case-insensitive, any order). */
const IDENTIFYING: GoodreadsColumn[] = ["Book Id", "Title", "Author", "Exclusive Shelf"];

const headerKey = (h: string) => h.trim().toLowerCase();

export function isGoodreadsHeader(headers: readonly string[]): boolean {
  const present = new Set(headers.map(headerKey));
  return IDENTIFYING.every((c) => present.has(headerKey(c)));
}

const EXCLUSIVE_SHELVES: Record<string, BookStatus> = {
  "to-read": "want-to-read",
  "currently-reading": "currently-reading",
  read: "read",
};

const COLUMNS: FieldColumns = {
  title: "Title",
  author: "Author",
  rating: "My Rating",
  dateRead: "Date Read",
  dateAdded: "Date Added",
};

const ISBN_PROBLEM: Record<Exclude<IsbnResult, { ok: true }>["reason"], string> = {
  empty: "is empty",
  invalid_format: "is not 10 or 13 digits",
  invalid_checksum: "has a wrong check digit",
};

/** Bookshelves: split on commas, cleaned, blanks and repeats (case-insensitive) dropped. */
export function splitShelves(raw: string | undefined): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of (raw ?? "").split(",")) {
    const shelf = cleanText(part);
    const key = shelf.toLowerCase();
    if (shelf === "" || seen.has(key)) continue;
    seen.add(key);
    out.push(shelf);
  }
  return out;
}

/**
 * Rows of a Goodreads export.
 * - status from Exclusive Shelf: to-read -> want-to-read, currently-reading, read; any custom
 *   exclusive shelf (e.g. "did-not-finish") -> want-to-read, and that shelf is kept in `shelves`.
 * - ISBN: ISBN13 first, else ISBN (ISBN-10, converted); Goodreads' `="…"` wrapper is unwrapped.
 *   An ISBN that fails its check is dropped with a warning; the book is still imported.
 * - My Rating 0 = unrated (absent); dates `2021/03/14` -> `2021-03-14`; shelves from Bookshelves.
 * - Title and author: NFC, runs of white space collapsed; the full title (series suffix included)
 *   is kept. Year: Year Published, else Original Publication Year.
 */
export function parseGoodreadsRecords(
  headers: readonly string[],
  records: readonly CsvRecord[],
): { rows: ImportRow[]; errors: ImportError[]; warnings: ImportWarning[] } {
  const index = new Map<string, number>();
  headers.forEach((h, i) => {
    const key = headerKey(h);
    if (!index.has(key)) index.set(key, i);
  });
  const col = (name: GoodreadsColumn) => index.get(headerKey(name)) ?? -1;
  const iId = col("Book Id");
  const iTitle = col("Title");
  const iAuthor = col("Author");
  const iIsbn = col("ISBN");
  const iIsbn13 = col("ISBN13");
  const iRating = col("My Rating");
  const iPublisher = col("Publisher");
  const iPages = col("Number of Pages");
  const iYear = col("Year Published");
  const iOrigYear = col("Original Publication Year");
  const iDateRead = col("Date Read");
  const iDateAdded = col("Date Added");
  const iShelves = col("Bookshelves");
  const iExclusive = col("Exclusive Shelf");

  const rows: ImportRow[] = [];
  const errors: ImportError[] = [];
  const warnings: ImportWarning[] = [];

  for (const { line, cells } of records) {
    const cell = (i: number) => (i >= 0 ? (cells[i] ?? "") : "");

    const exclusive = cleanText(cell(iExclusive));
    const standardStatus = EXCLUSIVE_SHELVES[statusKey(exclusive)];
    const shelves = splitShelves(cell(iShelves));
    const isCustomShelf = exclusive !== "" && standardStatus === undefined;
    if (isCustomShelf && !shelves.some((s) => s.toLowerCase() === exclusive.toLowerCase())) shelves.push(exclusive);

    const rowWarnings: ImportWarning[] = [];
    const candidate: ImportRow = {
      line,
      title: cleanText(cell(iTitle)),
      author: cleanText(cell(iAuthor)),
      isbn: pickIsbn(cell(iIsbn13), cell(iIsbn), line, rowWarnings),
      status: standardStatus ?? "want-to-read",
      goodreadsId: cleanText(cell(iId)) || undefined,
      rating: parseRatingCell(cell(iRating)),
      dateRead: parseDateCell(cell(iDateRead)),
      dateAdded: parseDateCell(cell(iDateAdded)),
      shelves: shelves.length > 0 ? shelves : undefined,
      publisher: cleanText(cell(iPublisher)) || undefined,
      pages: parsePositiveInt(cell(iPages)),
      yearPublished: parseYear(cell(iYear)) ?? parseYear(cell(iOrigYear)),
    };
    acceptRow(candidate, COLUMNS, rowWarnings, { rows, errors, warnings });
  }
  return { rows, errors, warnings };
}

function pickIsbn(isbn13Cell: string, isbnCell: string, line: number, warnings: ImportWarning[]): string | undefined {
  const r13 = parseIsbn(isbn13Cell);
  if (r13.ok) return r13.isbn13;
  const r10 = parseIsbn(isbnCell);
  if (r10.ok) return r10.isbn13;
  const problems: string[] = [];
  if (r13.reason !== "empty") problems.push(`ISBN13 ${ISBN_PROBLEM[r13.reason]}`);
  if (r10.reason !== "empty") problems.push(`ISBN ${ISBN_PROBLEM[r10.reason]}`);
  if (problems.length > 0) {
    warnings.push({ line, reason: `Imported without an ISBN: ${problems.join(" and ")}` });
  }
  return undefined;
}
