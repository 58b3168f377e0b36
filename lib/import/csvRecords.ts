/**
 * Splits CSV text into records with papaparse (quoting, embedded delimiters and line breaks) and
 * keeps, for each record, the file line it starts on.
 */
import Papa from "papaparse";
import { undoFormulaEscape } from "./cells";
import { tooManyRowsError } from "./limits";
import type { CsvDelimiter, ImportError } from "./types";

export interface CsvRecord {
  /** 1-based file line where the record starts (a multi-line field does not shift it). */
  line: number;
  cells: string[];
}

export interface CsvRecords {
  delimiter: CsvDelimiter;
  /** Header cells as written (not yet cleaned); empty when the file has no non-blank record. */
  header: string[];
  headerLine: number;
  /** Non-blank records after the header. */
  records: CsvRecord[];
  /** Records papaparse could not read (e.g. an unclosed quote). */
  errors: ImportError[];
}

const CANDIDATES: readonly CsvDelimiter[] = [",", ";", "\t"];

/**
 * Picks the delimiter from the first non-blank line (the header): the candidate (`,` `;` tab)
 * occurring most often outside quotes. Ties and a header without any of them fall back to `,`.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = new Map<CsvDelimiter, number>(CANDIDATES.map((d) => [d, 0]));
  let inQuotes = false;
  let seenContent = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      inQuotes = !inQuotes;
      seenContent = true;
    } else if (!inQuotes && (ch === "\n" || ch === "\r")) {
      if (seenContent) break;
    } else if (!inQuotes && (ch === "," || ch === ";" || ch === "\t")) {
      counts.set(ch, (counts.get(ch) ?? 0) + 1);
      seenContent = true;
    } else if (ch !== " ") {
      seenContent = true;
    }
  }
  let best: CsvDelimiter = ",";
  for (const d of CANDIDATES) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

function isBlank(cells: string[]): boolean {
  for (const c of cells) if (c.trim() !== "") return false;
  return true;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  let i = text.indexOf("\n", from);
  while (i !== -1 && i < to) {
    n++;
    i = text.indexOf("\n", i + 1);
  }
  return n;
}

/** A cell that starts with spaces and then a quote: a quoted field padded on the left ("a,  \"b, c\""). */
const PADDED_QUOTE = /^[ \t]+"/;

/**
 * Spreadsheets and hand edits sometimes pad cells before their opening quote (`Dune,  "Herbert,
 * Frank"`). CSV does not allow that, so the quote is read literally and the comma inside it splits
 * the cell, shifting every later column. When a record has such a cell, its text is read again
 * with the padding before each opening quote removed (papaparse already allows padding after a
 * closing quote). Only such records are touched.
 */
function unpadQuotedCells(cells: string[], raw: string, delimiter: CsvDelimiter): string[] {
  if (delimiter === "\t" || !cells.some((c) => PADDED_QUOTE.test(c))) return cells;
  const sep = delimiter === ";" ? ";" : ",";
  const unpadded = raw.replace(/\n$/, "").replace(new RegExp(`(^|${sep})[ \\t]+(?=")`, "g"), "$1");
  const again = Papa.parse<string[]>(unpadded, { delimiter, quoteChar: '"', newline: "\n" });
  if (again.errors.length > 0 || again.data.length !== 1) return cells;
  return again.data[0];
}

const PAPA_REASONS: Record<string, string> = {
  MissingQuotes: "A quoted field is never closed, so this row could not be read (the rows after it were read on their own)",
  InvalidQuotes: "A quoted field has text after its closing quote; the row could not be read",
};

/** Where to read again after a record whose quote never closes: the line after that record's first line. */
interface Resume {
  offset: number;
  line: number;
}

/**
 * Reads records from `text` starting at `offset` (line `line`) into `out`. Stops at the end, or at
 * a record whose quotes are broken across lines (never closed, or closed lines later and followed
 * by text): that record's first line is an error, and the place to read on from (its next line)
 * is returned, so one stray quote does not take the rest of the file with it.
 */
function readFrom(text: string, from: Resume, delimiter: CsvDelimiter, out: CsvRecords, maxRows: number): Resume | null {
  let line = from.line;
  let start = 0;
  let resume: Resume | null = null;
  const slice = from.offset === 0 ? text : text.slice(from.offset);

  Papa.parse<string[]>(slice, {
    delimiter,
    newline: "\n",
    quoteChar: '"',
    header: false,
    skipEmptyLines: false,
    step(result, parser) {
      const recordLine = line;
      const recordStart = start;
      const end = result.meta.cursor;
      line += countNewlines(slice, start, end);
      start = end;

      // An unclosed quote is reported along with any other quote problem of the record: it wins.
      const problem = result.errors.find((e) => e.code === "MissingQuotes") ?? result.errors.find((e) => e.code in PAPA_REASONS);
      const cells = problem ? result.data : unpadQuotedCells(result.data, slice.slice(recordStart, end), delimiter);
      if (!problem && isBlank(cells)) return;
      if (out.headerLine === 0 && !problem) {
        out.header = cells;
        out.headerLine = recordLine;
        return;
      }
      if (out.records.length + out.errors.length >= maxRows) throw tooManyRowsError();
      if (!problem) {
        out.records.push({ line: recordLine, cells: cells.map(undoFormulaEscape) });
        return;
      }
      out.errors.push({ line: recordLine, reason: PAPA_REASONS[problem.code] });
      // A broken quote that ran over several lines took the next rows with it: read them again.
      if (line > recordLine + 1 || problem.code === "MissingQuotes") {
        const newline = slice.indexOf("\n", recordStart);
        resume = newline < 0 || newline + 1 >= end ? null : { offset: from.offset + newline + 1, line: recordLine + 1 };
        parser.abort();
      }
    },
  });
  return resume;
}

/**
 * Reads records from text whose line breaks are already `\n` and whose BOM is already removed.
 * Throws "too-many-rows" as soon as more than `maxRows` data records are seen.
 */
export function readCsvRecords(text: string, maxRows: number): CsvRecords {
  const delimiter = detectDelimiter(text);
  const out: CsvRecords = { delimiter, header: [], headerLine: 0, records: [], errors: [] };
  let next: Resume | null = { offset: 0, line: 1 };
  while (next !== null && next.offset < text.length) next = readFrom(text, next, delimiter, out, maxRows);
  return out;
}
