/**
 * Per format, on the import fixtures (tests/fixtures/import): rows landed / rows in file, and
 * ISBNs kept / valid ISBNs in file. "In file" is counted independently of the parsers:
 * - rows: the non-blank records after the header (papaparse for CSV, lines for tab-separated
 *   files and lists, where a list line is any line the list reader does not skip as markup);
 * - valid ISBNs: records holding at least one 10- or 13-digit number (hyphens allowed, X as
 *   ISBN-10 check) whose check digit is right, wherever it is in the record.
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

/** The data records of a file, as text, without the header (when it has one). */
function recordsOf(name: string, text: string, hasHeader: boolean): string[] {
  if (/\.(txt|md)$/.test(name)) {
    // A Markdown table's header row (the row above a |---| rule) is not a book.
    const lines = listRecords(text);
    const raw = text.split("\n").map((l) => l.trim());
    return lines.filter((l) => !(l.startsWith("|") && /^\|?\s*:?-{2,}/.test(raw[raw.indexOf(l.trim()) + 1] ?? "")));
  }
  if (name.endsWith(".tsv")) {
    const lines = text.split("\n").filter((l) => l.replace(/\t/g, "").trim() !== "");
    return hasHeader ? lines.slice(1) : lines;
  }
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: "greedy" }).data.filter((r) => r.some((c) => c.trim() !== ""));
  return (hasHeader ? parsed.slice(1) : parsed).map((r) => r.join("\u0001"));
}

export function fixtureFigures(): FixtureFigure[] {
  const figures: FixtureFigure[] = [];
  for (const file of readdirSync(FIXTURES).sort()) {
    if (!/\.(csv|tsv|txt|md)$/.test(file) || file === "README.md") continue;
    const text = decodeImportBytes(readFileSync(path.join(FIXTURES, file)))
      .replace(/\ufeff/g, "")
      .replace(/\r\n?/g, "\n");
    const parsed = tryParseImportFile(file, text);
    const headerless = parsed.ok && parsed.result.headerless === true;
    const records = recordsOf(file, text, !/\.(txt|md)$/.test(file) && !headerless);
    figures.push({
      format: !parsed.ok ? "refused" : file.endsWith(".md") ? "txt (.md)" : parsed.result.format,
      file,
      rowsInFile: records.length,
      rowsLanded: parsed.ok ? parsed.result.rows.length : 0,
      validIsbnsInFile: records.filter(hasValidIsbn).length,
      isbnsKept: parsed.ok ? parsed.result.rows.filter((r) => r.isbn !== undefined).length : 0,
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
    };
    sum.file = sum.file ? `${sum.file}, ${f.file}` : f.file;
    sum.rowsInFile += f.rowsInFile;
    sum.rowsLanded += f.rowsLanded;
    sum.validIsbnsInFile += f.validIsbnsInFile;
    sum.isbnsKept += f.isbnsKept;
    byFormat.set(f.format, sum);
  }
  return [...byFormat.values()];
}
