/**
 * BookWyrm's "Export Book List" CSV, its header as BookWyrm's exporter writes it
 * (bookwyrm/views/preferences/export.py): title, author_text, remote_id, openlibrary_key,
 * inventaire_id, librarything_key, goodreads_key, bnf_id, viaf, wikidata, asin, aasin, isfdb,
 * isbn_10, isbn_13, oclc_number, start_date, finish_date, stopped_date, rating, review_name,
 * review_cw, review_content, review_published, shelf, shelf_name, shelf_date. One row per book: its
 * latest read, latest rated review and shelf.
 */
import { cleanText } from "./cells";
import { cellAt, Columns } from "./columns";
import type { CsvRecord } from "./csvRecords";
import { isbnProblemText, readDate, readIsbnText, readRating, readsFromDates, shelvesOrUndefined, warn } from "./fields";
import { htmlToText } from "./longText";
import type { BookStatus, ImportError, ImportRow, ImportWarning } from "./types";
import { acceptRecords, type FieldColumns } from "./validate";

/** BookWyrm's own shelves (their identifiers); any other shelf is the reader's and kept as a shelf. */
const SHELVES: Record<string, BookStatus> = {
  "to-read": "want-to-read",
  reading: "currently-reading",
  read: "read",
  "stopped-reading": "did-not-finish",
};

export function isBookWyrmHeader(columns: Columns): boolean {
  return columns.has("title") && columns.has("author_text") && columns.has("remote_id", "finish_date", "shelf");
}

export function parseBookWyrmRecords(
  headers: readonly string[],
  records: readonly CsvRecord[],
): { rows: ImportRow[]; errors: ImportError[]; warnings: ImportWarning[] } {
  const c = new Columns(headers);
  const col = (name: string) => c.find(name);
  const [title, author, isbn13, isbn10, goodreads] = ["title", "author_text", "isbn_13", "isbn_10", "goodreads_key"].map(col);
  const [started, finished, stopped, rating, reviewName, reviewCw, reviewContent, shelf, shelfName, shelfDate] = [
    "start_date",
    "finish_date",
    "stopped_date",
    "rating",
    "review_name",
    "review_cw",
    "review_content",
    "shelf",
    "shelf_name",
    "shelf_date",
  ].map(col);
  const columns: FieldColumns = { title: title?.name, author: author?.name, review: reviewContent?.name };

  return acceptRecords(records, columns, ({ line, cells }, row) => {
    const isbn = [isbn13, isbn10].map((column) => readIsbnText(cellAt(cells, column))).find((r) => r.ok);
    if (!isbn) {
      const problem = readIsbnText(cellAt(cells, isbn13));
      if (!problem.ok && problem.problem !== "empty")
        warn(row, `Imported without an ISBN: the ISBN (column "isbn_13") ${isbnProblemText(problem.problem)}`);
    }
    const start = started ? readDate(row, cellAt(cells, started), started.name, "Date started") : undefined;
    const end = finished ? readDate(row, cellAt(cells, finished), finished.name, "Date read") : undefined;
    const stop = stopped ? readDate(row, cellAt(cells, stopped), stopped.name, "Date stopped") : undefined;
    const shelfId = cleanText(cellAt(cells, shelf)).toLowerCase();
    const status = SHELVES[shelfId] ?? (stop ? "did-not-finish" : end ? "read" : start ? "currently-reading" : "want-to-read");
    const customShelf =
      SHELVES[shelfId] === undefined ? cleanText(cellAt(cells, shelfName)) || cleanText(cellAt(cells, shelf)) : "";
    const name = cleanText(cellAt(cells, reviewName));
    const content = htmlToText(cellAt(cells, reviewContent));
    const goodreadsId = cleanText(cellAt(cells, goodreads));
    const candidate: ImportRow = {
      line,
      title: cleanText(cellAt(cells, title)),
      author: cleanText(cellAt(cells, author)),
      isbn: isbn && isbn.ok ? isbn.isbn13 : undefined,
      status,
      goodreadsId: /^\d{1,32}$/.test(goodreadsId) ? goodreadsId : undefined,
      // BookWyrm writes 0 for a review without stars; half stars are allowed.
      rating: rating ? readRating(row, cellAt(cells, rating), rating.name) : undefined,
      dateRead: end,
      dateAdded: shelfDate ? readDate(row, cellAt(cells, shelfDate), shelfDate.name, "Date added") : undefined,
      shelves: shelvesOrUndefined(customShelf ? [customShelf] : []),
      review: content && name ? `${name}\n\n${content}` : (content ?? (name || undefined)),
      // A content warning on a review hides it behind a click, as a spoiler flag does.
      reviewSpoiler: content && cleanText(cellAt(cells, reviewCw)) !== "" ? true : undefined,
      reads: readsFromDates(start, end ?? stop),
    };
    return candidate;
  });
}
