/**
 * StoryGraph's "Export StoryGraph Library" CSV: Title, Authors, Contributors, ISBN/UID, Format,
 * Read Status, Date Added, Last Date Read, Dates Read, Read Count, Moods, Pace, …, Star Rating,
 * Review, Content Warnings, Content Warning Description, Tags, Owned?. Columns are found by name.
 */
import { cleanText, statusKey } from "./cells";
import { cellAt, Columns } from "./columns";
import type { CsvRecord } from "./csvRecords";
import { readDateText } from "./dates";
import {
  isbnProblemText,
  readDate,
  readIsbnText,
  readRating,
  shelvesOrUndefined,
  splitList,
  warn,
  type RowContext,
} from "./fields";
import { joinAuthorList } from "./names";
import type { BookStatus, ImportError, ImportRow, ImportWarning } from "./types";
import { acceptRecords, type FieldColumns } from "./validate";

const READ_STATUS: Record<string, BookStatus> = {
  "to-read": "want-to-read",
  "currently-reading": "currently-reading",
  read: "read",
  "did-not-finish": "did-not-finish",
  // Paused books are still being read; the "paused" shelf keeps the distinction.
  paused: "currently-reading",
};

/**
 * ISBN/UID holds an ISBN, or StoryGraph's own id or an ASIN for books without one (`B08ZYQT962`):
 * those are not ISBNs and are left out silently. A number that looks like an ISBN but fails its
 * check is dropped with a warning.
 */
function readIsbnOrUid(row: RowContext, raw: string, column: string): string | undefined {
  const r = readIsbnText(raw);
  if (r.ok) return r.isbn13;
  if (r.problem === "empty") return undefined;
  const looksLikeIsbn = /^[\d\s-]+[\dXx]?$/.test(raw.trim()) || r.problem === "spreadsheet";
  if (looksLikeIsbn) warn(row, `Imported without an ISBN: the ISBN (column "${column}") ${isbnProblemText(r.problem)}`);
  return undefined;
}

/** The end of the last reading in "2025/03/01-2025/03/14, 2026/09/01-2026/09/12". */
function lastReadDate(datesRead: string): string | undefined {
  const ranges = datesRead.split(",").map((r) => r.trim());
  for (let i = ranges.length - 1; i >= 0; i--) {
    const parts = ranges[i].split(/\s*-\s*(?=\d{4})/);
    const date = readDateText(parts[parts.length - 1] ?? "");
    if (date.ok) return date.iso;
  }
  return undefined;
}

export function parseStoryGraphRecords(
  headers: readonly string[],
  records: readonly CsvRecord[],
): { rows: ImportRow[]; errors: ImportError[]; warnings: ImportWarning[] } {
  const c = new Columns(headers);
  const title = c.find("Title");
  const authors = c.find("Authors", "Author");
  const isbn = c.find("ISBN/UID", "ISBN");
  const status = c.find("Read Status");
  const rating = c.find("Star Rating");
  const lastRead = c.find("Last Date Read");
  const datesRead = c.find("Dates Read");
  const added = c.find("Date Added");
  const tags = c.find("Tags");
  const columns: FieldColumns = { title: title?.name, author: authors?.name };

  return acceptRecords(records, columns, ({ line, cells }, row) => {
    const isbn13 = isbn ? readIsbnOrUid(row, cellAt(cells, isbn), isbn.name) : undefined;
    const statusCell = cleanText(cellAt(cells, status));
    const mapped = READ_STATUS[statusKey(statusCell)];
    if (statusCell !== "" && mapped === undefined) {
      warn(row, `Status not recognised (column "${status?.name}"); imported as want to read`);
    }
    const shelves = splitList(cellAt(cells, tags));
    if (statusKey(statusCell) === "paused" && !shelves.some((s) => s.toLowerCase() === "paused")) shelves.push("paused");
    const dateRead =
      lastRead && cellAt(cells, lastRead).trim() !== ""
        ? readDate(row, cellAt(cells, lastRead), lastRead.name, "Date read")
        : lastReadDate(cellAt(cells, datesRead));
    const candidate: ImportRow = {
      line,
      title: cleanText(cellAt(cells, title)),
      author: joinAuthorList(cellAt(cells, authors)),
      isbn: isbn13,
      status: mapped ?? "want-to-read",
      rating: rating ? readRating(row, cellAt(cells, rating), rating.name) : undefined,
      dateRead,
      dateAdded: added ? readDate(row, cellAt(cells, added), added.name, "Date added") : undefined,
      shelves: shelvesOrUndefined(shelves),
    };
    return candidate;
  });
}
