/**
 * Goodreads "Export Library" CSV. Columns are found by name, so older exports with a different
 * column order or a few columns missing still work as long as the identifying set is present.
 */
import { cleanText, isDidNotFinishName, statusKey } from "./cells";
import type { CsvRecord } from "./csvRecords";
import type { BookStatus, ImportError, ImportRow, ImportWarning } from "./types";
import {
  isbnProblemText,
  readDate,
  readIsbnText,
  readPages,
  readRating,
  readsFromDates,
  readWholeNumber,
  readYear,
  shelvesOrUndefined,
  splitList,
  type RowContext,
} from "./fields";
import { htmlToText, readLongText } from "./longText";
import { acceptRecords, type FieldColumns } from "./validate";

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
  review: "My Review",
  privateNotes: "Private Notes",
};

/** Bookshelves: split on commas, cleaned, blanks and repeats (case-insensitive) dropped. */
export function splitShelves(raw: string | undefined): string[] {
  return splitList(raw);
}

/**
 * Status from Exclusive Shelf: to-read, currently-reading, read; a shelf named like
 * did-not-finish (dnf, abandoned, wont-finish, stopped-reading, gave-up…) is did-not-finish; any
 * other custom exclusive shelf is want-to-read. A custom shelf is always kept in `shelves`.
 */
function statusAndShelves(exclusiveCell: string, shelvesCell: string): { status: BookStatus; shelves: string[] } {
  const exclusive = cleanText(exclusiveCell);
  const standard = EXCLUSIVE_SHELVES[statusKey(exclusive)];
  const shelves = splitShelves(shelvesCell);
  if (exclusive === "" || standard !== undefined) return { status: standard ?? "want-to-read", shelves };
  // "did-not-finish" is the status itself (Folio's export writes it); another custom shelf is kept as a shelf.
  if (statusKey(exclusive) === "did-not-finish") return { status: "did-not-finish", shelves };
  if (!shelves.some((s) => s.toLowerCase() === exclusive.toLowerCase())) shelves.push(exclusive);
  return { status: isDidNotFinishName(exclusive) ? "did-not-finish" : "want-to-read", shelves };
}

/** Year Published, else Original Publication Year; a warning only when no year can be read. */
function pickYear(row: RowContext, published: string, original: string): number | undefined {
  const quiet: RowContext = { line: row.line, warnings: [] };
  const year = readYear(quiet, published, "Year Published") ?? readYear(quiet, original, "Original Publication Year");
  if (year === undefined && quiet.warnings.length > 0) row.warnings.push(quiet.warnings[quiet.warnings.length - 1]);
  return year;
}

/**
 * Rows of a Goodreads export.
 * - status from Exclusive Shelf (see `statusAndShelves`); shelves from Bookshelves.
 * - ISBN: ISBN13 first, else ISBN (ISBN-10, converted); Goodreads' `="…"` wrapper is unwrapped.
 *   An ISBN that fails its check is dropped with a warning; the book is still imported.
 * - My Rating 0 = unrated; dates `2021/03/14` (or `14 March 2012`) -> `2021-03-14`. A rating, date
 *   or page count that cannot be read is dropped with a warning naming the column.
 * - Title and author: NFC, runs of white space collapsed; the full title (series suffix included)
 *   is kept. Year: Year Published, else Original Publication Year.
 * - What the reader wrote: My Review (Goodreads' HTML read as text: `<br/>` is a line break),
 *   Spoiler, Private Notes, Read Count, Owned Copies (> 0 is owned); Date Read is the one read
 *   the export knows.
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
  const iReview = col("My Review");
  const iSpoiler = col("Spoiler");
  const iNotes = col("Private Notes");
  const iReadCount = col("Read Count");
  const iOwned = col("Owned Copies");

  return acceptRecords(records, COLUMNS, ({ line, cells }, row) => {
    const cell = (i: number) => (i >= 0 ? (cells[i] ?? "") : "");
    const { status, shelves } = statusAndShelves(cell(iExclusive), cell(iShelves));
    const dateRead = readDate(row, cell(iDateRead), "Date Read", "Date read");
    const review = htmlToText(cell(iReview));
    const owned = readWholeNumber(row, cell(iOwned), "Owned Copies", "Owned copies");
    const candidate: ImportRow = {
      line,
      title: cleanText(cell(iTitle)),
      author: cleanText(cell(iAuthor)),
      isbn: pickIsbn(cell(iIsbn13), cell(iIsbn), row),
      status,
      goodreadsId: cleanText(cell(iId)) || undefined,
      rating: readRating(row, cell(iRating), "My Rating"),
      dateRead,
      dateAdded: readDate(row, cell(iDateAdded), "Date Added", "Date added"),
      shelves: shelvesOrUndefined(shelves),
      publisher: cleanText(cell(iPublisher)) || undefined,
      pages: readPages(row, cell(iPages), "Number of Pages"),
      yearPublished: pickYear(row, cell(iYear), cell(iOrigYear)),
      review,
      // Goodreads writes "true" in Spoiler for a review marked as a spoiler; only a review can have one.
      reviewSpoiler: review !== undefined && cleanText(cell(iSpoiler)).toLowerCase() === "true" ? true : undefined,
      privateNotes: readLongText(cell(iNotes)),
      reads: readsFromDates(undefined, dateRead),
      readCount: readWholeNumber(row, cell(iReadCount), "Read Count", "Read count"),
      owned: owned === undefined ? undefined : owned > 0,
    };
    return candidate;
  });
}

function pickIsbn(isbn13Cell: string, isbnCell: string, row: RowContext): string | undefined {
  const r13 = readIsbnText(isbn13Cell);
  if (r13.ok) return r13.isbn13;
  const r10 = readIsbnText(isbnCell);
  if (r10.ok) return r10.isbn13;
  const problems: string[] = [];
  if (r13.problem !== "empty") problems.push(`ISBN13 ${isbnProblemText(r13.problem)}`);
  if (r10.problem !== "empty") problems.push(`ISBN ${isbnProblemText(r10.problem)}`);
  if (problems.length > 0) row.warnings.push({ line: row.line, reason: `Imported without an ISBN: ${problems.join(" and ")}` });
  return undefined;
}
