/**
 * Import commit: one chunk of parsed rows -> books in the caller's library.
 *
 * Idempotency. The first chunk creates the `imports` document for (userId, clientImportId). Every
 * row's outcome is recorded in `importRows` under (importId, line). A row whose line is already
 * recorded is reported from the record and not applied again, so a chunk retried after a network
 * error returns the same outcomes and ids and creates nothing. A chunk is one transaction: it is
 * recorded entirely or not at all, and concurrent retries of the same import conflict on the
 * `imports` document and are serialised by Convex.
 *
 * Outcomes. `failed`: the row did not pass server-side validation (reason + line; the rest of the
 * chunk still imports). `created`: a new book (inserted by `insertImportedBook`). `merged`: the row
 * is a book already in the caller's library (same ISBN-13, else same Goodreads id, else same whole
 * title + first author, the last two only when the ISBNs do not conflict: invariant 10), including
 * a book an earlier row of the same import created; the merge fills only fields the book lacks and
 * never replaces an ISBN. A
 * merge that changes nothing is still `merged`: it is the same book, and listing it in
 * `mergedBookIds` lets the cover backfill look at it (re-importing a library is a way to retry
 * covers). `skipped` is part of the result shape but not produced by this version.
 *
 * Transaction budget for a full chunk of CHUNK_MAX_ROWS = 250 rows (Convex limits per
 * transaction: 4,096 index ranges, 32,000 documents read, 16,000 documents written, 16 MiB read,
 * 16 MiB written; a patch reads the document it writes):
 *   - index ranges: 1 (imports doc) + 1 (this chunk's recorded rows, one range over its lines; up
 *     to 250 if the lines are spread out) + per row ≤ 3 (ISBN, Goodreads id, dedup key; a hit stops
 *     the lookups) -> ≤ 752 for a normal chunk, ≤ 1,001 worst case (24% of 4,096, the tightest);
 *   - documents read: 2 (imports doc, its patch) + ≤ 500 records in the line range + per row the
 *     candidates looked at (1 by ISBN, ≤ 4 by Goodreads id, ≤ 4 by key: more than one only when
 *     the first ones are other editions with conflicting ISBNs) and the patch -> ≤ 1,002 typically,
 *     ≤ 2,752 worst case (8.6% of 32,000);
 *   - documents written: ≤ 2 (imports insert or patch) + per row ≤ 2 (importRows + book insert or
 *     patch) -> ≤ 502 (3.1% of 16,000), plus the listing's bookkeeping done by bookWrites.ts (per
 *     new book a patch of the reader's counter, per book whose shelves change a shelf-sync queue
 *     entry);
 *   - bytes: validation bounds a book to ~15 KB of UTF-8 even in the worst case (title 300 and
 *     author 200 code points at 4 bytes, dedup key ~500 code points, publisher 200 and 50 shelves
 *     x 64 UTF-16 units at 3 bytes), so a chunk reads ≤ ~7.2 MiB (book + patch per row; several
 *     conflicting editions of maximal size per row would read more, a case no real file has) and writes
 *     ≤ ~3.7 MiB in that pathological case (measured: 6.1 MiB read when every row merges, 3.1 MiB
 *     written when every row creates); a typical Goodreads row is < 1 KB (measured: ~0.18 MiB
 *     written, ~0.27 MiB read for 250 full rows). The arguments (250 rows) are of the same order.
 *     What the reader wrote adds up to ~210 KB to a book at most (review 50,000 and notes 20,000
 *     characters at 3 bytes, lib/books/readerFields.ts), so the client ends a chunk at 2 MiB of
 *     rows as well as at 250 rows (components/import/commitChunks.ts): a chunk writes ≤ ~2 MiB of
 *     those fields. Merges read the matched books whole, so a chunk of rows that all merge into
 *     books with maximal reviews could read far more; no real library is near that.
 * tests/convex/imports.test.ts measures the real figures and runs a 5,000-row import with the
 * limits enforced at a third of their value.
 */
import { ConvexError } from "convex/values";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { insertBook, lacksCover, patchBook } from "./bookWrites";
import { enqueueImportBackfill } from "./importBackfill";
import { coverMergePatch, findDuplicateBook, mergePatch } from "./importMerge";
import { assertLibraryNotBeingDeleted } from "./libraryDeletion";
import { validateImportRow, type ImportRowArg, type ValidImportRow } from "./importRowValidator";

/** Most rows one `imports.commit` call accepts. */
export const CHUNK_MAX_ROWS = 250;
/** Most rows one import (one clientImportId) may record in total. */
export const IMPORT_MAX_ROWS = 10_000;
export const CLIENT_IMPORT_ID_MAX_LENGTH = 128;
/** Widest line span whose recorded rows are fetched with one index range. */
const RECORD_RANGE_MAX_SPAN = 2 * CHUNK_MAX_ROWS;

export type ImportFormat = Doc<"imports">["format"];

export interface ImportChunkArgs {
  clientImportId: string;
  format: ImportFormat;
  rows: ImportRowArg[];
  /** Queue this chunk's created and merged books for the server-side cover backfill (default on). */
  startCoverBackfill?: boolean;
}

export interface ImportChunkResult {
  /** The import this chunk belongs to: the key of its cover-backfill progress. */
  importId: Id<"imports">;
  created: number;
  merged: number;
  skipped: number;
  failed: { line: number; reason: string }[];
  /** Books created by this chunk's rows, in row order, without repeats. */
  createdBookIds: Id<"books">[];
  /** Books this chunk's rows merged into, in row order, without repeats. */
  mergedBookIds: Id<"books">[];
}

/** 10000 -> "10,000" without Intl (not guaranteed in every Convex runtime). */
function withThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

type RowOutcome = Pick<Doc<"importRows">, "outcome" | "bookId" | "reason">;

function chunkError(code: string, message: string): ConvexError<{ code: string; message: string }> {
  return new ConvexError({ code, message });
}

/** Structural checks: a failure here is a client bug and rejects the whole chunk. */
function checkChunk(args: ImportChunkArgs): void {
  if (args.rows.length > CHUNK_MAX_ROWS) {
    throw chunkError("chunk_too_large", `Send at most ${CHUNK_MAX_ROWS} rows per chunk.`);
  }
  const id = args.clientImportId;
  if (id.trim() === "" || id.length > CLIENT_IMPORT_ID_MAX_LENGTH) {
    throw chunkError("invalid_import_id", "The import id is missing or too long.");
  }
  const lines = new Set<number>();
  for (const row of args.rows) {
    if (!Number.isInteger(row.line) || row.line < 1) {
      throw chunkError("invalid_chunk", "Every row needs a positive whole line number.");
    }
    if (lines.has(row.line)) {
      throw chunkError("invalid_chunk", "A line number appears twice in the chunk.");
    }
    lines.add(row.line);
  }
}

async function getOrCreateImport(
  ctx: MutationCtx,
  userId: Id<"users">,
  clientImportId: string,
  format: ImportFormat,
): Promise<{ importId: Id<"imports">; rowCount: number }> {
  const existing = await ctx.db
    .query("imports")
    .withIndex("by_user_client_id", (q) => q.eq("userId", userId).eq("clientImportId", clientImportId))
    .unique();
  if (existing !== null) {
    if (existing.format !== format) {
      throw chunkError("import_mismatch", "This import id was already used for a different file format.");
    }
    return { importId: existing._id, rowCount: existing.rowCount ?? 0 };
  }
  const importId = await ctx.db.insert("imports", {
    userId,
    clientImportId,
    format,
    createdAt: Date.now(),
    rowCount: 0,
  });
  return { importId, rowCount: 0 };
}

/**
 * Outcomes already recorded for this chunk's lines. Chunks are normally runs of consecutive lines,
 * so one index range over [first line, last line] finds them all; it reads at most
 * RECORD_RANGE_MAX_SPAN records because lines are unique per import. A chunk whose lines are
 * spread wider is looked up line by line (one index range each).
 */
async function recordedOutcomes(
  ctx: MutationCtx,
  importId: Id<"imports">,
  rows: ImportRowArg[],
): Promise<Map<number, RowOutcome>> {
  const recorded = new Map<number, RowOutcome>();
  if (rows.length === 0) return recorded;
  const lines = new Set(rows.map((r) => r.line));
  let min = Infinity;
  let max = -Infinity;
  for (const line of lines) {
    min = Math.min(min, line);
    max = Math.max(max, line);
  }
  if (max - min < RECORD_RANGE_MAX_SPAN) {
    const records = await ctx.db
      .query("importRows")
      .withIndex("by_import_line", (q) => q.eq("importId", importId).gte("line", min).lte("line", max))
      .collect();
    for (const record of records) {
      if (lines.has(record.line)) recorded.set(record.line, record);
    }
    return recorded;
  }
  for (const line of lines) {
    const record = await ctx.db
      .query("importRows")
      .withIndex("by_import_line", (q) => q.eq("importId", importId).eq("line", line))
      .first();
    if (record !== null) recorded.set(line, record);
  }
  return recorded;
}

/**
 * Inserts a new book for an import row. Every book an import creates goes through here (one place
 * to keep per-reader counters or other bookkeeping in step with inserts).
 */
export async function insertImportedBook(
  ctx: MutationCtx,
  userId: Id<"users">,
  valid: ValidImportRow,
  now: number,
): Promise<Id<"books">> {
  const { title, author, dedupKey, status, ...metadata } = valid;
  return await insertBook(ctx, {
    userId,
    title,
    author,
    dedupKey,
    status,
    ...metadata,
    createdAt: now,
    updatedAt: now,
  });
}

/**
 * Merges a row into the book it duplicates: fills only what the book lacks (never its ISBN), adds
 * its rejected covers, and restores its cover only onto a book without any. Returns whether the book
 * is left without a cover.
 */
async function mergeIntoBook(ctx: MutationCtx, book: Doc<"books">, valid: ValidImportRow, now: number): Promise<boolean> {
  const patch = { ...mergePatch(book, valid), ...coverMergePatch(book, valid) };
  if (Object.keys(patch).length > 0) {
    await patchBook(ctx, book, { ...patch, updatedAt: now });
  }
  return lacksCover({ ...book, ...patch });
}

/** Validates, de-duplicates and writes one row; returns the outcome to record. */
async function applyRow(
  ctx: MutationCtx,
  userId: Id<"users">,
  row: ImportRowArg,
  now: number,
  /** Collects the books this row leaves without any cover, for the cover backfill. */
  coverless: Set<Id<"books">>,
): Promise<RowOutcome> {
  const validation = validateImportRow(row);
  if (!validation.ok) return { outcome: "failed", reason: validation.reason };
  const valid = validation.row;

  const duplicate = await findDuplicateBook(ctx, userId, valid);
  if (duplicate !== null) {
    const { book } = duplicate;
    if (await mergeIntoBook(ctx, book, valid, now)) coverless.add(book._id);
    return { outcome: "merged", bookId: book._id };
  }

  const bookId = await insertImportedBook(ctx, userId, valid, now);
  // A cover restored from Folio's own export needs no lookup; an uploaded one was not restored.
  if (lacksCover(valid)) coverless.add(bookId);
  return { outcome: "created", bookId };
}

/**
 * Commits one chunk of an import for `userId` (already authenticated). See the module comment for
 * idempotency, outcomes and the transaction budget.
 */
export async function commitImportChunk(
  ctx: MutationCtx,
  userId: Id<"users">,
  args: ImportChunkArgs,
): Promise<ImportChunkResult> {
  checkChunk(args);
  await assertLibraryNotBeingDeleted(ctx, userId, "import");
  const { importId, rowCount } = await getOrCreateImport(ctx, userId, args.clientImportId, args.format);

  const recorded = await recordedOutcomes(ctx, importId, args.rows);
  const newRows = args.rows.length - recorded.size;
  if (rowCount + newRows > IMPORT_MAX_ROWS) {
    throw chunkError("import_too_large", `An import can have at most ${withThousands(IMPORT_MAX_ROWS)} rows.`);
  }

  const now = Date.now();
  const result: ImportChunkResult = {
    importId,
    created: 0,
    merged: 0,
    skipped: 0,
    failed: [],
    createdBookIds: [],
    mergedBookIds: [],
  };
  const created = new Set<Id<"books">>();
  const merged = new Set<Id<"books">>();
  /** Books inserted by this call: they have no cover and cannot be queued yet. */
  const insertedNow = new Set<Id<"books">>();
  /** Books created or merged by this call that have no cover. */
  const coverless = new Set<Id<"books">>();

  for (const row of args.rows) {
    let outcome = recorded.get(row.line);
    if (outcome === undefined) {
      outcome = await applyRow(ctx, userId, row, now, coverless);
      await ctx.db.insert("importRows", { importId, line: row.line, ...outcome });
      if (outcome.bookId !== undefined && outcome.outcome === "created") insertedNow.add(outcome.bookId);
    }
    switch (outcome.outcome) {
      case "created":
        result.created += 1;
        if (outcome.bookId !== undefined) created.add(outcome.bookId);
        break;
      case "merged":
        result.merged += 1;
        if (outcome.bookId !== undefined) merged.add(outcome.bookId);
        break;
      case "skipped":
        result.skipped += 1;
        break;
      case "failed":
        result.failed.push({ line: row.line, reason: outcome.reason ?? "Row could not be imported" });
        break;
    }
  }
  result.createdBookIds = [...created];
  result.mergedBookIds = [...merged];

  if (newRows > 0) {
    await ctx.db.patch("imports", importId, { rowCount: rowCount + newRows });
  }

  // Books this call left without a cover are queued and a scheduled drain looks them up
  // server-side, so the backfill finishes even if the reader closes the tab. Rows replayed from the
  // record on a retry are not included: their first commit queued them.
  if (args.startCoverBackfill !== false) {
    await enqueueImportBackfill(ctx, { userId, importId, bookIds: [...coverless], insertedNow });
  }
  return result;
}
