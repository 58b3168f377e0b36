/** A stored book as the exports see it: every field Folio keeps, nothing of the bookkeeping. */
import type { BookRead } from "../books/readerFields";
import type { BookStatus } from "../books/status";
import type { ExportedBook } from "./folioJson";

/** The fields of a stored book the export reads (a structural view of the Convex document). */
export interface StoredBookForExport {
  title: string;
  author: string;
  isbn?: string;
  status: BookStatus;
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
  coverUrl?: string;
  /** Set when `coverUrl` is an upload in this deployment's file storage. */
  coverStorageId?: string;
  apiCoverUrl?: string;
  apiSource?: "open-library" | "google-books";
  rejectedCovers?: string[];
  createdAt: number;
}

const FIELDS = [
  "isbn",
  "rating",
  "dateRead",
  "dateAdded",
  "goodreadsId",
  "shelves",
  "publisher",
  "pages",
  "yearPublished",
  "review",
  "reviewSpoiler",
  "privateNotes",
  "reads",
  "readCount",
  "owned",
  "moods",
] as const satisfies readonly (keyof ExportedBook & keyof StoredBookForExport)[];

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
