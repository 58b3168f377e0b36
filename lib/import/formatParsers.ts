/** The readers of the services' exports, by format. */
import { parseBookWyrmRecords } from "./bookwyrm";
import { parseCalibreRecords } from "./calibre";
import type { CsvRecord } from "./csvRecords";
import type { ImportFormat } from "./formats";
import { parseGoodreadsRecords } from "./goodreads";
import { parseHardcoverRecords } from "./hardcover";
import { parseLibibRecords } from "./libib";
import { parseLibraryThingRecords } from "./librarything";
import { parseStoryGraphRecords } from "./storygraph";
import type { ImportError, ImportRow, ImportWarning } from "./types";

export type ExportParser = (
  headers: readonly string[],
  records: readonly CsvRecord[],
) => {
  rows: ImportRow[];
  errors: ImportError[];
  warnings: ImportWarning[];
  /** Records that are not books (a LibraryThing DVD, a Libib movie), left out and counted. */
  nonBooks?: number;
};

/** The formats read from a CSV export with a known header (Folio's own export is JSON). */
export type CsvExportFormat = Exclude<ImportFormat, "csv" | "txt" | "folio">;

const PARSERS: Record<CsvExportFormat, ExportParser> = {
  goodreads: parseGoodreadsRecords,
  storygraph: parseStoryGraphRecords,
  librarything: parseLibraryThingRecords,
  calibre: parseCalibreRecords,
  bookwyrm: parseBookWyrmRecords,
  libib: parseLibibRecords,
  hardcover: parseHardcoverRecords,
};

export function exportParserFor(format: CsvExportFormat): ExportParser {
  return PARSERS[format];
}
