import { authTables } from "@convex-dev/auth/server";
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export const bookStatus = v.union(v.literal("want-to-read"), v.literal("currently-reading"), v.literal("read"));

export const coverSource = v.union(v.literal("open-library"), v.literal("google-books"));

export const coverFailureReason = v.union(
  v.literal("no_metadata"),
  v.literal("not_found"),
  v.literal("timeout"),
  v.literal("rate_limited"),
  v.literal("upstream_error"),
);

/**
 * One lookup's answer, as the lookup action returns it and the backfill's writers take it: a
 * cover, a failure code, or one of the two answers that say nothing about the book (`rate_limited`:
 * a source is paused; `not_sent`: the request never went out within the batch's budget).
 */
export const lookupResult = v.union(
  v.object({ apiCoverUrl: v.string(), apiSource: coverSource }),
  v.object({
    reason: v.union(coverFailureReason, v.literal("not_sent")),
    retryAfterMs: v.optional(v.number()),
    pausedSources: v.optional(v.array(coverSource)),
    allPaused: v.optional(v.boolean()),
  }),
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
    format: v.union(v.literal("goodreads"), v.literal("csv"), v.literal("txt")),
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
    /** When the drain's next step is due (set whenever one is scheduled); the stall cron re-arms runs far past it. */
    nextStepAt: v.optional(v.number()),
    /** Bumped when the cron re-arms a stalled run: steps of an older chain stop. */
    generation: v.optional(v.number()),
    /** The drain is waiting for a paused cover source until then (shown in the progress). */
    waitingForSourceUntil: v.optional(v.number()),
    /** Drain steps that failed with an error (caught, recorded, rescheduled). */
    stepErrors: v.optional(v.number()),
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
    .index("by_import", ["importId"])
    // Running runs by when their next step is due: the stall cron reads only the overdue ones.
    .index("by_state_next_step", ["state", "nextStepAt"]),

  /**
   * Request pacing per cover source, shared by every action of the deployment (module state is not
   * shared between Convex function runs): the start times of the last few reserved request slots.
   */
  sourcePacing: defineTable({
    source: coverSource,
    recent: v.array(v.number()),
    /** The source answered 429/503: no run of the deployment sends to it before this time. */
    pausedUntil: v.optional(v.number()),
    /** 429/503 answers without Retry-After in a row: the growing default pause's exponent. */
    pauseStrikes: v.optional(v.number()),
    /** Bulk runs (one key per reader) that asked lately, and when each was last served: they take turns. */
    runs: v.optional(v.array(v.object({ key: v.string(), askedAt: v.number(), servedAt: v.number() }))),
  }).index("by_source", ["source"]),

  /**
   * A book being looked up right now, claimed by one batch (`holder`) until `expiresAt`, so parallel
   * runs (several menu runs, the import drain and the menu) skip it instead of looking it up twice.
   */
  coverLookupLeases: defineTable({
    bookId: v.id("books"),
    holder: v.string(),
    expiresAt: v.number(),
  }).index("by_book", ["bookId"]),

  /**
   * Cover uploads handed out to a reader and not attached yet: one row per upload URL issued
   * (`storageId` once the bytes were checked). Limits pending uploads per reader; the sweep cron
   * deletes unattached uploads older than an hour.
   */
  coverUploads: defineTable({
    userId: v.id("users"),
    issuedAt: v.number(),
    storageId: v.optional(v.id("_storage")),
    /** The image type found in the stored bytes (set by the server-side check). */
    checkedType: v.optional(v.string()),
  })
    .index("by_user_issued", ["userId", "issuedAt"])
    .index("by_storage", ["storageId"])
    .index("by_issued", ["issuedAt"]),

  /** Where the upload sweep stopped walking `_storage` (creation time of the last file it looked at). */
  uploadSweeps: defineTable({ checkedUpTo: v.number() }),

  /** Books waiting for a server-side backfill run. */
  coverBackfillQueue: defineTable({
    backfillId: v.id("coverBackfills"),
    userId: v.id("users"),
    bookId: v.id("books"),
    /** Set when a first lookup timed out or met a server error: try once more at this time. */
    retryAt: v.optional(v.number()),
    /** The Books API already answered for this book's ISBN without a cover: search only. */
    isbnChecked: v.optional(v.boolean()),
    /** ... and it knows the edition (its work may well have a cover): searched before the others. */
    isbnKnown: v.optional(v.boolean()),
  })
    .index("by_backfill_book", ["backfillId", "bookId"])
    // First-pass entries (no retryAt) first, then retries by when they are due.
    .index("by_backfill_retry", ["backfillId", "retryAt"]),
});
