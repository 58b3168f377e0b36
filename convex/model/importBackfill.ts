/**
 * Server-side backfill after an import: the commit queues the created and merged books that lack
 * covers, and a scheduled action drains the queue batch after batch until none is left, so the run
 * finishes even when the reader closes the tab.
 */
import type { CoverReason } from "../../lib/backfill/runBatch";
import { logCoverEvent } from "../../lib/cover/logCoverEvent";
import { internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import type { ActionCtx, MutationCtx, QueryCtx } from "../_generated/server";
import { lookUpAndWriteCovers } from "./backfillRun";
import { hasAnyCover } from "./books";
import { toListed, type ListedBook } from "./coverBackfill";

/**
 * Books listed per drain step. The step asks the Books API about all their ISBNs at once (up to 50
 * per request) and stores those covers first, then searches the rest until the time budget ends;
 * what it does not reach stays queued, marked as already checked by ISBN.
 */
export const DRAIN_BATCH = 500;

/** A book whose first lookup timed out or met a server error is tried once more this much later. */
export const TRANSIENT_RETRY_PAUSE_MS = 15_000;

/** Pause before the next batch when a source did not say how long to wait after a 429/503. */
export const DEFAULT_RATE_LIMIT_PAUSE_MS = 30_000;

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
  await ctx.db.patch("coverBackfills", backfillId, {
    total: (run?.total ?? 0) + toQueue.length,
    updatedAt: now,
    state: "running",
    finishedAt: undefined,
  });
  // While a run is "running" a drain is under way and will reach these books too.
  if (!run || run.state === "done") {
    await ctx.scheduler.runAfter(0, internal.coverBackfill.drainImportBackfill, { backfillId });
  }
  return backfillId;
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
    if (!book || book.userId !== run.userId || hasAnyCover(book)) {
      stale.push(entry.bookId);
      continue;
    }
    books.push({ ...toListed(book), ...(entry.isbnChecked ? { isbnChecked: true } : {}) });
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
  let removed = 0;
  for (const bookId of new Set([...finished, ...deferred, ...isbnChecked])) {
    const entry = await ctx.db
      .query("coverBackfillQueue")
      .withIndex("by_backfill_book", (q) => q.eq("backfillId", args.backfillId).eq("bookId", bookId))
      .unique();
    if (!entry) continue;
    if (finished.has(bookId)) {
      await ctx.db.delete("coverBackfillQueue", entry._id);
      removed++;
      continue;
    }
    const patch = {
      ...(deferred.has(bookId) && entry.retryAt === undefined ? { retryAt: args.retryAt } : {}),
      ...(isbnChecked.has(bookId) && !entry.isbnChecked ? { isbnChecked: true } : {}),
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

/** One drain step: a batch of queued books, then either the next step or the end of the run. */
export async function drainImportBackfillStep(ctx: ActionCtx, args: { backfillId: Id<"coverBackfills"> }): Promise<void> {
  const next = await ctx.runQuery(internal.coverBackfill.nextQueuedBooks, {
    backfillId: args.backfillId,
    limit: DRAIN_BATCH,
    now: Date.now(),
  });
  if (!next) return;

  if (next.wakeAt !== undefined) {
    // Only retries are left, and none is due yet.
    await ctx.scheduler.runAt(next.wakeAt, internal.coverBackfill.drainImportBackfill, args);
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
      await ctx.scheduler.runAfter(0, internal.coverBackfill.drainImportBackfill, args);
    }
    return;
  }

  const deferred: Id<"books">[] = [];
  const outcome = await lookUpAndWriteCovers(ctx, next.userId, next.books, {
    deferTransientFailures: new Set(next.firstPass),
    deferred,
  });
  const deferredIds = new Set(deferred);
  const finishedBooks = outcome.finishedIds.filter((id) => !deferredIds.has(id));
  const failedIds = new Set(outcome.failures.map((f) => f.bookId));
  await ctx.runMutation(internal.coverBackfill.recordImportBackfillBatch, {
    backfillId: args.backfillId,
    deferred,
    retryAt: Date.now() + TRANSIENT_RETRY_PAUSE_MS,
    isbnChecked: outcome.isbnAnswered,
    finished: [...next.stale, ...finishedBooks],
    found: outcome.updated,
    notFound: finishedBooks.filter((id) => failedIds.has(id)).length,
    reasons: outcome.reasons,
  });

  const delay = outcome.stoppedBy === "rate_limited" ? (outcome.retryAfterMs ?? DEFAULT_RATE_LIMIT_PAUSE_MS) : 0;
  await ctx.scheduler.runAfter(delay, internal.coverBackfill.drainImportBackfill, args);
}
