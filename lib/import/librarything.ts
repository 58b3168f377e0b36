/**
 * LibraryThing's export, CSV or tab-separated (the tab-separated file is read line by line, see
 * tabLines.ts). Columns: Book Id, Title, Sort Character, Primary Author, Primary Author Role, …,
 * Publication, Date, Review, Rating, …, Page Count, …, Date Started, Date Read, …, Tags,
 * Collections, …, ISBN, ISBNs, …, Entry Date, … (older exports: TITLE, AUTHOR (last, first),
 * AUTHOR (first, last), …, COLLECTIONS, DATE ENTERED, DATE STARTED, DATE READ, TAGS, RATING).
 */
import { cleanText, isDidNotFinishName } from "./cells";
import { cellAt, Columns, type Column } from "./columns";
import type { CsvRecord } from "./csvRecords";
import {
  isbnProblemText,
  readDate,
  readIsbnText,
  readPages,
  readRating,
  shelvesOrUndefined,
  splitList,
  warn,
  type RowContext,
} from "./fields";
import { firstLast } from "./names";
import type { BookStatus, ImportError, ImportRow, ImportWarning } from "./types";
import { acceptRecords, type FieldColumns } from "./validate";

/** LibraryThing's own collections: they say how the book stands, they are not shelves. */
const SYSTEM_COLLECTIONS: Record<string, "owned" | "wishlist" | "to-read" | "reading" | "read"> = {
  "your library": "owned",
  wishlist: "wishlist",
  "to read": "to-read",
  "currently reading": "reading",
  "read but unowned": "read",
  "have read": "read",
};

/**
 * Status from Collections and the reading dates: a did-not-finish collection, else Currently
 * reading, else read (Read but unowned, or a Date Read), else to read / wishlist, else (Your
 * library alone) want to read. Collections that are not LibraryThing's own become shelves.
 */
function statusFromCollections(collections: string[], hasDateRead: boolean): { status: BookStatus; shelves: string[] } {
  const kinds = new Set<string>();
  const shelves: string[] = [];
  for (const name of collections) {
    const kind = SYSTEM_COLLECTIONS[name.toLowerCase()];
    if (kind) kinds.add(kind);
    else {
      if (isDidNotFinishName(name)) kinds.add("dnf");
      shelves.push(name);
    }
  }
  let status: BookStatus = "want-to-read";
  if (kinds.has("dnf")) status = "did-not-finish";
  else if (kinds.has("reading")) status = "currently-reading";
  else if (kinds.has("read") || hasDateRead) status = "read";
  return { status, shelves };
}

/** ISBN (`[0596101996]`), else the first valid one of ISBNs (`0596101996, 9780596101992`). */
function pickIsbn(row: RowContext, cells: readonly string[], isbn?: Column, isbns?: Column): string | undefined {
  const main = readIsbnText(cellAt(cells, isbn));
  if (main.ok) return main.isbn13;
  for (const part of cellAt(cells, isbns)
    .replace(/^\[|\]$/g, "")
    .split(/[,;\s]+/)) {
    const r = readIsbnText(part);
    if (r.ok) return r.isbn13;
  }
  if (main.problem !== "empty" && isbn) {
    warn(row, `Imported without an ISBN: the ISBN (column "${isbn.name}") ${isbnProblemText(main.problem)}`);
  }
  return undefined;
}

/** "Gallimard (1979), Poche" -> "Gallimard"; "Penguin Books" -> "Penguin Books". */
function publisherOf(publication: string): string | undefined {
  const name = cleanText(publication.split(/\s*\(|,/)[0]);
  return name === "" ? undefined : name;
}

/** The year in LibraryThing's Date column: "1979", "c1979", "1979-05", "[1962]". */
function yearOf(date: string): number | undefined {
  const m = /(-?\d{3,4})/.exec(date);
  const year = m ? Number(m[1]) : undefined;
  return year !== undefined && year !== 0 ? year : undefined;
}

export function parseLibraryThingRecords(
  headers: readonly string[],
  records: readonly CsvRecord[],
): { rows: ImportRow[]; errors: ImportError[]; warnings: ImportWarning[] } {
  const c = new Columns(headers);
  const title = c.find("Title");
  const authorFirstLast = c.find("AUTHOR (first, last)");
  const authorLastFirst = c.find("Primary Author", "AUTHOR (last, first)");
  const isbn = c.find("ISBN");
  const isbns = c.find("ISBNs");
  const rating = c.find("Rating");
  const dateRead = c.find("Date Read");
  const dateStarted = c.find("Date Started");
  const entryDate = c.find("Entry Date", "Date Entered");
  const tags = c.find("Tags");
  const collections = c.find("Collections");
  const pages = c.find("Page Count");
  const publication = c.find("Publication");
  const date = c.find("Date");
  const author = authorFirstLast ?? authorLastFirst;
  const columns: FieldColumns = { title: title?.name, author: author?.name };

  return acceptRecords(records, columns, ({ line, cells }, row) => {
    const isbn13 = pickIsbn(row, cells, isbn, isbns);
    const read = dateRead ? readDate(row, cellAt(cells, dateRead), dateRead.name, "Date read") : undefined;
    const started = dateStarted
      ? readDate({ line, warnings: [] }, cellAt(cells, dateStarted), dateStarted.name, "Date started")
      : undefined;
    const { status: fromCollections, shelves: customCollections } = statusFromCollections(
      splitList(cellAt(cells, collections)),
      read !== undefined,
    );
    // Started and not finished, with nothing else said: currently reading.
    const status =
      fromCollections === "want-to-read" && started !== undefined && read === undefined ? "currently-reading" : fromCollections;
    const shelves = splitList([cellAt(cells, tags), ...customCollections].join(","));
    const rawAuthor = cellAt(cells, author);
    const candidate: ImportRow = {
      line,
      title: cleanText(cellAt(cells, title)),
      author: author === authorFirstLast && authorFirstLast ? cleanText(rawAuthor) : firstLast(rawAuthor),
      isbn: isbn13,
      status,
      rating: rating ? readRating(row, cellAt(cells, rating), rating.name) : undefined,
      dateRead: read,
      dateAdded: entryDate ? readDate(row, cellAt(cells, entryDate), entryDate.name, "Date added") : undefined,
      shelves: shelvesOrUndefined(shelves),
      publisher: publication ? publisherOf(cellAt(cells, publication)) : undefined,
      pages: pages ? readPages(row, cellAt(cells, pages), pages.name) : undefined,
      yearPublished: date ? yearOf(cellAt(cells, date)) : undefined,
    };
    return candidate;
  });
}
