/**
 * Cell-level helpers shared by the parsers. A cell is always text: nothing is evaluated, and a
 * cell starting with `=`, `+`, `-` or `@` is kept literally (only ISBN columns unwrap Goodreads'
 * `="…"`, via `cleanIsbnInput`).
 */
import { stripBidiControls } from "../books/readerFields";
import type { BookStatus } from "./types";

// Runs of white space, control characters, zero-width spaces and stray BOMs become one space.
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const SPACE_RUN = /[\s\u0000-\u001f\u007f-\u009f\u200b\ufeff]+/g;

/** Printable ASCII words separated by single spaces: already clean, the common case. */
const ALREADY_CLEAN = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/;

/**
 * NFC, bidirectional overrides removed (a title holding U+202E would display reversed), every run
 * of white space or control characters collapsed to one space, trimmed.
 */
export function cleanText(raw: string | undefined): string {
  if (!raw) return "";
  if (ALREADY_CLEAN.test(raw)) return raw;
  return stripBidiControls(raw.normalize("NFC")).replace(SPACE_RUN, " ").trim();
}

/**
 * Status words accepted in a generic CSV / TXT, compared case-insensitively with spaces and
 * underscores read as hyphens.
 */
const STATUS_WORDS: Record<string, BookStatus> = {
  "to-read": "want-to-read",
  "want-to-read": "want-to-read",
  want: "want-to-read",
  wishlist: "want-to-read",
  reading: "currently-reading",
  "currently-reading": "currently-reading",
  "in-progress": "currently-reading",
  read: "read",
  finished: "read",
  done: "read",
  completed: "read",
};

/**
 * Names that mean "did not finish", as shelf, collection or status names are written (Goodreads
 * exclusive shelves, LibraryThing collections, spreadsheet columns), compared without case, spaces
 * or punctuation: did-not-finish, DNF, abandoned, won't finish, stopped reading, gave up…
 */
const DID_NOT_FINISH = new Set([
  "didnotfinish",
  "didntfinish",
  "dnf",
  "abandoned",
  "wontfinish",
  "willnotfinish",
  "stoppedreading",
  "gaveup",
  "notfinished",
  "unfinished",
]);

/** True for a name that means the reader did not finish the book ("DNF", "abandoned", "gave-up"…). */
export function isDidNotFinishName(raw: string): boolean {
  return DID_NOT_FINISH.has(
    cleanText(raw)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, ""),
  );
}

/** Lower-case, spaces/underscores -> hyphens: "Want to Read" -> "want-to-read". */
export function statusKey(raw: string): string {
  return cleanText(raw)
    .toLowerCase()
    .replace(/[\s_]+/g, "-");
}

/**
 * A generic status cell -> status. Blank is want-to-read (`recognised: true`); an unknown word is
 * also want-to-read but `recognised: false`, so the caller can warn.
 */
export function parseStatusCell(raw: string | undefined): { status: BookStatus; recognised: boolean } {
  const key = statusKey(raw ?? "");
  if (key === "") return { status: "want-to-read", recognised: true };
  if (isDidNotFinishName(key)) return { status: "did-not-finish", recognised: true };
  const status = STATUS_WORDS[key];
  return status ? { status, recognised: true } : { status: "want-to-read", recognised: false };
}

export { isIsoDate } from "../books/dates";

const FORMULA_START = /^[=+\-@\t\r]/;
const ESCAPED_FORMULA = /^'[=+\-@\t\r]/;

/**
 * Undoes {@link escapeForCsvExport}: a cell written as `'=…`, `'+…`, `'-…`, `'@…` (or `'` before a
 * tab or CR) is read without the `'`, so an export imported again gives back the exact text. A cell
 * starting with `'` and anything else ("'Salem's Lot") is left as it is.
 */
export function undoFormulaEscape(cell: string): string {
  return ESCAPED_FORMULA.test(cell) ? cell.slice(1) : cell;
}

/**
 * For any future CSV export: a cell that a spreadsheet would run as a formula (starting with `=`,
 * `+`, `-`, `@`, tab or carriage return) gets a leading `'`, so it is shown as text. Only this
 * guard is applied; quoting is left to the CSV writer (e.g. `Papa.unparse`).
 */
export function escapeForCsvExport(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}
