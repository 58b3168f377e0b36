/**
 * Hardcover's library export CSV: Title, Author, Series, Status, Privacy, Hardcover Book ID,
 * Hardcover Edition ID, ISBN 10, ISBN 13, ASIN, Media, Country Code, Language Code, Binding, Pages,
 * Duration in Seconds, Publish Date, Publisher, Genres, Moods, Tags, Content Warnings, Lists, Date
 * Added, Date Started, Date Finished, Rating, Review, Review Contains Spoilers, Sponsored Review,
 * Review Date, Review URL, Review Media URL, Private Notes, Owned, Compilation, Review Slate.
 * Author lists contributors with roles in parentheses ("Roberto Bolaño, Natasha Wimmer
 * (Translator)"): the people without a role (or with the Author role) are the authors.
 */
import { cleanText, statusKey } from "./cells";
import { cellAt, Columns } from "./columns";
import type { CsvRecord } from "./csvRecords";
import {
  isbnProblemText,
  readDate,
  readIsbnText,
  readPages,
  readRating,
  readsFromDates,
  readYesNo,
  shelvesOrUndefined,
  splitList,
  warn,
} from "./fields";
import { readLongText } from "./longText";
import type { BookStatus, ImportError, ImportRow, ImportWarning } from "./types";
import { acceptRecords, type FieldColumns } from "./validate";

export function isHardcoverHeader(columns: Columns): boolean {
  return columns.has("Title") && columns.has("Author") && columns.has("Hardcover Book ID", "Hardcover Edition ID");
}

const STATUSES: Record<string, BookStatus> = {
  "want-to-read": "want-to-read",
  "currently-reading": "currently-reading",
  read: "read",
  "did-not-finish": "did-not-finish",
  stopped: "did-not-finish",
  // Paused books are still being read; the "paused" shelf keeps the distinction (as for StoryGraph).
  paused: "currently-reading",
};

/** The authors of a Hardcover "Author" cell: contributors without a role, or with the Author role, joined with " & ". */
export function hardcoverAuthors(cell: string): string {
  const people = cleanText(cell)
    .split(/\s*,\s*(?![^()]*\))/)
    .filter((p) => p !== "");
  const authors = people
    .filter((p) => !/\((?!\s*author\s*\))[^)]*\)\s*$/i.test(p))
    .map((p) => p.replace(/\s*\(\s*author\s*\)\s*$/i, ""));
  return (authors.length > 0 ? authors : people.slice(0, 1).map((p) => p.replace(/\s*\([^)]*\)\s*$/, ""))).join(" & ");
}

export function parseHardcoverRecords(
  headers: readonly string[],
  records: readonly CsvRecord[],
): { rows: ImportRow[]; errors: ImportError[]; warnings: ImportWarning[] } {
  const c = new Columns(headers);
  const col = (name: string) => c.find(name);
  const [title, author, status, isbn13, isbn10, pages, publishDate, publisher, moods, tags, lists] = [
    "Title",
    "Author",
    "Status",
    "ISBN 13",
    "ISBN 10",
    "Pages",
    "Publish Date",
    "Publisher",
    "Moods",
    "Tags",
    "Lists",
  ].map(col);
  const [added, started, finished, rating, review, spoilers, notes, owned] = [
    "Date Added",
    "Date Started",
    "Date Finished",
    "Rating",
    "Review",
    "Review Contains Spoilers",
    "Private Notes",
    "Owned",
  ].map(col);
  const columns: FieldColumns = { title: title?.name, author: author?.name, review: review?.name };

  return acceptRecords(records, columns, ({ line, cells }, row) => {
    const isbn = [isbn13, isbn10].map((column) => readIsbnText(cellAt(cells, column))).find((r) => r.ok);
    if (!isbn) {
      const problem = readIsbnText(cellAt(cells, isbn13));
      if (!problem.ok && problem.problem !== "empty")
        warn(row, `Imported without an ISBN: the ISBN (column "ISBN 13") ${isbnProblemText(problem.problem)}`);
    }
    const statusCell = cleanText(cellAt(cells, status));
    const mapped = STATUSES[statusKey(statusCell)];
    if (statusCell !== "" && mapped === undefined)
      warn(row, `Status not recognised (column "${status?.name}"); imported as want to read`);
    // Lists carry their position: "Shelved By Genre Reading List (#19)".
    const shelves = splitList([cellAt(cells, tags), cellAt(cells, lists).replace(/\s*\(#[\d.]+\)/g, "")].join(","));
    if (statusKey(statusCell) === "paused" && !shelves.some((s) => s.toLowerCase() === "paused")) shelves.push("paused");
    const start = started ? readDate(row, cellAt(cells, started), started.name, "Date started") : undefined;
    const end = finished ? readDate(row, cellAt(cells, finished), finished.name, "Date read") : undefined;
    const reviewText = readLongText(cellAt(cells, review));
    const year = /^(\d{4})/.exec(cellAt(cells, publishDate).trim());
    const candidate: ImportRow = {
      line,
      title: cleanText(cellAt(cells, title)),
      author: hardcoverAuthors(cellAt(cells, author)),
      isbn: isbn && isbn.ok ? isbn.isbn13 : undefined,
      status: mapped ?? (end ? "read" : "want-to-read"),
      rating: rating ? readRating(row, cellAt(cells, rating), rating.name) : undefined,
      dateRead: end,
      dateAdded: added ? readDate(row, cellAt(cells, added), added.name, "Date added") : undefined,
      shelves: shelvesOrUndefined(shelves),
      publisher: cleanText(cellAt(cells, publisher)) || undefined,
      pages: pages ? readPages(row, cellAt(cells, pages), pages.name) : undefined,
      yearPublished: year ? Number(year[1]) : undefined,
      review: reviewText,
      reviewSpoiler:
        reviewText && spoilers
          ? readYesNo(row, cellAt(cells, spoilers), spoilers.name, "Review Contains Spoilers") || undefined
          : undefined,
      privateNotes: readLongText(cellAt(cells, notes)),
      reads: readsFromDates(start, end),
      owned: owned ? readYesNo(row, cellAt(cells, owned), owned.name, "Owned") : undefined,
      moods: moods ? shelvesOrUndefined(splitList(cellAt(cells, moods))) : undefined,
    };
    return candidate;
  });
}
