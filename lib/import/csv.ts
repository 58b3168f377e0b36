/**
 * Generic CSV (any spreadsheet export): columns are inferred from common header names, or from the
 * data when the header row is missing, and the reader can override the guess with a mapping by
 * header name.
 */
import { cleanText, parseStatusCell } from "./cells";
import { cellAt, normalizeHeader, type Column } from "./columns";
import type { CsvRecord } from "./csvRecords";
import { dayMonthOrder, type DayMonthDecision } from "./dates";
import { ImportFileError } from "./errors";
import { inferRatingScale, readDate, readIsbn, readRating, warn } from "./fields";
import type { ColumnMapping, ColumnMappingOverride, ImportError, ImportRow, ImportWarning, MappableField } from "./types";
import { acceptRecords, type FieldColumns } from "./validate";

export { normalizeHeader };

export const MAPPABLE_FIELDS: readonly MappableField[] = ["title", "author", "isbn", "status", "rating", "dateRead"];

/** Labels for a mapping editor. */
export const MAPPABLE_FIELD_LABELS: Record<MappableField, string> = {
  title: "Title",
  author: "Author",
  isbn: "ISBN",
  status: "Status",
  rating: "Rating",
  dateRead: "Date read",
};

/** Header names recognised per field, best first; compared after {@link normalizeHeader}. */
export const HEADER_SYNONYMS: Record<MappableField, readonly string[]> = {
  title: ["title", "book title", "name", "book name"],
  author: ["author", "authors", "writer", "author name", "primary author", "by"],
  isbn: ["isbn13", "isbn 13", "isbn", "isbn10", "isbn 10", "ean", "ean13", "ean 13"],
  status: ["status", "shelf", "exclusive shelf", "reading status", "read status"],
  rating: ["rating", "my rating", "stars", "score"],
  dateRead: ["date read", "read date", "date finished", "finished on", "date completed", "finished"],
};

/** Other words that only ever appear as column names: a first row made of them is a header. */
const OTHER_HEADER_WORDS = [
  "book",
  "books",
  "date",
  "date added",
  "added",
  "notes",
  "note",
  "comments",
  "comment",
  "review",
  "genre",
  "genres",
  "pages",
  "page count",
  "year",
  "publisher",
  "format",
  "tags",
  "shelves",
  "series",
  "language",
  "owned",
  "lent on",
  "subtitle",
  // The same labels in a few other languages spreadsheets are often kept in.
  "libro",
  "titulo",
  "título",
  "autor",
  "autora",
  "titel",
  "buch",
  "titre",
  "livre",
  "auteur",
  "titolo",
  "autore",
  "boek",
  "schrijver",
];

export const KNOWN_HEADER_NAMES: ReadonlySet<string> = new Set([...Object.values(HEADER_SYNONYMS).flat(), ...OTHER_HEADER_WORDS]);

/**
 * Guesses the column of each field from header names in any case ("Book Title", "AUTHORS",
 * "isbn_13" …). Fields with no matching header are absent; one column feeds at most one field.
 */
export function inferColumnMapping(headers: readonly string[]): ColumnMapping {
  const normalized = headers.map(normalizeHeader);
  const used = new Set<number>();
  const mapping: ColumnMapping = {};
  for (const field of MAPPABLE_FIELDS) {
    for (const synonym of HEADER_SYNONYMS[field]) {
      const i = normalized.findIndex((h, idx) => h === synonym && !used.has(idx));
      if (i >= 0) {
        used.add(i);
        mapping[field] = headers[i];
        break;
      }
    }
  }
  return mapping;
}

/** Index of a header by exact name, else by normalised name; -1 when absent. */
function findHeader(headers: readonly string[], name: string): number {
  const exact = headers.indexOf(name);
  if (exact >= 0) return exact;
  const key = normalizeHeader(name);
  return key === "" ? -1 : headers.findIndex((h) => normalizeHeader(h) === key);
}

/**
 * `base` (the inferred mapping) with `override` applied (a header name replaces the guess, `null`
 * drops the field). Throws "invalid-mapping" when the override names a column the file does not have.
 */
export function resolveColumnMapping(
  headers: readonly string[],
  override?: ColumnMappingOverride,
  base: ColumnMapping = inferColumnMapping(headers),
): ColumnMapping {
  const mapping: ColumnMapping = { ...base };
  if (!override) return mapping;
  for (const field of MAPPABLE_FIELDS) {
    if (!(field in override)) continue;
    const name = override[field];
    if (name === null || name === undefined) {
      delete mapping[field];
      continue;
    }
    const i = findHeader(headers, name);
    if (i < 0) {
      throw new ImportFileError(
        "invalid-mapping",
        `The column chosen for ${MAPPABLE_FIELD_LABELS[field]} is not in the file's header. Pick one of the file's columns.`,
        [...headers],
      );
    }
    mapping[field] = headers[i];
  }
  return mapping;
}

export function unrecognisedLayoutError(headers: readonly string[]): ImportFileError {
  return new ImportFileError(
    "unrecognised-layout",
    'Folio could not find a title column in this CSV. Name a column "Title", or choose which column holds the titles.',
    [...headers],
  );
}

export interface GenericCsvResult {
  rows: ImportRow[];
  errors: ImportError[];
  warnings: ImportWarning[];
  /** How `3/4/2021`-style dates were read. */
  dates: DayMonthDecision;
  /** The rating column's scale, when it is not stars: what the preview says was assumed. */
  ratingScale?: { column: string; outOf: number; max: number };
}

/**
 * Rows of a generic CSV. Title is required; author may be absent (""), the others are optional.
 * Status words: to-read / want to read / want-to-read, reading / currently-reading, read /
 * finished, DNF / did not finish / abandoned (case-insensitive); blank or unknown -> want-to-read
 * (unknown with a warning). Rating blank or 0 = unrated; 4.5, 3.75, 4,5 and 4/5 are read; a column
 * of plain numbers is read on the scale its values show (see `inferRatingScale`). Dates:
 * ISO, YYYY/MM/DD, month names, and M/D/YYYY or D/M/YYYY decided per file. An ISBN with a wrong
 * check digit, or mangled by a spreadsheet, is dropped with a warning.
 */
export function parseGenericCsvRecords(
  headers: readonly string[],
  records: readonly CsvRecord[],
  mapping: ColumnMapping,
): GenericCsvResult {
  const column = (field: MappableField): Column | undefined => {
    const name = mapping[field];
    const index = name === undefined ? -1 : findHeader(headers, name);
    return index < 0 ? undefined : { index, name: headers[index] };
  };
  const title = column("title");
  if (!title) throw unrecognisedLayoutError(headers);
  const author = column("author");
  const isbn = column("isbn");
  const status = column("status");
  const rating = column("rating");
  const dateRead = column("dateRead");
  const columns: FieldColumns = { title: title.name, author: author?.name };

  const dates = dayMonthOrder(dateRead ? records.map((r) => cellAt(r.cells, dateRead)) : []);
  const scale = rating ? inferRatingScale(records.map((r) => cellAt(r.cells, rating))) : { outOf: 5, max: 0 };
  const sink = acceptRecords(records, columns, ({ line, cells }, row) => {
    const isbn13 = isbn ? readIsbn(row, cellAt(cells, isbn), isbn.name) : undefined;
    const parsedStatus = parseStatusCell(cellAt(cells, status));
    if (!parsedStatus.recognised) warn(row, `Status not recognised (column "${status?.name}"); imported as want to read`);
    const readOn = dateRead ? readDate(row, cellAt(cells, dateRead), dateRead.name, "Date read", dates.order) : undefined;
    const stars = rating ? readRating(row, cellAt(cells, rating), rating.name, scale.outOf) : undefined;
    const candidate: ImportRow = {
      line,
      title: cleanText(cellAt(cells, title)),
      author: cleanText(cellAt(cells, author)),
      isbn: isbn13,
      // Without a status column, a date read or a rating says the book has been read.
      status: status === undefined && (readOn !== undefined || stars !== undefined) ? "read" : parsedStatus.status,
      rating: stars,
      dateRead: readOn,
    };
    return candidate;
  });
  return { ...sink, dates, ...(rating && scale.outOf !== 5 ? { ratingScale: { column: rating.name, ...scale } } : {}) };
}
