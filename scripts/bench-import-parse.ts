/**
 * Benchmark of the import parser: `npx tsx scripts/bench-import-parse.ts [runs]`.
 *
 * Builds a 10,000-row Goodreads export in memory (with Goodreads' quirks: `="…"` ISBNs, ISBN-10s
 * with an X check digit, empty `=""` ISBNs, series suffixes, runs of spaces, non-ASCII and
 * decomposed names, quoted commas and quotes, multi-line reviews, custom exclusive shelves), plus a
 * 10,000-row generic CSV and TXT list, and times `parseImportFile` on each. Prints figures only.
 */
import { performance } from "node:perf_hooks";
import { GOODREADS_COLUMNS, IMPORT_LIMITS, parseImportFile } from "../lib/import";
import { utf8ByteLength } from "../lib/import/limits";

const ROWS = IMPORT_LIMITS.maxRows;
const RUNS = Math.max(1, Number(process.argv[2] ?? 7) || 7);

function check13(first12: string): string {
  let s = 0;
  for (let i = 0; i < 12; i++) s += (i % 2 ? 3 : 1) * Number(first12[i]);
  return String((10 - (s % 10)) % 10);
}
function check10(first9: string): string {
  let s = 0;
  for (let i = 0; i < 9; i++) s += (10 - i) * Number(first9[i]);
  const c = (11 - (s % 11)) % 11;
  return c === 10 ? "X" : String(c);
}
const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
const isbnCell = (isbn: string) => `"=""${isbn}"""`;

const AUTHORS = [
  "Suzanne Collins",
  "Gabriel García  Márquez",
  "Halldo\u0301r Laxness",
  "Stanisław Lem",
  "村上春樹",
  "J.R.R.   Tolkien",
  "Toni Morrison",
];
const SERIES = ["", " (The Secrets of Droon, #7.5)", " (Dune, #1)", "", " (Discworld, #12)"];
const SHELVES = ["to-read", "currently-reading", "read", "read", "read", "did-not-finish"];

function goodreadsExport(rows: number): string {
  const lines = [GOODREADS_COLUMNS.join(",")];
  for (let i = 0; i < rows; i++) {
    const first9 = String(100_000_000 + i * 7919).slice(0, 9);
    const isbn10 = first9 + check10(first9);
    const isbn13 = "978" + first9 + check13("978" + first9);
    const quirk = i % 10;
    const exclusive = SHELVES[i % SHELVES.length];
    const title = `Book ${i}, Part ${i % 3}${SERIES[i % SERIES.length]}${quirk === 3 ? ' "Special"  Edition' : ""}`;
    const author = AUTHORS[i % AUTHORS.length];
    const review = quirk === 7 ? 'Loved it, mostly.\nSecond line with "quotes".\n\nLast line.' : "";
    const cells = [
      String(1000 + i),
      quote(title),
      quote(author),
      quote(author.split(/\s+/).reverse().join(", ")),
      "",
      isbnCell(quirk === 5 ? "" : isbn10),
      isbnCell(quirk === 5 || quirk === 6 ? "" : isbn13),
      String(i % 6),
      "4.01",
      quote("Publisher, Inc."),
      "Paperback",
      String(100 + (i % 700)),
      String(1950 + (i % 70)),
      String(1900 + (i % 120)),
      exclusive === "read" ? `20${String(10 + (i % 14)).padStart(2, "0")}/0${1 + (i % 9)}/1${i % 10}` : "",
      `2023/0${1 + (i % 9)}/2${i % 9}`,
      quote(exclusive === "read" ? "favorites, sci-fi" : exclusive),
      quote(exclusive === "read" ? "favorites (#1), sci-fi (#2)" : `${exclusive} (#${i})`),
      exclusive,
      quote(review),
      "",
      "",
      exclusive === "read" ? "1" : "0",
      "0",
    ];
    lines.push(cells.join(","));
  }
  return lines.join("\n") + "\n";
}

function genericCsv(rows: number): string {
  const lines = ["Title;Author;ISBN;Status;Rating;Date read"];
  for (let i = 0; i < rows; i++) {
    lines.push(
      `Book ${i}, Part ${i % 3};${AUTHORS[i % AUTHORS.length]};;${["read", "Want to read", "reading"][i % 3]};${i % 6};2022-01-0${1 + (i % 9)}`,
    );
  }
  return lines.join("\r\n") + "\r\n";
}

function txtList(rows: number): string {
  const lines = ["# reading list"];
  for (let i = 0; i < rows; i++) lines.push(`${i + 1}. Book ${i} by ${AUTHORS[i % AUTHORS.length]}`);
  return lines.join("\n") + "\n";
}

function bench(label: string, fileName: string, text: string): void {
  const warm = parseImportFile(fileName, text);
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    parseImportFile(fileName, text);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const rowCount = warm.rows.length + warm.errors.length;
  console.log(
    `${label.padEnd(10)} ${(utf8ByteLength(text) / (1024 * 1024)).toFixed(2)} MB, ${warm.rows.length} rows ` +
      `(${warm.errors.length} errors, ${warm.warnings.length} warnings), ${RUNS} runs: ` +
      `median ${median.toFixed(1)} ms, min ${times[0].toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms, ` +
      `${Math.round(rowCount / (median / 1000)).toLocaleString("en-US")} rows/s`,
  );
}

console.log(`parseImportFile benchmark, node ${process.version}, ${ROWS.toLocaleString("en-US")} rows per file`);
bench("goodreads", "goodreads_library_export.csv", goodreadsExport(ROWS));
bench("csv", "library.csv", genericCsv(ROWS));
bench("txt", "reading-list.txt", txtList(ROWS));
