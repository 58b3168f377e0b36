/** A stored book as the exports see it: every field Folio keeps, nothing of the bookkeeping. */
import type { CoverSourceId } from "../cover/sources";
import { OPTIONAL_BOOK_RECORD_FIELDS, type BookRecord } from "../books/bookRecord";
import type { ExportedBook } from "./folioJson";

/** The fields of a stored book the export reads (a structural view of the Convex document). */
export interface StoredBookForExport extends BookRecord {
  coverUrl?: string;
  /** Set when `coverUrl` is an upload in this deployment's file storage. */
  coverStorageId?: string;
  apiCoverUrl?: string;
  apiSource?: CoverSourceId;
  rejectedCovers?: string[];
  createdAt: number;
}

const FIELDS = OPTIONAL_BOOK_RECORD_FIELDS;

/** The book as both exports write it: absent fields stay absent (no nulls, no empty lists). */
export function exportedBookOf(book: StoredBookForExport): ExportedBook {
  const out: ExportedBook = { title: book.title, author: book.author, status: book.status };
  for (const field of FIELDS) {
    const value = book[field];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    (out as unknown as Record<string, unknown>)[field] = value;
  }
  const cover = {
    ...(book.coverUrl ? { own: book.coverUrl } : {}),
    ...(book.coverUrl && book.coverStorageId ? { ownUpload: true as const } : {}),
    ...(book.apiCoverUrl ? { found: book.apiCoverUrl } : {}),
    ...(book.apiCoverUrl && book.apiSource ? { foundSource: book.apiSource } : {}),
    ...(book.rejectedCovers?.length ? { rejected: book.rejectedCovers } : {}),
  };
  if (Object.keys(cover).length > 0) out.cover = cover;
  out.createdAt = new Date(book.createdAt).toISOString();
  return out;
}
