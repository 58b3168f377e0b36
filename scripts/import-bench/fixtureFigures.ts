/**
 * Per fixture and per format, on the import fixtures (tests/fixtures/import): rows landed / rows in
 * file, ISBNs kept / valid ISBNs in file, statuses kept / statuses in file, ratings kept / ratings
 * in file. "In file" is counted independently of the parsers:
 * - rows: the non-blank records after the header (papaparse for CSV, lines for tab-separated
 *   files and lists, where a list line is any line the list reader does not skip as markup; the
 *   books of a JSON file), less the records whose media or item type says they are not books;
 * - valid ISBNs: records holding at least one 10- or 13-digit number (hyphens allowed, X as
 *   ISBN-10 check) whose check digit is right, wherever it is in the record;
 * - statuses: records that say the book is read, being read or given up (a status or shelf cell
 *   that is not "to read", a read/finished date, a rating); kept when the row landed with such a
 *   status (not want-to-read);
 * - ratings: records with a non-zero number in a rating column (or star characters in a list);
 *   kept when the row landed with a rating.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import { isValidIsbn10, isValidIsbn13 } from "../../lib/books/isbn";
import { decodeImportBytes, tryParseImportFile, type ImportFormat } from "../../lib/import";

export interface FixtureFigure {
  /** The format read, "txt (.md)" for Markdown lists, "refused" when the whole file was refused. */
  format: ImportFormat | "txt (.md)" | "refused";
  file: string;
  rowsInFile: number;
  rowsLanded: number;
  validIsbnsInFile: number;
  isbnsKept: number;
  statusesInFile: number;
  statusesKept: number;
  ratingsInFile: number;
  ratingsKept: number;
}

/** A record of the file as the counting sees it: its text, and its cells by lower-cased header. */
interface FileRecord {
  text: string;
  cells: Map<string, string>;
}

const RATING_COLUMNS = ["my rating", "star rating", "rating", "score"];
const STATUS_COLUMNS = ["exclusive shelf", "read status", "status", "shelf", "collections", "#read", "#status"];
const READ_DATE_COLUMNS = [
  "date read",
  "last date read",
  "finish_date",
  "completed",
  "date finished",
  "#readdate",
  "dateread",
  "column 1",
];
const NOT_A_BOOK = /\b(?:dvd|blu-?ray|movie|videogame|music)\b/i;
const TO_READ = /^(?:to[- ]?read|want[- ]to[- ]read|wishlist|your library|not begun|no|false|0)?$/i;

function ratingOf(record: FileRecord): boolean {
  if ([...record.cells.keys()].every((k) => k.startsWith("column "))) {
    // A file without a header: a bare small number (not an ISBN, not a date) is a rating.
    return [...record.cells.values()].some((v) => /^\s*(?:[1-9]|10)(?:[.,]\d+)?\s*$/.test(v));
  }
  for (const column of RATING_COLUMNS) {
    const n = Number((record.cells.get(column) ?? "").replace(",", "."));
    if (Number.isFinite(n) && n > 0) return true;
  }
  return record.cells.size === 0 && /[★]|\b\d(?:[.,]\d+)?\s*\/\s*(?:5|10)\b/.test(record.text);
}

function statusOf(record: FileRecord): boolean {
  if (STATUS_COLUMNS.some((c) => !TO_READ.test((record.cells.get(c) ?? "").trim()))) return true;
  if (READ_DATE_COLUMNS.some((c) => /\d/.test(record.cells.get(c) ?? ""))) return true;
  if (record.cells.size === 0) return /\[[xX]\]|\b(?:read|reading|finished|dnf)\b/i.test(record.text);
  return ratingOf(record);
}

const FIXTURES = path.resolve(import.meta.dirname, "../../tests/fixtures/import");

const ISBN_TOKEN = /(?<![\dA-Za-z])(?:97[89][-\s]?(?:\d[-\s]?){9}\d|(?:\d[-\s]?){9}[\dXx])(?![\dA-Za-z])/g;

function hasValidIsbn(text: string): boolean {
  for (const m of text.matchAll(ISBN_TOKEN)) {
    const digits = m[0].replace(/[-\s]/g, "").toUpperCase();
    if (digits.length === 13 ? isValidIsbn13(digits) : isValidIsbn10(digits)) return true;
  }
  return false;
}

/** Lines a list reader skips as markup: blank, headings/comments, rules, table rules, labels, URLs, front matter. */
function listRecords(text: string): string[] {
  const lines = text.split("\n");
  let start = 0;
  if (lines[0]?.trim() === "---") start = lines.indexOf("---", 1) + 1;
  return lines.slice(start).filter((raw) => {
    const l = raw.trim();
    if (l === "" || l.startsWith("#") || /^(?:[-*_=~]\s*){3,}$/.test(l) || /^<!--.*-->$/.test(l) || /:\s*$/.test(l)) return false;
    if (/^<?(?:https?:\/\/|www\.)\S+>?$/i.test(l)) return false;
    if (/^\|?\s*:?-{2,}/.test(l)) return false;
    return true;
  });
}

function withCells(header: string[] | undefined, cells: string[]): FileRecord {
  const map = new Map<string, string>();
  header?.forEach((h, i) =>
    map.set(
      h
        .trim()
        .toLowerCase()
        .replace(/^\ufeff/, ""),
      cells[i] ?? "",
    ),
  );
  return { text: cells.join("\u0001"), cells: map };
}

/** The data records of a file without the header (when it has one), non-book media left out. */
function recordsOf(name: string, text: string, hasHeader: boolean): FileRecord[] {
  if (/\.(txt|md)$/.test(name)) {
    // A Markdown table's header row (the row above a |---| rule) is not a book.
    const lines = listRecords(text);
    const raw = text.split("\n").map((l) => l.trim());
    // A label or heading naming a reading state ("Finished:", "## Currently reading", "---CURRENT---")
    // is status evidence for the lines under it.
    const underStatus = new Set<string>();
    let inSection = false;
    for (const line of raw) {
      if (/^#|:\s*$|^[-=*]{3,}\s*\S.*[-=*]{3,}$/.test(line)) {
        inSection = /current|reading|finished|\bread\b|done|dnf/i.test(line) && !/to read|tbr|want/i.test(line);
      } else if (inSection && line !== "") underStatus.add(line);
    }
    return lines
      .filter((l) => !(l.startsWith("|") && /^\|?\s*:?-{2,}/.test(raw[raw.indexOf(l.trim()) + 1] ?? "")))
      .filter((l) => !/^[-=*]{3,}\s*\S.*[-=*]{3,}$|^(?:last\s+)?updated\b/i.test(l.trim()))
      .map((line) => ({ text: underStatus.has(line.trim()) ? `${line} [x]` : line, cells: new Map() }));
  }
  if (name.endsWith(".json")) {
    const data = JSON.parse(text) as Record<string, Record<string, unknown>>;
    return Object.values(data)
      .filter((b) => !NOT_A_BOOK.test(JSON.stringify(b.format ?? "")))
      .map((b) => ({
        text: JSON.stringify(b),
        cells: new Map([
          ["rating", String(b.rating ?? "")],
          ["dateread", String(b.dateread ?? "")],
          ["collections", ((b.collections as string[]) ?? []).filter((c) => !/your library|wishlist|to read/i.test(c)).join(",")],
        ]),
      }));
  }
  const rows = name.endsWith(".tsv")
    ? text
        .split("\n")
        .filter((l) => l.replace(/\t/g, "").trim() !== "")
        .map((l) => l.split("\t").map((c) => c.replace(/^"|"$/g, "")))
    : Papa.parse<string[]>(text, { skipEmptyLines: "greedy" }).data.filter((r) => r.some((c) => c.trim() !== ""));
  const header = hasHeader ? rows[0] : undefined;
  const records = (hasHeader ? rows.slice(1) : rows).map((cells) =>
    withCells(header ?? cells.map((_, i) => `Column ${i + 1}`), cells),
  );
  return records.filter((r) => !NOT_A_BOOK.test(`${r.cells.get("media") ?? ""} ${r.cells.get("item_type") ?? ""}`));
}

export function fixtureFigures(): FixtureFigure[] {
  const figures: FixtureFigure[] = [];
  for (const file of readdirSync(FIXTURES).sort()) {
    if (!/\.(csv|tsv|txt|md|json)$/.test(file) || file === "README.md") continue;
    const text = decodeImportBytes(readFileSync(path.join(FIXTURES, file)))
      .replace(/\ufeff/g, "")
      .replace(/\r\n?/g, "\n");
    const parsed = tryParseImportFile(file, text);
    const headerless = parsed.ok && parsed.result.headerless === true;
    const records = recordsOf(file, text, !/\.(txt|md|json)$/.test(file) && !headerless);
    const rows = parsed.ok ? parsed.result.rows : [];
    figures.push({
      format: !parsed.ok ? "refused" : file.endsWith(".md") ? "txt (.md)" : parsed.result.format,
      file,
      rowsInFile: records.length,
      rowsLanded: rows.length,
      validIsbnsInFile: records.filter((r) => hasValidIsbn(r.text)).length,
      isbnsKept: rows.filter((r) => r.isbn !== undefined).length,
      statusesInFile: records.filter(statusOf).length,
      statusesKept: rows.filter((r) => r.status !== "want-to-read").length,
      ratingsInFile: records.filter(ratingOf).length,
      ratingsKept: rows.filter((r) => r.rating !== undefined).length,
    });
  }
  return figures;
}

/** The figures summed per format. */
export function figuresByFormat(figures: readonly FixtureFigure[]): FixtureFigure[] {
  const byFormat = new Map<string, FixtureFigure>();
  for (const f of figures) {
    const sum = byFormat.get(f.format) ?? {
      format: f.format,
      file: "",
      rowsInFile: 0,
      rowsLanded: 0,
      validIsbnsInFile: 0,
      isbnsKept: 0,
      statusesInFile: 0,
      statusesKept: 0,
      ratingsInFile: 0,
      ratingsKept: 0,
    };
    sum.file = sum.file ? `${sum.file}, ${f.file}` : f.file;
    sum.rowsInFile += f.rowsInFile;
    sum.rowsLanded += f.rowsLanded;
    sum.validIsbnsInFile += f.validIsbnsInFile;
    sum.isbnsKept += f.isbnsKept;
    sum.statusesInFile += f.statusesInFile;
    sum.statusesKept += f.statusesKept;
    sum.ratingsInFile += f.ratingsInFile;
    sum.ratingsKept += f.ratingsKept;
    byFormat.set(f.format, sum);
  }
  return [...byFormat.values()];
}
