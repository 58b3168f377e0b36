/**
 * Which export a CSV header belongs to. Columns are compared case-insensitively (and, except for
 * Calibre's field names, with spacing and punctuation ignored), so a reordered or trimmed export
 * is still recognised.
 */
import { Columns } from "./columns";
import { isBookWyrmHeader } from "./bookwyrm";
import type { CsvExportFormat } from "./formatParsers";
import { isGoodreadsHeader } from "./goodreads";
import { isHardcoverHeader } from "./hardcover";
import { isLibibHeader } from "./libib";

/** StoryGraph: "Title, Authors, Contributors, ISBN/UID, Format, Read Status, … Star Rating …". */
export function isStoryGraphHeader(columns: Columns): boolean {
  if (!columns.has("Title") || !columns.has("Authors")) return false;
  return columns.has("ISBN/UID") || (columns.has("Read Status") && columns.has("Star Rating"));
}

/** LibraryThing: "Book Id, Title, Sort Character, Primary Author, … Collections, … ISBNs …" (or the older AUTHOR (last, first) form). */
export function isLibraryThingHeader(columns: Columns): boolean {
  if (!columns.has("Title")) return false;
  const author = columns.has("Primary Author", "AUTHOR (last, first)", "AUTHOR (first, last)");
  return author && columns.has("Collections", "ISBNs", "Sort Character", "Work id", "Entry Date", "Date Entered");
}

/** Calibre's catalog CSV: its own field names (title, authors, author_sort, timestamp, uuid…). */
const CALIBRE_FIELDS = [
  "author_sort",
  "title_sort",
  "uuid",
  "timestamp",
  "pubdate",
  "library_name",
  "identifiers",
  "series_index",
  "formats",
];

export function isCalibreHeader(headers: readonly string[]): boolean {
  const lower = new Set(headers.map((h) => h.trim().toLowerCase()));
  if (!lower.has("title") || !lower.has("authors")) return false;
  return CALIBRE_FIELDS.filter((f) => lower.has(f)).length >= 2;
}

export function detectCsvFormat(headers: readonly string[]): CsvExportFormat | "csv" {
  if (isGoodreadsHeader(headers)) return "goodreads";
  const columns = new Columns(headers);
  if (isHardcoverHeader(columns)) return "hardcover";
  if (isBookWyrmHeader(columns)) return "bookwyrm";
  if (isLibibHeader(columns)) return "libib";
  if (isStoryGraphHeader(columns)) return "storygraph";
  if (isLibraryThingHeader(columns)) return "librarything";
  if (isCalibreHeader(headers)) return "calibre";
  return "csv";
}
