import { authTables } from "@convex-dev/auth/server";
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
import { BOOK_STATUSES } from "../lib/books/status";
import { IMPORT_FORMATS } from "../lib/import/formats";
import { coverSourceIds } from "../lib/cover/sources";

/** Derived from the one status list (lib/books/status.ts), so adding a status there adds it here. */
export const bookStatus = v.union(...BOOK_STATUSES.map((status) => v.literal(status)));

/** Derived from the import formats `parseImportFile` reports (lib/import/formats.ts). */
export const importFormat = v.union(...IMPORT_FORMATS.map((format) => v.literal(format)));

/** Derived from the registered cover sources (lib/cover/sources/registry.ts): a new source is a new literal here. */
export const coverSource = v.union(...coverSourceIds().map((id) => v.literal(id)));

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

/** One reading of a book (lib/books/readerFields.ts): start and end dates, `YYYY-MM-DD`, each when known. */
export const bookRead = v.object({ started: v.optional(v.string()), finished: v.optional(v.string()) });

/**
 * What the reader wrote and how they hold the book (bounded by lib/books/readerFields.ts): written
 * by imports and `books.update`, returned by `books.get` to its owner only.
 */
export const readerFieldValidators = {
  /** Plain text (never HTML), line breaks kept. */
  review: v.optional(v.string()),
  reviewSpoiler: v.optional(v.boolean()),
  /** Private to the reader: only ever returned to the book's owner. */
  privateNotes: v.optional(v.string()),
  /** Every read, oldest first as the source listed them. */
  reads: v.optional(v.array(bookRead)),
  readCount: v.optional(v.number()),
  owned: v.optional(v.boolean()),
  moods: v.optional(v.array(v.string())),
};

export const backfillTrigger = v.union(v.literal("import"), v.literal("create"), v.literal("manual"));

/** A transient error a book's lookup met (kept between an import's drain steps). */
export const transientReason = v.union(v.literal("timeout"), v.literal("upstream_error"));

/** Where a book's lookup stands between steps (lib/backfill/bookState.ts `LookupProgress`). */
export const lookupProgressFields = {
  /** The next lookup stage to consider (a stage id such as "ol.search"). */
  stage: v.optional(v.string()),
  /** Sources whose ISBN stages know the book's ISBN. */
  knownTo: v.optional(v.array(v.string())),
  /** The worst transient error a request for it met. */
  worst: v.optional(transientReason),
  /** Sources skipped because they were paused. */
  waitedFor: v.optional(v.array(v.string())),
};

/** One cover of a catalogue fact: its URL and what it must agree with (lib/cover/catalogue.ts). */
export const factCover = v.object({
  url: v.string(),
  titles: v.array(v.string()),
  authors: v.optional(v.array(v.string())),
});

/** A bibliographic fact a cover source answered (lib/cover/catalogue.ts `CatalogueFact`). */
export const catalogueFact = v.object({
  stage: v.string(),
  key: v.string(),
  known: v.boolean(),
  covers: v.array(factCover),
});

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
    /**
     * The source keys (`ol:<cover id>`, `gb:<volume id>`) of the found cover and of a chosen (not
     * uploaded) cover: the deployment's one stored copy per source cover (`storedCovers`) is found,
     * shown and swept by these. Derived from `apiCoverUrl`/`coverUrl` by bookWrites, never by callers.
     */
    foundCoverKey: v.optional(v.string()),
    chosenCoverKey: v.optional(v.string()),
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
    // What the reader wrote (review, notes, reads, owned, moods)
    ...readerFieldValidators,
    createdAt: v.number(),
    updatedAt: v.number(),
    // Listing keys (lib/books/listingKeys.ts), written with every insert and every change of the
    // fields they come from by convex/model/bookWrites.ts; optional only for books written before
    // they existed (internal.library.backfillListingKeys fills those in).
    /** Title sort key: case, accents and a leading article ignored, numbers by value. */
    titleKey: v.optional(v.string()),
    /** Author sort key: the first author's surname first. */
    authorKey: v.optional(v.string()),
    /** Title and author, for the search index. */
    searchText: v.optional(v.string()),
    /** When the book joined the library: the imported date added, else `createdAt`. */
    addedAt: v.optional(v.number()),
    /**
     * True while the book is counted in `libraryCounts.withoutCover` (it has neither cover). Kept by
     * bookWrites with every change of the cover fields; absent on books written before the count
     * existed, which the listing-key migration counts.
     */
    countedWithoutCover: v.optional(v.boolean()),
  })
    // The reader's books in creation order (paged scans: delete-all, migrations); the
    // missing-cover index sorts differently.
    // eslint-disable-next-line @convex-dev/no-duplicate-indexes
    .index("by_user", ["userId"])
    // The wall's orders, each with and without a status filter, so a page is one index range.
    .index("by_user_added", ["userId", "addedAt"])
    .index("by_user_status_added", ["userId", "status", "addedAt"])
    .index("by_user_title", ["userId", "titleKey"])
    .index("by_user_status_title", ["userId", "status", "titleKey"])
    .index("by_user_author", ["userId", "authorKey"])
    .index("by_user_status_author", ["userId", "status", "authorKey"])
    .index("by_user_rating", ["userId", "rating"])
    .index("by_user_status_rating", ["userId", "status", "rating"])
    .searchIndex("search_title_author", { searchField: "searchText", filterFields: ["userId", "status"] })
    // Books missing both covers sort first within a user (undefined is the smallest value),
    // so the backfill scan costs O(books missing covers), ordered by when they may be retried.
    .index("by_user_missing_cover", ["userId", "coverUrl", "apiCoverUrl", "coverRetryAt"])
    .index("by_user_isbn", ["userId", "isbn"])
    .index("by_user_dedup_key", ["userId", "dedupKey"])
    .index("by_user_goodreads_id", ["userId", "goodreadsId"])
    // A stored file backs at most one book's cover, so no one can attach (and later delete) a file
    // that is already another book's cover.
    .index("by_cover_storage", ["coverStorageId"])
    // Which books use a source cover: a copy no book uses is swept; a refused one is taken off them.
    .index("by_found_cover_key", ["foundCoverKey"])
    .index("by_chosen_cover_key", ["chosenCoverKey"]),

  /**
   * Per-reader book counts, kept in the same transaction as every insert, delete and status change
   * (convex/model/libraryCounts.ts), so the toolbar never counts the library.
   */
  libraryCounts: defineTable({
    userId: v.id("users"),
    total: v.number(),
    /** Books per status; a status with no books may be missing. */
    byStatus: v.record(v.string(), v.number()),
    /** Books with neither the reader's own nor a found cover (absent before the count existed: 0). */
    withoutCover: v.optional(v.number()),
  }).index("by_user", ["userId"]),

  /** A reader's shelves (imported Goodreads shelves and the like) with how many books are on each. */
  libraryShelves: defineTable({
    userId: v.id("users"),
    /** shelfKeyFor(name): the shelf's identity. */
    key: v.string(),
    /** The name as first imported. */
    name: v.string(),
    count: v.number(),
  }).index("by_user_key", ["userId", "key"]),

  /**
   * One row per (book, shelf), carrying the book's listing keys, so "books on this shelf" pages in
   * every order like the books themselves. Written by the shelf sync (convex/model/shelves.ts).
   */
  shelfEntries: defineTable({
    userId: v.id("users"),
    shelf: v.string(),
    bookId: v.id("books"),
    status: bookStatus,
    addedAt: v.number(),
    titleKey: v.string(),
    authorKey: v.string(),
    rating: v.optional(v.number()),
  })
    .index("by_book", ["bookId"])
    .index("by_shelf_added", ["userId", "shelf", "addedAt"])
    .index("by_shelf_status_added", ["userId", "shelf", "status", "addedAt"])
    .index("by_shelf_title", ["userId", "shelf", "titleKey"])
    .index("by_shelf_status_title", ["userId", "shelf", "status", "titleKey"])
    .index("by_shelf_author", ["userId", "shelf", "authorKey"])
    .index("by_shelf_status_author", ["userId", "shelf", "status", "authorKey"])
    .index("by_shelf_rating", ["userId", "shelf", "rating"])
    .index("by_shelf_status_rating", ["userId", "shelf", "status", "rating"]),

  /**
   * A reader's shelf sync is scheduled or running (one document while it is, none otherwise).
   * Writers read this, never the queue, so queueing a book never conflicts with the sync's progress.
   */
  shelfSyncs: defineTable({
    userId: v.id("users"),
    /** When the sync was last scheduled or last reported progress; an old one has stopped. */
    scheduledAt: v.number(),
  }).index("by_user", ["userId"]),

  /** Books whose shelf entries must be brought up to date (or removed) by the scheduled shelf sync. */
  shelfSyncQueue: defineTable({
    userId: v.id("users"),
    bookId: v.id("books"),
    /** Queued by the book's insert: it has no entries yet, so the sync need not look for any. */
    isNew: v.optional(v.boolean()),
  }).index("by_user", ["userId"]),

  /** "Delete all my books": one scheduled job per request, deleting a chunk per step. */
  libraryDeletions: defineTable({
    userId: v.id("users"),
    state: v.union(v.literal("running"), v.literal("done")),
    /** Books in the library when the deletion started. */
    total: v.number(),
    deleted: v.number(),
    startedAt: v.number(),
    finishedAt: v.optional(v.number()),
  }).index("by_user", ["userId"]),

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
    /** When the drain's next step is due (set whenever one is scheduled); the stall cron re-arms runs far past it. */
    nextStepAt: v.optional(v.number()),
    /** Bumped when the cron re-arms a stalled run: steps of an older chain stop. */
    generation: v.optional(v.number()),
    /** The drain is waiting for a paused cover source until then (shown in the progress). */
    waitingForSourceUntil: v.optional(v.number()),
    /** ... and which source that is. */
    waitingForSource: v.optional(coverSource),
    /** How many searches the last step was granted: the next one lists about that many books. */
    searchHint: v.optional(v.number()),
    /** Steps whose requests are out (their books marked in flight): at most MAX_STEPS_IN_FLIGHT. */
    inFlight: v.optional(v.array(v.object({ holder: v.string(), at: v.number() }))),
    /** Drain steps that failed with an error (caught, recorded, rescheduled). */
    stepErrors: v.optional(v.number()),
    /** Failed steps since the last one that worked; at MAX_CONSECUTIVE_STEP_ERRORS the run stops. */
    consecutiveStepErrors: v.optional(v.number()),
    /** The run ended because its steps kept failing (its queue is kept for the next run). */
    stoppedAfterErrors: v.optional(v.boolean()),
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
   * shared between Convex function runs): the slots granted (lib/cover/pacing.ts `PacingState`).
   * Written once per lookup step (all its slots) or interactive request, never once per bulk request.
   */
  sourcePacing: defineTable({
    source: coverSource,
    /** Every granted slot of the last minute and every future one (epoch ms, ascending). */
    slots: v.optional(v.array(v.number())),
    /** The bulk slots among them the bulk window still sees. */
    bulk: v.optional(v.array(v.number())),
    /** The token bucket's state after the slots already dropped. */
    tat: v.optional(v.number()),
    /** Readers' bulk runs asking lately, with their slots in the fairness window. */
    bulkRuns: v.optional(v.array(v.object({ key: v.string(), askedAt: v.number(), slots: v.array(v.number()) }))),
    /** Readers' interactive token buckets. */
    readers: v.optional(v.array(v.object({ key: v.string(), tat: v.number() }))),
    /** Deprecated (slots before the step-batched pacing); ignored. */
    recent: v.optional(v.array(v.number())),
    /** The source answered 429/503: no run of the deployment sends to it before this time. */
    pausedUntil: v.optional(v.number()),
    /** 429/503 answers without Retry-After in a row: the growing default pause's exponent. */
    pauseStrikes: v.optional(v.number()),
    /** Why the pause was set: the source asked us to slow down (429/503), or refused us (403). */
    pauseReason: v.optional(v.union(v.literal("rate_limited"), v.literal("refused"))),
    /** Deprecated (turns before the step-batched pacing); ignored. */
    runs: v.optional(v.array(v.object({ key: v.string(), askedAt: v.number(), servedAt: v.number() }))),
  }).index("by_source", ["source"]),

  /**
   * The deployment's catalogue of what cover sources answered: one bibliographic fact per lookup
   * stage and key (`isbn:<ISBN-13>`, or a normalised `ta:<title>|<author>`), with nothing about who
   * asked. Every lookup reads it first; facts expire (lib/cover/catalogue.ts).
   */
  coverCatalogue: defineTable({
    stage: v.string(),
    key: v.string(),
    known: v.boolean(),
    covers: v.array(factCover),
    checkedAt: v.number(),
    expiresAt: v.number(),
  }).index("by_stage_key", ["stage", "key"]),

  /**
   * The deployment's stored copies of source covers (convex/model/storedCovers.ts): one document per
   * source cover (`key`, e.g. `ol:<cover id>`), nothing about readers. `pending` until the fetcher has
   * the image, `stored` with the checked copy in Convex storage, `refused` when the server saw it gone
   * or not a cover (kept as a fact: no book gets that cover again). Link-only sources (Google's terms)
   * get a document only to remember a refusal.
   */
  storedCovers: defineTable({
    key: v.string(),
    source: coverSource,
    /** The source URL the copy is fetched from. */
    sourceUrl: v.string(),
    state: v.union(v.literal("pending"), v.literal("stored"), v.literal("refused")),
    /** Pending: when the fetcher may take it (a claim or a transient failure's back-off moves it). */
    dueAt: v.optional(v.number()),
    /** Transient failures so far (timeouts, 5xx, 429): they never refuse a cover. */
    attempts: v.optional(v.number()),
    storageId: v.optional(v.id("_storage")),
    /** The stored file's URL (stable while the file exists). */
    url: v.optional(v.string()),
    width: v.optional(v.number()),
    height: v.optional(v.number()),
    bytes: v.optional(v.number()),
    mime: v.optional(v.string()),
    /** Why the server refused it: `gone` (404/410) or a `checkCoverImage` refusal code. */
    refusal: v.optional(v.string()),
    createdAt: v.number(),
    settledAt: v.optional(v.number()),
  })
    .index("by_key", ["key"])
    .index("by_state_due", ["state", "dueAt"]),

  /** The cover image hosts' own pacing, per source (lib/cover/pacing.ts rules over `imagePacing`). */
  coverImagePacing: defineTable({
    source: coverSource,
    slots: v.array(v.number()),
    bulk: v.array(v.number()),
    tat: v.optional(v.number()),
    bulkRuns: v.array(v.object({ key: v.string(), askedAt: v.number(), slots: v.array(v.number()) })),
    readers: v.array(v.object({ key: v.string(), tat: v.number() })),
    pausedUntil: v.optional(v.number()),
    pauseStrikes: v.optional(v.number()),
    pauseReason: v.optional(v.union(v.literal("rate_limited"), v.literal("refused"))),
  }).index("by_source", ["source"]),

  /** The one stored-copy fetcher chain: when its next step is due and which chain is current. */
  coverCopyFetcher: defineTable({
    nextStepAt: v.number(),
    generation: v.number(),
    /** When the running step started (absent between steps). */
    running: v.optional(v.number()),
  }),

  /** Broken-cover reports per reader in the current window (`books.reportBrokenCover` is rate limited). */
  coverReportWindows: defineTable({
    userId: v.id("users"),
    windowStart: v.number(),
    count: v.number(),
  }).index("by_user", ["userId"]),
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
    /**
     * When the drain takes the book next: a small rank while it is ready (0: an ISBN stage next, 1: a
     * search for a book without ISBN, 2: a search after its ISBN answers; see importBackfill.ts
     * `dueRank`), or the time a wait ends (a paused source, another run's lease, a retry).
     */
    dueAt: v.optional(v.number()),
    ...lookupProgressFields,
    /** Its lookup already ended once with a transient error: the next failure is recorded. */
    retried: v.optional(v.boolean()),
    /** Times the book was left waiting for a paused source; at MAX_SOURCE_WAITS it leaves the queue. */
    sourceWaits: v.optional(v.number()),
    /** Deprecated (before the step-batched drain); ignored. */
    retryAt: v.optional(v.number()),
    isbnChecked: v.optional(v.boolean()),
    isbnKnown: v.optional(v.boolean()),
  })
    .index("by_backfill_book", ["backfillId", "bookId"])
    // Whether a book is queued (the wall's "Finding cover…").
    .index("by_book", ["bookId"])
    // Ready entries by rank (ISBN stages first), then waits by when they end.
    .index("by_backfill_due", ["backfillId", "dueAt"]),
});
