/**
 * Internal plumbing of the cover backfill (the public entry points, `books.fetchMissingCovers` and
 * `books.listMissingCovers`, live in books.ts) and the reactive progress query for the UI.
 */
import { v } from "convex/values";
import { internalAction, internalMutation, internalQuery, query } from "./_generated/server";
import { requireUserId } from "./model/auth";
import {
  applyLookupResult as applyLookupResultToBook,
  applyLookupResults as applyLookupResultsToBooks,
} from "./model/coverBackfill";
import { claimLookups, releaseLookup } from "./model/lookupLeases";
import { pauseSource as pauseCoverSource, reserveSourceSlot as reserveSlot, type SlotAnswer } from "./model/sourcePacing";
import { getBackfillProgress } from "./model/backfillProgress";
import {
  drainImportBackfillStep,
  finishImportBackfillIfEmpty as finishIfEmpty,
  nextQueuedBooks as nextQueued,
  rearmStalledDrains as rearmStalled,
  recordImportBackfillBatch as recordBatch,
  scheduleDrainStep as scheduleStep,
  clearStoppedRunQueue as clearQueue,
} from "./model/importBackfill";
import { coverSource, lookupResult } from "./schema";

const writeOutcome = v.union(v.literal("updated"), v.literal("skipped"), v.literal("failure_recorded"));

const listedBook = v.object({
  id: v.id("books"),
  title: v.optional(v.string()),
  author: v.optional(v.string()),
  isbn: v.optional(v.string()),
  isbnChecked: v.optional(v.boolean()),
  rejected: v.optional(v.array(v.string())),
  isbnKnown: v.optional(v.boolean()),
  retryAt: v.union(v.number(), v.null()),
  creationTime: v.number(),
});

const reasonCounts = v.object({
  no_metadata: v.optional(v.number()),
  not_found: v.optional(v.number()),
  timeout: v.optional(v.number()),
  rate_limited: v.optional(v.number()),
  upstream_error: v.optional(v.number()),
});

/** The only writer of apiCoverUrl for the backfill: writes only while both covers are still empty. */
export const applyLookupResult = internalMutation({
  args: { userId: v.id("users"), bookId: v.id("books"), result: lookupResult, holder: v.optional(v.string()) },
  returns: writeOutcome,
  handler: (ctx, args) => applyLookupResultToBook(ctx, args),
});

const slotAnswer = v.union(
  v.object({ kind: v.literal("granted"), slot: v.number() }),
  v.object({ kind: v.literal("paused"), until: v.number() }),
  v.object({ kind: v.literal("busy"), retryAt: v.number() }),
  v.object({ kind: v.literal("over_budget") }),
);

/** One request slot for a cover source, shared by every action of the deployment (see model/sourcePacing.ts). */
export const reserveSourceSlot = internalMutation({
  args: {
    source: coverSource,
    priority: v.optional(v.union(v.literal("interactive"), v.literal("bulk"))),
    deadline: v.optional(v.number()),
    /** Bulk runs of one reader share a key: bulk slots go round the readers waiting. */
    runKey: v.optional(v.string()),
  },
  returns: slotAnswer,
  handler: (ctx, args): Promise<SlotAnswer> => reserveSlot(ctx, args),
});

/** A source answered 429/503 (or 403, `refused`): pause it for every run (Retry-After capped at an hour, or a growing default). */
export const pauseSource = internalMutation({
  args: { source: coverSource, retryAfterMs: v.optional(v.number()), refused: v.optional(v.boolean()) },
  returns: v.number(),
  handler: (ctx, args) => pauseCoverSource(ctx, args),
});

/** Claims books for one batch's lookups (short leases); returns the ones it got (others are being looked up by another run). */
export const claimCoverLookups = internalMutation({
  args: { bookIds: v.array(v.id("books")), holder: v.string() },
  returns: v.array(v.id("books")),
  handler: (ctx, args) => claimLookups(ctx, args),
});

/** Ends a batch's leases on books it claimed but did not finish. */
export const releaseCoverLookups = internalMutation({
  args: { bookIds: v.array(v.id("books")), holder: v.string() },
  returns: v.null(),
  handler: async (ctx, { bookIds, holder }) => {
    for (const bookId of bookIds) await releaseLookup(ctx, { bookId, holder });
    return null;
  },
});

/** applyLookupResult for many books in one transaction (the covers an ISBN prefetch found). */
export const applyLookupResults = internalMutation({
  args: {
    userId: v.id("users"),
    items: v.array(v.object({ bookId: v.id("books"), result: lookupResult })),
    holder: v.optional(v.string()),
  },
  returns: v.array(writeOutcome),
  handler: (ctx, args) => applyLookupResultsToBooks(ctx, args),
});

export const nextQueuedBooks = internalQuery({
  args: { backfillId: v.id("coverBackfills"), limit: v.number(), now: v.number() },
  returns: v.union(
    v.null(),
    v.object({
      userId: v.id("users"),
      books: v.array(listedBook),
      stale: v.array(v.id("books")),
      firstPass: v.array(v.id("books")),
      wakeAt: v.optional(v.number()),
      generation: v.number(),
      state: v.union(v.literal("running"), v.literal("done")),
    }),
  ),
  handler: (ctx, args) => nextQueued(ctx, args),
});

export const recordImportBackfillBatch = internalMutation({
  args: {
    backfillId: v.id("coverBackfills"),
    finished: v.array(v.id("books")),
    deferred: v.array(v.id("books")),
    retryAt: v.number(),
    isbnChecked: v.array(v.id("books")),
    isbnKnown: v.optional(v.array(v.id("books"))),
    later: v.optional(v.array(v.id("books"))),
    laterAt: v.optional(v.number()),
    waitedForSource: v.optional(v.array(v.id("books"))),
    found: v.number(),
    notFound: v.number(),
    reasons: reasonCounts,
  },
  returns: v.null(),
  handler: async (ctx, args) => {
    await recordBatch(ctx, args);
    return null;
  },
});

export const finishImportBackfillIfEmpty = internalMutation({
  args: { backfillId: v.id("coverBackfills") },
  handler: (ctx, args) => finishIfEmpty(ctx, args),
});

/** Schedules the next step of a drain chain (a stale chain's request is ignored). */
export const scheduleDrainStep = internalMutation({
  args: {
    backfillId: v.id("coverBackfills"),
    generation: v.optional(v.number()),
    at: v.number(),
    waitingForSourceUntil: v.optional(v.number()),
    failed: v.optional(v.boolean()),
  },
  returns: v.boolean(),
  handler: (ctx, args) => scheduleStep(ctx, args),
});

/** Deletes the queue of a run that stopped after repeated errors, a chunk at a time. */
export const clearStoppedRunQueue = internalMutation({
  args: { backfillId: v.id("coverBackfills") },
  returns: v.null(),
  handler: async (ctx, args) => {
    await clearQueue(ctx, args);
    return null;
  },
});

/** The stall cron (convex/crons.ts): re-arms running drains whose next step is long overdue. */
export const rearmStalledDrains = internalMutation({
  args: {},
  returns: v.number(),
  handler: (ctx) => rearmStalled(ctx),
});

/** One step of an import's server-side backfill; schedules the next step itself, even after an error. */
export const drainImportBackfill = internalAction({
  args: { backfillId: v.id("coverBackfills"), generation: v.optional(v.number()) },
  returns: v.null(),
  handler: async (ctx, args) => {
    await drainImportBackfillStep(ctx, args);
    return null;
  },
});

/** Live backfill progress for the caller: an import's run when `importId` is given, else the latest run. */
export const progress = query({
  args: { importId: v.optional(v.id("imports")) },
  handler: async (ctx, args) => {
    const userId = await requireUserId(ctx);
    return await getBackfillProgress(ctx, userId, args.importId);
  },
});
