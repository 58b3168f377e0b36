/**
 * What the preview shows for each line of the file, and its counts. Pure functions: the parser
 * (lib/import) reads the file, `classifyRows` marks duplicates, these put the two together.
 */
import { classifyRows, type DuplicateReason, type ExistingLibrary, type ImportParseResult, type ImportRow } from "@/lib/import";

export type PreviewStatus = "new" | "duplicate-existing" | "duplicate-earlier" | "invalid";

/** One line of the file in the preview table: a parsed row, or a row the parser rejected. */
export interface PreviewEntry {
  line: number;
  status: PreviewStatus;
  /** The parsed row (absent for invalid lines: the parser keeps no book data for them). */
  row?: ImportRow;
  /** For "duplicate-earlier": the line this row repeats. */
  duplicateOfLine?: number;
  /** For duplicates: what makes it the same book (same ISBN, same title and author, same Goodreads id). */
  duplicateReason?: DuplicateReason;
  /** For "invalid": why the row cannot be imported. */
  reasons: string[];
  /** Things the parser dropped or assumed on an imported row. */
  warnings: string[];
}

/**
 * The parsed rows (classified against the library) and the rejected lines, in line order. The
 * rows the reader excluded are not sent, so the others are classified without them (a row that
 * repeats an excluded one becomes the new book); an excluded row shows what it would have been.
 */
export function buildPreviewEntries(
  result: ImportParseResult,
  existing: ExistingLibrary,
  excluded: ReadonlySet<number> = new Set(),
): PreviewEntry[] {
  const warnings = new Map<number, string[]>();
  for (const w of result.warnings) {
    const list = warnings.get(w.line);
    if (list) list.push(w.reason);
    else warnings.set(w.line, [w.reason]);
  }
  const sent = excluded.size === 0 ? result.rows : result.rows.filter((row) => !excluded.has(row.line));
  const classes = new Map(classifyRows(sent, existing).map((c) => [c.line, c]));
  if (sent.length < result.rows.length) {
    for (const c of classifyRows(result.rows, existing)) if (!classes.has(c.line)) classes.set(c.line, c);
  }
  const entries: PreviewEntry[] = result.rows.map((row) => {
    const c = classes.get(row.line)!;
    return {
      line: row.line,
      status: c.kind,
      row,
      ...(c.duplicateOfLine !== undefined ? { duplicateOfLine: c.duplicateOfLine } : {}),
      ...(c.reason !== undefined ? { duplicateReason: c.reason } : {}),
      reasons: [],
      warnings: warnings.get(row.line) ?? [],
    };
  });

  const invalid = new Map<number, PreviewEntry>();
  for (const e of result.errors) {
    const entry = invalid.get(e.line);
    if (entry) entry.reasons.push(e.reason);
    else invalid.set(e.line, { line: e.line, status: "invalid", reasons: [e.reason], warnings: [] });
  }
  entries.push(...invalid.values());
  return entries.sort((a, b) => a.line - b.line);
}

export interface PreviewCounts {
  /** Included rows that create a new book. */
  newBooks: number;
  /** Included rows that merge into a book (already in the library, or created by an earlier row). */
  duplicates: number;
  /** Lines that cannot be imported. */
  invalid: number;
  /** Warnings on importable rows. */
  warnings: number;
  /** Importable rows the reader left out. */
  skipped: number;
  /** Rows that will be sent: newBooks + duplicates. */
  toImport: number;
}

export function countPreview(entries: readonly PreviewEntry[], excluded: ReadonlySet<number>): PreviewCounts {
  const counts: PreviewCounts = { newBooks: 0, duplicates: 0, invalid: 0, warnings: 0, skipped: 0, toImport: 0 };
  for (const e of entries) {
    if (e.status === "invalid") {
      counts.invalid++;
      continue;
    }
    counts.warnings += e.warnings.length;
    if (excluded.has(e.line)) {
      counts.skipped++;
      continue;
    }
    if (e.status === "new") counts.newBooks++;
    else counts.duplicates++;
  }
  counts.toImport = counts.newBooks + counts.duplicates;
  return counts;
}

/** The rows to commit, in line order. */
export function includedRows(entries: readonly PreviewEntry[], excluded: ReadonlySet<number>): ImportRow[] {
  const rows: ImportRow[] = [];
  for (const e of entries) if (e.row && !excluded.has(e.line)) rows.push(e.row);
  return rows;
}

export type PreviewFilter = "all" | "new" | "duplicates" | "invalid" | "warnings" | "skipped";

export const PREVIEW_FILTERS: readonly { value: PreviewFilter; label: string }[] = [
  { value: "all", label: "All rows" },
  { value: "new", label: "New books" },
  { value: "duplicates", label: "Duplicates" },
  { value: "invalid", label: "Invalid rows" },
  { value: "warnings", label: "Rows with warnings" },
  { value: "skipped", label: "Skipped rows" },
];

export function matchesFilter(entry: PreviewEntry, filter: PreviewFilter, excluded: ReadonlySet<number>): boolean {
  switch (filter) {
    case "all":
      return true;
    case "new":
      return entry.status === "new";
    case "duplicates":
      return entry.status === "duplicate-existing" || entry.status === "duplicate-earlier";
    case "invalid":
      return entry.status === "invalid";
    case "warnings":
      return entry.warnings.length > 0;
    case "skipped":
      return entry.status !== "invalid" && excluded.has(entry.line);
  }
}

/** "1 book" / "3 books", with thousands separators. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}
