/**
 * Writes a whole library to an export file page by page: the caller fetches each page (a paginated
 * query) and writes each chunk of text as it comes (a file stream in the browser), so no function
 * reads the whole library and no string holds the whole file. Framework-free: the browser and the
 * tests and the benchmark drive it with their own page source and sink.
 */
import type { ExportedBook } from "./folioJson";
import { folioJsonBook, folioJsonEnd, folioJsonStart } from "./folioJson";
import { goodreadsCsvHeader, goodreadsCsvRows } from "./goodreadsCsv";

export type ExportFormat = "goodreads-csv" | "folio-json";

export const EXPORT_FILES: Record<ExportFormat, { extension: string; mimeType: string; label: string }> = {
  "goodreads-csv": { extension: "csv", mimeType: "text/csv;charset=utf-8", label: "Goodreads-compatible CSV" },
  "folio-json": { extension: "json", mimeType: "application/json;charset=utf-8", label: "Full JSON" },
};

/** `folio-library-2026-12-07.json`. */
export function exportFileName(format: ExportFormat, now: Date): string {
  const base = format === "goodreads-csv" ? "folio-goodreads" : "folio-library";
  return `${base}-${now.toISOString().slice(0, 10)}.${EXPORT_FILES[format].extension}`;
}

export interface ExportPage {
  page: ExportedBook[];
  isDone: boolean;
  continueCursor: string;
}

export interface RunExportOptions {
  format: ExportFormat;
  /** One page of the library after `cursor` (null for the first). */
  fetchPage: (cursor: string | null) => Promise<ExportPage>;
  /** Takes each chunk of the file, in order. */
  write: (chunk: string) => Promise<void> | void;
  /** After each page: books written so far. */
  onProgress?: (booksWritten: number) => void;
  /** Checked between pages: true stops the export (the file is left unfinished). */
  cancelled?: () => boolean;
  now?: Date;
}

export type RunExportResult = { ok: true; books: number } | { ok: false; cancelled: true; books: number };

export async function runExport(options: RunExportOptions): Promise<RunExportResult> {
  const { format, fetchPage, write, onProgress, cancelled = () => false } = options;
  const now = options.now ?? new Date();
  await write(format === "goodreads-csv" ? goodreadsCsvHeader() : folioJsonStart(now));
  let cursor: string | null = null;
  let books = 0;
  for (;;) {
    if (cancelled()) return { ok: false, cancelled: true, books };
    const result: ExportPage = await fetchPage(cursor);
    if (format === "goodreads-csv") {
      await write(goodreadsCsvRows(result.page));
    } else if (result.page.length > 0) {
      await write(result.page.map((book, i) => folioJsonBook(book, books === 0 && i === 0)).join(""));
    }
    books += result.page.length;
    onProgress?.(books);
    if (result.isDone) break;
    cursor = result.continueCursor;
  }
  if (format === "folio-json") await write(folioJsonEnd());
  return { ok: true, books };
}
