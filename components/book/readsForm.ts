/**
 * The book page's "Reads" form as plain data: the reads as typed (one row per read, each with a
 * stable key), the read count as typed, and their validation with the server's rules
 * (lib/books/readerFields.ts). Messages name the read and the field, never the value.
 */
import { isIsoDate } from "@/lib/books/dates";
import { READER_FIELD_LIMITS, READER_FIELD_MESSAGES, type BookRead } from "@/lib/books/readerFields";

export interface ReadRow {
  /** Stable while the form is open, so removing a read never moves another's inputs. */
  key: number;
  started: string;
  finished: string;
}

export interface ReadsValues {
  reads: ReadRow[];
  /** As typed; "" means none. */
  readCount: string;
}

export type ReadDateField = "started" | "finished";

export interface ReadsErrors {
  /** Per read (by key), per date. */
  reads: Record<number, Partial<Record<ReadDateField, string>>>;
  readCount?: string;
  /** About the list as a whole (too many reads). */
  list?: string;
}

export function readsValuesOf(book: { reads?: BookRead[]; readCount?: number }): ReadsValues {
  return {
    reads: (book.reads ?? []).map((read, i) => ({ key: i, started: read.started ?? "", finished: read.finished ?? "" })),
    readCount: book.readCount === undefined ? "" : String(book.readCount),
  };
}

/** True when the form says the same as the book (row by row, as typed). */
export function sameReadsValues(a: ReadsValues, b: ReadsValues): boolean {
  return (
    a.readCount.trim() === b.readCount.trim() &&
    a.reads.length === b.reads.length &&
    a.reads.every((read, i) => read.started === b.reads[i].started && read.finished === b.reads[i].finished)
  );
}

const DATE_NAMES: Record<ReadDateField, string> = { started: "Started", finished: "Finished" };

function dateError(n: number, field: ReadDateField): string {
  return `Read ${n}: ${DATE_NAMES[field]} must be a date (YYYY-MM-DD)`;
}

export type ReadsValidation =
  | { ok: true; reads: BookRead[]; readCount: number | null }
  | { ok: false; errors: ReadsErrors; firstInvalid: { key: number; field: ReadDateField } | "readCount" | "list" };

/**
 * Checks every read (a real date in each filled field, a start no later than its end) and the read
 * count (a whole number from 0 to 10,000, or blank). Rows with neither date are dropped.
 */
export function validateReadsValues(values: ReadsValues): ReadsValidation {
  const errors: ReadsErrors = { reads: {} };
  let firstInvalid: { key: number; field: ReadDateField } | "readCount" | "list" | undefined;
  const reads: BookRead[] = [];
  values.reads.forEach((row, i) => {
    const n = i + 1;
    const started = row.started.trim();
    const finished = row.finished.trim();
    const rowErrors: Partial<Record<ReadDateField, string>> = {};
    if (started !== "" && !isIsoDate(started)) rowErrors.started = dateError(n, "started");
    if (finished !== "" && !isIsoDate(finished)) rowErrors.finished = dateError(n, "finished");
    if (!rowErrors.started && !rowErrors.finished && started !== "" && finished !== "" && started > finished) {
      rowErrors.finished = `Read ${n}: Finished must be on or after Started`;
    }
    if (rowErrors.started || rowErrors.finished) {
      errors.reads[row.key] = rowErrors;
      firstInvalid ??= { key: row.key, field: rowErrors.started ? "started" : "finished" };
      return;
    }
    if (started === "" && finished === "") return;
    reads.push({ ...(started ? { started } : {}), ...(finished ? { finished } : {}) });
  });
  if (reads.length > READER_FIELD_LIMITS.maxReads) {
    errors.list = READER_FIELD_MESSAGES.reads;
    firstInvalid ??= "list";
  }
  const count = values.readCount.trim();
  let readCount: number | null = null;
  if (count !== "") {
    readCount = /^\d{1,6}$/.test(count) ? Number(count) : NaN;
    if (!(readCount >= 0 && readCount <= READER_FIELD_LIMITS.readCountMax)) {
      errors.readCount = READER_FIELD_MESSAGES.readCount;
      firstInvalid ??= "readCount";
    }
  }
  if (firstInvalid !== undefined) return { ok: false, errors, firstInvalid };
  return { ok: true, reads, readCount };
}
