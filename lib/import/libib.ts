/**
 * Libib's library export CSV: item_type, title, creators, first_name, last_name, collection,
 * ean_isbn13, upc_isbn10, description, publisher, publish_date, group, tags, notes, price, length,
 * number_of_discs, number_of_players, age_group, ensemble, aspect_ratio, esrb, rating, review,
 * review_date, status, began, completed, added, copies. One file mixes books with movies, music and
 * games (`item_type`): only books are imported, the rest is counted.
 */
import { cleanText, parseStatusCell, statusKey } from "./cells";
import { cellAt, Columns } from "./columns";
import type { CsvRecord } from "./csvRecords";
import {
  isbnProblemText,
  readDate,
  readIsbnText,
  readPages,
  readRating,
  readsFromDates,
  readWholeNumber,
  shelvesOrUndefined,
  splitList,
  warn,
} from "./fields";
import { readLongText } from "./longText";
import type { BookStatus, ImportError, ImportRow, ImportWarning } from "./types";
import { acceptRecords, type FieldColumns } from "./validate";

export function isLibibHeader(columns: Columns): boolean {
  return columns.has("item_type") && columns.has("title") && columns.has("creators") && columns.has("ean_isbn13", "upc_isbn10");
}

/** Libib's reading statuses, and the words a hand-edited file may use. */
const STATUSES: Record<string, BookStatus> = {
  "not-begun": "want-to-read",
  "not-started": "want-to-read",
  "in-progress": "currently-reading",
  completed: "read",
  abandoned: "did-not-finish",
};

function statusOf(cell: string, began: string | undefined, completed: string | undefined): BookStatus | undefined {
  const key = statusKey(cell);
  if (key !== "") {
    const known = STATUSES[key];
    if (known) return known;
    const parsed = parseStatusCell(cell);
    if (parsed.recognised) return parsed.status;
  }
  if (completed) return "read";
  if (began) return "currently-reading";
  return key === "" ? "want-to-read" : undefined;
}

export function parseLibibRecords(
  headers: readonly string[],
  records: readonly CsvRecord[],
): { rows: ImportRow[]; errors: ImportError[]; warnings: ImportWarning[]; nonBooks: number } {
  const c = new Columns(headers);
  const col = (name: string) => c.find(name);
  const itemType = col("item_type");
  const [title, creators, first, last, ean, upc, publisher, publishDate, tags, notes, length] = [
    "title",
    "creators",
    "first_name",
    "last_name",
    "ean_isbn13",
    "upc_isbn10",
    "publisher",
    "publish_date",
    "tags",
    "notes",
    "length",
  ].map(col);
  const [rating, review, status, began, completed, added, copies] = [
    "rating",
    "review",
    "status",
    "began",
    "completed",
    "added",
    "copies",
  ].map(col);
  const columns: FieldColumns = { title: title?.name, author: creators?.name, review: review?.name };
  const books = records.filter((r) => {
    const type = cleanText(cellAt(r.cells, itemType)).toLowerCase();
    return type === "" || type === "book" || type === "books";
  });

  const sink = acceptRecords(books, columns, ({ line, cells }, row) => {
    const isbn = [ean, upc].map((column) => readIsbnText(cellAt(cells, column))).find((r) => r.ok);
    if (!isbn) {
      const problem = readIsbnText(cellAt(cells, ean));
      if (!problem.ok && problem.problem !== "empty")
        warn(row, `Imported without an ISBN: the ISBN (column "ean_isbn13") ${isbnProblemText(problem.problem)}`);
    }
    const start = began ? readDate(row, cellAt(cells, began), began.name, "Date started") : undefined;
    const end = completed ? readDate(row, cellAt(cells, completed), completed.name, "Date read") : undefined;
    const statusCell = cellAt(cells, status);
    const parsedStatus = statusOf(statusCell, start, end);
    if (parsedStatus === undefined) warn(row, `Status not recognised (column "${status?.name}"); imported as want to read`);
    const author = cleanText(cellAt(cells, creators)) || cleanText(`${cellAt(cells, first)} ${cellAt(cells, last)}`);
    const year = /\b(\d{4})\b/.exec(cellAt(cells, publishDate));
    const copyCount = copies ? readWholeNumber(row, cellAt(cells, copies), copies.name, "Copies") : undefined;
    const candidate: ImportRow = {
      line,
      title: cleanText(cellAt(cells, title)),
      author,
      isbn: isbn && isbn.ok ? isbn.isbn13 : undefined,
      status: parsedStatus ?? "want-to-read",
      rating: rating ? readRating(row, cellAt(cells, rating), rating.name) : undefined,
      dateRead: end,
      dateAdded: added ? readDate(row, cellAt(cells, added), added.name, "Date added") : undefined,
      shelves: shelvesOrUndefined(splitList(cellAt(cells, tags))),
      publisher: cleanText(cellAt(cells, publisher)) || undefined,
      pages: length ? readPages(row, cellAt(cells, length), length.name) : undefined,
      yearPublished: year ? Number(year[1]) : undefined,
      review: readLongText(cellAt(cells, review)),
      privateNotes: readLongText(cellAt(cells, notes)),
      reads: readsFromDates(start, end),
      owned: copyCount === undefined ? undefined : copyCount > 0,
    };
    return candidate;
  });
  return { ...sink, nonBooks: records.length - books.length };
}
