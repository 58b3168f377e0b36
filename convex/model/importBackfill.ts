/**
 * Server-side backfill after an import: the commit queues the created and merged books that lack
 * covers, and a scheduled action drains the queue batch after batch until none is left, so the run
 * finishes even when the reader closes the tab.
 */
import type { CoverReason } from "../../lib/backfill/runBatch";
import { logCoverEvent } from "../../lib/cover/logCoverEvent";
import { clampPauseMs } from "../../lib/cover/rateLimiter";
import { internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import type { ActionCtx, MutationCtx, QueryCtx } from "../_generated/server";
import { lookUpAndWriteCovers } from "./backfillRun";
import { hasAnyCover } from "./books";
import { toListed, type ListedBook } from "./coverBackfill";
import { LOOKUP_LEASE_MS } from "./lookupLeases";

/**
 * Books listed per drain step. The step asks the Books API about all their ISBNs at once (up to 50
 * per request, the requests in parallel through the pacing) and stores those covers first, then
 * searches the rest until the time budget ends; what it does not reach stays queued, marked as
 * already checked by ISBN. Large, so that a big import's ISBNs are all resolved in its first steps
 * instead of 500 at a time behind the searches.
 */
export const DRAIN_BATCH = 2000;

/**
 * Search order within a step, most likely finds first (stable within each group):
 * 1. ISBN books whose edition the Books API knows without a cover (their work often has one);
 * 2. books without an ISBN (a title search is their only way);
 * 3. ISBN books not asked about yet (the step's prefetch answers them meanwhile, and stores the
 *    covers it finds without a search);
 * 4. ISBN books the Books API has never heard of.
 */
export function searchOrder(books: ListedBook[]): ListedBook[] {
  const rank = (b: ListedBook) => (!b.isbn ? 1 : !b.isbnChecked ? 2 : b.isbnKnown ? 0 : 3);
  return [0, 1, 2, 3].flatMap((r) => books.filter((b) => rank(b) === r));
}

/** A drain step searches only once its ISBN prefetch has answered, or after this long. */
export const PREFETCH_FIRST_MS = 8_000;

/** A book whose first lookup timed out or met a server error is tried once more this much later. */
export const TRANSIENT_RETRY_PAUSE_MS = 15_000;

/** Pause before the next batch when a source did not say how long to wait after a 429/503. */
export const DEFAULT_RATE_LIMIT_PAUSE_MS = 30_000;

/** A run whose next step is this far overdue has stalled (a step takes well under 20 s): the cron re-arms it. */
export const DRAIN_STALL_MS = 2 * 60 * 1000;

/** After a drain step failed with an error, the next one runs this much later (doubling with each failure in a row). */
export const STEP_ERROR_RETRY_MS = 10_000;

/**
 * A run whose steps failed this many times in a row (about five minutes of tries) stops; the books it
 * did not reach still miss covers, so "Fetch missing covers" (or a retried chunk of the import) finds them.
 * Its queue is cleared (`clearStoppedRunQueue`).
 */
export const MAX_CONSECUTIVE_STEP_ERRORS = 6;

/**
 * A queued book left waiting for a paused source (Google out of quota, after Open Library found
 * nothing) this many times leaves the queue: not counted against it (no attempt, no back-off), so
 * "Fetch missing covers" can still find it, but the run no longer re-asks Open Library for it
 * every pause, for ever.
 */
export const MAX_SOURCE_WAITS = 3;

/**
 * Queues books for the import's backfill run and makes sure a drain is scheduled. `bookIds` are the
 * caller's books that the same transaction just read or inserted without a cover, so they are not
 * read again; only whether they are already queued is checked (books inserted by this transaction,
 * `insertedNow`, cannot be).
 */
export async function enqueueImportBackfill(
  ctx: MutationCtx,
  args: {
    userId: Id<"users">;
    importId: Id<"imports">;
    bookIds: Id<"books">[];
    insertedNow?: ReadonlySet<Id<"books">>;
  },
): Promise<Id<"coverBackfills"> | null> {
  const now = Date.now();
  const run = await ctx.db
    .query("coverBackfills")
    .withIndex("by_import", (q) => q.eq("importId", args.importId))
    .unique();

  const toQueue: Id<"books">[] = [];
  for (const bookId of new Set(args.bookIds)) {
    if (run && !args.insertedNow?.has(bookId)) {
      const queued = await ctx.db
        .query("coverBackfillQueue")
        .withIndex("by_backfill_book", (q) => q.eq("backfillId", run._id).eq("bookId", bookId))
        .unique();
      if (queued) continue;
    }
    toQueue.push(bookId);
  }
  if (toQueue.length === 0) return run?._id ?? null;

  const backfillId =
    run?._id ??
    (await ctx.db.insert("coverBackfills", {
      userId: args.userId,
      trigger: "import",
      importId: args.importId,
      total: 0,
      processed: 0,
      found: 0,
      notFound: 0,
      state: "running",
      startedAt: now,
      updatedAt: now,
    }));
  for (const bookId of toQueue) {
    await ctx.db.insert("coverBackfillQueue", { backfillId, userId: args.userId, bookId });
  }
  // While a run is "running" a drain is under way and will reach these books too, unless its chain
  // of steps has stalled: then it is re-armed now rather than at the next cron.
  const generation = run?.generation ?? 0;
  const arm =
    !run || run.state === "done"
      ? { generation }
      : (run.nextStepAt ?? 0) < now - DRAIN_STALL_MS
        ? { generation: generation + 1 }
        : null;
  if (arm) await ctx.scheduler.runAt(now, internal.coverBackfill.drainImportBackfill, { backfillId, ...arm });
  await ctx.db.patch("coverBackfills", backfillId, {
    total: (run?.total ?? 0) + toQueue.length,
    updatedAt: now,
    state: "running",
    finishedAt: undefined,
    stoppedAfterErrors: undefined,
    consecutiveStepErrors: 0,
    ...(arm ? { nextStepAt: now, generation: arm.generation, waitingForSourceUntil: undefined } : {}),
  });
  return backfillId;
}

/** Schedules the run's next drain step at `at` for chain `generation`, and records when it is due. */
async function armDrain(
  ctx: MutationCtx,
  backfillId: Id<"coverBackfills">,
  generation: number,
  at: number,
  waitingForSourceUntil?: number,
): Promise<void> {
  await ctx.scheduler.runAt(at, internal.coverBackfill.drainImportBackfill, { backfillId, generation });
  await ctx.db.patch("coverBackfills", backfillId, { nextStepAt: at, generation, waitingForSourceUntil });
}

/**
 * Schedules the next step of a drain chain (only while the run is running and the chain is still
 * the run's current one: a step of a chain the cron replaced stops here). A failed step is retried
 * later each time it fails in a row, and the run stops after MAX_CONSECUTIVE_STEP_ERRORS. Returns
 * whether it scheduled a step.
 */
export async function scheduleDrainStep(
  ctx: MutationCtx,
  args: { backfillId: Id<"coverBackfills">; generation?: number; at: number; waitingForSourceUntil?: number; failed?: boolean },
): Promise<boolean> {
  const run = await ctx.db.get("coverBackfills", args.backfillId);
  if (!run || run.state !== "running" || (run.generation ?? 0) !== (args.generation ?? 0)) return false;
  if (!args.failed) {
    if (run.consecutiveStepErrors) await ctx.db.patch("coverBackfills", run._id, { consecutiveStepErrors: 0 });
    await armDrain(ctx, run._id, run.generation ?? 0, args.at, args.waitingForSourceUntil);
    return true;
  }
  const inARow = (run.consecutiveStepErrors ?? 0) + 1;
  const now = Date.now();
  await ctx.db.patch("coverBackfills", run._id, {
    stepErrors: (run.stepErrors ?? 0) + 1,
    consecutiveStepErrors: inARow,
    updatedAt: now,
  });
  if (inARow >= MAX_CONSECUTIVE_STEP_ERRORS) {
    await ctx.db.patch("coverBackfills", run._id, { state: "done", stoppedAfterErrors: true, finishedAt: now, updatedAt: now });
    // Its queue goes too: a queued book shows "Finding cover…" on the wall, and nobody will look it up.
    await ctx.scheduler.runAfter(0, internal.coverBackfill.clearStoppedRunQueue, { backfillId: run._id });
    return false;
  }
  await armDrain(ctx, run._id, run.generation ?? 0, Math.max(args.at, now + STEP_ERROR_RETRY_MS * 2 ** (inARow - 1)));
  return true;
}

/** Queue entries deleted per transaction when a stopped run's queue is cleared. */
const QUEUE_CLEAR_CHUNK = 500;

/**
 * Deletes a stopped run's queue, a chunk per transaction (rescheduling itself for the rest); stops
 * at once if the run is running again (a retried chunk of its import re-opened it).
 */
export async function clearStoppedRunQueue(ctx: MutationCtx, args: { backfillId: Id<"coverBackfills"> }): Promise<void> {
  const run = await ctx.db.get("coverBackfills", args.backfillId);
  if (!run || run.state !== "done") return;
  const entries = await ctx.db
    .query("coverBackfillQueue")
    .withIndex("by_backfill_book", (q) => q.eq("backfillId", args.backfillId))
    .take(QUEUE_CLEAR_CHUNK);
  for (const entry of entries) await ctx.db.delete("coverBackfillQueue", entry._id);
  if (entries.length === QUEUE_CLEAR_CHUNK) {
    await ctx.scheduler.runAfter(0, internal.coverBackfill.clearStoppedRunQueue, { backfillId: args.backfillId });
  }
}

/**
 * The stall cron: running runs whose next step is long overdue (a step that died, a lost schedule)
 * get a new chain now. Reads only the overdue runs (index on state + next step time).
 */
export async function rearmStalledDrains(ctx: MutationCtx): Promise<number> {
  const now = Date.now();
  const stalled = await ctx.db
    .query("coverBackfills")
    .withIndex("by_state_next_step", (q) => q.eq("state", "running").lt("nextStepAt", now - DRAIN_STALL_MS))
    .take(50);
  for (const run of stalled) await armDrain(ctx, run._id, (run.generation ?? 0) + 1, now);
  return stalled.length;
}

/**
 * The next queued books of a run: first-pass entries, then retries that are due, split into books
 * still missing covers and entries that no longer need a lookup. `wakeAt` says when the earliest
 * retry falls due when nothing else is left.
 */
export async function nextQueuedBooks(
  ctx: QueryCtx,
  args: { backfillId: Id<"coverBackfills">; limit: number; now: number },
): Promise<{
  userId: Id<"users">;
  books: ListedBook[];
  stale: Id<"books">[];
  firstPass: Id<"books">[];
  wakeAt?: number;
  generation: number;
  state: "running" | "done";
} | null> {
  const run = await ctx.db.get("coverBackfills", args.backfillId);
  if (!run) return null;
  const firstPassEntries = await ctx.db
    .query("coverBackfillQueue")
    .withIndex("by_backfill_retry", (q) => q.eq("backfillId", args.backfillId).eq("retryAt", undefined))
    .take(args.limit);
  const dueRetries =
    firstPassEntries.length < args.limit
      ? await ctx.db
          .query("coverBackfillQueue")
          .withIndex("by_backfill_retry", (q) => q.eq("backfillId", args.backfillId).gte("retryAt", 0).lte("retryAt", args.now))
          .take(args.limit - firstPassEntries.length)
      : [];
  const books: ListedBook[] = [];
  const stale: Id<"books">[] = [];
  for (const entry of [...firstPassEntries, ...dueRetries]) {
    const book = await ctx.db.get("books", entry.bookId);
    // Gone, covered, or looked up by another run since it was queued (its result and back-off stand:
    // looking it up again would only double the back-off).
    const attemptedSinceQueued = book?.coverAttemptedAt !== undefined && book.coverAttemptedAt >= Math.floor(entry._creationTime);
    if (!book || book.userId !== run.userId || hasAnyCover(book) || attemptedSinceQueued) {
      stale.push(entry.bookId);
      continue;
    }
    books.push({
      ...toListed(book),
      ...(entry.isbnChecked ? { isbnChecked: true } : {}),
      ...(entry.isbnKnown ? { isbnKnown: true } : {}),
    });
  }
  let wakeAt: number | undefined;
  if (books.length === 0 && stale.length === 0) {
    const later = await ctx.db
      .query("coverBackfillQueue")
      .withIndex("by_backfill_retry", (q) => q.eq("backfillId", args.backfillId).gt("retryAt", args.now))
      .first();
    wakeAt = later?.retryAt;
  }
  return {
    userId: run.userId,
    books,
    stale,
    firstPass: firstPassEntries.map((e) => e.bookId),
    ...(wakeAt !== undefined ? { wakeAt } : {}),
    generation: run.generation ?? 0,
    state: run.state,
  };
}

/** Removes finished books from the queue and adds the batch to the run's counters. */
export async function recordImportBackfillBatch(
  ctx: MutationCtx,
  args: {
    backfillId: Id<"coverBackfills">;
    finished: Id<"books">[];
    /** Books to try once more at `retryAt` (their first lookup timed out or met a server error). */
    deferred: Id<"books">[];
    retryAt: number;
    /** Books still queued whose ISBN the Books API has now answered (no cover): search only next time. */
    isbnChecked: Id<"books">[];
    /** Of `isbnChecked`: the ones whose edition the Books API knows. */
    isbnKnown?: Id<"books">[];
    /** Books to look at again at `laterAt` without counting an attempt: a source they need is paused, or another run holds them. */
    later?: Id<"books">[];
    laterAt?: number;
    /** Of `later`: the ones waiting for a paused source (counted; at MAX_SOURCE_WAITS they leave the queue). */
    waitedForSource?: Id<"books">[];
    found: number;
    notFound: number;
    reasons: Partial<Record<CoverReason, number>>;
  },
): Promise<void> {
  const run = await ctx.db.get("coverBackfills", args.backfillId);
  if (!run) return;
  // One pass over the queue entries this batch touched: remove the finished ones, mark the rest.
  const finished = new Set(args.finished);
  const deferred = new Set(args.deferred);
  const isbnChecked = new Set(args.isbnChecked);
  const isbnKnown = new Set(args.isbnKnown ?? []);
  const later = new Set(args.later ?? []);
  const waitedForSource = new Set(args.waitedForSource ?? []);
  let removed = 0;
  for (const bookId of new Set([...finished, ...deferred, ...isbnChecked, ...later])) {
    const entry = await ctx.db
      .query("coverBackfillQueue")
      .withIndex("by_backfill_book", (q) => q.eq("backfillId", args.backfillId).eq("bookId", bookId))
      .unique();
    if (!entry) continue;
    const sourceWaits = waitedForSource.has(bookId) ? (entry.sourceWaits ?? 0) + 1 : undefined;
    if (finished.has(bookId) || (sourceWaits ?? 0) >= MAX_SOURCE_WAITS) {
      await ctx.db.delete("coverBackfillQueue", entry._id);
      removed++;
      continue;
    }
    const patch = {
      ...(sourceWaits !== undefined ? { sourceWaits } : {}),
      ...(deferred.has(bookId) && entry.retryAt === undefined ? { retryAt: args.retryAt } : {}),
      ...(later.has(bookId) && args.laterAt !== undefined ? { retryAt: Math.max(entry.retryAt ?? 0, args.laterAt) } : {}),
      ...(isbnChecked.has(bookId) && !entry.isbnChecked ? { isbnChecked: true } : {}),
      ...(isbnKnown.has(bookId) && !entry.isbnKnown ? { isbnKnown: true } : {}),
    };
    if (Object.keys(patch).length > 0) await ctx.db.patch("coverBackfillQueue", entry._id, patch);
  }
  const reasons = { ...(run.reasons ?? {}) };
  for (const key of ["no_metadata", "not_found", "timeout", "upstream_error"] as const) {
    const n = args.reasons[key];
    if (n) reasons[key] = (reasons[key] ?? 0) + n;
  }
  await ctx.db.patch("coverBackfills", run._id, {
    processed: run.processed + removed,
    found: run.found + args.found,
    notFound: run.notFound + args.notFound,
    reasons,
    updatedAt: Date.now(),
    waitingForSourceUntil: undefined,
  });
}

/** Marks the run done if its queue is empty (checked inside the transaction); returns whether it did. */
export async function finishImportBackfillIfEmpty(
  ctx: MutationCtx,
  args: { backfillId: Id<"coverBackfills"> },
): Promise<Doc<"coverBackfills"> | null> {
  const run = await ctx.db.get("coverBackfills", args.backfillId);
  if (!run || run.state === "done") return null;
  const pending = await ctx.db
    .query("coverBackfillQueue")
    .withIndex("by_backfill_book", (q) => q.eq("backfillId", args.backfillId))
    .first();
  if (pending) return null;
  const now = Date.now();
  await ctx.db.patch("coverBackfills", run._id, { state: "done", finishedAt: now, updatedAt: now });
  return { ...run, state: "done", finishedAt: now };
}

/**
 * One drain step, as the scheduled action runs it: an error anywhere in the step is caught and
 * recorded, and the next step is scheduled anyway, so one failed call never ends the drain.
 */
export async function drainImportBackfillStep(
  ctx: ActionCtx,
  args: { backfillId: Id<"coverBackfills">; generation?: number },
): Promise<void> {
  try {
    await drainOnce(ctx, args);
  } catch {
    // No error text in logs (it may quote a URL with an ISBN): a code and the run's counters only.
    logCoverEvent({
      event: "cover_backfill_step_error",
      trigger: "import",
      processed: 0,
      updated: 0,
      failures: 0,
      durationMs: 0,
      reasons: {},
    });
    await ctx.runMutation(internal.coverBackfill.scheduleDrainStep, {
      backfillId: args.backfillId,
      generation: args.generation ?? 0,
      at: Date.now() + STEP_ERROR_RETRY_MS,
      failed: true,
    });
  }
}

async function scheduleNext(
  ctx: ActionCtx,
  args: { backfillId: Id<"coverBackfills">; generation?: number },
  at: number,
  waitingForSourceUntil?: number,
): Promise<void> {
  await ctx.runMutation(internal.coverBackfill.scheduleDrainStep, {
    backfillId: args.backfillId,
    generation: args.generation ?? 0,
    at,
    ...(waitingForSourceUntil !== undefined ? { waitingForSourceUntil } : {}),
  });
}

/** A batch of queued books, then either the next step or the end of the run. */
async function drainOnce(ctx: ActionCtx, args: { backfillId: Id<"coverBackfills">; generation?: number }): Promise<void> {
  const next = await ctx.runQuery(internal.coverBackfill.nextQueuedBooks, {
    backfillId: args.backfillId,
    limit: DRAIN_BATCH,
    now: Date.now(),
  });
  // Gone, finished, or replaced by a newer chain (the stall cron re-armed it): this chain ends here.
  if (!next || next.state !== "running" || next.generation !== (args.generation ?? 0)) return;

  if (next.wakeAt !== undefined) {
    // Only retries are left, and none is due yet.
    await scheduleNext(ctx, args, next.wakeAt);
    return;
  }
  if (next.books.length === 0 && next.stale.length === 0) {
    const finished = await ctx.runMutation(internal.coverBackfill.finishImportBackfillIfEmpty, {
      backfillId: args.backfillId,
    });
    if (finished) {
      const failures = finished.notFound;
      logCoverEvent({
        event: "cover_backfill_run",
        trigger: "import",
        processed: finished.processed,
        updated: finished.found,
        failures,
        durationMs: (finished.finishedAt ?? Date.now()) - finished.startedAt,
        reasons: finished.reasons ?? {},
      });
    } else {
      await scheduleNext(ctx, args, Date.now());
    }
    return;
  }

  const deferred: Id<"books">[] = [];
  const outcome = await lookUpAndWriteCovers(ctx, next.userId, searchOrder(next.books), {
    deferTransientFailures: new Set(next.firstPass),
    deferred,
    priority: "bulk",
    // An import's ISBN batches (50 books each) go before its searches (one book each).
    searchAfterPrefetchMs: PREFETCH_FIRST_MS,
  });
  const deferredIds = new Set(deferred);
  const finishedBooks = outcome.finishedIds.filter((id) => !deferredIds.has(id));
  const failedIds = new Set(outcome.failures.map((f) => f.bookId));
  const now = Date.now();
  // Books waiting for a paused source come back when the pause ends; books another run holds, when its lease ends.
  const sourcePauseMs = clampPauseMs(outcome.retryAfterMs ?? DEFAULT_RATE_LIMIT_PAUSE_MS);
  await ctx.runMutation(internal.coverBackfill.recordImportBackfillBatch, {
    backfillId: args.backfillId,
    deferred,
    retryAt: now + TRANSIENT_RETRY_PAUSE_MS,
    isbnChecked: outcome.isbnAnswered,
    isbnKnown: outcome.isbnKnown,
    finished: [...next.stale, ...finishedBooks],
    found: outcome.updated,
    notFound: finishedBooks.filter((id) => failedIds.has(id)).length,
    reasons: outcome.reasons,
    later: [...outcome.deferred, ...outcome.heldElsewhere],
    waitedForSource: outcome.deferred,
    laterAt: now + (outcome.deferred.length > 0 ? sourcePauseMs : LOOKUP_LEASE_MS),
  });

  if (outcome.stoppedBy === "rate_limited") {
    // Every source is paused: wait for the pause (at most an hour), and say so in the progress.
    await scheduleNext(ctx, args, now + sourcePauseMs, now + sourcePauseMs);
    return;
  }
  await scheduleNext(ctx, args, now);
}
