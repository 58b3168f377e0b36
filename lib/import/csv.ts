/**
 * Generic CSV (any spreadsheet export): columns are inferred from common header names, and the
 * reader can override the guess with a mapping by header name.
 */
import { parseIsbn } from "../books/isbn";
import { cleanText, parseDateCell, parseRatingCell, parseStatusCell } from "./cells";
import type { CsvRecord } from "./csvRecords";
import { ImportFileError } from "./errors";
import type { ColumnMapping, ColumnMappingOverride, ImportError, ImportRow, ImportWarning, MappableField } from "./types";
import { acceptRow, type FieldColumns } from "./validate";

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

/** "  Book_Title: " -> "book title". */
export function normalizeHeader(h: string): string {
  return cleanText(h)
    .toLowerCase()
    .replace(/[_\-\s]+/g, " ")
    .replace(/[^\p{L}\p{N} ]+/gu, "")
    .trim();
}

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
 * The inferred mapping with `override` applied (a header name replaces the guess, `null` drops the
 * field). Throws "invalid-mapping" when the override names a column the file does not have.
 */
export function resolveColumnMapping(headers: readonly string[], override?: ColumnMappingOverride): ColumnMapping {
  const mapping = inferColumnMapping(headers);
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

/**
 * Rows of a generic CSV. Title is required; author may be absent (""), the others are optional.
 * Status words: to-read / want to read / want-to-read, reading / currently-reading, read /
 * finished (case-insensitive); blank or unknown -> want-to-read (unknown with a warning).
 * Rating blank or 0 = unrated. An ISBN with a wrong check digit is dropped with a warning.
 */
export function parseGenericCsvRecords(
  headers: readonly string[],
  records: readonly CsvRecord[],
  mapping: ColumnMapping,
): { rows: ImportRow[]; errors: ImportError[]; warnings: ImportWarning[] } {
  const idx = (field: MappableField) => {
    const name = mapping[field];
    return name === undefined ? -1 : findHeader(headers, name);
  };
  const iTitle = idx("title");
  if (iTitle < 0) throw unrecognisedLayoutError(headers);
  const iAuthor = idx("author");
  const iIsbn = idx("isbn");
  const iStatus = idx("status");
  const iRating = idx("rating");
  const iDateRead = idx("dateRead");
  const columns: FieldColumns = {
    title: mapping.title,
    author: mapping.author,
    rating: mapping.rating,
    dateRead: mapping.dateRead,
  };

  const rows: ImportRow[] = [];
  const errors: ImportError[] = [];
  const warnings: ImportWarning[] = [];
  for (const { line, cells } of records) {
    const cell = (i: number) => (i >= 0 ? (cells[i] ?? "") : "");
    const rowWarnings: ImportWarning[] = [];

    let isbn: string | undefined;
    if (iIsbn >= 0) {
      const r = parseIsbn(cell(iIsbn));
      if (r.ok) isbn = r.isbn13;
      else if (r.reason !== "empty") {
        const problem = r.reason === "invalid_checksum" ? "has a wrong check digit" : "is not 10 or 13 digits";
        rowWarnings.push({ line, reason: `Imported without an ISBN: the ISBN (column "${mapping.isbn}") ${problem}` });
      }
    }
    const { status, recognised } = parseStatusCell(cell(iStatus));
    if (!recognised) {
      rowWarnings.push({
        line,
        reason: `Status not recognised (column "${mapping.status}"); imported as want to read`,
      });
    }

    const candidate: ImportRow = {
      line,
      title: cleanText(cell(iTitle)),
      author: cleanText(cell(iAuthor)),
      isbn,
      status,
      rating: parseRatingCell(cell(iRating)),
      dateRead: parseDateCell(cell(iDateRead)),
    };
    acceptRow(candidate, columns, rowWarnings, { rows, errors, warnings });
  }
  return { rows, errors, warnings };
}
