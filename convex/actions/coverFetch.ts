import { v } from "convex/values";
import { internalAction, type ActionCtx } from "../_generated/server";
import { coverLookupContact } from "../../lib/cover/http";
import { lookupOpenLibraryCoversByIsbn } from "../../lib/cover/openLibrary";
import { searchCover } from "../../lib/cover/searchCover";
import type { SlotPriority } from "../../lib/cover/rateLimiter";
import { databasePacer } from "../model/sourcePacing";
import { coverFailureReason, lookupResult } from "../schema";

/** `{ apiCoverUrl, apiSource }` when a cover was found, else `{ reason, ... }` (see `lookupResult`). */
export const coverSearchResult = lookupResult;

const priority = v.optional(v.union(v.literal("interactive"), v.literal("bulk")));

/** Aborts at `deadline` (epoch ms), if given. */
function deadlineSignal(deadline: number | undefined): { signal: AbortSignal; clear: () => void } {
  const controller = new AbortController();
  const timer = deadline === undefined ? undefined : setTimeout(() => controller.abort(), Math.max(0, deadline - Date.now()));
  return { signal: controller.signal, clear: () => timer !== undefined && clearTimeout(timer) };
}

function pacers(ctx: ActionCtx, args: { priority?: SlotPriority; slotDeadline?: number; runKey?: string }) {
  const options = { priority: args.priority ?? "interactive", deadline: args.slotDeadline, runKey: args.runKey };
  return {
    openLibraryLimiter: databasePacer(ctx, "open-library", options),
    googleBooksLimiter: databasePacer(ctx, "google-books", options),
  };
}

/**
 * Looks up one book's cover (Open Library, then Google Books when
 * GOOGLE_BOOKS_API_KEY is set). Returns a cover-id/allowlisted https URL or a reason
 * code; never logs or throws book data. Every request takes its own slot of the
 * deployment-wide pacing (`priority`: interactive lookups go first; no slot after
 * `slotDeadline`), and a source's pause is honoured and shared.
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
    /** Epoch ms after which the lookup is abandoned (reported as `not_sent`): the batch's time budget. */
    deadline: v.optional(v.number()),
    /** Epoch ms after which no request slot is taken (the request is not sent). Default: `deadline`. */
    slotDeadline: v.optional(v.number()),
    priority,
    /** Send a request once more when it is still unanswered this long after it was sent. */
    hedgeAfterMs: v.optional(v.number()),
    /** Whose bulk run this is (the reader): bulk slots go round the readers waiting. */
    runKey: v.optional(v.string()),
  },
  returns: coverSearchResult,
  handler: async (ctx, { openLibraryIsbnChecked, deadline, slotDeadline, priority, hedgeAfterMs, runKey, ...book }) => {
    const abort = deadlineSignal(deadline);
    try {
      return await searchCover(book, {
        googleApiKey: process.env.GOOGLE_BOOKS_API_KEY || undefined,
        contact: coverLookupContact(),
        openLibraryIsbnChecked,
        signal: abort.signal,
        hedgeAfterMs,
        // Bulk runs take turns per reader, so a hedge waiting for its slot only spends this
        // reader's share of the rate, and a hung request no longer costs the book a 5 s timeout.
        hedgeWaitsForSlot: true,
        ...pacers(ctx, { priority, slotDeadline: slotDeadline ?? deadline, runKey }),
      });
    } finally {
      abort.clear();
    }
  },
});

/**
 * Resolves many ISBNs at once with Open Library's Books API (up to 50 per request), so a batch
 * does not spend one slow lookup per ISBN book. Unanswered ISBNs (a request failed or was not
 * sent) are left out. Paced, paused and bounded by the deadlines like `search`.
 */
export const prefetchOpenLibraryCovers = internalAction({
  args: {
    isbns: v.array(v.string()),
    deadline: v.optional(v.number()),
    slotDeadline: v.optional(v.number()),
    priority,
    hedgeAfterMs: v.optional(v.number()),
    /** Whose bulk run this is (the reader): bulk slots go round the readers waiting. */
    runKey: v.optional(v.string()),
  },
  returns: v.object({
    covers: v.array(
      v.object({
        isbn: v.string(),
        apiCoverUrl: v.union(v.string(), v.null()),
        /** Open Library has an edition for this ISBN (without a cover, when apiCoverUrl is null). */
        known: v.optional(v.boolean()),
      }),
    ),
    error: v.optional(
      v.object({ reason: v.union(coverFailureReason, v.literal("not_sent")), retryAfterMs: v.optional(v.number()) }),
    ),
  }),
  handler: async (ctx, { isbns, deadline, slotDeadline, priority, hedgeAfterMs, runKey }) => {
    const abort = deadlineSignal(deadline);
    try {
      const { covers, error, known } = await lookupOpenLibraryCoversByIsbn(isbns, {
        contact: coverLookupContact(),
        limiter: pacers(ctx, { priority, slotDeadline: slotDeadline ?? deadline, runKey }).openLibraryLimiter,
        signal: abort.signal,
        hedgeAfterMs,
        // One Books API request answers for up to 50 books: its hedge waits for a slot.
        hedgeWaitsForSlot: true,
      });
      return {
        covers: [...covers].map(([isbn, apiCoverUrl]) => ({ isbn, apiCoverUrl, ...(known?.has(isbn) ? { known: true } : {}) })),
        ...(error
          ? {
              error: {
                reason: error.reason,
                ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
              },
            }
          : {}),
      };
    } finally {
      abort.clear();
    }
  },
});
