/**
 * Folio's own export: every field Folio keeps for a book, as JSON that `parseImportFile` reads back
 * (format "folio"). Written one book per line so a browser can stream it page by page:
 *
 *   {"format":"folio-library","version":1,"exportedAt":"2026-12-07T03:00:00.000Z","uploadedCovers":"…","books":[
 *   {"title":"Dune",…},
 *   …
 *   ]}
 *
 * Cover fields are provenance: the reader's own cover URL (`ownUpload` when it is an uploaded file),
 * the found cover with its source, and the covers the reader turned down. An import restores the
 * own and found covers that pass `chooseCover`'s checks and every rejection; an uploaded file
 * cannot travel in the JSON (the file-level `uploadedCovers` field says so in words).
 */
import type { CoverSourceId } from "../cover/sources";
import type { BookRecord } from "../books/bookRecord";

export const FOLIO_EXPORT_FORMAT = "folio-library";
export const FOLIO_EXPORT_VERSION = 1;

/** One book as the export writes it: absent fields are left out. */
export interface ExportedBook extends BookRecord {
  /**
   * Where the cover shown comes from: the reader's own (a chosen candidate, or an upload: `ownUpload`,
   * which no other library can load), the one found by lookup, and the covers turned down (source keys).
   */
  cover?: { own?: string; ownUpload?: true; found?: string; foundSource?: CoverSourceId; rejected?: string[] };
  /** When the book was added to Folio (ISO timestamp). */
  createdAt?: string;
}

/** Said in the file itself, for whoever opens it: what `cover.ownUpload` means for an import. */
export const UPLOADED_COVERS_NOTE =
  "A cover you uploaded (cover.ownUpload) is a file kept by the library it was uploaded to: importing this file into another library brings back every other field, and Folio looks for a cover for that book.";

export function folioJsonStart(exportedAt: Date): string {
  return `{"format":"${FOLIO_EXPORT_FORMAT}","version":${FOLIO_EXPORT_VERSION},"exportedAt":${JSON.stringify(exportedAt.toISOString())},"uploadedCovers":${JSON.stringify(UPLOADED_COVERS_NOTE)},"books":[\n`;
}

/** One book's line; `first` is false for every book after the first (a comma ends the line before). */
export function folioJsonBook(book: ExportedBook, first: boolean): string {
  return `${first ? "" : ",\n"}${JSON.stringify(book)}`;
}

export function folioJsonEnd(): string {
  return "\n]}\n";
}
