/**
 * Dates as exports and spreadsheets write them, read into ISO `YYYY-MM-DD`:
 * - `2021-03-14`, `2021/03/14`, `2021.3.14`, bracketed `[2008-10-19]` (LibraryThing), and a full
 *   timestamp `2021-01-19T22:41:16+01:00` (Calibre; the date as written, no time-zone shift);
 * - `3/14/2021` and `14/3/2021`: which is the day is decided per file (see {@link dayMonthOrder});
 * - month names: `Jan 5, 2020`, `January 5 2020`, `5 Jan 2020`, `14 March 2012` (English), and
 *   with two-digit years as spreadsheets and logs write them: `1-May-06`, `01-May-2006`, `May 1, 06`.
 * Anything else, and impossible dates (2021-02-30), are unreadable.
 */
import { isIsoDate } from "./cells";

/** How `a/b/yyyy` is read: month first (US) or day first. */
export type DayMonthOrder = "month-first" | "day-first";

export type DateReading = { ok: true; iso: string } | { ok: false; reason: "unreadable" | "ambiguous" };

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

function monthNumber(name: string): number | undefined {
  const key = name.toLowerCase().replace(/\.$/, "");
  if (key.length < 3) return undefined;
  const short = MONTHS[key] ?? MONTHS[key.slice(0, 3)];
  if (short === undefined) return undefined;
  // "Mar" and "March" are March; "Marchy" is not.
  const full = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
  ][short - 1];
  return full.startsWith(key) || key === "sept" ? short : undefined;
}

function iso(y: number | string, m: number | string, d: number | string): DateReading {
  const text = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  return isIsoDate(text) ? { ok: true, iso: text } : { ok: false, reason: "unreadable" };
}

const YMD = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const NUMERIC_DMY = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/;
const MONTH_DAY_YEAR = /^([A-Za-z]{3,9}\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/;
const DAY_MONTH_YEAR = /^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9}\.?),?\s+(\d{4})$/;
/** Spreadsheet and log shapes with a month name: `1-May-06`, `01-May-2006`, `1/May/06`, `1 May 06`. */
const DAY_MON_YEAR = /^(\d{1,2})[-/. ]([A-Za-z]{3,9})\.?[-/. ](\d{2}|\d{4})$/;
/** `May-06`-style month and year alone are not a day: not read. `May 1, 06`: month name, day, two-digit year. */
const MONTH_DAY_SHORT_YEAR = /^([A-Za-z]{3,9}\.?)\s+(\d{1,2}),?\s+(\d{2})$/;

/**
 * A two-digit year: the most recent year ending in those digits that is not after next year
 * (`06` is 2006, `95` is 1995): a date read or added is never far in the future.
 */
export function fullYear(twoDigits: number, now: Date = new Date()): number {
  const next = now.getUTCFullYear() + 1;
  const century = Math.floor(next / 100) * 100;
  const year = century + twoDigits;
  return year > next ? year - 100 : year;
}

/** The cell without surrounding space or LibraryThing's brackets. */
function unwrap(raw: string): string {
  const s = raw.trim();
  return s.startsWith("[") && s.endsWith("]") ? s.slice(1, -1).trim() : s;
}

/**
 * Reads one date cell. `order` settles `3/4/2021`; without it such a date is "ambiguous" unless one
 * of its numbers is over 12 (then it can only be read one way).
 */
export function readDateText(raw: string, order?: DayMonthOrder): DateReading {
  const s = unwrap(raw);
  let m = YMD.exec(s);
  if (m) return iso(m[1], m[2], m[3]);
  m = NUMERIC_DMY.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (a > 12 && b <= 12) return iso(m[3], b, a);
    if (b > 12 && a <= 12) return iso(m[3], a, b);
    if (a > 12 && b > 12) return { ok: false, reason: "unreadable" };
    if (a === b) return iso(m[3], a, b);
    if (!order) return { ok: false, reason: "ambiguous" };
    return order === "month-first" ? iso(m[3], a, b) : iso(m[3], b, a);
  }
  m = MONTH_DAY_YEAR.exec(s);
  if (m) {
    const month = monthNumber(m[1]);
    return month ? iso(m[3], month, m[2]) : { ok: false, reason: "unreadable" };
  }
  m = DAY_MONTH_YEAR.exec(s);
  if (m) {
    const month = monthNumber(m[2]);
    return month ? iso(m[3], month, m[1]) : { ok: false, reason: "unreadable" };
  }
  m = DAY_MON_YEAR.exec(s);
  if (m) {
    const month = monthNumber(m[2]);
    const year = m[3].length === 2 ? fullYear(Number(m[3])) : Number(m[3]);
    return month ? iso(year, month, m[1]) : { ok: false, reason: "unreadable" };
  }
  m = MONTH_DAY_SHORT_YEAR.exec(s);
  if (m) {
    const month = monthNumber(m[1]);
    return month ? iso(fullYear(Number(m[3])), month, m[2]) : { ok: false, reason: "unreadable" };
  }
  return { ok: false, reason: "unreadable" };
}

export interface DayMonthDecision {
  /** How ambiguous dates are read; undefined when the file's dates disagree (then they are not read). */
  order?: DayMonthOrder;
  /** True when no date in the file settled it and month-first was assumed. */
  assumed: boolean;
}

/**
 * Decides, from all the `a/b/yyyy` dates of a file, which number is the day: a first number over
 * 12 means day-first, a second over 12 means month-first. No evidence: month-first is assumed
 * (`assumed: true`, the preview says so). Evidence both ways: the file is inconsistent, and
 * ambiguous dates are left unread rather than guessed.
 */
export function dayMonthOrder(values: Iterable<string>): DayMonthDecision {
  let dayFirst = 0;
  let monthFirst = 0;
  for (const raw of values) {
    const m = NUMERIC_DMY.exec(unwrap(raw));
    if (!m) continue;
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (a > 12 && b <= 12) dayFirst++;
    else if (b > 12 && a <= 12) monthFirst++;
  }
  if (dayFirst > 0 && monthFirst > 0) return { assumed: false };
  if (dayFirst > 0) return { order: "day-first", assumed: false };
  if (monthFirst > 0) return { order: "month-first", assumed: false };
  return { order: "month-first", assumed: true };
}

/** True when the file has any `a/b/yyyy` date whose day and month cannot be told apart on its own. */
export function hasAmbiguousDates(values: Iterable<string>): boolean {
  for (const raw of values) if (readDateText(raw).ok === false && readDateText(raw, "month-first").ok) return true;
  return false;
}
