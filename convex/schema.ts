import { authTables } from "@convex-dev/auth/server";
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
import { BOOK_STATUSES } from "../lib/books/status";
import { IMPORT_FORMATS } from "../lib/import/formats";

/** Derived from the one status list (lib/books/status.ts), so adding a status there adds it here. */
export const bookStatus = v.union(...BOOK_STATUSES.map((status) => v.literal(status)));

/** Derived from the import formats `parseImportFile` reports (lib/import/formats.ts). */
export const importFormat = v.union(...IMPORT_FORMATS.map((format) => v.literal(format)));

export const coverSource = v.union(v.literal("open-library"), v.literal("google-books"));

export const coverFailureReason = v.union(
  v.literal("no_metadata"),
  v.literal("not_found"),
  v.literal("timeout"),
  v.literal("rate_limited"),
  v.literal("upstream_error"),
);

export const backfillTrigger = v.union(v.literal("import"), v.literal("create"), v.literal("manual"));

export default defineSchema({
  ...authTables,

  books: defineTable({
    userId: v.id("users"),
    title: v.string(),
    author: v.string(),
    /** Normalised ISBN-13 when derivable. */
    isbn: v.optional(v.string()),
    status: bookStatus,
    /** The reader's own cover: an upload in Convex storage or a cover they picked. Never written by the backfill. */
    coverUrl: v.optional(v.string()),
    coverStorageId: v.optional(v.id("_storage")),
    /** A cover found by lookup (Open Library / Google Books). */
    apiCoverUrl: v.optional(v.string()),
    apiSource: v.optional(coverSource),
    /** Cover-attempt bookkeeping: when the last failed lookup ran, how many failed, why, and when a bulk run may try again. */
    coverAttemptedAt: v.optional(v.number()),
    coverAttempts: v.optional(v.number()),
    coverLastReason: v.optional(coverFailureReason),
    coverRetryAt: v.optional(v.number()),
    /**
     * Covers this book must never get again, as source keys (`ol:<cover id>`, `gb:<volume id>`): ones
     * the reader turned down and ones that failed to load. Bounded (lib/cover/coverKeys.ts).
     */
    rejectedCovers: v.optional(v.array(v.string())),
    /** Set while a lookup the reader asked for ("Not this cover") runs, so the tile says it is looking. */
    coverLookupStartedAt: v.optional(v.number()),
    /** Normalised "title|author" key used for duplicate detection. */
    dedupKey: v.string(),
    // Import metadata
    goodreadsId: v.optional(v.string()),
    rating: v.optional(v.number()),
    dateRead: v.optional(v.string()),
    dateAdded: v.optional(v.string()),
    shelves: v.optional(v.array(v.string())),
    publisher: v.optional(v.string()),
    pages: v.optional(v.number()),
    yearPublished: v.optional(v.number()),
    createdAt: v.number(),
    updatedAt: v.number(),
  })
    // Library order (newest first by _creationTime); the missing-cover index sorts differently.
    // eslint-disable-next-line @convex-dev/no-duplicate-indexes
    .index("by_user", ["userId"])
    // Books missing both covers sort first within a user (undefined is the smallest value),
    // so the backfill scan costs O(books missing covers), ordered by when they may be retried.
    .index("by_user_missing_cover", ["userId", "coverUrl", "apiCoverUrl", "coverRetryAt"])
    .index("by_user_isbn", ["userId", "isbn"])
    .index("by_user_dedup_key", ["userId", "dedupKey"])
    .index("by_user_goodreads_id", ["userId", "goodreadsId"])
    // A stored file backs at most one book's cover, so no one can attach (and later delete) a file
    // that is already another book's cover.
    .index("by_cover_storage", ["coverStorageId"]),

  imports: defineTable({
    userId: v.id("users"),
    /** Client-generated id that makes chunk retries idempotent. */
    clientImportId: v.string(),
    format: importFormat,
    createdAt: v.number(),
    /** Rows recorded in `importRows` so far; enforces the 10,000-row cap without scanning them. */
    rowCount: v.optional(v.number()),
  }).index("by_user_client_id", ["userId", "clientImportId"]),

  importRows: defineTable({
    importId: v.id("imports"),
    line: v.number(),
    outcome: v.union(v.literal("created"), v.literal("merged"), v.literal("skipped"), v.literal("failed")),
    bookId: v.optional(v.id("books")),
    reason: v.optional(v.string()),
  }).index("by_import_line", ["importId", "line"]),

  /** One server-side backfill run (import trigger): progress for the reactive query. */
  coverBackfills: defineTable({
    userId: v.id("users"),
    trigger: backfillTrigger,
    importId: v.optional(v.id("imports")),
    total: v.number(),
    processed: v.number(),
    found: v.number(),
    notFound: v.number(),
    state: v.union(v.literal("running"), v.literal("done")),
    /** Failure counts by reason code, for the run's log line. */
    reasons: v.optional(
      v.object({
        no_metadata: v.optional(v.number()),
        not_found: v.optional(v.number()),
        timeout: v.optional(v.number()),
        upstream_error: v.optional(v.number()),
      }),
    ),
    startedAt: v.number(),
    updatedAt: v.number(),
    finishedAt: v.optional(v.number()),
  })
    .index("by_user_started", ["userId", "startedAt"])
    .index("by_import", ["importId"]),

  /**
   * Request pacing per cover source, shared by every action of the deployment (module state is not
   * shared between Convex function runs): the start times of the last few reserved request slots.
   */
  sourcePacing: defineTable({
    source: coverSource,
    recent: v.array(v.number()),
  }).index("by_source", ["source"]),

  /** Broken-cover reports per reader in the current window (`books.reportBrokenCover` is rate limited). */
  coverReportWindows: defineTable({
    userId: v.id("users"),
    windowStart: v.number(),
    count: v.number(),
  }).index("by_user", ["userId"]),

  /** Books waiting for a server-side backfill run. */
  coverBackfillQueue: defineTable({
    backfillId: v.id("coverBackfills"),
    userId: v.id("users"),
    bookId: v.id("books"),
    /** Set when a first lookup timed out or met a server error: try once more at this time. */
    retryAt: v.optional(v.number()),
    /** The Books API already answered for this book's ISBN without a cover: search only. */
    isbnChecked: v.optional(v.boolean()),
  })
    .index("by_backfill_book", ["backfillId", "bookId"])
    // First-pass entries (no retryAt) first, then retries by when they are due.
    .index("by_backfill_retry", ["backfillId", "retryAt"]),
});
