import { v } from "convex/values";
import { internalAction } from "../_generated/server";
import { lookUpCover } from "../model/coverLookup";
import { lookupResult } from "../schema";

/** `{ apiCoverUrl, apiSource }` when a cover was found, else `{ reason, ... }` (see `lookupResult`). */
export const coverSearchResult = lookupResult;

/** A lookup through this contract sends no request later than this after it started. */
export const SEARCH_BUDGET_MS = 9_500;

/**
 * One book's `{ title?, author?, isbn? }` -> `{ apiCoverUrl, apiSource }` or `{ reason }`: a thin
 * wrapper over the plain lookup every other path uses (convex/model/coverLookup.ts `lookUpCover`):
 * the catalogue first, then the enabled sources' stages, every request on a deployment-wide slot.
 * Never logs or throws book data.
 */
export const search = internalAction({
  args: {
    title: v.optional(v.string()),
    author: v.optional(v.string()),
    isbn: v.optional(v.string()),
    /** Source keys of covers this book must never get again (`rejectedCovers`). */
    rejected: v.optional(v.array(v.string())),
    /** Interactive (default: a reader waits) or bulk. */
    priority: v.optional(v.union(v.literal("interactive"), v.literal("bulk"))),
    /** Whose lookup this is (a reader id): their interactive bound and bulk share. */
    runKey: v.optional(v.string()),
  },
  returns: coverSearchResult,
  handler: async (ctx, { priority, runKey, ...book }) =>
    await lookUpCover(ctx, book, { priority: priority ?? "interactive", key: runKey ?? "search", budgetMs: SEARCH_BUDGET_MS }),
});
