/**
 * The backfill run, as an action: validate the arguments, list the caller's books missing covers,
 * look each one up through `internal.actions.coverFetch.search`, write through the transactional
 * mutation, log one structured line, and say where to continue.
 */
import { ConvexError } from "convex/values";
import { decodeCursor, encodeCursor, InvalidCursorError, type BackfillCursor } from "../../lib/backfill/cursor";
import { DEFAULT_BATCH_BUDGET_MS, runBackfillBatch, type BatchOutcome, type LookupResult } from "../../lib/backfill/runBatch";
import { logCoverEvent } from "../../lib/cover/logCoverEvent";
import { internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import type { ActionCtx } from "../_generated/server";
import { DEFAULT_BATCH, MAX_BATCH, type ListedBook } from "./coverBackfill";
import { paceLookup } from "./sourcePacing";

export { setLookupPacer } from "./sourcePacing";

export type BackfillTrigger = "import" | "create" | "manual";

export interface FetchMissingCoversResult {
  processed: number;
  updated: number;
  failures: { bookId: Id<"books">; reason: "no_metadata" | "not_found" | "timeout" | "upstream_error" }[];
  nextCursor?: string;
  /** Present when a source asked us to slow down: wait this long before following nextCursor. */
  retryAfterMs?: number;
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

function parseCursor(cursor: string | undefined, mode: "scan" | "ids", now: number): BackfillCursor {
  if (cursor === undefined) return mode === "scan" ? { mode, horizon: now } : { mode, horizon: now, offset: 0 };
  try {
    const parsed = decodeCursor(cursor);
    if (parsed.mode !== mode) throw new InvalidCursorError();
    return parsed;
  } catch (e) {
    if (e instanceof InvalidCursorError) {
      throw new ConvexError({ code: "invalid_argument", message: e.message });
    }
    throw e;
  }
}

/**
 * Per-book lookups in flight at once within a batch. The pacing below bounds the request rate;
 * this only has to be high enough to keep it busy through slow answers (at ~3 requests/s and
 * ~1.1 s mean latency, about 3.3 are in flight on average, more in the tail).
 */
export const BATCH_CONCURRENCY = 6;

/**
 * A search unanswered after this long is sent once more. Open Library's searches answer in about
 * 0.7 s typically and 2.5 s at the 95th percentile; waiting 2 s costs roughly one extra request in
 * ten and stops a hung request from holding the batch for the 5 s timeout.
 */
export const HEDGE_AFTER_MS = 2_000;

/** A lookup still running this long after its batch started is abandoned, so a batch ends well under 15 s. */
export const BATCH_DEADLINE_MS = 14_000;

/** ISBNs per Books API request. */
export const PREFETCH_CHUNK = 50;

/**
 * One paced Books API request for up to PREFETCH_CHUNK ISBNs (the batch runner splits larger
 * lists), so the pacing counts every request.
 */
async function prefetchByIsbn(ctx: ActionCtx, isbns: string[]): Promise<Map<string, LookupResult>> {
  await paceLookup(ctx);
  const { covers, error } = await ctx.runAction(internal.actions.coverFetch.prefetchOpenLibraryCovers, { isbns });
  const out = new Map<string, LookupResult>();
  for (const { isbn, apiCoverUrl } of covers) {
    out.set(isbn, apiCoverUrl ? { apiCoverUrl, apiSource: "open-library" } : { reason: "not_found" });
  }
  // A rate-limited request ends the batch; other errors leave those ISBNs to the per-book search.
  if (error?.reason === "rate_limited") {
    for (const isbn of isbns) if (!out.has(isbn)) out.set(isbn, { reason: "rate_limited", retryAfterMs: error.retryAfterMs });
  }
  return out;
}

/** Looks up and writes covers for one batch of books, with the real lookup action and write mutation. */
export async function lookUpAndWriteCovers(
  ctx: ActionCtx,
  userId: Id<"users">,
  books: ListedBook[],
  options: {
    budgetMs?: number;
    /**
     * Books whose timeout or server error should not be recorded yet (the import drain tries them
     * once more later); they are collected in `deferred` instead.
     */
    deferTransientFailures?: ReadonlySet<Id<"books">>;
    deferred?: Id<"books">[];
  } = {},
): Promise<BatchOutcome<Id<"books">>> {
  const deadline = Date.now() + BATCH_DEADLINE_MS;
  return await runBackfillBatch(
    books,
    {
      now: () => Date.now(),
      prefetchByIsbn: (isbns) => prefetchByIsbn(ctx, isbns),
      paceLookup: () => paceLookup(ctx),
      search: async (book, hint) =>
        (await ctx.runAction(internal.actions.coverFetch.search, {
          title: book.title,
          author: book.author,
          isbn: book.isbn,
          ...(book.rejected?.length ? { rejected: [...book.rejected] } : {}),
          deadline,
          ...(hint.isbnAlreadyChecked ? { openLibraryIsbnChecked: true } : {}),
        })) as LookupResult,
      writeMany: async (items) => await ctx.runMutation(internal.coverBackfill.applyLookupResults, { userId, items }),
      write: async (bookId, result) => {
        const transient = "reason" in result && (result.reason === "timeout" || result.reason === "upstream_error");
        if (transient && options.deferTransientFailures?.has(bookId)) {
          options.deferred?.push(bookId);
          return "skipped";
        }
        return await ctx.runMutation(internal.coverBackfill.applyLookupResult, { userId, bookId, result });
      },
    },
    {
      budgetMs: options.budgetMs ?? DEFAULT_BATCH_BUDGET_MS,
      concurrency: BATCH_CONCURRENCY,
      hedgeAfterMs: HEDGE_AFTER_MS,
      prefetchChunk: PREFETCH_CHUNK,
    },
  );
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
  const cursor = parseCursor(args.cursor, bookIds ? "ids" : "scan", startedAt);

  let books: ListedBook[];
  if (cursor.mode === "ids") {
    const slice = (bookIds ?? []).slice(cursor.offset, cursor.offset + limit);
    books = await ctx.runQuery(internal.books.listMissingCovers, {
      userId: args.userId,
      bookIds: slice,
      horizon: cursor.horizon,
    });
  } else {
    books = await ctx.runQuery(internal.books.listMissingCovers, {
      userId: args.userId,
      limit,
      cursor: args.cursor,
      horizon: cursor.horizon,
    });
  }

  const outcome = await lookUpAndWriteCovers(ctx, args.userId, books);

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
    ...(outcome.retryAfterMs !== undefined ? { retryAfterMs: outcome.retryAfterMs } : {}),
  };
}
