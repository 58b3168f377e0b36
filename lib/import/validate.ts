/**
 * Row validation with zod: every parser builds a candidate row from its cells, and this schema
 * decides whether it is imported or reported. Reasons name the problem and the column, never the
 * cell's content.
 */
import { BOOK_RECORD_FIELDS } from "../books/bookRecord";
import { z } from "zod";
import { isIsoDate } from "./cells";
import { isValidRating } from "../books/rating";
import {
  checkMoods,
  checkPrivateNotes,
  checkReadCount,
  checkReads,
  checkReview,
  READER_FIELD_MESSAGES,
} from "../books/readerFields";
import { BOOK_STATUSES } from "../books/status";
import type { CsvRecord } from "./csvRecords";
import type { RowContext } from "./fields";
import type { ImportRow, ImportWarning } from "./types";

// No schema compiled with `new Function`: the page's security policy allows no eval (and zod's
// probe for it would be reported as a violation).
z.config({ jitless: true });

/** Limits shared with the import commit's server-side re-validation. */
export const ROW_LIMITS = {
  titleMaxLength: 300,
  authorMaxLength: 200,
  maxShelves: 50,
  shelfMaxLength: 64,
  publisherMaxLength: 200,
  goodreadsIdMaxLength: 32,
  pagesMax: 100_000,
  yearMin: -9999,
  yearMax: 9999,
} as const;

export const ROW_MESSAGES = {
  titleMissing: "Title is missing",
  titleTooLong: `Title is longer than ${ROW_LIMITS.titleMaxLength} characters`,
  authorTooLong: `Author is longer than ${ROW_LIMITS.authorMaxLength} characters`,
  rating: "Rating must be from 0.25 to 5 stars in steps of 0.25",
  dateRead: "Date read is not a valid date (use YYYY-MM-DD or YYYY/MM/DD)",
  dateAdded: "Date added is not a valid date (use YYYY-MM-DD or YYYY/MM/DD)",
} as const;

/** Length as a reader counts it: code points, so an emoji counts once. */
function charLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

const statusSchema = z.enum(BOOK_STATUSES);

export const importRowSchema = z.object({
  line: z.number().int().positive(),
  title: z
    .string()
    .trim()
    .min(1, ROW_MESSAGES.titleMissing)
    .refine((s) => charLength(s) <= ROW_LIMITS.titleMaxLength, ROW_MESSAGES.titleTooLong),
  author: z
    .string()
    .trim()
    .refine((s) => charLength(s) <= ROW_LIMITS.authorMaxLength, ROW_MESSAGES.authorTooLong),
  isbn: z
    .string()
    .regex(/^97[89]\d{10}$/)
    .optional(),
  status: statusSchema,
  goodreadsId: z.string().min(1).max(ROW_LIMITS.goodreadsIdMaxLength).optional(),
  rating: z.number(ROW_MESSAGES.rating).refine(isValidRating, ROW_MESSAGES.rating).optional(),
  dateRead: z.string().refine(isIsoDate, ROW_MESSAGES.dateRead).optional(),
  dateAdded: z.string().refine(isIsoDate, ROW_MESSAGES.dateAdded).optional(),
  shelves: z.array(z.string().min(1).max(ROW_LIMITS.shelfMaxLength)).min(1).max(ROW_LIMITS.maxShelves).optional(),
  publisher: z.string().min(1).max(ROW_LIMITS.publisherMaxLength).optional(),
  pages: z.number().int().min(1).max(ROW_LIMITS.pagesMax).optional(),
  yearPublished: z.number().int().min(ROW_LIMITS.yearMin).max(ROW_LIMITS.yearMax).optional(),
  review: z
    .string()
    .refine((s) => checkReview(s).ok, READER_FIELD_MESSAGES.review)
    .optional(),
  reviewSpoiler: z.boolean().optional(),
  privateNotes: z
    .string()
    .refine((s) => checkPrivateNotes(s).ok, READER_FIELD_MESSAGES.privateNotes)
    .optional(),
  reads: z
    .array(z.object({ started: z.string().optional(), finished: z.string().optional() }))
    .refine((r) => checkReads(r).ok, READER_FIELD_MESSAGES.reads)
    .optional(),
  readCount: z
    .number()
    .refine((n) => checkReadCount(n).ok, READER_FIELD_MESSAGES.readCount)
    .optional(),
  owned: z.boolean().optional(),
  moods: z
    .array(z.string())
    .refine((m) => checkMoods(m).ok, READER_FIELD_MESSAGES.moods)
    .optional(),
  cover: z
    .object({
      own: z.string().optional(),
      found: z.string().optional(),
      foundSource: z.string().optional(),
      rejected: z.array(z.string()).optional(),
    })
    .optional(),
});

/** A row as a parser builds it, before validation. Optional fields may be undefined. */
export type RowCandidate = ImportRow;

/** Which file column each field came from, for the reasons ("… (column "My Rating")"). */
export type FieldColumns = Partial<Record<keyof ImportRow, string>>;

export type RowValidation = { ok: true; row: ImportRow } | { ok: false; reason: string };

const FIELD_ORDER: (keyof ImportRow)[] = [...BOOK_RECORD_FIELDS, "cover", "line"];

/**
 * Drops optional metadata the server would reject as out of bounds (over-long shelves or publisher,
 * absurd page counts), with a warning: such metadata is never worth failing a book for.
 */
export function trimMetadata(row: RowCandidate, warnings: ImportWarning[]): void {
  const dropped: string[] = [];
  if (row.shelves) {
    const fitting = row.shelves.filter((s) => s.length <= ROW_LIMITS.shelfMaxLength);
    if (fitting.length < row.shelves.length) dropped.push(`shelf names over ${ROW_LIMITS.shelfMaxLength} characters`);
    if (fitting.length > ROW_LIMITS.maxShelves) dropped.push(`shelves after the first ${ROW_LIMITS.maxShelves}`);
    const kept = fitting.slice(0, ROW_LIMITS.maxShelves);
    row.shelves = kept.length > 0 ? kept : undefined;
  }
  if (row.publisher !== undefined && row.publisher.length > ROW_LIMITS.publisherMaxLength) {
    dropped.push(`the publisher (over ${ROW_LIMITS.publisherMaxLength} characters)`);
    row.publisher = undefined;
  }
  if (row.goodreadsId !== undefined && row.goodreadsId.length > ROW_LIMITS.goodreadsIdMaxLength) {
    dropped.push("the Goodreads id (too long)");
    row.goodreadsId = undefined;
  }
  if (row.pages !== undefined && row.pages > ROW_LIMITS.pagesMax) {
    dropped.push("the page count (too large)");
    row.pages = undefined;
  }
  if (dropped.length > 0) warnings.push({ line: row.line, reason: `Imported without ${dropped.join(", ")}` });
}

/** The candidate without undefined-valued keys (Convex arguments must not carry explicit undefined). */
function compact(row: RowCandidate): ImportRow {
  const out: Record<string, unknown> = {};
  for (const k in row) {
    const v = row[k as keyof RowCandidate];
    if (v !== undefined) out[k] = v;
  }
  return out as unknown as ImportRow;
}

/**
 * Validates a candidate row. On failure the reason lists one message per failing field, in field
 * order, each followed by its column when known: `Title is missing (column "Title")`.
 */
export function validateRow(candidate: RowCandidate, columns: FieldColumns = {}): RowValidation {
  const row = compact(candidate);
  const parsed = importRowSchema.safeParse(row);
  // The input has no undefined keys, so neither has the output (zod keeps absent keys absent).
  if (parsed.success) return { ok: true, row: parsed.data };

  const byField = new Map<string, string>();
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "");
    if (!byField.has(field)) byField.set(field, issue.message);
  }
  const reasons: string[] = [];
  for (const field of FIELD_ORDER) {
    const message = byField.get(field);
    if (message === undefined) continue;
    const column = columns[field];
    reasons.push(column ? `${message} (column "${column}")` : message);
  }
  return { ok: false, reason: reasons.join("; ") };
}

/** Where a parser collects its rows, row errors and warnings. */
export interface RowSink {
  rows: ImportRow[];
  errors: { line: number; reason: string }[];
  warnings: ImportWarning[];
}

/** Fields whose failure fails the row: only the title (a book needs one). */
const REQUIRED: ReadonlySet<string> = new Set(["title", "line", "status"]);

/**
 * Trims over-long metadata (with warnings), validates the row and files it. Only a row whose title
 * is missing (or too long to store) is an error; any other field that fails validation is dropped
 * with a warning naming the problem and its column, and the row lands without it.
 */
export function acceptRow(candidate: RowCandidate, columns: FieldColumns, rowWarnings: ImportWarning[], sink: RowSink): void {
  trimMetadata(candidate, rowWarnings);
  const row = compact(candidate);
  const parsed = importRowSchema.safeParse(row);
  if (parsed.success) {
    // The input has no undefined keys, so neither has the output (zod keeps absent keys absent).
    sink.rows.push(parsed.data);
    sink.warnings.push(...rowWarnings);
    return;
  }
  const failing = firstMessages(parsed.error.issues);
  if ([...failing.keys()].some((field) => REQUIRED.has(field))) {
    // Only the title's problem is reported: nothing else matters for a row that cannot land.
    const result = validateRow({ line: candidate.line, title: candidate.title, author: "", status: candidate.status }, columns);
    sink.errors.push({ line: candidate.line, reason: result.ok ? "The row could not be read" : result.reason });
    return;
  }
  for (const [field, message] of failing) {
    const column = columns[field as keyof ImportRow];
    rowWarnings.push({ line: candidate.line, reason: `${message}${column ? ` (column "${column}")` : ""}; imported without it` });
    if (field === "author") candidate.author = "";
    else delete candidate[field as keyof RowCandidate];
  }
  const result = validateRow(candidate, columns);
  if (result.ok) {
    sink.rows.push(result.row);
    sink.warnings.push(...rowWarnings);
  } else {
    sink.errors.push({ line: candidate.line, reason: result.reason });
  }
}

/** Each failing field with its first message. */
function firstMessages(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Map<string, string> {
  const failing = new Map<string, string>();
  for (const issue of issues) {
    const field = String(issue.path[0] ?? "");
    if (!failing.has(field)) failing.set(field, issue.message);
  }
  return failing;
}

/**
 * The loop every column-based parser shares: `toRow` turns each record into a candidate (warning
 * through the row's context), and each candidate is filed by {@link acceptRow}.
 */
export function acceptRecords(
  records: readonly CsvRecord[],
  columns: FieldColumns,
  toRow: (record: CsvRecord, row: RowContext) => RowCandidate,
): RowSink {
  const sink: RowSink = { rows: [], errors: [], warnings: [] };
  for (const record of records) {
    const row: RowContext = { line: record.line, warnings: [] };
    acceptRow(toRow(record, row), columns, row.warnings, sink);
  }
  return sink;
}
