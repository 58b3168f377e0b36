/**
 * Calibre's catalog CSV (Convert → Create catalog, or `calibredb catalog books.csv`): a UTF-8 BOM,
 * a header of Calibre's field names (`title, authors, author_sort, rating, timestamp, isbn,
 * identifiers, tags, series, pubdate, publisher, id, uuid`, … in any order, whatever fields were
 * chosen) and every value quoted. `authors` joins several authors with " & " (kept as written);
 * `rating` is on the 5-star scale in halves (Calibre halves its internal 0–10 value when writing
 * the catalog); dates are ISO timestamps (`2019-03-05T01:00:00+01:00`), and Calibre writes its
 * "no date" as the year 101. Custom columns start with `#`: a yes/no `#read`, a date column such
 * as `#readdate`, and a text `#status`/`#shelf` are used where present.
 */
import { cleanText, isDidNotFinishName, parseStatusCell } from "./cells";
import { cellAt, Columns, type Column } from "./columns";
import type { CsvRecord } from "./csvRecords";
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

/** Calibre's undefined date is 0101-01-01; no real book in a reader's catalog is that old. */
const CALIBRE_NO_YEAR_BEFORE = 102;

const YES = new Set(["yes", "true", "1", "y", "x", "✓", "read"]);
const NO = new Set(["no", "false", "0", "n", ""]);

/** `identifiers` ("goodreads:39077187,isbn:9780756411800") as a map. */
function identifiers(raw: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of raw.split(",")) {
    const i = part.indexOf(":");
    if (i > 0) out.set(part.slice(0, i).trim().toLowerCase(), part.slice(i + 1).trim());
  }
  return out;
}

/**
 * Authors as Calibre writes them: "A & B" is kept; older Calibre joined several with ", " (its
 * names are always "First Last", `author_sort` holds "Last, First"), which becomes "A & B".
 * Calibre's placeholder for a book without an author ("Unknown") is no author.
 */
function authorOf(raw: string): string {
  const authors = cleanText(raw);
  if (authors.toLowerCase() === "unknown") return "";
  return authors.includes(",") && !authors.includes("&") ? joinAuthorList(authors) : authors;
}

function yearOf(timestamp: string): number | undefined {
  const m = /^(\d{4})-\d{2}-\d{2}/.exec(timestamp.trim());
  const year = m ? Number(m[1]) : undefined;
  return year !== undefined && year >= CALIBRE_NO_YEAR_BEFORE ? year : undefined;
}

/** Calibre's custom columns that say whether or when the book was read, or its status. */
interface CustomColumns {
  read?: Column;
  readDate?: Column;
  status?: Column;
}

function customColumns(c: Columns): CustomColumns {
  return {
    read: c.find("#read", "#is_read", "#finished", "#have_read"),
    readDate: c.find("#readdate", "#read_date", "#date_read", "#datefinished", "#date_finished", "#finished_date", "#dateread"),
    status: c.find("#status", "#reading_status", "#shelf", "#readstatus"),
  };
}

function statusFromCustom(row: RowContext, cells: readonly string[], custom: CustomColumns, hasReadDate: boolean): BookStatus {
  if (custom.status) {
    const cell = cellAt(cells, custom.status);
    if (cell.trim() !== "") {
      const parsed = parseStatusCell(cell);
      if (parsed.recognised) return parsed.status;
      warn(row, `Status not recognised (column "${custom.status.name}"); imported as want to read`);
    }
  }
  if (custom.read) {
    const value = cleanText(cellAt(cells, custom.read)).toLowerCase();
    if (YES.has(value)) return "read";
    if (isDidNotFinishName(value)) return "did-not-finish";
    if (!NO.has(value)) warn(row, `Status not recognised (column "${custom.read.name}"); imported as want to read`);
  }
  return hasReadDate ? "read" : "want-to-read";
}

export function parseCalibreRecords(
  headers: readonly string[],
  records: readonly CsvRecord[],
): { rows: ImportRow[]; errors: ImportError[]; warnings: ImportWarning[] } {
  const c = new Columns(headers);
  const title = c.find("title");
  const authors = c.find("authors");
  const isbn = c.find("isbn");
  const ids = c.find("identifiers");
  const rating = c.find("rating");
  const tags = c.find("tags");
  const pubdate = c.find("pubdate");
  const timestamp = c.find("timestamp");
  const publisher = c.find("publisher");
  const custom = customColumns(c);
  const columns: FieldColumns = { title: title?.name, author: authors?.name };

  return acceptRecords(records, columns, ({ line, cells }, row) => {
    const idMap = identifiers(cellAt(cells, ids));
    const fromColumn = readIsbnText(cellAt(cells, isbn));
    const fromIds = readIsbnText(idMap.get("isbn") ?? "");
    const isbn13 = fromColumn.ok ? fromColumn.isbn13 : fromIds.ok ? fromIds.isbn13 : undefined;
    if (isbn13 === undefined && !fromColumn.ok && fromColumn.problem !== "empty") {
      warn(row, `Imported without an ISBN: the ISBN (column "${isbn?.name}") ${isbnProblemText(fromColumn.problem)}`);
    }
    const dateRead = custom.readDate
      ? readDate(row, cellAt(cells, custom.readDate), custom.readDate.name, "Date read")
      : undefined;
    const goodreadsId = idMap.get("goodreads");
    const candidate: ImportRow = {
      line,
      title: cleanText(cellAt(cells, title)),
      author: authorOf(cellAt(cells, authors)),
      isbn: isbn13,
      status: statusFromCustom(row, cells, custom, dateRead !== undefined),
      goodreadsId: goodreadsId && /^\d{1,32}$/.test(goodreadsId) ? goodreadsId : undefined,
      rating: rating ? readRating(row, cellAt(cells, rating), rating.name) : undefined,
      dateRead,
      dateAdded: timestamp ? readDate(row, cellAt(cells, timestamp), timestamp.name, "Date added") : undefined,
      shelves: shelvesOrUndefined(splitList(cellAt(cells, tags))),
      publisher: cleanText(cellAt(cells, publisher)) || undefined,
      yearPublished: pubdate ? yearOf(cellAt(cells, pubdate)) : undefined,
    };
    return candidate;
  });
}
