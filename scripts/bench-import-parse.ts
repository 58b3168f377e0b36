/**
 * Import benchmark: `npm run bench:import [-- runs]` (default 7 runs per file).
 *
 * 1. Parse time of a 10,000-row file of each format, built in memory with the format's quirks
 *    (scripts/import-bench/generatedFiles.ts): Goodreads, StoryGraph, LibraryThing CSV and
 *    tab-separated (UTF-16 with a BOM, as LibraryThing writes it), Calibre, generic CSV, TXT and
 *    Markdown. "read + parse" is what the browser does: bytes -> text (decode.ts) -> parseImportFile.
 * 2. Figures on the fixtures (scripts/import-bench/fixtureFigures.ts): per format, rows landed /
 *    rows in file and ISBNs kept / valid ISBNs in file.
 *
 * Prints two tables and writes bench-results/import.json. Figures only: nothing here passes or fails.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { decodeImportBytes, IMPORT_LIMITS, parseImportFile } from "../lib/import";
import { utf8ByteLength } from "../lib/import/limits";
import { figuresByFormat, fixtureFigures, type FixtureFigure } from "./import-bench/fixtureFigures";
import {
  bookWyrmExport,
  calibreCatalog,
  genericCsv,
  goodreadsExport,
  hardcoverExport,
  libibExport,
  libraryThingCsv,
  libraryThingJson,
  libraryThingTsv,
  markdownList,
  storyGraphExport,
  txtList,
} from "./import-bench/generatedFiles";

const ROWS = IMPORT_LIMITS.maxRows;
const RUNS = Math.max(1, Number(process.argv[2] ?? 7) || 7);

function utf16le(text: string): Uint8Array {
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes[0] = 0xff;
  bytes[1] = 0xfe;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    bytes[2 + 2 * i] = c & 0xff;
    bytes[3 + 2 * i] = c >> 8;
  }
  return bytes;
}

interface Case {
  label: string;
  fileName: string;
  bytes: Uint8Array;
}

const CASES: Case[] = [
  { label: "goodreads", fileName: "goodreads_library_export.csv", bytes: Buffer.from(goodreadsExport(ROWS)) },
  { label: "storygraph", fileName: "storygraph.csv", bytes: Buffer.from(storyGraphExport(ROWS)) },
  { label: "librarything csv", fileName: "librarything.csv", bytes: Buffer.from(libraryThingCsv(ROWS)) },
  { label: "librarything tsv", fileName: "librarything.tsv", bytes: utf16le(libraryThingTsv(ROWS)) },
  { label: "librarything json", fileName: "librarything.json", bytes: Buffer.from(libraryThingJson(ROWS)) },
  { label: "calibre", fileName: "calibre.csv", bytes: Buffer.from(calibreCatalog(ROWS)) },
  { label: "bookwyrm", fileName: "bookwyrm-export.csv", bytes: Buffer.from(bookWyrmExport(ROWS)) },
  { label: "libib", fileName: "library.csv", bytes: Buffer.from(libibExport(ROWS)) },
  { label: "hardcover", fileName: "hardcover.csv", bytes: Buffer.from(hardcoverExport(ROWS)) },
  { label: "csv", fileName: "library.csv", bytes: Buffer.from(genericCsv(ROWS)) },
  { label: "txt", fileName: "reading-list.txt", bytes: Buffer.from(txtList(ROWS)) },
  { label: "md", fileName: "reading-list.md", bytes: Buffer.from(markdownList(ROWS)) },
];

interface Timing {
  label: string;
  format: string;
  megabytes: number;
  rows: number;
  errors: number;
  warnings: number;
  parseMedianMs: number;
  parseMinMs: number;
  parseMaxMs: number;
  readAndParseMedianMs: number;
  rowsPerSecond: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function bench({ label, fileName, bytes }: Case): Timing {
  const text = decodeImportBytes(bytes);
  const warm = parseImportFile(fileName, text);
  const parse: number[] = [];
  const readAndParse: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    let t0 = performance.now();
    parseImportFile(fileName, text);
    parse.push(performance.now() - t0);
    t0 = performance.now();
    parseImportFile(fileName, decodeImportBytes(bytes));
    readAndParse.push(performance.now() - t0);
  }
  const rows = warm.rows.length + warm.errors.length;
  return {
    label,
    format: warm.format,
    megabytes: Math.round((utf8ByteLength(text) / (1024 * 1024)) * 100) / 100,
    rows: warm.rows.length,
    errors: warm.errors.length,
    warnings: warm.warnings.length,
    parseMedianMs: round(median(parse)),
    parseMinMs: round(Math.min(...parse)),
    parseMaxMs: round(Math.max(...parse)),
    readAndParseMedianMs: round(median(readAndParse)),
    rowsPerSecond: Math.round(rows / (median(parse) / 1000)),
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

function table(headers: string[], rows: (string | number)[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) => cells.map((c, i) => String(c).padEnd(widths[i])).join("  ");
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function main(): void {
  console.log(`parseImportFile, node ${process.version}, ${ROWS.toLocaleString("en-US")} rows per file, ${RUNS} runs each\n`);
  const timings = CASES.map(bench);
  console.log(
    table(
      ["file", "format", "MB", "rows", "errors", "warnings", "parse median ms", "min", "max", "read+parse ms", "rows/s"],
      timings.map((t) => [
        t.label,
        t.format,
        t.megabytes.toFixed(2),
        t.rows,
        t.errors,
        t.warnings,
        t.parseMedianMs,
        t.parseMinMs,
        t.parseMaxMs,
        t.readAndParseMedianMs,
        t.rowsPerSecond.toLocaleString("en-US"),
      ]),
    ),
  );

  const perFile = fixtureFigures();
  const perFormat = figuresByFormat(perFile);
  const kept = (f: FixtureFigure) => [
    `${f.rowsLanded} / ${f.rowsInFile}`,
    `${f.isbnsKept} / ${f.validIsbnsInFile}`,
    `${f.statusesKept} / ${f.statusesInFile}`,
    `${f.ratingsKept} / ${f.ratingsInFile}`,
  ];
  const columns = ["rows landed / in file", "ISBNs kept / valid", "statuses kept / in file", "ratings kept / in file"];
  console.log("\nPer fixture (tests/fixtures/import): kept / in file, counted independently of the parsers\n");
  console.log(
    table(
      ["fixture", "format", ...columns],
      perFile.map((f) => [f.file, f.format, ...kept(f)]),
    ),
  );
  console.log("\nPer format\n");
  console.log(
    table(
      ["format", ...columns],
      perFormat.map((f) => [f.format, ...kept(f)]),
    ),
  );

  const out = path.resolve(import.meta.dirname, "../bench-results/import.json");
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(
    out,
    JSON.stringify(
      { node: process.version, rowsPerFile: ROWS, runs: RUNS, parse: timings, fixtures: { perFormat, perFile } },
      null,
      2,
    ) + "\n",
  );
  console.log(`\nWrote ${path.relative(process.cwd(), out)}`);
}

main();
