/**
 * "Fetch missing covers" (`api.books.fetchMissingCovers`), as an action: validate the arguments,
 * list one batch of the caller's books missing covers with the catalogue's facts for them (one
 * query), look them up step by step inside this action (coverLookup.ts: one mutation to claim and
 * reserve, one per step to store), log one structured line, and say where to continue.
 */
import { ConvexError } from "convex/values";
import { decodeCursor, encodeCursor, InvalidCursorError, type BackfillCursor } from "../../lib/backfill/cursor";
import type { LookupSummary } from "../../lib/backfill/runBatch";
import { logCoverEvent } from "../../lib/cover/logCoverEvent";
import type { SlotPriority } from "../../lib/cover/pacing";
import { clampPauseMs, MIN_SOURCE_PAUSE_MS } from "../../lib/cover/rateLimiter";
import { internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import type { ActionCtx } from "../_generated/server";
import { DEFAULT_BATCH, MAX_BATCH, type ListedBook } from "./coverBackfill";
import { lookUpBooks } from "./coverLookup";
import type { CatalogueFact } from "../../lib/cover/catalogue";
import { coverSourceById } from "../../lib/cover/sources";
import type { CoverSource } from "../../lib/cover/types";
export { setLookupPacer } from "./sourcePacing";

export type BackfillTrigger = "import" | "create" | "manual";

export interface FetchMissingCoversResult {
  processed: number;
  updated: number;
  failures: { bookId: Id<"books">; reason: "no_metadata" | "not_found" | "timeout" | "upstream_error" }[];
  nextCursor?: string;
  /** Present when a source asked us to slow down: wait this long before following nextCursor. */
  retryAfterMs?: number;
  /**
   * Present when every source was paused and the batch stopped: how many of the reader's books
   * still have no cover (at most REMAINING_COUNT_CAP), so a caller that gives up can say so.
   */
  remaining?: number;
  /** With `retryAfterMs`: the paused source the batch waited for (a registered source id), so the UI can name it. */
  waitingForSource?: CoverSource;
}

/** `limit`: default 20, clamped to 50, rejected when not a positive integer. */
export function resolveLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_BATCH;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new ConvexError({ code: "invalid_argument", message: "limit must be a whole number of at least 1." });
  }
  return Math.min(limit, MAX_BATCH);
}

export function resolveBookIds(bookIds: Id<"books">[] | undefined): Id<"books">[] | undefined {
  if (bookIds !== undefined && bookIds.length > MAX_BATCH) {
    throw new ConvexError({
      code: "invalid_argument",
      message: `bookIds can name at most ${MAX_BATCH} books per call.`,
    });
  }
  return bookIds;
}

/**
 * Decodes the caller's cursor and clamps it: the horizon is at most now, so a forged far-future
 * horizon cannot bring books in back-off into the run (a cursor can only narrow what a fresh run
 * would look up, never widen it, which is why it needs no signature); an `ids` offset is at most
 * the number of ids.
 */
function parseCursor(cursor: string | undefined, mode: "scan" | "ids", now: number, idCount: number): BackfillCursor {
  if (cursor === undefined) return mode === "scan" ? { mode, horizon: now } : { mode, horizon: now, offset: 0 };
  try {
    const parsed = decodeCursor(cursor);
    if (parsed.mode !== mode) throw new InvalidCursorError();
    const horizon = Math.min(parsed.horizon, now);
    if (parsed.mode === "ids") return { mode: "ids", horizon, offset: Math.min(parsed.offset, idCount) };
    return { ...parsed, horizon };
  } catch (e) {
    if (e instanceof InvalidCursorError) {
      throw new ConvexError({ code: "invalid_argument", message: e.message });
    }
    throw e;
  }
}

/**
 * A batch sends no request later than this after it started: each has its 5 s timeout, so the
 * batch ends within 15 s (invariant 5).
 */
export const BATCH_BUDGET_MS = 9_500;

/** A lookup still running this long after its batch started is abandoned (the per-book button's bound too). */
export const BATCH_DEADLINE_MS = 14_000;

export type LookupPriority = SlotPriority;

/**
 * `retryAfterMs` for the caller: set whenever a source asked to slow down, at least 1 s and at
 * most 1 h. When the batch stopped because every source was paused it is the pause; when only one
 * source was paused and the others went on, the pause is honoured server-side (that source is
 * skipped), so the caller only waits the minimum before the next batch.
 */
function callerRetryAfterMs(outcome: LookupSummary<Id<"books">>): number | undefined {
  if (!outcome.sourcePaused && outcome.stoppedBy !== "rate_limited") return undefined;
  if (outcome.stoppedBy !== "rate_limited") return MIN_SOURCE_PAUSE_MS;
  // Whole seconds, rounded up: the caller waits at least as long as the pause still runs.
  return clampPauseMs(Math.ceil((outcome.retryAfterMs ?? MIN_SOURCE_PAUSE_MS) / 1000) * 1000);
}

/** The first registered source a book of the batch waited for (paused), if any. */
function waitedForSource(outcome: LookupSummary<Id<"books">>): CoverSource | undefined {
  for (const record of outcome.records) {
    const id = record.progress.waitedFor?.find((source) => coverSourceById(source) !== undefined);
    if (id) return id as CoverSource;
  }
  return undefined;
}

/** `api.books.fetchMissingCovers`: one batch of the caller's books, following the cursor. */
export async function fetchMissingCoversForUser(
  ctx: ActionCtx,
  args: {
    userId: Id<"users">;
    limit?: number;
    cursor?: string;
    bookIds?: Id<"books">[];
    trigger: BackfillTrigger;
  },
): Promise<FetchMissingCoversResult> {
  const startedAt = Date.now();
  const limit = resolveLimit(args.limit);
  const bookIds = resolveBookIds(args.bookIds);
  const cursor = parseCursor(args.cursor, bookIds ? "ids" : "scan", startedAt, bookIds?.length ?? 0);

  const listing =
    cursor.mode === "ids"
      ? { userId: args.userId, bookIds: (bookIds ?? []).slice(cursor.offset, cursor.offset + limit), horizon: cursor.horizon }
      : { userId: args.userId, limit, ...(cursor.after ? { cursor: encodeCursor(cursor) } : {}), horizon: cursor.horizon };
  const { books, facts }: { books: ListedBook[]; facts: CatalogueFact[] } = await ctx.runQuery(
    internal.coverBackfill.lookupInput,
    listing,
  );

  // A reader waiting on one book (the new tile) goes before bulk runs.
  const priority: LookupPriority = bookIds !== undefined && bookIds.length === 1 ? "interactive" : "bulk";
  const outcome = await lookUpBooks(ctx, args.userId, books, facts, { priority, budgetMs: BATCH_BUDGET_MS, backoff: true });
  const retryAfterMs = callerRetryAfterMs(outcome);
  const waitingForSource = retryAfterMs !== undefined ? waitedForSource(outcome) : undefined;

  let nextCursor: string | undefined;
  if (cursor.mode === "ids") {
    const total = bookIds?.length ?? 0;
    const sliceEnd = Math.min(cursor.offset + limit, total);
    // Books of the slice that were finished, or dropped by the listing, are done; continue at the
    // first unfinished one.
    const firstUnfinished = books[outcome.finishedPrefix];
    const offset = firstUnfinished ? (bookIds ?? []).indexOf(firstUnfinished.id, cursor.offset) : sliceEnd;
    if (offset < total) nextCursor = encodeCursor({ mode: "ids", horizon: cursor.horizon, offset });
  } else {
    const last = books[outcome.finishedPrefix - 1];
    const more = outcome.stoppedBy !== undefined || books.length === limit;
    if (more) {
      const after = last ? { retryAt: last.retryAt, creationTime: last.creationTime } : cursor.after;
      nextCursor = encodeCursor({ mode: "scan", horizon: cursor.horizon, ...(after ? { after } : {}) });
    }
  }

  logCoverEvent({
    event: "cover_backfill_run",
    trigger: args.trigger,
    processed: outcome.processed,
    updated: outcome.updated,
    failures: outcome.failures.length,
    durationMs: Date.now() - startedAt,
    reasons: outcome.reasons,
  });

  return {
    processed: outcome.processed,
    updated: outcome.updated,
    failures: outcome.failures,
    ...(nextCursor ? { nextCursor } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(waitingForSource !== undefined ? { waitingForSource } : {}),
    ...(outcome.stoppedBy === "rate_limited"
      ? { remaining: await ctx.runQuery(internal.books.countMissingCovers, { userId: args.userId }) }
      : {}),
  };
}
