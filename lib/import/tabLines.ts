/**
 * Tab-separated exports read line by line (LibraryThing's): one record per line, fields split on
 * tabs. A field is unquoted only when it is wholly quoted (`"…"`, with `""` inside for a quote);
 * any other quote is just a character. A stray quote therefore never joins lines: papaparse, read
 * as CSV, swallowed hundreds of LibraryThing lines into one record after an unbalanced quote in a
 * title, without an error. LibraryThing writes paragraph breaks as "[Return]", not as line breaks,
 * so a record never spans lines.
 */
import { undoFormulaEscape } from "./cells";
import { tooManyRowsError } from "./limits";
import type { CsvRecord, CsvRecords } from "./csvRecords";

/** A field's text: the inside of a wholly quoted field (with `""` read as `"`), else as written. */
export function unquoteTabField(field: string): string {
  if (field.length >= 2 && field.startsWith('"') && field.endsWith('"')) {
    return field.slice(1, -1).replace(/""/g, '"');
  }
  return field;
}

function isBlank(cells: readonly string[]): boolean {
  return cells.every((c) => c.trim() === "");
}

/**
 * Records of a tab-separated text whose line breaks are already `\n`: the first non-blank line is
 * the header; blank lines are skipped. Throws "too-many-rows" past `maxRows` records.
 */
export function readTabLines(text: string, maxRows: number): CsvRecords {
  const out: CsvRecords = { delimiter: "\t", header: [], headerLine: 0, records: [], errors: [] };
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const cells = lines[i].split("\t").map(unquoteTabField);
    if (isBlank(cells)) continue;
    if (out.headerLine === 0) {
      out.header = cells;
      out.headerLine = i + 1;
      continue;
    }
    if (out.records.length >= maxRows) throw tooManyRowsError();
    const record: CsvRecord = { line: i + 1, cells: cells.map(undoFormulaEscape) };
    out.records.push(record);
  }
  return out;
}

/** The header cells of a tab-separated text (its first non-blank line), for format detection. */
export function firstTabLine(text: string): string[] {
  for (const line of text.split("\n", 50)) {
    const cells = line.split("\t").map(unquoteTabField);
    if (!isBlank(cells)) return cells;
  }
  return [];
}
