/**
 * Stored covers' internal functions (thin: validators, one call into model/storedCovers*.ts): the
 * fetcher chain, taking a refused cover off books, the server's re-check of a reported cover, and
 * the migration for existing deployments:
 *
 *   npx convex run storedCovers:migrateCoverCopies '{}'
 *
 * gives every book its cover keys and asks for the stored copies of the covers books already use
 * (the fetches go through the image host's pacing); it schedules itself page by page, logs
 * `{ event, examined, updated, done }` per page, and is safe to run again.
 */
import { v } from "convex/values";
import { internal } from "./_generated/api";
import { internalAction, internalMutation, internalQuery } from "./_generated/server";
import { runCopyStep } from "./model/storedCoverFetch";
import { beginCopyStep as begin, finishCopyStep as finish } from "./model/storedCovers";
import * as CoverBooks from "./model/storedCoverBooks";

const copyRequest = v.object({
  id: v.id("storedCovers"),
  key: v.string(),
  source: v.string(),
  url: v.string(),
  slot: v.number(),
});

const copyOutcome = v.union(
  v.object({
    kind: v.literal("stored"),
    id: v.id("storedCovers"),
    storageId: v.id("_storage"),
    width: v.number(),
    height: v.number(),
    bytes: v.number(),
    mime: v.string(),
  }),
  v.object({ kind: v.literal("refused"), id: v.id("storedCovers"), refusal: v.string() }),
  v.object({
    kind: v.literal("transient"),
    id: v.id("storedCovers"),
    problem: v.string(),
    retryAfterMs: v.optional(v.number()),
  }),
);

/** One step of the deployment's stored-copy fetcher (it schedules the next while copies are pending). */
export const fetchCopies = internalAction({
  args: { generation: v.number() },
  returns: v.null(),
  handler: async (ctx, { generation }) => {
    await runCopyStep(ctx, generation);
    return null;
  },
});

export const beginCopyStep = internalMutation({
  args: { generation: v.number() },
  returns: v.union(v.null(), v.array(copyRequest)),
  handler: async (ctx, { generation }) => await begin(ctx, generation),
});

export const finishCopyStep = internalMutation({
  args: { generation: v.number(), outcomes: v.array(copyOutcome) },
  returns: v.null(),
  handler: async (ctx, { generation, outcomes }) => {
    await finish(ctx, generation, outcomes);
    return null;
  },
});

/** Takes a refused source cover off the books that use it (a page per call) and looks them up again. */
export const takeRefusedCoverOff = internalMutation({
  args: { key: v.string() },
  returns: v.null(),
  handler: async (ctx, { key }) => {
    await CoverBooks.takeRefusedCoverOff(ctx, key);
    return null;
  },
});

const reportArgs = { userId: v.id("users"), bookId: v.id("books"), url: v.string() };

/** The server's own look at a cover a reader's tile could not show (invariant 11). */
export const verifyReportedCover = internalAction({
  args: reportArgs,
  returns: v.union(v.literal("fine"), v.literal("no_cover"), v.literal("unknown")),
  handler: async (ctx, { userId, bookId, url }) => await CoverBooks.verifyReportedCover(ctx, userId, bookId, url),
});

export const reportedCoverState = internalQuery({
  args: reportArgs,
  returns: v.any(),
  handler: async (ctx, { userId, bookId, url }) => await CoverBooks.reportedCoverState(ctx, userId, bookId, url),
});

export const refuseReportedCover = internalMutation({
  args: { ...reportArgs, refusal: v.string() },
  returns: v.null(),
  handler: async (ctx, args) => {
    await CoverBooks.refuseReportedCover(ctx, args);
    return null;
  },
});

export const refetchCopy = internalMutation({
  args: { url: v.string() },
  returns: v.null(),
  handler: async (ctx, { url }) => {
    await CoverBooks.refetchCopy(ctx, url);
    return null;
  },
});

export const reserveCheckSlot = internalMutation({
  args: { source: v.string(), userId: v.id("users") },
  returns: v.union(v.null(), v.number()),
  handler: async (ctx, { source, userId }) => await CoverBooks.reserveCheckSlot(ctx, source, userId),
});

/** The migration (see the module comment): one page per call, then the next page is scheduled. */
export const migrateCoverCopies = internalMutation({
  args: { cursor: v.optional(v.union(v.string(), v.null())) },
  returns: v.object({ examined: v.number(), updated: v.number(), done: v.boolean() }),
  handler: async (ctx, { cursor }) => {
    const page = await CoverBooks.migrateCoverKeysPage(ctx, cursor ?? null);
    // A second apart: the copies themselves are paced by the fetcher; this keeps the queue short.
    if (!page.isDone)
      await ctx.scheduler.runAfter(1_000, internal.storedCovers.migrateCoverCopies, { cursor: page.continueCursor });
    const result = { examined: page.examined, updated: page.updated, done: page.isDone };
    console.info(JSON.stringify({ event: "stored_cover_migration_page", ...result }));
    return result;
  },
});
