/**
 * What a reader wrote about a book and how they hold it: a review (plain text, never HTML), a
 * spoiler flag, private notes, every read with its start and end dates, a read count, whether they
 * own it, and moods. One list of bounds and one validator, used by the import parsers (preview),
 * the import commit (server) and `books.update`, so a value one accepts is never refused by another.
 *
 * Bounds keep a book document far under Convex's 1 MiB document limit: at most 50,000 + 20,000
 * characters of text (≤ 210 KB of UTF-8 even at 3 bytes a character), 200 reads and 30 moods.
 * Messages never contain the rejected value.
 */
import { isIsoDate } from "./dates";

export const READER_FIELD_LIMITS = {
  /** A 20,000-character review is normal; this leaves room for the longest ones. */
  reviewMaxLength: 50_000,
  privateNotesMaxLength: 20_000,
  maxReads: 200,
  readCountMax: 10_000,
  maxMoods: 30,
  moodMaxLength: 64,
} as const;

/** One reading of the book: when it started and when it ended, each `YYYY-MM-DD` when known. */
export interface BookRead {
  started?: string;
  finished?: string;
}

/** The reader's own fields of a book (all optional). */
export interface ReaderFields {
  review?: string;
  reviewSpoiler?: boolean;
  privateNotes?: string;
  reads?: BookRead[];
  readCount?: number;
  owned?: boolean;
  moods?: string[];
}

export const READER_FIELD_NAMES = [
  "review",
  "reviewSpoiler",
  "privateNotes",
  "reads",
  "readCount",
  "owned",
  "moods",
] as const satisfies readonly (keyof ReaderFields)[];

export const READER_FIELD_MESSAGES = {
  review: `Review is longer than ${READER_FIELD_LIMITS.reviewMaxLength.toLocaleString("en-US")} characters`,
  privateNotes: `Private notes are longer than ${READER_FIELD_LIMITS.privateNotesMaxLength.toLocaleString("en-US")} characters`,
  reads: `Reads must be at most ${READER_FIELD_LIMITS.maxReads}, each with real dates (YYYY-MM-DD), a start no later than its end`,
  readCount: `Read count must be a whole number from 0 to ${READER_FIELD_LIMITS.readCountMax.toLocaleString("en-US")}`,
  moods: `At most ${READER_FIELD_LIMITS.maxMoods} moods of at most ${READER_FIELD_LIMITS.moodMaxLength} characters each`,
} as const;

/**
 * Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): a title holding
 * U+202E displays reversed, so stored text never keeps them.
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

export function stripBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, "");
}

// Control characters other than tab and line feed.
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Long text as a reader wrote it (a review, notes): NFC, line breaks kept (CRLF and CR become LF),
 * control characters and bidirectional overrides removed, trailing spaces of each line and blank
 * lines at either end dropped. Idempotent, so a round trip through an export gives the same text.
 */
export function cleanLongText(raw: string | undefined): string {
  if (!raw) return "";
  return stripBidiControls(raw.normalize("NFC").replace(/\r\n?/g, "\n").replace(CONTROL, ""))
    .replace(/[ \t]+$/gm, "")
    .replace(/^\s+|\s+$/g, "");
}

/** Length in characters as a reader counts them (code points). */
function charLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export type FieldCheck<T> = { ok: true; value: T } | { ok: false; reason: string };

function fail<T>(reason: string): FieldCheck<T> {
  return { ok: false, reason };
}

/** A review: cleaned, blank means none, at most `reviewMaxLength` characters. */
export function checkReview(raw: string | undefined): FieldCheck<string | undefined> {
  const text = cleanLongText(raw);
  if (text === "") return { ok: true, value: undefined };
  if (charLength(text) > READER_FIELD_LIMITS.reviewMaxLength) return fail(READER_FIELD_MESSAGES.review);
  return { ok: true, value: text };
}

export function checkPrivateNotes(raw: string | undefined): FieldCheck<string | undefined> {
  const text = cleanLongText(raw);
  if (text === "") return { ok: true, value: undefined };
  if (charLength(text) > READER_FIELD_LIMITS.privateNotesMaxLength) return fail(READER_FIELD_MESSAGES.privateNotes);
  return { ok: true, value: text };
}

/** Reads: each with a real start and/or end date, start ≤ end; empty reads dropped; at most `maxReads`. */
export function checkReads(raw: readonly BookRead[] | undefined): FieldCheck<BookRead[] | undefined> {
  if (!raw) return { ok: true, value: undefined };
  const reads: BookRead[] = [];
  for (const read of raw) {
    const started = read.started?.trim() || undefined;
    const finished = read.finished?.trim() || undefined;
    if (started === undefined && finished === undefined) continue;
    if ((started !== undefined && !isIsoDate(started)) || (finished !== undefined && !isIsoDate(finished))) {
      return fail(READER_FIELD_MESSAGES.reads);
    }
    if (started !== undefined && finished !== undefined && started > finished) return fail(READER_FIELD_MESSAGES.reads);
    reads.push({ ...(started !== undefined ? { started } : {}), ...(finished !== undefined ? { finished } : {}) });
  }
  if (reads.length > READER_FIELD_LIMITS.maxReads) return fail(READER_FIELD_MESSAGES.reads);
  return { ok: true, value: reads.length > 0 ? reads : undefined };
}

export function checkReadCount(raw: number | undefined): FieldCheck<number | undefined> {
  if (raw === undefined) return { ok: true, value: undefined };
  if (!Number.isInteger(raw) || raw < 0 || raw > READER_FIELD_LIMITS.readCountMax) return fail(READER_FIELD_MESSAGES.readCount);
  return { ok: true, value: raw };
}

/** Moods: trimmed, NFC, blanks and repeats (case-insensitive) dropped, bounded. */
export function checkMoods(raw: readonly string[] | undefined): FieldCheck<string[] | undefined> {
  if (!raw) return { ok: true, value: undefined };
  const seen = new Set<string>();
  const moods: string[] = [];
  for (const item of raw) {
    const mood = stripBidiControls(item.normalize("NFC")).replace(/\s+/g, " ").trim();
    const key = mood.toLowerCase();
    if (mood === "" || seen.has(key)) continue;
    seen.add(key);
    moods.push(mood);
  }
  if (moods.length > READER_FIELD_LIMITS.maxMoods || moods.some((m) => m.length > READER_FIELD_LIMITS.moodMaxLength)) {
    return fail(READER_FIELD_MESSAGES.moods);
  }
  return { ok: true, value: moods.length > 0 ? moods : undefined };
}

/**
 * Validates every reader field present in `input`; returns the cleaned fields (absent when blank)
 * or the first failure, with the field it concerns.
 */
export function checkReaderFields(
  input: ReaderFields,
): { ok: true; value: ReaderFields } | { ok: false; field: keyof ReaderFields; reason: string } {
  const out: ReaderFields = {};
  const review = checkReview(input.review);
  if (!review.ok) return { ok: false, field: "review", reason: review.reason };
  if (review.value !== undefined) out.review = review.value;
  if (input.reviewSpoiler !== undefined) out.reviewSpoiler = input.reviewSpoiler;
  const notes = checkPrivateNotes(input.privateNotes);
  if (!notes.ok) return { ok: false, field: "privateNotes", reason: notes.reason };
  if (notes.value !== undefined) out.privateNotes = notes.value;
  const reads = checkReads(input.reads);
  if (!reads.ok) return { ok: false, field: "reads", reason: reads.reason };
  if (reads.value !== undefined) out.reads = reads.value;
  const readCount = checkReadCount(input.readCount);
  if (!readCount.ok) return { ok: false, field: "readCount", reason: readCount.reason };
  if (readCount.value !== undefined) out.readCount = readCount.value;
  if (input.owned !== undefined) out.owned = input.owned;
  const moods = checkMoods(input.moods);
  if (!moods.ok) return { ok: false, field: "moods", reason: moods.reason };
  if (moods.value !== undefined) out.moods = moods.value;
  return { ok: true, value: out };
}

/** The latest end date among the reads (what `dateRead` holds), if any. */
export function lastFinished(reads: readonly BookRead[] | undefined): string | undefined {
  let last: string | undefined;
  for (const read of reads ?? []) if (read.finished && (last === undefined || read.finished > last)) last = read.finished;
  return last;
}

/** An edit of the reader's fields: a value sets the field, `null` clears it, an absent key leaves it. */
export type ReaderFieldsPatch = { [K in keyof ReaderFields]?: ReaderFields[K] | null };

/**
 * Validates an edit: each present field is checked as on import; `null` (or a blank text, an empty
 * list) becomes `undefined`, which clears the field. Returns the patch to apply.
 */
export function checkReaderFieldsPatch(
  input: ReaderFieldsPatch,
):
  | { ok: true; value: { [K in keyof ReaderFields]?: ReaderFields[K] | undefined } }
  | { ok: false; field: keyof ReaderFields; reason: string } {
  const out: { [K in keyof ReaderFields]?: ReaderFields[K] | undefined } = {};
  for (const field of READER_FIELD_NAMES) {
    if (!(field in input) || input[field] === undefined) continue;
    const value = input[field];
    if (value === null) {
      out[field] = undefined;
      continue;
    }
    const checked = checkReaderFields({ [field]: value } as ReaderFields);
    if (!checked.ok) return checked;
    (out as Record<string, unknown>)[field] = checked.value[field];
  }
  return { ok: true, value: out };
}
