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
  reserveSourceSlot as reserveSlot,
} from "./model/coverBackfill";
import { getBackfillProgress } from "./model/backfillProgress";
import {
  drainImportBackfillStep,
  finishImportBackfillIfEmpty as finishIfEmpty,
  nextQueuedBooks as nextQueued,
  recordImportBackfillBatch as recordBatch,
} from "./model/importBackfill";
import { coverFailureReason, coverSource } from "./schema";

const lookupResult = v.union(
  v.object({ apiCoverUrl: v.string(), apiSource: coverSource }),
  v.object({ reason: coverFailureReason, retryAfterMs: v.optional(v.number()) }),
);

const writeOutcome = v.union(v.literal("updated"), v.literal("skipped"), v.literal("failure_recorded"));

const listedBook = v.object({
  id: v.id("books"),
  title: v.optional(v.string()),
  author: v.optional(v.string()),
  isbn: v.optional(v.string()),
  isbnChecked: v.optional(v.boolean()),
  rejected: v.optional(v.array(v.string())),
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
  args: { userId: v.id("users"), bookId: v.id("books"), result: lookupResult },
  returns: writeOutcome,
  handler: (ctx, args) => applyLookupResultToBook(ctx, args),
});

/** The next request slot for a cover source, shared by every action (see model/coverBackfill.ts). */
export const reserveSourceSlot = internalMutation({
  args: { source: coverSource },
  returns: v.number(),
  handler: (ctx, { source }) => reserveSlot(ctx, source),
});

/** applyLookupResult for many books in one transaction (the covers an ISBN prefetch found). */
export const applyLookupResults = internalMutation({
  args: { userId: v.id("users"), items: v.array(v.object({ bookId: v.id("books"), result: lookupResult })) },
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

/** One step of an import's server-side backfill; schedules the next step itself. */
export const drainImportBackfill = internalAction({
  args: { backfillId: v.id("coverBackfills") },
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
