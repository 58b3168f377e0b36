/**
 * The Goodreads-compatible CSV export: Goodreads' own header and conventions, so Goodreads and the
 * tools that read its export (StoryGraph, Hardcover, BookWyrm…) import it.
 * - ISBNs as `="…"` (Goodreads' way of keeping a spreadsheet from turning them into numbers);
 * - dates `YYYY/MM/DD`; `Exclusive Shelf` from the status (to-read, currently-reading, read,
 *   did-not-finish); `Bookshelves` the book's shelves;
 * - `My Review` as Goodreads writes it: HTML, line breaks as `<br/>`, `&`, `<`, `>` escaped;
 * - every other cell safe to open in a spreadsheet (OWASP's CSV-injection rule: a cell starting
 *   with `=`, `+`, `-`, `@`, tab or CR gets a leading `'`), which Folio's import undoes.
 * Ratings keep their quarter stars (`3.75`); Goodreads itself writes whole stars.
 */
import Papa from "papaparse";
import { isbn13To10 } from "../books/isbn";
import type { BookStatus } from "../books/status";
import { escapeForCsvExport } from "../import/cells";
import { GOODREADS_COLUMNS } from "../import/goodreads";
import type { ExportedBook } from "./folioJson";

const EXCLUSIVE_SHELF: Record<BookStatus, string> = {
  "want-to-read": "to-read",
  "currently-reading": "currently-reading",
  read: "read",
  "did-not-finish": "did-not-finish",
};

/** `2021-03-14` -> `2021/03/14`. */
const slashDate = (iso: string | undefined) => (iso ? iso.replace(/-/g, "/") : "");

/** Text as Goodreads' review HTML: `&`, `<`, `>` escaped, line breaks as `<br/>`. */
export function reviewHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\n/g, "<br/>");
}

/** Goodreads' "Author l-f": the last word first ("Frank Herbert" -> "Herbert, Frank"); informational, Folio reads "Author". */
function lastFirst(author: string): string {
  const parts = author.trim().split(/\s+/);
  if (parts.length < 2) return author;
  const last = parts.pop()!;
  return `${last}, ${parts.join(" ")}`;
}

function row(book: ExportedBook): string[] {
  const [first, ...others] = book.author.split(/\s+&\s+/);
  const isbn10 = book.isbn ? isbn13To10(book.isbn) : undefined;
  const cells: Record<(typeof GOODREADS_COLUMNS)[number], string> = {
    "Book Id": book.goodreadsId ?? "",
    Title: book.title,
    Author: first ?? "",
    "Author l-f": first ? lastFirst(first) : "",
    "Additional Authors": others.join(", "),
    ISBN: "",
    ISBN13: "",
    "My Rating": book.rating !== undefined ? String(book.rating) : "0",
    "Average Rating": "",
    Publisher: book.publisher ?? "",
    Binding: "",
    "Number of Pages": book.pages !== undefined ? String(book.pages) : "",
    "Year Published": book.yearPublished !== undefined ? String(book.yearPublished) : "",
    "Original Publication Year": "",
    "Date Read": slashDate(book.dateRead),
    "Date Added": slashDate(book.dateAdded ?? book.createdAt?.slice(0, 10)),
    Bookshelves: (book.shelves ?? []).join(", "),
    "Bookshelves with positions": "",
    "Exclusive Shelf": EXCLUSIVE_SHELF[book.status],
    "My Review": book.review ? reviewHtml(book.review) : "",
    Spoiler: book.reviewSpoiler ? "true" : "",
    "Private Notes": book.privateNotes ?? "",
    "Read Count": book.readCount !== undefined ? String(book.readCount) : "",
    "Owned Copies": book.owned === undefined ? "" : book.owned ? "1" : "0",
  };
  const escaped = GOODREADS_COLUMNS.map((column) => escapeForCsvExport(cells[column]));
  // The ISBN cells are Goodreads' own `="…"` form, built from digits only: never escaped.
  escaped[GOODREADS_COLUMNS.indexOf("ISBN")] = isbn10 ? `="${isbn10}"` : `=""`;
  escaped[GOODREADS_COLUMNS.indexOf("ISBN13")] = book.isbn ? `="${book.isbn}"` : `=""`;
  return escaped;
}

export function goodreadsCsvHeader(): string {
  return Papa.unparse([[...GOODREADS_COLUMNS]], { newline: "\n" }) + "\n";
}

/** Rows for a page of books, each ending with a line break. */
export function goodreadsCsvRows(books: readonly ExportedBook[]): string {
  if (books.length === 0) return "";
  return (
    Papa.unparse(books.map(row), { newline: "\n", quotes: (value) => typeof value === "string" && /[",\n\r]|^=/.test(value) }) +
    "\n"
  );
}
