/**
 * The backfill run, as an action: validate the arguments, list the caller's books missing covers,
 * look each one up through `internal.actions.coverFetch.search`, write through the transactional
 * mutation, log one structured line, and say where to continue.
 */
import { ConvexError } from "convex/values";
import { decodeCursor, encodeCursor, InvalidCursorError, type BackfillCursor } from "../../lib/backfill/cursor";
import { DEFAULT_BATCH_BUDGET_MS, runBackfillBatch, type BatchOutcome, type LookupResult } from "../../lib/backfill/runBatch";
import { logCoverEvent } from "../../lib/cover/logCoverEvent";
import { clampPauseMs, MIN_SOURCE_PAUSE_MS, type SlotPriority } from "../../lib/cover/rateLimiter";
import { internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import type { ActionCtx } from "../_generated/server";
import { DEFAULT_BATCH, MAX_BATCH, type ListedBook } from "./coverBackfill";
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
 * Per-book lookups in flight at once within a batch. The pacing below bounds the request rate;
 * this only has to be high enough to keep it busy through slow answers (at ~3 requests/s and
 * ~1.1 s mean latency, about 3.3 are in flight on average, more in the tail).
 */
export const BATCH_CONCURRENCY = 6;

/**
 * A request unanswered this long after it was sent is sent once more (through its own slot). Open Library's searches answer in about
 * 0.7 s typically and 2.5 s at the 95th percentile; waiting 2 s costs roughly one extra request in
 * ten and stops a hung request from holding the batch for the 5 s timeout.
 */
export const HEDGE_AFTER_MS = 2_000;

/** A lookup still running this long after its batch started is abandoned, so a batch ends well under 15 s. */
export const BATCH_DEADLINE_MS = 14_000;

/** ISBNs per Books API request. */
export const PREFETCH_CHUNK = 50;

/** A failed Books API request is tried once more only if this much of the batch is left (a 5 s timeout, a hedge, margin). */
export const PREFETCH_RETRY_NEEDS_MS = 8_000;

export type LookupPriority = SlotPriority;

/** The time limits of one batch: no lookup starts after `budgetEnd`, no slot is taken after it, and everything is abandoned at `deadline`. */
interface BatchClock {
  budgetEnd: number;
  deadline: number;
  priority: LookupPriority;
  /** The reader: their bulk runs share one turn in the pacing. */
  runKey: string;
}

/**
 * One Books API request for up to PREFETCH_CHUNK ISBNs (the batch runner splits larger lists);
 * the request takes its own pacing slot inside the action and is bounded by the batch's deadline.
 */
async function prefetchByIsbn(ctx: ActionCtx, isbns: string[], clock: BatchClock): Promise<Map<string, LookupResult>> {
  const ask = () =>
    ctx.runAction(internal.actions.coverFetch.prefetchOpenLibraryCovers, {
      isbns,
      deadline: clock.deadline,
      slotDeadline: clock.budgetEnd,
      priority: clock.priority,
      hedgeAfterMs: HEDGE_AFTER_MS,
      runKey: clock.runKey,
    });
  let { covers, error } = await ask();
  // One request answers for up to 50 books: a timeout or server error is worth one more try, when
  // there is still time for it to answer (a retry that runs into the deadline would leave the
  // books unanswered again, step after step, while the Books API keeps failing).
  const failed = error && (error.reason === "timeout" || error.reason === "upstream_error") && covers.length === 0;
  if (failed && Date.now() + PREFETCH_RETRY_NEEDS_MS <= clock.deadline) ({ covers, error } = await ask());
  const out = new Map<string, LookupResult>();
  for (const { isbn, apiCoverUrl, known } of covers) {
    out.set(
      isbn,
      apiCoverUrl ? { apiCoverUrl, apiSource: "open-library" } : { reason: "not_found", ...(known ? { isbnKnown: true } : {}) },
    );
  }
  // A rate-limited request ends the batch. A request that failed twice (timeout, server error) counts
  // as asked: those books are searched by title and author without asking the failing Books API about
  // their ISBN again, so a Books API that keeps failing cannot hold them (or the run) forever. A
  // request never sent leaves its ISBNs to a later batch.
  if (error?.reason === "rate_limited") {
    for (const isbn of isbns) if (!out.has(isbn)) out.set(isbn, { reason: "rate_limited", retryAfterMs: error.retryAfterMs });
  } else if (error && error.reason !== "not_sent") {
    for (const isbn of isbns) if (!out.has(isbn)) out.set(isbn, { reason: "not_found" });
  }
  return out;
}

/** Books claimed per lease mutation: the book a worker is about to look up and the next ones in list order. */
export const CLAIM_AHEAD = BATCH_CONCURRENCY;

/**
 * Claims books in list order a few at a time (one mutation for the book a worker asks about and
 * the next CLAIM_AHEAD - 1 not asked yet), since the workers take books in that order. Books this
 * batch claimed are added to `claimed`.
 */
function claimAhead(ctx: ActionCtx, books: ListedBook[], holder: string, claimed: Set<Id<"books">>) {
  const asked = new Map<Id<"books">, Promise<boolean>>();
  const position = new Map(books.map((b, i) => [b.id, i]));
  return {
    claim(bookId: Id<"books">): Promise<boolean> {
      const known = asked.get(bookId);
      if (known) return known;
      const group: Id<"books">[] = [];
      for (let i = position.get(bookId) ?? books.length; i < books.length && group.length < CLAIM_AHEAD; i++) {
        if (!asked.has(books[i].id)) group.push(books[i].id);
      }
      if (group.length === 0) group.push(bookId);
      const mine = ctx.runMutation(internal.coverBackfill.claimCoverLookups, { bookIds: group, holder }).then((ids) => {
        for (const id of ids) claimed.add(id);
        return new Set(ids);
      });
      for (const id of group)
        asked.set(
          id,
          mine.then((ids) => ids.has(id)),
        );
      return asked.get(bookId)!;
    },
  };
}

export interface LookUpOptions {
  budgetMs?: number;
  /** Interactive (a reader waiting on one book) or bulk; bulk runs yield request slots to interactive ones. */
  priority?: LookupPriority;
  /**
   * Books whose timeout or server error should not be recorded yet (the import drain tries them
   * once more later); they are collected in `deferred` instead.
   */
  deferTransientFailures?: ReadonlySet<Id<"books">>;
  deferred?: Id<"books">[];
  /** Wait for the ISBN prefetch (at most this long) before searching; see BatchOptions. */
  searchAfterPrefetchMs?: number;
}

/**
 * Looks up and writes covers for one batch of books, with the real lookup action and write
 * mutation. Each book is claimed (a short lease) right before its lookup, so parallel runs skip
 * it; the leases of books this batch claimed but did not finish are released at the end.
 */
export async function lookUpAndWriteCovers(
  ctx: ActionCtx,
  userId: Id<"users">,
  books: ListedBook[],
  options: LookUpOptions = {},
): Promise<BatchOutcome<Id<"books">>> {
  const startedAt = Date.now();
  const budgetMs = options.budgetMs ?? DEFAULT_BATCH_BUDGET_MS;
  const clock: BatchClock = {
    budgetEnd: startedAt + budgetMs,
    deadline: startedAt + Math.max(budgetMs, BATCH_DEADLINE_MS),
    priority: options.priority ?? "bulk",
    runKey: userId,
  };
  const holder = crypto.randomUUID();
  const claimed = new Set<Id<"books">>();
  const claims = claimAhead(ctx, books, holder, claimed);
  const outcome = await runBackfillBatch(
    books,
    {
      now: () => Date.now(),
      prefetchByIsbn: (isbns) => prefetchByIsbn(ctx, isbns, clock),
      claim: (bookId) => claims.claim(bookId),
      search: async (book, hint) =>
        (await ctx.runAction(internal.actions.coverFetch.search, {
          title: book.title,
          author: book.author,
          isbn: book.isbn,
          ...(book.rejected?.length ? { rejected: [...book.rejected] } : {}),
          deadline: clock.deadline,
          slotDeadline: clock.budgetEnd,
          priority: clock.priority,
          hedgeAfterMs: HEDGE_AFTER_MS,
          runKey: clock.runKey,
          ...(hint.isbnAlreadyChecked ? { openLibraryIsbnChecked: true } : {}),
        })) as LookupResult,
      writeMany: async (items) => await ctx.runMutation(internal.coverBackfill.applyLookupResults, { userId, items, holder }),
      write: async (bookId, result) => {
        const transient = "reason" in result && (result.reason === "timeout" || result.reason === "upstream_error");
        if (transient && options.deferTransientFailures?.has(bookId)) {
          options.deferred?.push(bookId);
          return "skipped";
        }
        const written = await ctx.runMutation(internal.coverBackfill.applyLookupResult, { userId, bookId, result, holder });
        claimed.delete(bookId);
        return written;
      },
    },
    // Hedging is per request, inside the lookup actions (timed from when a request was sent, not
    // from when it started waiting for its slot), so the batch does not hedge whole lookups.
    {
      budgetMs,
      concurrency: BATCH_CONCURRENCY,
      prefetchChunk: PREFETCH_CHUNK,
      ...(options.searchAfterPrefetchMs !== undefined ? { searchAfterPrefetchMs: options.searchAfterPrefetchMs } : {}),
    },
  );
  if (claimed.size > 0) {
    await ctx.runMutation(internal.coverBackfill.releaseCoverLookups, { bookIds: [...claimed], holder });
  }
  return outcome;
}

/**
 * `retryAfterMs` for the caller: set whenever a source asked to slow down, at least 1 s and at
 * most 1 h. When the batch stopped because every source was paused it is the pause; when only one
 * source was paused and the others went on, the pause is honoured server-side (that source is
 * skipped), so the caller only waits the minimum before the next batch.
 */
function callerRetryAfterMs(outcome: BatchOutcome<Id<"books">>): number | undefined {
  if (!outcome.sourcePaused && outcome.stoppedBy !== "rate_limited") return undefined;
  if (outcome.stoppedBy !== "rate_limited") return MIN_SOURCE_PAUSE_MS;
  return clampPauseMs(outcome.retryAfterMs ?? MIN_SOURCE_PAUSE_MS);
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
      ...(cursor.after ? { cursor: encodeCursor(cursor) } : {}),
      horizon: cursor.horizon,
    });
  }

  // A reader waiting on one book (the new tile) goes before bulk runs.
  const priority: LookupPriority = bookIds !== undefined && bookIds.length === 1 ? "interactive" : "bulk";
  const outcome = await lookUpAndWriteCovers(ctx, args.userId, books, { priority });
  const retryAfterMs = callerRetryAfterMs(outcome);

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
    ...(outcome.stoppedBy === "rate_limited"
      ? { remaining: await ctx.runQuery(internal.books.countMissingCovers, { userId: args.userId }) }
      : {}),
  };
}
