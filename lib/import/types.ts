/** Shapes shared by the import parsers, the preview and the import commit. Framework-free. */

export type BookStatus = "want-to-read" | "currently-reading" | "read";

export type ImportFormat = "goodreads" | "csv" | "txt";

/** One parsed, valid row of an import file. `line` is the 1-based line number in the file. */
export interface ImportRow {
  line: number;
  title: string;
  author: string;
  /** Normalised ISBN-13. */
  isbn?: string;
  status: BookStatus;
  goodreadsId?: string;
  /** 1–5; absent when unrated (Goodreads writes 0 for unrated). */
  rating?: number;
  /** ISO date (YYYY-MM-DD). */
  dateRead?: string;
  /** ISO date (YYYY-MM-DD). */
  dateAdded?: string;
  shelves?: string[];
  publisher?: string;
  pages?: number;
  yearPublished?: number;
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
