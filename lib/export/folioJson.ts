/**
 * Folio's own export: every field Folio keeps for a book, as JSON that `parseImportFile` reads back
 * (format "folio"). Written one book per line so a browser can stream it page by page:
 *
 *   {"format":"folio-library","version":1,"exportedAt":"2026-12-07T03:00:00.000Z","books":[
 *   {"title":"Dune",…},
 *   …
 *   ]}
 *
 * Cover fields are provenance: the reader's own cover URL and the found cover with its source.
 */
import type { BookRead } from "../books/readerFields";
import type { BookStatus } from "../books/status";

export const FOLIO_EXPORT_FORMAT = "folio-library";
export const FOLIO_EXPORT_VERSION = 1;

/** One book as the export writes it: absent fields are left out. */
export interface ExportedBook {
  title: string;
  author: string;
  isbn?: string;
  status: BookStatus;
  /** 0.25–5 in quarter steps. */
  rating?: number;
  dateRead?: string;
  dateAdded?: string;
  goodreadsId?: string;
  shelves?: string[];
  publisher?: string;
  pages?: number;
  yearPublished?: number;
  review?: string;
  reviewSpoiler?: boolean;
  privateNotes?: string;
  reads?: BookRead[];
  readCount?: number;
  owned?: boolean;
  moods?: string[];
  /** Where the cover shown comes from: the reader's own (an upload or a chosen candidate) and the one found by lookup. */
  cover?: { own?: string; found?: string; foundSource?: "open-library" | "google-books" };
  /** When the book was added to Folio (ISO timestamp). */
  createdAt?: string;
}

export function folioJsonStart(exportedAt: Date): string {
  return `{"format":"${FOLIO_EXPORT_FORMAT}","version":${FOLIO_EXPORT_VERSION},"exportedAt":${JSON.stringify(exportedAt.toISOString())},"books":[\n`;
}

/** One book's line; `first` is false for every book after the first (a comma ends the line before). */
export function folioJsonBook(book: ExportedBook, first: boolean): string {
  return `${first ? "" : ",\n"}${JSON.stringify(book)}`;
}

export function folioJsonEnd(): string {
  return "\n]}\n";
}
