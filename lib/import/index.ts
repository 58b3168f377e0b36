/**
 * The one entry for reading an import file (a Goodreads, StoryGraph, LibraryThing or Calibre
 * export, any CSV, or a plain-text or Markdown list), used by the browser and the tests.
 * Framework-free.
 *
 * Flow in the UI:
 * 1. `checkImportFile(file)` before reading: wrong extension, empty, over 5 MB.
 * 2. `decodeImportBytes(await file.arrayBuffer())`: UTF-8, UTF-16 (with or without a BOM) or
 *    Windows-1252 to text.
 * 3. `parseImportFile(file.name, text, { mapping, header })`: throws an `ImportFileError` for a
 *    whole-file problem (see `ImportFileErrorKind`), otherwise returns the rows, the row-level
 *    `errors` (only rows without a title: line + reason, the row is skipped, the rest imports),
 *    the field-level `warnings` (line + reason, the row is imported without what could not be
 *    read) and file-level `notices`. `tryParseImportFile` is the same without the throw.
 * 4. For a generic CSV, `result.headers` and `result.mapping` feed a mapping editor; parse again
 *    with `options.mapping` (and `options.header`) to apply the reader's choice. An
 *    "unrecognised-layout" error carries `headers` too, so the editor can be offered when no
 *    title column was found.
 * 5. `classifyRows(result.rows, existing)` marks new rows and duplicates (and why) for the preview.
 *
 * Line numbers are the file's physical 1-based lines of the record's start (a multi-line quoted
 * field does not shift the lines of later rows).
 */
import { exportParserFor } from "./formatParsers";
import { classifyRows } from "./classify";
import { Columns } from "./columns";
import {
  KNOWN_HEADER_NAMES,
  inferColumnMapping,
  parseGenericCsvRecords,
  resolveColumnMapping,
  unrecognisedLayoutError,
} from "./csv";
import { detectDelimiter, readCsvRecords, type CsvRecord, type CsvRecords } from "./csvRecords";
import { hasAmbiguousDates } from "./dates";
import { detectCsvFormat, isLibraryThingHeader } from "./detect";
import { ImportFileError } from "./errors";
import { firstRowIsData, inferMappingFromData, syntheticHeaders } from "./headerless";
import {
  assertWithinSize,
  binaryFileError,
  emptyFileError,
  fileKindFromName,
  IMPORT_LIMITS,
  type FileKind,
  looksBinary,
  tooManyRowsError,
  unsupportedTypeError,
} from "./limits";
import { cleanText } from "./cells";
import { firstTabLine, readTabLines } from "./tabLines";
import { parseTxt } from "./txt";
import { assertLooksLikeBookList } from "./bookListCheck";
import { parseJsonFile } from "./jsonFiles";
import { nonBooksNotice } from "./librarything";
import type { ColumnMapping, ColumnMappingOverride, ImportParseResult } from "./types";

export interface ParseImportOptions {
  /**
   * Generic CSV only (ignored for the services' exports and TXT): overrides the inferred columns by
   * header name, as listed in `result.headers`. A header name picks the column, `null` ignores the
   * field, an absent key keeps the inferred column. Example: `{ title: "Book", author: "Writer" }`.
   */
  mapping?: ColumnMappingOverride;
  /**
   * Generic CSV only: whether the first row holds column names. "auto" (the default) decides from
   * the file; "absent" reads the first row as a book (columns are then "Column 1", "Column 2"…).
   */
  header?: "auto" | "present" | "absent";
}

/**
 * Parses an import file. The extension picks the reader: `.txt` / `.md` -> a list; `.csv` / `.tsv`
 * -> the export whose header it is (Goodreads, StoryGraph, LibraryThing, Calibre), else generic CSV
 * (delimiter `,` `;` or tab detected from the header; BOM and CRLF handled; a missing header row
 * is noticed and the columns guessed from the data). LibraryThing's tab-separated export is read
 * line by line (tabLines.ts).
 *
 * @throws ImportFileError for a whole-file problem; never for a bad row.
 */
export function parseImportFile(fileName: string, text: string, options: ParseImportOptions = {}): ImportParseResult {
  const kind = fileKindFromName(fileName);
  if (!kind) throw unsupportedTypeError(fileName);
  assertWithinSize(text);

  // Every BOM goes, not only a leading one: a second one (two files joined) would break the header.
  const body = text.includes("\ufeff") ? text.replace(/\ufeff/g, "") : text;
  if (body.trim() === "") throw emptyFileError();
  if (looksBinary(body)) throw binaryFileError();
  const normalized = body.includes("\r") ? body.replace(/\r\n?/g, "\n") : body;

  const replaced = replacedCharacterLines(normalized);
  const result = parseByKind(kind, normalized, options);
  return replaced.length > 0 ? withReplacementWarnings(result, replaced) : result;
}

function parseByKind(kind: FileKind, normalized: string, options: ParseImportOptions): ImportParseResult {
  if (kind === "json") return parseJsonFile(normalized, IMPORT_LIMITS.maxRows);
  if (kind === "txt") {
    assertLooksLikeBookList(normalized);
    const { rows, errors, warnings, bookLines } = parseTxt(normalized, IMPORT_LIMITS.maxRows);
    if (bookLines === 0) {
      throw new ImportFileError("no-rows", "The file has no books: every line is blank or a comment (#).");
    }
    return { format: "txt", rows, errors, warnings, notices: [] };
  }
  return parseCsvFile(normalized, options);
}

/** 1-based lines holding U+FFFD: bytes that were not valid UTF-8 (decode.ts) or a file already garbled. */
function replacedCharacterLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let from = 0;
  for (let at = text.indexOf("\ufffd"); at !== -1; at = text.indexOf("\ufffd", at + 1)) {
    for (let i = text.indexOf("\n", from); i !== -1 && i < at; i = text.indexOf("\n", i + 1)) line++;
    from = at;
    if (lines[lines.length - 1] !== line) lines.push(line);
  }
  return lines;
}

const LISTED_LINES = 12;

/** The notice and per-line warnings for characters that could not be read. */
function withReplacementWarnings(result: ImportParseResult, lines: number[]): ImportParseResult {
  const listed = lines.slice(0, LISTED_LINES).join(", ") + (lines.length > LISTED_LINES ? "…" : "");
  const notice = `A few bytes of this file are not valid UTF-8 text; they were replaced by “�” on ${lines.length === 1 ? "line" : "lines"} ${listed}. The rest of the file was read as UTF-8: check those rows.`;
  const warnings = lines.map((line) => ({ line, reason: "Some characters on this line could not be read and show as “�”" }));
  return {
    ...result,
    notices: [notice, ...result.notices],
    warnings: sortByLine([...result.warnings, ...warnings]),
  };
}

/** The header cells of a CSV text, split plainly (quotes taken off), for recognising an export. */
function firstLineCells(text: string, delimiter: string): string[] {
  const first = text.slice(0, Math.max(0, text.indexOf("\n")) || text.length);
  return first.split(delimiter).map((cell) => cleanText(cell.replace(/^"|"$/g, "")));
}

/** LibraryThing's tab-separated export, which is read line by line rather than as CSV. */
function isLibraryThingTabFile(text: string): boolean {
  return isLibraryThingHeader(new Columns(firstTabLine(text).map((h) => cleanText(h))));
}

function readRecords(text: string): CsvRecords {
  const delimiter = detectDelimiter(text);
  // A known export is recognised by its header; anything else must look like a book list first.
  if (detectCsvFormat(firstLineCells(text, delimiter)) === "csv") assertLooksLikeBookList(text, delimiter);
  if (delimiter === "\t" && isLibraryThingTabFile(text)) return readTabLines(text, IMPORT_LIMITS.maxRows);
  return readCsvRecords(text, IMPORT_LIMITS.maxRows);
}

function noRowsError(): ImportFileError {
  return new ImportFileError("no-rows", "The file has a header row but no books under it.");
}

function parseCsvFile(text: string, options: ParseImportOptions): ImportParseResult {
  const csv = readRecords(text);
  const headers = csv.header.map((h) => cleanText(h));
  if (csv.headerLine === 0) throw unrecognisedLayoutError(headers);

  const format = detectCsvFormat(headers);
  if (format === "csv") return parseGenericCsv(headers, csv, options);
  if (csv.records.length === 0 && csv.errors.length === 0) throw noRowsError();
  const parsed = exportParserFor(format)(headers, csv.records);
  return {
    format,
    rows: parsed.rows,
    errors: sortByLine([...csv.errors, ...parsed.errors]),
    warnings: parsed.warnings,
    notices: parsed.nonBooks ? [nonBooksNotice(parsed.nonBooks)] : [],
    headers,
    delimiter: csv.delimiter,
    ...(parsed.nonBooks ? { nonBooks: parsed.nonBooks } : {}),
  };
}

export const NOTICES = {
  headerless:
    "This file has no header row, so Folio read its first line as a book and guessed the columns from the data. Check the columns below and change any that are wrong.",
  monthFirst:
    "Dates such as 3/4/2021 were read month first (March 4): no date in the file shows which comes first. If the file writes the day first, fix those dates and import it again.",
  mixedDates:
    "This file writes some dates day first and others month first, so dates such as 3/4/2021 could not be read and were left out.",
} as const;

function parseGenericCsv(fileHeaders: string[], csv: CsvRecords, options: ParseImportOptions): ImportParseResult {
  const headerless =
    options.header === "absent" || (options.header !== "present" && firstRowIsData(fileHeaders, csv.records, KNOWN_HEADER_NAMES));
  let headers = fileHeaders;
  let records: readonly CsvRecord[] = csv.records;
  let base: ColumnMapping;
  if (headerless) {
    records = [{ line: csv.headerLine, cells: csv.header }, ...csv.records];
    if (records.length > IMPORT_LIMITS.maxRows) throw tooManyRowsError();
    headers = syntheticHeaders(Math.max(...records.map((r) => r.cells.length)));
    base = inferMappingFromData(
      records.map((r) => r.cells),
      headers,
    );
  } else {
    if (csv.records.length === 0 && csv.errors.length === 0) throw noRowsError();
    base = inferColumnMapping(headers);
  }
  const mapping = resolveColumnMapping(headers, options.mapping, base);
  const parsed = parseGenericCsvRecords(headers, records, mapping);
  const notices: string[] = headerless ? [NOTICES.headerless] : [];
  if (parsed.ratingScale) notices.push(ratingScaleNotice(parsed.ratingScale));
  const dateColumn = mapping.dateRead !== undefined ? headers.indexOf(mapping.dateRead) : -1;
  if (dateColumn >= 0 && hasAmbiguousDates(records.map((r) => r.cells[dateColumn] ?? ""))) {
    if (parsed.dates.order === undefined) notices.push(NOTICES.mixedDates);
    else if (parsed.dates.assumed) notices.push(NOTICES.monthFirst);
  }
  return {
    format: "csv",
    rows: parsed.rows,
    errors: sortByLine([...csv.errors, ...parsed.errors]),
    warnings: parsed.warnings,
    notices,
    headers,
    mapping,
    delimiter: csv.delimiter,
    ...(headerless ? { headerless: true } : {}),
  };
}

/** What the preview says about a rating column that is not on five stars. */
export function ratingScaleNotice({ column, outOf, max }: { column: string; outOf: number; max: number }): string {
  const example = Math.round((max * 5 * 4) / outOf) / 4;
  return `Ratings in column "${column}" go up to ${max}, so Folio read them as scores out of ${outOf}: ${outOf} is 5 stars, ${max} is ${example} ${example === 1 ? "star" : "stars"}. If they are on another scale, change the file and import it again.`;
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
export { decodeImportBytes, detectEncoding, type TextEncodingName } from "./decode";
export { detectCsvFormat, isCalibreHeader, isLibraryThingHeader, isStoryGraphHeader } from "./detect";
export { IMPORT_FORMAT_LABELS, IMPORT_FORMATS } from "./formats";
export { readDateText, dayMonthOrder, type DayMonthOrder } from "./dates";
export { firstLast, joinAuthorList } from "./names";
export { readTabLines, unquoteTabField } from "./tabLines";
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
export { nonBooksNotice } from "./librarything";
export { importRowSchema, ROW_LIMITS, ROW_MESSAGES } from "./validate";
export type * from "./types";
