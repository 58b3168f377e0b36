/**
 * The one entry for reading an import file (Goodreads export, any CSV, or a plain-text list), used
 * by the browser and the tests. Framework-free.
 *
 * Flow in the UI:
 * 1. `checkImportFile(file)` before reading: wrong extension, empty, over 5 MB.
 * 2. `parseImportFile(file.name, await file.text(), { mapping })`: throws an `ImportFileError`
 *    for a whole-file problem (see `ImportFileErrorKind`), otherwise returns the rows, the
 *    row-level `errors` (line + reason, the row is skipped, the rest imports) and `warnings`
 *    (line + reason, the row is imported with something dropped or assumed).
 *    `tryParseImportFile` is the same without the throw.
 * 3. For a generic CSV, `result.headers` and `result.mapping` feed a mapping editor; parse again
 *    with `options.mapping` to apply the reader's choice. An "unrecognised-layout" error carries
 *    `headers` too, so the editor can be offered when no title column was found.
 * 4. `classifyRows(result.rows, existing)` marks new rows and duplicates for the preview.
 *
 * Line numbers are the file's physical 1-based lines of the record's start (a multi-line quoted
 * field does not shift the lines of later rows).
 */
import { classifyRows } from "./classify";
import { parseGenericCsvRecords, resolveColumnMapping, unrecognisedLayoutError } from "./csv";
import { readCsvRecords } from "./csvRecords";
import { ImportFileError } from "./errors";
import { isGoodreadsHeader, parseGoodreadsRecords } from "./goodreads";
import {
  assertWithinSize,
  binaryFileError,
  emptyFileError,
  fileKindFromName,
  IMPORT_LIMITS,
  looksBinary,
  unsupportedTypeError,
} from "./limits";
import { cleanText } from "./cells";
import { parseTxt } from "./txt";
import type { ColumnMappingOverride, ImportParseResult } from "./types";

export interface ParseImportOptions {
  /**
   * Generic CSV only (ignored for Goodreads exports and TXT): overrides the inferred columns by
   * header name, as listed in `result.headers`. A header name picks the column, `null` ignores the
   * field, an absent key keeps the inferred column. Example: `{ title: "Book", author: "Writer" }`.
   */
  mapping?: ColumnMappingOverride;
}

/**
 * Parses an import file. The extension picks the reader: `.txt` -> txt; `.csv` / `.tsv` ->
 * Goodreads when the header has Goodreads' columns (Book Id, Title, Author, Exclusive Shelf),
 * else generic CSV (delimiter `,` `;` or tab detected from the header; BOM and CRLF handled).
 *
 * @throws ImportFileError for a whole-file problem; never for a bad row.
 */
export function parseImportFile(fileName: string, text: string, options: ParseImportOptions = {}): ImportParseResult {
  const kind = fileKindFromName(fileName);
  if (!kind) throw unsupportedTypeError(fileName);
  assertWithinSize(text);

  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === "") throw emptyFileError();
  if (looksBinary(body)) throw binaryFileError();
  const normalized = body.includes("\r") ? body.replace(/\r\n?/g, "\n") : body;

  if (kind === "txt") {
    const { rows, errors, bookLines } = parseTxt(normalized, IMPORT_LIMITS.maxRows);
    if (bookLines === 0) {
      throw new ImportFileError("no-rows", "The file has no books: every line is blank or a comment (#).");
    }
    return { format: "txt", rows, errors, warnings: [] };
  }

  const csv = readCsvRecords(normalized, IMPORT_LIMITS.maxRows);
  const headers = csv.header.map((h) => cleanText(h));
  if (csv.headerLine === 0) throw unrecognisedLayoutError(headers);
  if (csv.records.length === 0 && csv.errors.length === 0) {
    throw new ImportFileError("no-rows", "The file has a header row but no books under it.");
  }

  if (isGoodreadsHeader(headers)) {
    const parsed = parseGoodreadsRecords(headers, csv.records);
    return {
      format: "goodreads",
      rows: parsed.rows,
      errors: sortByLine([...csv.errors, ...parsed.errors]),
      warnings: parsed.warnings,
      headers,
      delimiter: csv.delimiter,
    };
  }

  const mapping = resolveColumnMapping(headers, options.mapping);
  const parsed = parseGenericCsvRecords(headers, csv.records, mapping);
  return {
    format: "csv",
    rows: parsed.rows,
    errors: sortByLine([...csv.errors, ...parsed.errors]),
    warnings: parsed.warnings,
    headers,
    mapping,
    delimiter: csv.delimiter,
  };
}

function sortByLine<T extends { line: number }>(items: T[]): T[] {
  return items.sort((a, b) => a.line - b.line);
}

export type TryParseResult = { ok: true; result: ImportParseResult } | { ok: false; error: ImportFileError };

/** `parseImportFile` without the throw: whole-file problems come back as `{ ok: false, error }`. */
export function tryParseImportFile(fileName: string, text: string, options?: ParseImportOptions): TryParseResult {
  try {
    return { ok: true, result: parseImportFile(fileName, text, options) };
  } catch (e) {
    if (e instanceof ImportFileError) return { ok: false, error: e };
    throw e;
  }
}

export { classifyRows };
export { EMPTY_LIBRARY } from "./classify";
export type { ExistingBook, ExistingLibrary, RowClassification, RowKind } from "./classify";
export { DUPLICATE_REASON_LABELS, isbnsConflict, SAME_BOOK_CANDIDATES, type DuplicateReason } from "./sameBook";
export { escapeForCsvExport } from "./cells";
export { HEADER_SYNONYMS, inferColumnMapping, MAPPABLE_FIELD_LABELS, MAPPABLE_FIELDS, resolveColumnMapping } from "./csv";
export { detectDelimiter } from "./csvRecords";
export { ImportFileError, isImportFileError, type ImportFileErrorKind } from "./errors";
export { GOODREADS_COLUMNS, isGoodreadsHeader } from "./goodreads";
export { checkImportFile, fileKindFromName, IMPORT_LIMITS } from "./limits";
export { parseTxtLine } from "./txt";
export { importRowSchema, ROW_LIMITS, ROW_MESSAGES } from "./validate";
export type * from "./types";
