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
  readsFromDates,
  shelvesOrUndefined,
  splitList,
  warn,
  type RowContext,
} from "./fields";
import { libraryThingText } from "./longText";
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
 * Status from Collections, the reading dates and the rating: a did-not-finish collection, else
 * Currently reading, else read (Read but unowned, a Date Read, or a rating: a rated book has been
 * read), else to read / wishlist, else (Your library alone) want to read. Collections that are not
 * LibraryThing's own become shelves.
 */
export function statusFromCollections(
  collections: readonly string[],
  evidence: { hasDateRead: boolean; rated: boolean },
): { status: BookStatus; shelves: string[] } {
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
  else if (kinds.has("read") || evidence.hasDateRead || evidence.rated) status = "read";
  return { status, shelves };
}

/** "Your library" means the reader owns the book; Wishlist or Read but unowned that they do not. */
export function ownedFromCollections(collections: readonly string[]): boolean | undefined {
  const kinds = new Set(collections.map((name) => SYSTEM_COLLECTIONS[name.toLowerCase()]));
  if (kinds.has("owned")) return true;
  if (kinds.has("wishlist") || collections.some((name) => name.toLowerCase() === "read but unowned")) return false;
  return undefined;
}

/**
 * LibraryThing catalogues films, music and games as well as books (its Media column, the JSON's
 * `format`): DVDs, Blu-rays, VHS, music, vinyl, games and software are not books. Audiobooks
 * (an "Audio CD" included) and ebooks are.
 */
const NON_BOOK_MEDIA =
  /\b(?:dvds?|blu-?rays?|hd[- ]?dvd|vhs|video(?:s|cassettes?| ?games?)?|laser ?discs?|films?|movies?|music|vinyl|lps?|records?|games?|board ?games?|software|cd-rom|dvd-rom)\b/i;

export function isNonBookMedia(media: string): boolean {
  const text = cleanText(media);
  if (text === "" || /audio ?books?|e-?books?|\bbooks?\b|audio cd/i.test(text)) return false;
  return NON_BOOK_MEDIA.test(text);
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
): { rows: ImportRow[]; errors: ImportError[]; warnings: ImportWarning[]; nonBooks: number } {
  const c = new Columns(headers);
  const title = c.find("Title");
  const authorFirstLast = c.find("AUTHOR (first, last)");
  const authorLastFirst = c.find("Primary Author", "AUTHOR (last, first)");
  const isbn = c.find("ISBN");
  const isbns = c.find("ISBNs");
  const ratingColumn = c.find("Rating");
  const dateRead = c.find("Date Read");
  const dateStarted = c.find("Date Started");
  const entryDate = c.find("Entry Date", "Date Entered");
  const tags = c.find("Tags");
  const collections = c.find("Collections");
  const pages = c.find("Page Count");
  const publication = c.find("Publication");
  const date = c.find("Date");
  const media = c.find("Media");
  const review = c.find("Review");
  const comment = c.find("Comment", "Comments");
  const privateComment = c.find("Private Comment");
  const author = authorFirstLast ?? authorLastFirst;
  const columns: FieldColumns = { title: title?.name, author: author?.name, review: review?.name };

  const books = records.filter((r) => !isNonBookMedia(cellAt(r.cells, media)));
  const sink = acceptRecords(books, columns, ({ line, cells }, row) => {
    const isbn13 = pickIsbn(row, cells, isbn, isbns);
    const read = dateRead ? readDate(row, cellAt(cells, dateRead), dateRead.name, "Date read") : undefined;
    const started = dateStarted
      ? readDate({ line, warnings: [] }, cellAt(cells, dateStarted), dateStarted.name, "Date started")
      : undefined;
    const rating = ratingColumn ? readRating(row, cellAt(cells, ratingColumn), ratingColumn.name) : undefined;
    const collectionNames = splitList(cellAt(cells, collections));
    const { status: fromCollections, shelves: customCollections } = statusFromCollections(collectionNames, {
      hasDateRead: read !== undefined,
      rated: rating !== undefined,
    });
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
      rating,
      dateRead: read,
      dateAdded: entryDate ? readDate(row, cellAt(cells, entryDate), entryDate.name, "Date added") : undefined,
      shelves: shelvesOrUndefined(shelves),
      publisher: publication ? publisherOf(cellAt(cells, publication)) : undefined,
      pages: pages ? readPages(row, cellAt(cells, pages), pages.name) : undefined,
      yearPublished: date ? yearOf(cellAt(cells, date)) : undefined,
      review: libraryThingText(cellAt(cells, review)),
      privateNotes: joinNotes(libraryThingText(cellAt(cells, comment)), libraryThingText(cellAt(cells, privateComment))),
      reads: readsFromDates(started, read),
      owned: ownedFromCollections(collectionNames),
    };
    return candidate;
  });
  return { ...sink, nonBooks: records.length - books.length };
}

/** LibraryThing's Comment and Private Comment are both the reader's notes: kept together, in that order. */
export function joinNotes(...parts: (string | undefined)[]): string | undefined {
  const notes = parts.filter((p): p is string => p !== undefined && p !== "");
  return notes.length > 0 ? notes.join("\n\n") : undefined;
}

/** "3 items in this file are not books…": what was left out, never which. */
export function nonBooksNotice(n: number): string {
  const items = n === 1 ? "1 item in this file is not a book" : `${n.toLocaleString("en-US")} items in this file are not books`;
  return `${items} (a DVD, Blu-ray, music, a game…) and ${n === 1 ? "was" : "were"} left out.`;
}
