/**
 * JSON exports: Folio's own (`{"format":"folio-library","books":[…]}`) and LibraryThing's JSON
 * export (an object of books keyed by book id, or an array of them). JSON has no lines to speak
 * of: a row's `line` is the book's position in the file (1 = the first book).
 */
import { FOLIO_EXPORT_FORMAT } from "../export/folioJson";
import { cleanText } from "./cells";
import { ImportFileError } from "./errors";
import { COVER_NOT_RESTORED, coverRefused, readExportedCover, uploadsLeftOutNotice } from "./importedCover";
import {
  readRating,
  readsFromDates,
  readDate,
  readIsbnText,
  readPages,
  shelvesOrUndefined,
  splitList,
  type RowContext,
} from "./fields";
import { isNonBookMedia, joinNotes, nonBooksNotice, ownedFromCollections, statusFromCollections } from "./librarything";
import { tooManyRowsError } from "./limits";
import { libraryThingText } from "./longText";
import { firstLast } from "./names";
import type { ImportFormat } from "./formats";
import type { ImportParseResult, ImportRow } from "./types";
import { acceptRow, type RowSink } from "./validate";

function unreadable(): ImportFileError {
  return new ImportFileError(
    "unrecognised-layout",
    "Folio could not read this JSON file as a library: it reads Folio's own export and LibraryThing's JSON export.",
  );
}

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: Json): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
const strings = (v: Json): string[] =>
  Array.isArray(v)
    ? v.map(text).filter((s) => s !== "")
    : isObject(v)
      ? Object.values(v)
          .map(text)
          .filter((s) => s !== "")
      : [];

export function parseJsonFile(body: string, maxRows: number): ImportParseResult {
  let data: Json;
  try {
    data = JSON.parse(body);
  } catch {
    throw new ImportFileError("unrecognised-layout", "This .json file is not valid JSON, so Folio could not read it.");
  }
  if (isObject(data) && data.format === FOLIO_EXPORT_FORMAT && Array.isArray(data.books)) {
    return finish("folio", readFolioBooks(data.books, maxRows));
  }
  const books = Array.isArray(data) ? data : isObject(data) ? Object.values(data) : [];
  if (books.length > 0 && books.every((b) => isObject(b) && ("books_id" in b || "primaryauthor" in b) && "title" in b)) {
    return finish("librarything", readLibraryThingBooks(books as Record<string, Json>[], maxRows));
  }
  throw unreadable();
}

function finish(format: ImportFormat, sink: RowSink & { nonBooks?: number; notices?: string[] }): ImportParseResult {
  const { nonBooks, notices = [], ...rest } = sink;
  return {
    format,
    ...rest,
    notices: [...notices, ...(nonBooks ? [nonBooksNotice(nonBooks)] : [])],
    ...(nonBooks ? { nonBooks } : {}),
  };
}

/**
 * Folio's export: every field as Folio keeps it, validated like any other row. The cover provenance
 * travels with the row (lib/import/importedCover.ts): an uploaded cover is left out and counted in a
 * notice, an address the commit will not restore is a warning on its line.
 */
function readFolioBooks(books: Json[], maxRows: number): RowSink & { notices: string[] } {
  if (books.length > maxRows) throw tooManyRowsError();
  const sink: RowSink = { rows: [], errors: [], warnings: [] };
  let uploadsLeftOut = 0;
  books.forEach((book, i) => {
    const line = i + 1;
    if (!isObject(book)) {
      sink.errors.push({ line, reason: "This entry is not a book" });
      return;
    }
    const { cover: rawCover, createdAt: _createdAt, ...fields } = book;
    const { cover, uploadLeftOut } = readExportedCover(rawCover);
    if (uploadLeftOut) uploadsLeftOut++;
    const warnings = coverRefused(cover) ? [{ line, reason: COVER_NOT_RESTORED }] : [];
    acceptRow({ ...(fields as Partial<ImportRow>), ...(cover ? { cover } : {}), line } as ImportRow, {}, warnings, sink);
  });
  return { ...sink, notices: uploadsLeftOut > 0 ? [uploadsLeftOutNotice(uploadsLeftOut)] : [] };
}

/** LibraryThing's JSON export, read like its CSV (librarything.ts): the same statuses, media, notes and reads. */
function readLibraryThingBooks(books: Record<string, Json>[], maxRows: number): RowSink & { nonBooks: number } {
  const sink: RowSink = { rows: [], errors: [], warnings: [] };
  let nonBooks = 0;
  let position = 0;
  for (const book of books) {
    position++;
    const media = Array.isArray(book.format) && isObject(book.format[0]) ? text(book.format[0].text) : "";
    if (isNonBookMedia(media)) {
      nonBooks++;
      continue;
    }
    if (sink.rows.length + sink.errors.length >= maxRows) throw tooManyRowsError();
    const row: RowContext = { line: position, warnings: [] };
    const authors = Array.isArray(book.authors) ? book.authors.filter(isObject) : [];
    const author = authors[0] && text(authors[0].fl) ? cleanText(text(authors[0].fl)) : firstLast(text(book.primaryauthor));
    const isbn = [text(book.originalisbn), ...strings(book.isbn)].map(readIsbnText).find((r) => r.ok);
    const rating =
      text(book.rating) === "" || text(book.rating) === "0" ? undefined : readRating(row, text(book.rating), "rating");
    const started = readDate({ line: position, warnings: [] }, text(book.datestarted), "datestarted", "Date started");
    const read = readDate(row, text(book.dateread), "dateread", "Date read");
    const collections = strings(book.collections);
    const { status, shelves } = statusFromCollections(collections, {
      hasDateRead: read !== undefined,
      rated: rating !== undefined,
    });
    const year = /(-?\d{3,4})/.exec(text(book.date));
    const candidate: ImportRow = {
      line: position,
      title: cleanText(text(book.title)),
      author,
      isbn: isbn && isbn.ok ? isbn.isbn13 : undefined,
      status: status === "want-to-read" && started !== undefined && read === undefined ? "currently-reading" : status,
      rating,
      dateRead: read,
      dateAdded: readDate(row, text(book.entrydate), "entrydate", "Date added"),
      shelves: shelvesOrUndefined(splitList([...strings(book.tags), ...shelves].join(","))),
      publisher: cleanText(text(book.publication).split(/\s*\(|,/)[0]) || undefined,
      pages: text(book.pages) ? readPages(row, text(book.pages), "pages") : undefined,
      yearPublished: year && Number(year[1]) !== 0 ? Number(year[1]) : undefined,
      review: libraryThingText(text(book.review)),
      privateNotes: joinNotes(libraryThingText(text(book.comment)), libraryThingText(text(book.privatecomment))),
      reads: readsFromDates(started, read),
      owned: ownedFromCollections(collections),
    };
    acceptRow(candidate, {}, row.warnings, sink);
  }
  return { ...sink, nonBooks };
}
