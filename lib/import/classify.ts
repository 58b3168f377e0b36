/** Preview classification: which parsed rows are new, and which duplicate a book already in the library or an earlier row. */
import { dedupKeyFor } from "../books/text";
import type { ImportRow } from "./types";

export type RowKind = "new" | "duplicate-existing" | "duplicate-earlier";

export interface RowClassification {
  line: number;
  kind: RowKind;
  /** For "duplicate-earlier": the line of the first row of the file that this row repeats. */
  duplicateOfLine?: number;
}

export interface ExistingLibrary {
  /** ISBN-13s of the reader's books. */
  isbns: ReadonlySet<string>;
  /** `dedupKeyFor(title, author)` of the reader's books. */
  dedupKeys: ReadonlySet<string>;
}

/**
 * One classification per row, in order. A row is a duplicate when it shares an ISBN-13 or, failing
 * that, a `dedupKeyFor(title, author)` key (series suffix, subtitle, case, accents and "Last, First"
 * ignored) with a book in the library or an earlier row of the file. Checks, first match wins:
 * library ISBN, earlier-row ISBN, library key, earlier-row key.
 *
 * Duplicates are transitive: a duplicate row's other ISBN/key count as the book it duplicates, so
 * `duplicateOfLine` always points at the first occurrence in the file.
 */
export function classifyRows(
  rows: readonly Pick<ImportRow, "line" | "title" | "author" | "isbn">[],
  existing: ExistingLibrary,
): RowClassification[] {
  /** Value: the line of the first row of that book, or 0 for a book already in the library. */
  const seenIsbn = new Map<string, number>();
  const seenKey = new Map<string, number>();
  const EXISTING = 0;

  return rows.map((row) => {
    const key = dedupKeyFor(row.title, row.author);
    let match: number | undefined;
    if (row.isbn && existing.isbns.has(row.isbn)) match = EXISTING;
    else if (row.isbn && seenIsbn.has(row.isbn)) match = seenIsbn.get(row.isbn);
    else if (existing.dedupKeys.has(key)) match = EXISTING;
    else match = seenKey.get(key);

    const target = match ?? row.line;
    if (row.isbn && !seenIsbn.has(row.isbn)) seenIsbn.set(row.isbn, target);
    if (!seenKey.has(key)) seenKey.set(key, target);

    if (match === undefined) return { line: row.line, kind: "new" };
    if (match === EXISTING) return { line: row.line, kind: "duplicate-existing" };
    return { line: row.line, kind: "duplicate-earlier", duplicateOfLine: match };
  });
}
