/** Shapes shared by the import parsers, the preview and the import commit. Framework-free. */

import type { BookRead } from "../books/readerFields";
import type { BookRecord } from "../books/bookRecord";
import type { ImportedCover } from "./importedCover";
import type { BookStatus } from "../books/status";
import type { ImportFormat } from "./formats";

export type { BookRead, BookStatus, ImportFormat };

/** One parsed, valid row of an import file. `line` is the 1-based line number in the file. */
export interface ImportRow extends BookRecord {
  line: number;
  /**
   * Folio's JSON export only: the book's cover provenance (the reader's own chosen cover, the found
   * cover, the rejected ones), restored by the commit only as far as it passes `chooseCover`'s checks
   * (lib/import/importedCover.ts).
   */
  cover?: ImportedCover;
}

/** A row that could not be imported, with the reason shown to the reader. */
export interface ImportError {
  line: number;
  reason: string;
}

export interface ParseResult {
  format: ImportFormat;
  rows: ImportRow[];
  errors: ImportError[];
}

/**
 * A row that was imported, but with something dropped or assumed (an ISBN with a wrong check digit,
 * an unknown status value, out-of-range metadata). Same shape as {@link ImportError}; never contains
 * the cell's book data.
 */
export interface ImportWarning {
  line: number;
  reason: string;
}

/** Book fields a generic CSV column can be mapped to. */
export type MappableField = "title" | "author" | "isbn" | "status" | "rating" | "dateRead";

/** Which column (by header name, exactly as in `ParseResult.headers`) feeds each field. */
export type ColumnMapping = { [K in MappableField]?: string };

/** A mapping override: a header name picks a column, `null` ignores the field, absent keeps the inferred one. */
export type ColumnMappingOverride = { [K in MappableField]?: string | null };

export type CsvDelimiter = "," | ";" | "\t";

/** What `parseImportFile` returns: {@link ParseResult} plus what the preview needs. */
export interface ImportParseResult extends ParseResult {
  /** Imported rows that lost or assumed something (always present, possibly empty). */
  warnings: ImportWarning[];
  /** What the reader should know about the whole file (a guessed header, how dates were read); never book data. */
  notices: string[];
  /** Generic CSV: the file has no header row; `headers` are "Column 1", "Column 2"… */
  headerless?: boolean;
  /** CSV-based formats: the header cells, cleaned (trimmed, NFC), in file order. */
  headers?: string[];
  /** csv only: the mapping that was used (inferred, then overridden by `options.mapping`). */
  mapping?: ColumnMapping;
  /** CSV-based formats: the delimiter that was detected. */
  delimiter?: CsvDelimiter;
  /** Records that are not books (LibraryThing's DVDs and Blu-rays, Libib's movies and games): left out, counted here. */
  nonBooks?: number;
}
