/** The readers of the services' exports, by format. */
import { parseCalibreRecords } from "./calibre";
import type { CsvRecord } from "./csvRecords";
import type { ImportFormat } from "./formats";
import { parseGoodreadsRecords } from "./goodreads";
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

const PARSERS: Record<Exclude<ImportFormat, "csv" | "txt">, ExportParser> = {
  goodreads: parseGoodreadsRecords,
  storygraph: parseStoryGraphRecords,
  librarything: parseLibraryThingRecords,
  calibre: parseCalibreRecords,
};

export function exportParserFor(format: Exclude<ImportFormat, "csv" | "txt">): ExportParser {
  return PARSERS[format];
}
