import { v } from "convex/values";
import { internalAction } from "../_generated/server";
import { searchCover } from "../../lib/cover/searchCover";
import { coverFailureReason, coverSource } from "../schema";

/** `{ apiCoverUrl, apiSource }` when a cover was found, else `{ reason, retryAfterMs? }`. */
export const coverSearchResult = v.union(
  v.object({ apiCoverUrl: v.string(), apiSource: coverSource }),
  v.object({ reason: coverFailureReason, retryAfterMs: v.optional(v.number()) }),
);

/**
 * Looks up one book's cover (Open Library, then Google Books when
 * GOOGLE_BOOKS_API_KEY is set). Returns a cover-id/allowlisted https URL or a reason
 * code; never logs or throws book data.
 */
export const search = internalAction({
  args: { title: v.optional(v.string()), author: v.optional(v.string()), isbn: v.optional(v.string()) },
  returns: coverSearchResult,
  handler: async (_ctx, args) =>
    searchCover(args, {
      googleApiKey: process.env.GOOGLE_BOOKS_API_KEY || undefined,
      contact: process.env.COVER_LOOKUP_CONTACT || undefined,
    }),
});
