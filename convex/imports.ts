/**
 * Import commit and the preview's duplicate lookup. Thin wrappers: validators, auth, one call into
 * convex/model/importCommit.ts or convex/model/importMerge.ts.
 */
import { ConvexError, v } from "convex/values";
import { mutation, query } from "./_generated/server";
import { requireUserId } from "./model/auth";
import { commitImportChunk } from "./model/importCommit";
import { FIND_EXISTING_MAX_KEYS, findExistingKeys } from "./model/importMerge";
import { importChunkResultValidator, importFormatValidator, importRowValidator } from "./model/importRowValidator";

/**
 * Commits one chunk (≤ CHUNK_MAX_ROWS = 250 rows) of an import. Idempotent per
 * (clientImportId, line): a retried chunk returns the same outcomes and ids and writes nothing new.
 * Returns this chunk's `{ created, merged, skipped, failed: { line, reason }[], createdBookIds,
 * mergedBookIds }`.
 */
export const commit = mutation({
  args: {
    /** Client-generated uuid, the same for every chunk of one import. */
    clientImportId: v.string(),
    format: importFormatValidator,
    rows: v.array(importRowValidator),
    /** Start the server-side cover backfill for this chunk's books (the client's feature flag; default on). */
    startCoverBackfill: v.optional(v.boolean()),
  },
  returns: importChunkResultValidator,
  handler: async (ctx, args) => {
    const userId = await requireUserId(ctx);
    return await commitImportChunk(ctx, userId, args);
  },
});

/**
 * Which of these ISBN-13s, Goodreads ids and dedup keys (`dedupKeyFor(title, author)`) are already
 * in the caller's library, with the keys (never titles or authors) of the books an import would
 * merge into, so the preview applies the commit's same-book rule. At most 500 of each per call;
 * the UI batches.
 */
export const findExisting = query({
  args: { isbns: v.array(v.string()), dedupKeys: v.array(v.string()), goodreadsIds: v.optional(v.array(v.string())) },
  returns: v.object({
    isbns: v.array(v.string()),
    dedupKeys: v.array(v.string()),
    books: v.array(
      v.object({
        id: v.id("books"),
        isbn: v.optional(v.string()),
        goodreadsId: v.optional(v.string()),
        dedupKey: v.string(),
        createdAt: v.number(),
      }),
    ),
  }),
  handler: async (ctx, args) => {
    const userId = await requireUserId(ctx);
    const sizes = [args.isbns.length, args.dedupKeys.length, args.goodreadsIds?.length ?? 0];
    if (sizes.some((n) => n > FIND_EXISTING_MAX_KEYS)) {
      throw new ConvexError({
        code: "too_many_keys",
        message: `Look up at most ${FIND_EXISTING_MAX_KEYS} ISBNs, ${FIND_EXISTING_MAX_KEYS} Goodreads ids and ${FIND_EXISTING_MAX_KEYS} keys per call.`,
      });
    }
    return await findExistingKeys(ctx, userId, args);
  },
});
