import { v } from "convex/values";
import { internalAction } from "../_generated/server";
import { lookupOpenLibraryCoversByIsbn } from "../../lib/cover/openLibrary";
import { defaultOpenLibraryLimiter, searchCover } from "../../lib/cover/searchCover";
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
  args: {
    title: v.optional(v.string()),
    author: v.optional(v.string()),
    isbn: v.optional(v.string()),
    /** Source keys of covers this book must never get again (`rejectedCovers`). */
    rejected: v.optional(v.array(v.string())),
    /** A batch prefetch already asked Open Library's Books API about this ISBN and got no cover. */
    openLibraryIsbnChecked: v.optional(v.boolean()),
    /** Epoch ms after which the lookup is abandoned (reported as `timeout`): the batch's time budget. */
    deadline: v.optional(v.number()),
  },
  returns: coverSearchResult,
  handler: async (_ctx, { openLibraryIsbnChecked, deadline, ...book }) => {
    const controller = new AbortController();
    const timer = deadline === undefined ? undefined : setTimeout(() => controller.abort(), Math.max(0, deadline - Date.now()));
    try {
      return await searchCover(book, {
        googleApiKey: process.env.GOOGLE_BOOKS_API_KEY || undefined,
        contact: process.env.COVER_LOOKUP_CONTACT || undefined,
        openLibraryIsbnChecked,
        signal: controller.signal,
      });
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
  },
});

/**
 * Resolves many ISBNs at once with Open Library's Books API (up to 50 per request), so a batch
 * does not spend one slow lookup per ISBN book. Unanswered ISBNs (a request failed) are left out.
 */
export const prefetchOpenLibraryCovers = internalAction({
  args: { isbns: v.array(v.string()) },
  returns: v.object({
    covers: v.array(v.object({ isbn: v.string(), apiCoverUrl: v.union(v.string(), v.null()) })),
    error: v.optional(v.object({ reason: coverFailureReason, retryAfterMs: v.optional(v.number()) })),
  }),
  handler: async (_ctx, { isbns }) => {
    const { covers, error } = await lookupOpenLibraryCoversByIsbn(isbns, {
      contact: process.env.COVER_LOOKUP_CONTACT || undefined,
      limiter: defaultOpenLibraryLimiter(),
    });
    return {
      covers: [...covers].map(([isbn, apiCoverUrl]) => ({ isbn, apiCoverUrl })),
      ...(error
        ? { error: { reason: error.reason, ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}) } }
        : {}),
    };
  },
});
