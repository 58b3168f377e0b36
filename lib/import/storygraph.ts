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
  readsFromDates,
  readWholeNumber,
  readYesNo,
  shelvesOrUndefined,
  splitList,
  warn,
  type RowContext,
} from "./fields";
import { lastFinished } from "../books/readerFields";
import { readLongText } from "./longText";
import { joinAuthorList } from "./names";
import type { BookRead, BookStatus, ImportError, ImportRow, ImportWarning } from "./types";
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

/**
 * Every reading in "2025/03/01-2025/03/14, 2026/09/01-2026/09/12": a range is a start and an end,
 * a lone date an end, "2025/03/01-" a start not finished yet. A part that is not a date is left out.
 */
export function storyGraphReads(datesRead: string): BookRead[] {
  const reads: BookRead[] = [];
  for (const range of datesRead.split(",")) {
    if (range.trim() === "") continue;
    const parts = range.trim().split(/\s*-\s*(?=\d{4}|$)/);
    const iso = (text: string | undefined) => {
      const date = readDateText((text ?? "").trim());
      return date.ok ? date.iso : undefined;
    };
    const read = parts.length >= 2 ? { started: iso(parts[0]), finished: iso(parts[1]) } : { finished: iso(parts[0]) };
    const started = read.started;
    const finished = read.finished;
    if (started === undefined && finished === undefined) continue;
    reads.push({ ...(started ? { started } : {}), ...(finished ? { finished } : {}) });
  }
  return reads;
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
  const review = c.find("Review");
  const readCount = c.find("Read Count");
  const moods = c.find("Moods");
  const owned = c.find("Owned?", "Owned");
  const columns: FieldColumns = { title: title?.name, author: authors?.name, review: review?.name };

  return acceptRecords(records, columns, ({ line, cells }, row) => {
    const isbn13 = isbn ? readIsbnOrUid(row, cellAt(cells, isbn), isbn.name) : undefined;
    const statusCell = cleanText(cellAt(cells, status));
    const mapped = READ_STATUS[statusKey(statusCell)];
    if (statusCell !== "" && mapped === undefined) {
      warn(row, `Status not recognised (column "${status?.name}"); imported as want to read`);
    }
    const shelves = splitList(cellAt(cells, tags));
    if (statusKey(statusCell) === "paused" && !shelves.some((s) => s.toLowerCase() === "paused")) shelves.push("paused");
    const reads = storyGraphReads(cellAt(cells, datesRead));
    const dateRead =
      lastRead && cellAt(cells, lastRead).trim() !== ""
        ? readDate(row, cellAt(cells, lastRead), lastRead.name, "Date read")
        : lastFinished(reads);
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
      review: readLongText(cellAt(cells, review)),
      reads: reads.length > 0 ? reads : readsFromDates(undefined, dateRead),
      readCount: readCount ? readWholeNumber(row, cellAt(cells, readCount), readCount.name, "Read count") : undefined,
      moods: moods ? shelvesOrUndefined(splitList(cellAt(cells, moods))) : undefined,
      owned: owned ? readYesNo(row, cellAt(cells, owned), owned.name, "Owned") : undefined,
    };
    return candidate;
  });
}
