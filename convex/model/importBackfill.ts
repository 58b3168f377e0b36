/**
 * Server-side backfill after an import: the commit queues the created and merged books that lack
 * covers, and a scheduled action drains the queue batch after batch until none is left, so the run
 * finishes even when the reader closes the tab.
 */
import {
  END_STAGE,
  executeStep,
  logStepError,
  newRecord,
  planStep,
  type BookRecord,
  type FailureReason,
  type LookupBook,
  type LookupContext,
  type LookupProgress,
} from "../../lib/backfill/runBatch";
import type { CatalogueFact } from "../../lib/cover/catalogue";
import { logCoverEvent } from "../../lib/cover/logCoverEvent";
import { coverSourceById, enabledCoverSources, lookupStages } from "../../lib/cover/sources";
import type { CoverSource } from "../../lib/cover/types";
import { internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import type { ActionCtx, MutationCtx, QueryCtx } from "../_generated/server";
import { hasAnyCover, recordCoverFailure, writeApiCover } from "./books";
import { readFactsFor, recordFacts } from "./coverCatalogue";
import { lookupContext, needList, stepDeps, toGrants } from "./coverLookup";
import { claimLookups, LOOKUP_LEASE_MS, releaseLookup } from "./lookupLeases";
import { reserveSlots, type SourceSlots } from "./sourcePacing";

/** Books an ISBN step lists: their ISBNs go out 50 per request. */
export const DRAIN_ISBN_BATCH = 100;

/** Books a search step lists when the run has no better guess (its last grant). */
export const DEFAULT_SEARCH_HINT = 27;

/** A step lists at most this many books for searches (a reader's share of the horizon). */
export const MAX_SEARCH_LIST = 40;

/** A drain step sends no request later than this after it started (each has 5 s to answer). */
export const DRAIN_STEP_BUDGET_MS = 9_500;

/**
 * Steps overlap: a step schedules the next one for when its own last request goes out (less this
 * lead, for the next one to list and reserve), so the source's rate is used while answers come in.
 * At most MAX_STEPS_IN_FLIGHT steps of a run have requests out at once; a step's books are marked in
 * flight (their `dueAt` moved IN_FLIGHT_MS ahead) so the next step lists others.
 */
export const NEXT_STEP_LEAD_MS = 300;
export const MAX_STEPS_IN_FLIGHT = 3;
export const IN_FLIGHT_MS = 20_000;

/**
 * Where a queued book stands, as its `dueAt` while it is ready: ISBN stages first (one request
 * answers for up to 50 books), then searches for books without an ISBN (a search is their only way),
 * then searches for books whose ISBN answers had no cover.
 */
export const DUE_RANK = { isbn: 0, searchWithoutIsbn: 1, searchAfterIsbn: 2 } as const;

export function dueRank(book: Pick<LookupBook, "isbn">, progress: LookupProgress, ctx: Pick<LookupContext, "stages">): number {
  const next = ctx.stages.find((s) => s.stage.id === progress.stage) ?? ctx.stages[0];
  if (progress.stage === undefined || next?.stage.kind === "isbn") return DUE_RANK.isbn;
  return book.isbn ? DUE_RANK.searchAfterIsbn : DUE_RANK.searchWithoutIsbn;
}

/** A book whose first lookup timed out or met a server error is tried once more this much later. */
export const TRANSIENT_RETRY_PAUSE_MS = 15_000;

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
    await ctx.db.insert("coverBackfillQueue", { backfillId, userId: args.userId, bookId, dueAt: DUE_RANK.isbn });
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
  waiting?: { until: number; source?: CoverSource },
): Promise<void> {
  await ctx.scheduler.runAt(at, internal.coverBackfill.drainImportBackfill, { backfillId, generation });
  await ctx.db.patch("coverBackfills", backfillId, {
    nextStepAt: at,
    generation,
    waitingForSourceUntil: waiting?.until,
    waitingForSource: waiting?.source,
  });
}

/**
 * Schedules the next step of a drain chain (only while the run is running and the chain is still
 * the run's current one: a step of a chain the cron replaced stops here). A failed step is retried
 * later each time it fails in a row, and the run stops after MAX_CONSECUTIVE_STEP_ERRORS. Returns
 * whether it scheduled a step.
 */
export async function scheduleDrainStep(
  ctx: MutationCtx,
  args: {
    backfillId: Id<"coverBackfills">;
    generation?: number;
    at: number;
    waitingForSourceUntil?: number;
    waitingForSource?: CoverSource;
    failed?: boolean;
  },
): Promise<boolean> {
  const run = await ctx.db.get("coverBackfills", args.backfillId);
  if (!run || run.state !== "running" || (run.generation ?? 0) !== (args.generation ?? 0)) return false;
  if (!args.failed) {
    if (run.consecutiveStepErrors) await ctx.db.patch("coverBackfills", run._id, { consecutiveStepErrors: 0 });
    const waiting =
      args.waitingForSourceUntil !== undefined ? { until: args.waitingForSourceUntil, source: args.waitingForSource } : undefined;
    await armDrain(ctx, run._id, run.generation ?? 0, args.at, waiting);
    return true;
  }
  const inARow = (run.consecutiveStepErrors ?? 0) + 1;
  const now = Date.now();
  await ctx.db.patch("coverBackfills", run._id, {
    stepErrors: (run.stepErrors ?? 0) + 1,
    consecutiveStepErrors: inARow,
    updatedAt: now,
    inFlight: [],
  });
  if (inARow >= MAX_CONSECUTIVE_STEP_ERRORS) {
    await ctx.db.patch("coverBackfills", run._id, { state: "done", stoppedAfterErrors: true, finishedAt: now, updatedAt: now });
    // Its queue goes too: a queued book shows "Finding cover…" on the wall, and nobody will look it up.
    await ctx.scheduler.runAfter(0, internal.coverBackfill.clearStoppedRunQueue, { backfillId: run._id });
    return false;
  }
  // A new chain: the failed step may have scheduled its successor already (that one now stops).
  await armDrain(ctx, run._id, (run.generation ?? 0) + 1, Math.max(args.at, now + STEP_ERROR_RETRY_MS * 2 ** (inARow - 1)));
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

/** A queued book as a drain step sees it: the book, where its lookup stands, and its queue entry's bookkeeping. */
export interface QueuedBook extends LookupBook<Id<"books">> {
  rejected?: string[];
  progress: LookupProgress;
  /** Its lookup already ended once with a transient error. */
  retried?: boolean;
}

/** What one drain step starts from. */
export interface DrainStepInput {
  userId: Id<"users">;
  state: "running" | "done";
  generation: number;
  books: QueuedBook[];
  /** Entries that no longer need a lookup (the book is gone, covered, or another run looked it up). */
  stale: Id<"books">[];
  /** The catalogue's facts for the books' first stages. */
  facts: CatalogueFact[];
  /** Nothing is due now: when the earliest waiting entry is... */
  wakeAt?: number;
  /** ... and the paused source it waits for, if that is why it waits. */
  wakeFor?: CoverSource;
  /** An ISBN step asks ISBN stages only (its books' searches come in later steps); a search step asks searches. */
  mode: "isbn" | "search";
  /** Steps of the run with requests out now. */
  inFlight: number;
}

/**
 * The books one drain step processes, and only those: up to DRAIN_ISBN_BATCH books whose ISBN
 * stages come next (their ISBNs go out 50 per request), else about as many books as the run's last
 * step was granted searches (the reader's share), ready ones first, then due waits. Plus the facts
 * the catalogue has for them.
 */
export async function drainStepInput(
  ctx: QueryCtx,
  args: { backfillId: Id<"coverBackfills">; now: number },
): Promise<DrainStepInput | null> {
  const run = await ctx.db.get("coverBackfills", args.backfillId);
  if (!run) return null;
  const due = (upTo: number) =>
    ctx.db
      .query("coverBackfillQueue")
      .withIndex("by_backfill_due", (q) => q.eq("backfillId", args.backfillId).lte("dueAt", upTo));
  const first = await due(args.now).first();
  const firstDue = first?.dueAt ?? DUE_RANK.isbn;
  const searchList = Math.min(MAX_SEARCH_LIST, Math.max(5, run.searchHint ?? DEFAULT_SEARCH_HINT));
  // Ready ISBN stages: a batch. Ready searches: about the reader's share. Only ended waits left (a
  // retry, a paused source back): a batch again, since their lookups start over at the ISBN stages.
  const mode = first !== null && firstDue > DUE_RANK.isbn && firstDue <= DUE_RANK.searchAfterIsbn ? "search" : "isbn";
  const entries =
    first === null
      ? []
      : firstDue <= DUE_RANK.isbn
        ? await due(DUE_RANK.isbn).take(DRAIN_ISBN_BATCH)
        : mode === "search"
          ? await due(DUE_RANK.searchAfterIsbn).take(searchList)
          : await due(args.now).take(DRAIN_ISBN_BATCH);
  const books: QueuedBook[] = [];
  const stale: Id<"books">[] = [];
  for (const entry of entries) {
    const book = await ctx.db.get("books", entry.bookId);
    // Gone, covered, or looked up by another run since it was queued (its result and back-off stand:
    // looking it up again would only double the back-off).
    const attemptedSinceQueued = book?.coverAttemptedAt !== undefined && book.coverAttemptedAt >= Math.floor(entry._creationTime);
    if (!book || book.userId !== run.userId || hasAnyCover(book) || attemptedSinceQueued) {
      stale.push(entry.bookId);
      continue;
    }
    const progress: LookupProgress = {
      ...(entry.stage !== undefined ? { stage: entry.stage } : {}),
      ...(entry.knownTo ? { knownTo: entry.knownTo } : {}),
      ...(entry.worst ? { worst: entry.worst } : {}),
    };
    books.push({
      id: book._id,
      ...(book.title ? { title: book.title } : {}),
      ...(book.author ? { author: book.author } : {}),
      ...(book.isbn ? { isbn: book.isbn } : {}),
      ...(book.rejectedCovers?.length ? { rejected: book.rejectedCovers } : {}),
      progress,
      ...(entry.retried ? { retried: true } : {}),
    });
  }
  let wakeAt: number | undefined;
  let wakeFor: CoverSource | undefined;
  if (entries.length === 0) {
    const later = await ctx.db
      .query("coverBackfillQueue")
      .withIndex("by_backfill_due", (q) => q.eq("backfillId", args.backfillId).gt("dueAt", args.now))
      .first();
    wakeAt = later?.dueAt;
    wakeFor = later?.waitedFor?.find((id): id is CoverSource => coverSourceById(id) !== undefined);
  }
  const facts = await readFactsFor(ctx, books, lookupStages(enabledCoverSources()), args.now);
  return {
    userId: run.userId,
    state: run.state,
    generation: run.generation ?? 0,
    books,
    stale,
    facts,
    ...(wakeAt !== undefined ? { wakeAt } : {}),
    ...(wakeFor !== undefined ? { wakeFor } : {}),
    mode,
    inFlight: (run.inFlight ?? []).filter((f) => f.at > args.now - IN_FLIGHT_MS).length,
  };
}

/**
 * A drain step's start, in one transaction: claims its books (leases), reserves its request slots,
 * marks its books in flight, and schedules the next step (for when this step's last request goes
 * out, or when a slot or a paused source comes back). With MAX_STEPS_IN_FLIGHT steps already out it
 * does none of that and the next step simply comes a moment later. Only the run's current chain
 * schedules.
 */
export async function beginDrainStep(
  ctx: MutationCtx,
  args: {
    backfillId: Id<"coverBackfills">;
    generation: number;
    holder: string;
    bookIds: Id<"books">[];
    needs: { source: CoverSource; count: number }[];
    key: string;
    deadline: number;
  },
): Promise<{ started: boolean; claimed: Id<"books">[]; grants: SourceSlots[] }> {
  const now = Date.now();
  const run = await ctx.db.get("coverBackfills", args.backfillId);
  if (!run || run.state !== "running" || (run.generation ?? 0) !== args.generation)
    return { started: false, claimed: [], grants: [] };
  const inFlight = (run.inFlight ?? []).filter((f) => f.at > now - IN_FLIGHT_MS);
  if (inFlight.length >= MAX_STEPS_IN_FLIGHT) {
    await armDrain(ctx, run._id, args.generation, now + 500);
    return { started: false, claimed: [], grants: [] };
  }
  const claimed = await claimLookups(ctx, { bookIds: args.bookIds, holder: args.holder });
  const grants = claimed.length > 0 ? await reserveSlots(ctx, { ...args, priority: "bulk" }) : [];
  for (const bookId of claimed) {
    const entry = await ctx.db
      .query("coverBackfillQueue")
      .withIndex("by_backfill_book", (q) => q.eq("backfillId", args.backfillId).eq("bookId", bookId))
      .unique();
    if (entry) await ctx.db.patch("coverBackfillQueue", entry._id, { dueAt: now + IN_FLIGHT_MS });
  }
  await ctx.db.patch("coverBackfills", run._id, { inFlight: [...inFlight, { holder: args.holder, at: now }] });
  const next = nextAfterGrants(grants, now);
  await armDrain(ctx, run._id, args.generation, next.at, next.waiting);
  return { started: true, claimed, grants };
}

/** When the step after one with these grants starts. */
function nextAfterGrants(
  grants: readonly SourceSlots[],
  now: number,
): { at: number; waiting?: { until: number; source: CoverSource } } {
  const slots = grants.flatMap((g) => g.slots);
  if (slots.length > 0) return { at: Math.max(now, Math.max(...slots) - NEXT_STEP_LEAD_MS) };
  const paused = grants.filter((g) => g.paused);
  if (paused.length > 0 && paused.length === grants.length) {
    const first = paused.reduce((a, b) => (b.paused!.until < a.paused!.until ? b : a));
    return { at: first.paused!.until, waiting: { until: first.paused!.until, source: first.source } };
  }
  const retryAts = grants.flatMap((g) => (g.retryAt !== undefined ? [g.retryAt] : []));
  return { at: retryAts.length > 0 ? Math.max(now, Math.min(...retryAts)) : now + 1000 };
}

/** What a drain step's start decided: nothing for the action to do, or the step's books, facts, claims and slots. */
export type DrainStepStart =
  { kind: "none" } | { kind: "step"; input: DrainStepInput; claimed: Id<"books">[]; grants: SourceSlots[] };

/**
 * A drain step's start, in one transaction: lists the step's books and reads the catalogue's facts
 * for them (drainStepInput), plans its requests (lib/backfill/runBatch.ts `planStep`, pure: the
 * action plans the same again), then claims, reserves and schedules (beginDrainStep). When nothing
 * is due it schedules the next look, or ends the run when its queue is empty.
 */
export async function startDrainStep(
  ctx: MutationCtx,
  args: { backfillId: Id<"coverBackfills">; generation: number; holder: string; deadline: number },
): Promise<DrainStepStart> {
  const now = Date.now();
  const input = await drainStepInput(ctx, { backfillId: args.backfillId, now });
  // Gone, finished, or replaced by a newer chain (the stall cron re-armed it): this chain ends here.
  if (!input || input.state !== "running" || input.generation !== args.generation) return { kind: "none" };
  if (input.books.length === 0 && input.stale.length === 0) {
    await noBooksDue(ctx, args.backfillId, args.generation, input, now);
    return { kind: "none" };
  }
  const plan = planStep(input.books.map(newRecord), lookupContext(input.facts), { isbnOnly: input.mode === "isbn" });
  if (plan.requests.length === 0) return { kind: "step", input, claimed: [], grants: [] };
  const begun = await beginDrainStep(ctx, {
    backfillId: args.backfillId,
    generation: args.generation,
    holder: args.holder,
    bookIds: stepBookIds(plan),
    needs: needList(plan.needs),
    key: input.userId,
    deadline: args.deadline,
  });
  // Too many steps out, or a newer chain: the next step (already scheduled) takes these books.
  return begun.started ? { kind: "step", input, claimed: begun.claimed, grants: begun.grants } : { kind: "none" };
}

/** The books a step's requests ask about. */
function stepBookIds(plan: ReturnType<typeof planStep<Id<"books">>>): Id<"books">[] {
  return [...new Set(plan.requests.flatMap((r) => r.records.map((rec) => rec.book.id)))];
}

/**
 * Nothing is due now: while other steps have requests out, look again in a moment (their books come
 * back ready); else wake when the earliest wait ends, or end the run if the queue is empty.
 */
async function noBooksDue(
  ctx: MutationCtx,
  backfillId: Id<"coverBackfills">,
  generation: number,
  input: DrainStepInput,
  now: number,
): Promise<void> {
  if (input.inFlight > 0) {
    await scheduleDrainStep(ctx, { backfillId, generation, at: Math.min(input.wakeAt ?? Number.POSITIVE_INFINITY, now + 1000) });
    return;
  }
  if (input.wakeAt !== undefined) {
    // Only waits are left, and none has ended yet (the progress says so when it is a paused source).
    await scheduleDrainStep(ctx, {
      backfillId,
      generation,
      at: input.wakeAt,
      ...(input.wakeFor ? { waitingForSourceUntil: input.wakeAt, waitingForSource: input.wakeFor } : {}),
    });
    return;
  }
  if (!(await endRunIfQueueEmpty(ctx, backfillId, now))) await scheduleDrainStep(ctx, { backfillId, generation, at: now });
}

/** Ends the run when its queue is empty (one structured line says how it went); returns whether it did. */
async function endRunIfQueueEmpty(ctx: MutationCtx, backfillId: Id<"coverBackfills">, now: number): Promise<boolean> {
  const finished = await finishImportBackfillIfEmpty(ctx, { backfillId });
  if (!finished) return false;
  logCoverEvent({
    event: "cover_backfill_run",
    trigger: "import",
    processed: finished.processed,
    updated: finished.found,
    failures: finished.notFound,
    durationMs: (finished.finishedAt ?? now) - finished.startedAt,
    reasons: finished.reasons ?? {},
  });
  return true;
}

/** What a drain step decided for one queued book. */
export type DrainOutcome =
  | { bookId: Id<"books">; kind: "written"; url: string; source: CoverSource }
  | { bookId: Id<"books">; kind: "failed"; reason: FailureReason }
  /** Looked at again at `dueAt`, from where it stands (another stage, a retry, another run's lease, an error). */
  | { bookId: Id<"books">; kind: "later"; dueAt: number; progress: LookupProgress; retried?: boolean }
  /** A source it needs is paused (`leave`: refused, or waited for often enough: it leaves the queue unattempted). */
  | { bookId: Id<"books">; kind: "waiting"; dueAt: number; progress: LookupProgress; leave: boolean };

/**
 * Stores one drain step's results in one transaction: found covers (through `writeApiCover`'s
 * guards), failures with the bulk back-off, the queue entries' new standing, the facts learnt, the
 * end of the leases and the run's counters; then ends the run if its queue is now empty, else
 * schedules the next step (while the run is running and the chain is current).
 */
export async function commitDrainStep(
  ctx: MutationCtx,
  args: {
    backfillId: Id<"coverBackfills">;
    generation: number;
    userId: Id<"users">;
    holder: string;
    outcomes: DrainOutcome[];
    stale: Id<"books">[];
    facts: CatalogueFact[];
    release: Id<"books">[];
    searchHint?: number;
    /** When the step had no requests (its start scheduled nothing): when the next one runs. */
    next?: { at: number; waitingForSourceUntil?: number; waitingForSource?: CoverSource };
  },
): Promise<void> {
  const now = Date.now();
  const run = await ctx.db.get("coverBackfills", args.backfillId);
  if (!run) return;
  await recordFacts(ctx, args.facts, now);
  const entryOf = (bookId: Id<"books">) =>
    ctx.db
      .query("coverBackfillQueue")
      .withIndex("by_backfill_book", (q) => q.eq("backfillId", args.backfillId).eq("bookId", bookId))
      .unique();
  let removed = 0;
  let found = 0;
  let notFound = 0;
  const reasons = { ...(run.reasons ?? {}) };
  const remove = async (entry: Doc<"coverBackfillQueue"> | null) => {
    if (!entry) return;
    await ctx.db.delete("coverBackfillQueue", entry._id);
    removed++;
  };
  for (const bookId of args.stale) await remove(await entryOf(bookId));
  for (const o of args.outcomes) {
    const entry = await entryOf(o.bookId);
    if (o.kind === "written") {
      const written = await writeApiCover(ctx, {
        userId: args.userId,
        bookId: o.bookId,
        apiCoverUrl: o.url,
        apiSource: o.source,
      });
      if (written === "written") found++;
      await remove(entry);
    } else if (o.kind === "failed") {
      const recorded = await recordCoverFailure(ctx, { userId: args.userId, bookId: o.bookId, reason: o.reason, backoff: true });
      if (recorded === "recorded") {
        notFound++;
        reasons[o.reason] = (reasons[o.reason] ?? 0) + 1;
      }
      await remove(entry);
    } else if (entry) {
      const sourceWaits = o.kind === "waiting" ? (entry.sourceWaits ?? 0) + 1 : entry.sourceWaits;
      if (o.kind === "waiting" && (o.leave || (sourceWaits ?? 0) >= MAX_SOURCE_WAITS)) {
        await remove(entry);
        continue;
      }
      await ctx.db.patch("coverBackfillQueue", entry._id, {
        dueAt: o.dueAt,
        stage: o.progress.stage,
        knownTo: o.progress.knownTo,
        worst: o.progress.worst,
        waitedFor: o.progress.waitedFor,
        ...(o.kind === "later" && o.retried ? { retried: true } : {}),
        ...(sourceWaits !== undefined ? { sourceWaits } : {}),
      });
    }
  }
  for (const bookId of args.release) await releaseLookup(ctx, { bookId, holder: args.holder });
  await ctx.db.patch("coverBackfills", run._id, {
    processed: run.processed + removed,
    found: run.found + found,
    notFound: run.notFound + notFound,
    reasons,
    updatedAt: now,
    inFlight: (run.inFlight ?? []).filter((f) => f.holder !== args.holder && f.at > now - IN_FLIGHT_MS),
    ...(args.searchHint !== undefined ? { searchHint: args.searchHint } : {}),
  });
  // The step that takes the last books out of the queue ends the run itself: ending it must not
  // depend on which of the steps already scheduled runs next (one that ran while this step was out
  // looks again only a moment later, and in that moment the run would read "N of N" yet running).
  if (removed > 0 && run.state === "running" && (await endRunIfQueueEmpty(ctx, run._id, now))) return;
  if (args.next) {
    await scheduleDrainStep(ctx, {
      backfillId: args.backfillId,
      generation: args.generation,
      at: args.next.at,
      ...(args.next.waitingForSourceUntil !== undefined ? { waitingForSourceUntil: args.next.waitingForSourceUntil } : {}),
      ...(args.next.waitingForSource !== undefined ? { waitingForSource: args.next.waitingForSource } : {}),
    });
  }
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
  } catch (e) {
    // No error text in logs (it may quote a URL with an ISBN): the error's class only.
    logStepError("drain_step", e);
    await ctx.runMutation(internal.coverBackfill.scheduleDrainStep, {
      backfillId: args.backfillId,
      generation: args.generation ?? 0,
      at: Date.now() + STEP_ERROR_RETRY_MS,
      failed: true,
    });
  }
}

/** The queue standing of each book after a step (pure). */
export function drainOutcomes(
  records: readonly BookRecord<Id<"books">>[],
  books: readonly QueuedBook[],
  ctx: LookupContext,
  now: number,
): DrainOutcome[] {
  const retried = new Map(books.map((b) => [b.id, b.retried === true]));
  return records.flatMap((r): DrainOutcome[] => {
    const bookId = r.book.id;
    const s = r.state;
    if (s.phase === "written") return [{ bookId, kind: "written", url: s.url, source: s.source as CoverSource }];
    if (s.phase === "failed") {
      // A lookup that ended with a timeout or server error gets one more try a little later; the
      // second such end is recorded (with its back-off).
      const transient = s.reason === "timeout" || s.reason === "upstream_error";
      if (transient && !retried.get(bookId)) {
        const { knownTo } = r.progress;
        return [
          { bookId, kind: "later", dueAt: now + TRANSIENT_RETRY_PAUSE_MS, progress: knownTo ? { knownTo } : {}, retried: true },
        ];
      }
      return [{ bookId, kind: "failed", reason: s.reason }];
    }
    if (s.phase !== "deferred") return [];
    if (s.why === "source_paused") {
      const waited = r.progress.waitedFor ?? [];
      const until = Math.max(now + 1000, ...waited.map((id) => ctx.paused.get(id) ?? 0));
      const leave = waited.length > 0 && waited.every((id) => ctx.refused?.has(id));
      return [{ bookId, kind: "waiting", dueAt: until, progress: r.progress, leave }];
    }
    if (s.why === "held_elsewhere") return [{ bookId, kind: "later", dueAt: now + LOOKUP_LEASE_MS, progress: r.progress }];
    if (s.why === "errored") return [{ bookId, kind: "later", dueAt: now + STEP_ERROR_RETRY_MS, progress: r.progress }];
    const stage = r.progress.stage === END_STAGE ? undefined : r.progress.stage;
    return [{ bookId, kind: "later", dueAt: dueRank(r.book, { ...r.progress, stage }, ctx), progress: r.progress }];
  });
}

/** A step of the drain: one mutation starts it (books, facts, claims, slots), its requests, one commit. */
async function drainOnce(ctx: ActionCtx, args: { backfillId: Id<"coverBackfills">; generation?: number }): Promise<void> {
  const generation = args.generation ?? 0;
  const startedAt = Date.now();
  const holder = crypto.randomUUID();
  const start: DrainStepStart = await ctx.runMutation(internal.coverBackfill.startDrainStep, {
    backfillId: args.backfillId,
    generation,
    holder,
    deadline: startedAt + DRAIN_STEP_BUDGET_MS,
  });
  if (start.kind === "none") return;
  const { input } = start;
  // The plan the start made, made again (planStep is pure): the same requests for the same books.
  const lookup = lookupContext(input.facts);
  const records = input.books.map(newRecord);
  const plan = planStep(records, lookup, { isbnOnly: input.mode === "isbn" });
  const grants = toGrants(start.grants);
  const claimed = new Set<Id<"books">>(start.claimed);
  const asked = new Set(stepBookIds(plan));
  for (const r of records)
    if (asked.has(r.book.id) && !claimed.has(r.book.id)) r.state = { phase: "deferred", why: "held_elsewhere" };
  const deps = stepDeps(ctx, { key: input.userId, deadline: startedAt + DRAIN_STEP_BUDGET_MS });
  const facts = plan.requests.length > 0 ? await executeStep(plan, grants, lookup, deps) : [];
  const searchGrants = Object.values(grants).reduce((n, g) => n + ("slots" in g ? g.slots.length : 0), 0);
  const now = Date.now();
  await ctx.runMutation(internal.coverBackfill.commitDrainStep, {
    backfillId: args.backfillId,
    generation,
    userId: input.userId,
    holder,
    outcomes: drainOutcomes(records, input.books, lookup, now),
    stale: input.stale,
    facts,
    release: [...claimed],
    ...(plan.requests.length > 0 ? { searchHint: Math.max(5, searchGrants) } : { next: { at: now } }),
  });
}
