/**
 * Generic CSVs whose header row was deleted: telling a header from a first book, and guessing the
 * columns from the data when there is no header. The guess is shown in the preview and the
 * mapping editor can still change it.
 */
import { parseStatusCell } from "./cells";
import { normalizeHeader } from "./columns";
import type { CsvRecord } from "./csvRecords";
import { readDateText } from "./dates";
import { readIsbnText, readRatingText } from "./fields";
import type { ColumnMapping, MappableField } from "./types";

/** What a cell holds, as far as the column guess is concerned. */
export type CellKind = "empty" | "isbn" | "date" | "rating" | "number" | "status" | "text";

/**
 * Shapes that are dates even when no reader takes them (`May 2006`, `2006-05`, `5/2006`): a column
 * of them is never a title.
 */
const DATE_LIKE =
  /^(?:\d{4}[-/]\d{1,2}|\d{1,2}[-/]\d{4}|(?:\d{1,2}[-/. ])?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?[-/., ]+\d{2,4})$/i;

export function cellKind(raw: string): CellKind {
  const s = raw.trim();
  if (s === "") return "empty";
  const isbn = readIsbnText(s);
  if (isbn.ok || (!isbn.ok && isbn.problem === "spreadsheet")) return "isbn";
  if (readDateText(s).ok || readDateText(s, "month-first").ok || DATE_LIKE.test(s)) return "date";
  if (/^\d+(?:[.,]\d+)?$/.test(s)) {
    const n = readRatingText(s);
    return n !== undefined && !Number.isNaN(n) && n <= 5 ? "rating" : "number";
  }
  if (/^\d[\d\s-]{8,}[\dXx]$/.test(s)) return "isbn"; // an ISBN with a wrong check digit is still an ISBN column
  const status = parseStatusCell(s);
  if (status.recognised && s.length <= 20) return "status";
  return "text";
}

const SAMPLE_ROWS = 50;

/** The most common non-empty kind of each column over the first rows. */
function columnKinds(rows: readonly (readonly string[])[]): CellKind[] {
  const width = Math.max(0, ...rows.map((r) => r.length));
  const kinds: CellKind[] = [];
  for (let c = 0; c < width; c++) {
    const counts = new Map<CellKind, number>();
    for (const row of rows) {
      const kind = cellKind(row[c] ?? "");
      if (kind !== "empty") counts.set(kind, (counts.get(kind) ?? 0) + 1);
    }
    let best: CellKind = "empty";
    let bestCount = 0;
    for (const [kind, n] of counts) {
      if (n > bestCount) {
        best = kind;
        bestCount = n;
      }
    }
    kinds.push(best);
  }
  return kinds;
}

/**
 * True when the first row reads as a book rather than as column names: none of its cells is a
 * known header name, and each cell is of the same kind as the rows below it (an ISBN over ISBNs, a
 * date over dates, text over text). A header's "Date read" over dates, or "ISBN" over ISBNs, gives
 * it away.
 */
export function firstRowIsData(first: readonly string[], rest: readonly CsvRecord[], knownHeaders: ReadonlySet<string>): boolean {
  if (first.some((cell) => knownHeaders.has(normalizeHeader(cell)))) return false;
  const sample = rest.slice(0, SAMPLE_ROWS).map((r) => r.cells);
  const below = columnKinds(sample);
  const kinds = first.map(cellKind);
  if (!kinds.some((k) => k === "text")) return false;
  if (rest.length === 0) return kinds.some((k) => k === "isbn" || k === "date");
  // A date or an ISBN over a column of them is a value, never a column's name: the row is a book
  // even when its title happens to be shorter than the ones below ("The Road" over longer titles).
  const holdsValues = kinds.some((kind, i) => (kind === "date" || kind === "isbn") && below[i] === kind);
  if (!holdsValues && looksLikeLabels(first, kinds, sample)) return false;
  return kinds.every((kind, i) => {
    const expected = below[i] ?? "empty";
    if (kind === "empty" || expected === "empty") return true;
    if (kind === expected) return true;
    // A rating-looking number in a column of numbers (or the reverse) is the same kind of data.
    return (kind === "rating" || kind === "number") && (expected === "rating" || expected === "number");
  });
}

function words(s: string): number {
  const t = s.trim();
  return t === "" ? 0 : t.split(/\s+/).length;
}

/**
 * Column names are short labels over longer values: every text cell of the first row is one or
 * two words while its column's values below run clearly longer ("Libro" over "Cien años de
 * soledad"). A short first book over short books ("Dune" over "Emma") does not look like that.
 */
function looksLikeLabels(first: readonly string[], kinds: readonly CellKind[], sample: readonly (readonly string[])[]): boolean {
  let longer = 0;
  for (let i = 0; i < first.length; i++) {
    if (kinds[i] !== "text") continue;
    if (words(first[i]) > 2) return false;
    const values = sample.map((r) => r[i] ?? "").filter((v) => v.trim() !== "");
    if (values.length === 0) continue;
    const average = values.reduce((n, v) => n + words(v), 0) / values.length;
    if (average >= 2.5 && average >= 1.5 * words(first[i])) longer++;
  }
  return longer > 0;
}

/** Synthetic header names for a file without a header row. */
export function syntheticHeaders(width: number): string[] {
  return Array.from({ length: width }, (_, i) => `Column ${i + 1}`);
}

/** A person's name: two to five capitalised words, or "Last, First". */
const PERSON =
  /^(?:\p{Lu}[\p{L}'’.-]*\.?)(?:\s+(?:\p{Lu}[\p{L}'’.-]*\.?|de|van|von|der|da|di|le|la)){1,4}$|^\p{Lu}[\p{L}'’ -]+,\s*\p{Lu}[\p{L}'’. -]*$/u;

function nameLikeness(rows: readonly (readonly string[])[], c: number): number {
  let names = 0;
  let total = 0;
  for (const row of rows) {
    const s = (row[c] ?? "").trim();
    if (s === "") continue;
    total++;
    if (PERSON.test(s)) names++;
  }
  return total === 0 ? 0 : names / total;
}

/**
 * Guesses which column holds what from the data: ISBNs, dates (the date read), ratings and status
 * words by their look; of the text columns, the one that reads most like people's names is the
 * author and the first other one is the title.
 */
export function inferMappingFromData(rows: readonly (readonly string[])[], headers: readonly string[]): ColumnMapping {
  const sample = rows.slice(0, SAMPLE_ROWS);
  const kinds = columnKinds(sample);
  const mapping: ColumnMapping = {};
  const firstOf = (kind: CellKind): number => kinds.indexOf(kind);
  const assign = (field: MappableField, i: number) => {
    if (i >= 0 && headers[i] !== undefined) mapping[field] = headers[i];
  };
  assign("isbn", firstOf("isbn"));
  assign("dateRead", firstOf("date"));
  assign("rating", firstOf("rating"));
  assign("status", firstOf("status"));

  const text = kinds.flatMap((k, i) => (k === "text" ? [i] : []));
  if (text.length === 0) return mapping;
  let author = -1;
  if (text.length > 1) {
    const scores = text.map((i) => nameLikeness(sample, i));
    const best = Math.max(...scores);
    // The second text column is the usual author; another one wins only when it clearly reads more like names.
    author = scores[1] >= best - 0.2 ? text[1] : text[scores.indexOf(best)];
  }
  const title = text.find((i) => i !== author) ?? -1;
  assign("title", title);
  assign("author", author);
  return mapping;
}
