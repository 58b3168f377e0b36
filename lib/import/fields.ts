/**
 * Reading one optional field of a row. Every reader returns the value, or undefined when the cell
 * is blank or cannot be read; in the latter case it adds a warning that names the problem and the
 * column (never the cell's content) and the row still lands without that field.
 */
import { parseIsbn } from "../books/isbn";
import { isValidRating, RATING_MAX } from "../books/rating";
import { cleanText } from "./cells";
import { readDateText, type DayMonthOrder } from "./dates";
import type { BookRead, ImportWarning } from "./types";

/** The row being read: its line and where its warnings go. */
export interface RowContext {
  line: number;
  warnings: ImportWarning[];
}

export function warn(row: RowContext, reason: string): void {
  row.warnings.push({ line: row.line, reason });
}

// ---------------------------------------------------------------------------------------------
// ISBN

const ISBN_PROBLEMS = {
  invalid_format: "is not 10 or 13 digits",
  invalid_checksum: "has a wrong check digit",
  spreadsheet: "was turned into a number by a spreadsheet (like 9.78E+12), which loses its digits",
} as const;

export type IsbnProblem = keyof typeof ISBN_PROBLEMS;

export function isbnProblemText(problem: IsbnProblem): string {
  return ISBN_PROBLEMS[problem];
}

/** Excel's rendering of a 13-digit number: `9.78167E+12`, `9,78E+12`. */
const SCIENTIFIC = /^\d[.,]\d+E\+?\d+$/i;

/**
 * An ISBN cell as exports write it: `9780441013593`, `978-0-441-01359-3`, `="0441013597"`
 * (Goodreads), `[0441013597]` (LibraryThing), `ISBN 0441013597`, `0441013597 (pbk.)`.
 */
export function readIsbnText(raw: string): { ok: true; isbn13: string } | { ok: false; problem: IsbnProblem | "empty" } {
  let s = raw.trim();
  if (SCIENTIFIC.test(s)) return { ok: false, problem: "spreadsheet" };
  s = s
    .replace(/^\[(.*)\]$/s, "$1")
    .replace(/^ISBN(?:-1[03])?:?\s*/i, "")
    .replace(/\s*\([^)]*\)\s*$/, "")
    .trim();
  const r = parseIsbn(s);
  if (r.ok) return { ok: true, isbn13: r.isbn13 };
  return { ok: false, problem: r.reason === "empty" ? "empty" : r.reason };
}

/** An ISBN column: the ISBN-13, or undefined (with a warning when the cell was not blank). */
export function readIsbn(row: RowContext, raw: string | undefined, column: string): string | undefined {
  const r = readIsbnText(raw ?? "");
  if (r.ok) return r.isbn13;
  if (r.problem !== "empty") warn(row, `Imported without an ISBN: the ISBN (column "${column}") ${ISBN_PROBLEMS[r.problem]}`);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Rating

const RATING_HINT = "ratings are 0.25 to 5 stars in steps of 0.25";

/**
 * A rating as a number on the 5-star scale: `4`, `4.5`, `3.75`, `4,5` (decimal comma), `4/5`,
 * `8/10`. `scale: 10` reads a 10-point column (halves it). Blank and 0 mean unrated.
 * `undefined` for unrated, `NaN` for unreadable.
 */
export function readRatingText(raw: string, scale: number = 5): number | undefined {
  const s = raw.trim();
  if (s === "") return undefined;
  const m = /^(\d+(?:[.,]\d+)?)(?:\s*(?:\/|out of)\s*(5|10))?(?:\s*stars?)?$/i.exec(s);
  if (!m) return Number.NaN;
  const value = Number(m[1].replace(",", "."));
  const outOf = m[2] ? Number(m[2]) : scale;
  if (value === 0) return undefined;
  const stars = (value * RATING_MAX) / outOf;
  // A 100-point score lands on the nearest quarter star (87 -> 4.25); the 5, 10 and 20 scales are exact.
  return outOf > 20 ? Math.round(stars * 4) / 4 : stars;
}

/** The scales a numeric rating column can be on, smallest first. */
export const RATING_SCALES = [5, 10, 20, 100] as const;

/**
 * The scale of a column of plain numbers (`4`, `8.5`; `4/5` names its own scale): the smallest of
 * 5, 10, 20 and 100 that holds the largest value, once more than a stray value or two (at least
 * 2, and 5% of the numbers) are over 5. A column scored 2–6 is out of 10, not stars; a star column
 * with one typo "7" stays on stars (the 7 is dropped with a warning).
 */
export function inferRatingScale(values: Iterable<string>): { outOf: number; max: number } {
  const numbers: number[] = [];
  for (const raw of values) {
    const s = raw.trim();
    if (/^\d+(?:[.,]\d+)?$/.test(s)) numbers.push(Number(s.replace(",", ".")));
  }
  const overFive = numbers.filter((n) => n > RATING_MAX);
  if (overFive.length < Math.max(2, numbers.length * 0.05)) return { outOf: RATING_MAX, max: Math.min(RATING_MAX, ...numbers) };
  const max = Math.max(...overFive);
  return { outOf: RATING_SCALES.find((scale) => max <= scale) ?? 100, max };
}

export function readRating(row: RowContext, raw: string | undefined, column: string, scale: number = 5): number | undefined {
  const n = readRatingText(raw ?? "", scale);
  if (n === undefined) return undefined;
  if (isValidRating(n)) return n;
  warn(row, `Rating could not be read (column "${column}"): ${RATING_HINT}; imported without a rating`);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Dates, numbers

export function readDate(
  row: RowContext,
  raw: string | undefined,
  column: string,
  label: string,
  order?: DayMonthOrder,
): string | undefined {
  const s = (raw ?? "").trim();
  if (s === "" || s === "[]") return undefined;
  const r = readDateText(s, order);
  if (r.ok) return r.iso;
  warn(
    row,
    r.reason === "ambiguous"
      ? `${label} could not be read (column "${column}"): day and month cannot be told apart; imported without it`
      : `${label} could not be read (column "${column}"): not a date; imported without it`,
  );
  return undefined;
}

/** A page count: digits, optionally followed by "pages"/"p." (`590 `, `352 pages`). */
export function readPages(row: RowContext, raw: string | undefined, column: string): number | undefined {
  const s = cleanText(raw);
  if (s === "") return undefined;
  const m = /^(\d{1,9})(?:\s*(?:pages?|pp?\.?))?$/i.exec(s);
  const n = m ? Number(m[1]) : 0;
  if (n > 0) return n;
  warn(row, `Page count could not be read (column "${column}"); imported without it`);
  return undefined;
}

/** A year such as `1997` or `-750` (ancient works); `0` and blank mean none. */
export function readYear(row: RowContext, raw: string | undefined, column: string): number | undefined {
  const s = (raw ?? "").trim();
  if (s === "") return undefined;
  if (/^-?\d{1,4}$/.test(s)) {
    const n = Number(s);
    return n === 0 ? undefined : n;
  }
  warn(row, `Year could not be read (column "${column}"); imported without it`);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Lists

/** A comma-separated list (shelves, tags): cleaned, blanks and repeats (case-insensitive) dropped. */
export function splitList(raw: string | undefined, separator: RegExp | string = ","): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of (raw ?? "").split(separator)) {
    const item = cleanText(part);
    const key = item.toLowerCase();
    if (item === "" || seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

/** `shelves` for a row: the list, or undefined when empty. */
export function shelvesOrUndefined(shelves: string[]): string[] | undefined {
  return shelves.length > 0 ? shelves : undefined;
}

// ---------------------------------------------------------------------------------------------
// The reader's own fields

/** A read count or a number of copies: a whole number; blank is none; anything else warns. */
export function readWholeNumber(row: RowContext, raw: string | undefined, column: string, label: string): number | undefined {
  const s = cleanText(raw);
  if (s === "") return undefined;
  if (/^\d{1,6}$/.test(s)) return Number(s);
  warn(row, `${label} could not be read (column "${column}"); imported without it`);
  return undefined;
}

const YES = new Set(["yes", "y", "true", "1", "x", "✓", "owned"]);
const NO = new Set(["no", "n", "false", "0"]);

/** Yes/no cells (`Yes`, `true`, `1`…); blank is undefined; anything else warns. */
export function readYesNo(row: RowContext, raw: string | undefined, column: string, label: string): boolean | undefined {
  const s = cleanText(raw).toLowerCase();
  if (s === "") return undefined;
  if (YES.has(s)) return true;
  if (NO.has(s)) return false;
  warn(row, `${label} could not be read (column "${column}"); imported without it`);
  return undefined;
}

/** A list of reads with only an end date (the formats that keep the last date read only). */
export function readsFromDates(started: string | undefined, finished: string | undefined): BookRead[] | undefined {
  if (started === undefined && finished === undefined) return undefined;
  if (started !== undefined && finished !== undefined && started > finished) return [{ finished }];
  return [{ ...(started !== undefined ? { started } : {}), ...(finished !== undefined ? { finished } : {}) }];
}
