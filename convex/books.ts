/**
 * Books API. Thin wrappers: args validators, auth, one call into convex/model/books.ts.
 * Every public function needs a signed-in reader and only ever touches that reader's books;
 * another reader's book behaves exactly like a missing one (null from `get`, ConvexError
 * `not_found` "Book not found." from writes).
 *
 * Sections: library (CRUD) · the reader's own cover · cover lookup (per book, and the internal
 * functions the lookup and the backfill write through).
 */
import { paginationOptsValidator, type PaginationResult } from "convex/server";
import { ConvexError, v } from "convex/values";
import { internal } from "./_generated/api";
import { action, internalAction, internalMutation, internalQuery, mutation, query } from "./_generated/server";
import { fetchMissingCoversForUser, type FetchMissingCoversResult } from "./model/backfillRun";
import { countMissingCoverBooks, listMissingCoverBooks, type ListedBook } from "./model/coverBackfill";
import { requireUserId } from "./model/auth";
import * as Books from "./model/books";
import * as CoverChoice from "./model/coverChoice";
import type { CoverCandidate } from "../lib/cover/candidates";
import { librarySort, listLibraryPage, type BookTile } from "./model/libraryListing";
import * as CoverUploads from "./model/coverUploads";
import { bookNotFoundError } from "./model/ownership";
import { bookRead, bookStatus, catalogueFact, coverFailureReason, coverSource } from "./schema";

// ---------------------------------------------------------------------------------------------
// Library

/**
 * One page of the caller's library as wall tiles (`{ _id, title, author, status, rating?, coverUrl?
 * (own) or apiCoverUrl? (found), coverPending?, missingCover? }`), for `usePaginatedQuery` (pages of at most 100). Filters: `status`, `shelf` (a
 * shelf key from `library.shelves`), `search` (title and author, relevance order), `withoutCover`
 * (neither cover: "No cover yet", by when each is due for another look). `sort`: "added"
 * (default, newest first), "title", "author" (surname), "rating" (best first); ignored while searching.
 */
export const list = query({
  args: {
    paginationOpts: paginationOptsValidator,
    status: v.optional(bookStatus),
    shelf: v.optional(v.string()),
    search: v.optional(v.string()),
    sort: v.optional(librarySort),
    withoutCover: v.optional(v.boolean()),
  },
  handler: async (ctx, args): Promise<PaginationResult<BookTile>> => {
    const userId = await requireUserId(ctx);
    return await listLibraryPage(ctx, userId, args);
  },
});

/**
 * One of the caller's books, or null (missing, deleted or another reader's). `coverUrl` is a
 * ready-to-use URL. The whole document: with the reader's review, private notes, reads, read count,
 * owned and moods, which only the owner ever receives.
 */
export const get = query({
  args: { bookId: v.id("books") },
  handler: async (ctx, { bookId }) => {
    const userId = await requireUserId(ctx);
    return await Books.getBook(ctx, userId, bookId);
  },
});

/** Adds a book; returns its id. Validation failures are ConvexError `invalid_argument` with `field`. */
export const create = mutation({
  args: {
    title: v.string(),
    author: v.string(),
    isbn: v.optional(v.string()),
    status: bookStatus,
    coverStorageId: v.optional(v.id("_storage")),
  },
  returns: v.id("books"),
  handler: async (ctx, args) => {
    const userId = await requireUserId(ctx);
    return await Books.createBook(ctx, userId, args);
  },
});

/**
 * Edits a book: title, author, ISBN, status, the reading details (`rating` 0.25–5 in quarter steps,
 * `shelves` the whole list, `dateRead`, `dateAdded` YYYY-MM-DD) and what the reader wrote (review,
 * reviewSpoiler, privateNotes, reads, readCount, owned, moods), each validated and bounded as on
 * import. `null` (or "") clears a field; an absent one is left as it is. Failures are ConvexError
 * `invalid_argument` with `field`.
 */
export const update = mutation({
  args: {
    bookId: v.id("books"),
    title: v.optional(v.string()),
    author: v.optional(v.string()),
    isbn: v.optional(v.union(v.string(), v.null())),
    status: v.optional(bookStatus),
    rating: v.optional(v.union(v.number(), v.null())),
    shelves: v.optional(v.union(v.array(v.string()), v.null())),
    dateRead: v.optional(v.union(v.string(), v.null())),
    dateAdded: v.optional(v.union(v.string(), v.null())),
    review: v.optional(v.union(v.string(), v.null())),
    reviewSpoiler: v.optional(v.union(v.boolean(), v.null())),
    privateNotes: v.optional(v.union(v.string(), v.null())),
    reads: v.optional(v.union(v.array(bookRead), v.null())),
    readCount: v.optional(v.union(v.number(), v.null())),
    owned: v.optional(v.union(v.boolean(), v.null())),
    moods: v.optional(v.union(v.array(v.string()), v.null())),
  },
  returns: v.null(),
  handler: async (ctx, { bookId, ...fields }) => {
    const userId = await requireUserId(ctx);
    await Books.updateBook(ctx, userId, bookId, fields);
    return null;
  },
});

/** Deletes a book and its uploaded cover file. */
export const remove = mutation({
  args: { bookId: v.id("books") },
  returns: v.null(),
  handler: async (ctx, { bookId }) => {
    const userId = await requireUserId(ctx);
    await Books.removeBook(ctx, userId, bookId);
    return null;
  },
});

// ---------------------------------------------------------------------------------------------
// The reader's own cover: upload with `generateUploadUrl`, then attach with `setCover`.

/**
 * A short-lived URL to POST one image to (send the file's Content-Type); the response has
 * `storageId`. A reader may have at most 10 uploads waiting to be attached (ConvexError
 * `too_many_uploads`); unattached uploads are deleted after an hour.
 */
export const generateUploadUrl = mutation({
  args: {},
  returns: v.string(),
  handler: async (ctx) => {
    const userId = await requireUserId(ctx);
    return await Books.generateCoverUploadUrl(ctx, userId);
  },
});

/**
 * Checks an upload by its bytes (JPEG, PNG, WebP, GIF or AVIF, at most 5 MB, whatever type it was
 * uploaded as): call it after the upload and before `create({ coverStorageId })`. A refused file is
 * deleted and reported as ConvexError `invalid_argument` (field `cover`). `setCover` checks itself.
 */
export const checkCoverUpload = action({
  args: { storageId: v.id("_storage") },
  returns: v.null(),
  handler: async (ctx, { storageId }): Promise<null> => {
    const userId = await requireUserId(ctx);
    const result: CoverUploads.UploadCheckResult = await CoverUploads.checkUpload(ctx, userId, storageId);
    if (!result.ok) throw new ConvexError(result.error);
    return null;
  },
});

/**
 * Makes an upload the book's own cover (JPEG, PNG, WebP, GIF or AVIF by its bytes, at most 5 MB)
 * and deletes the previous one. A rejected upload is deleted and reported as ConvexError
 * `invalid_argument`. An action: only actions can read the stored bytes, and the check's mutation
 * commits the deletion of a rejected file before the action throws.
 */
export const setCover = action({
  args: { bookId: v.id("books"), storageId: v.id("_storage") },
  returns: v.null(),
  handler: async (ctx, { bookId, storageId }): Promise<null> => {
    const userId = await requireUserId(ctx);
    const owned = await ctx.runQuery(internal.books.coverLookupInput, { userId, bookId });
    if (owned === null) throw bookNotFoundError();
    const checked: CoverUploads.UploadCheckResult = await CoverUploads.checkUpload(ctx, userId, storageId);
    if (!checked.ok) throw new ConvexError(checked.error);
    const result: Books.AttachCoverResult = await ctx.runMutation(internal.books.attachCover, { userId, bookId, storageId });
    if (!result.ok) throw new ConvexError(result.error);
    return null;
  },
});

/** Removes the book's own cover and deletes its file. A found (API) cover stays. */
export const removeCover = mutation({
  args: { bookId: v.id("books") },
  returns: v.null(),
  handler: async (ctx, { bookId }) => {
    const userId = await requireUserId(ctx);
    await Books.removeCover(ctx, userId, bookId);
    return null;
  },
});

const attachCoverResult = v.union(
  v.object({ ok: v.literal(true) }),
  v.object({ ok: v.literal(false), error: v.object({ code: v.literal("not_found"), message: v.string() }) }),
  v.object({
    ok: v.literal(false),
    error: v.object({ code: v.literal("invalid_argument"), message: v.string(), field: v.literal("cover") }),
  }),
);

/** `checkCoverUpload`'s transaction: deletes a refused file, marks an accepted one checked for the reader. */
export const recordCoverUploadCheck = internalMutation({
  args: { userId: v.id("users"), storageId: v.id("_storage"), size: v.number(), detectedType: v.optional(v.string()) },
  returns: v.union(
    v.object({ ok: v.literal(true) }),
    v.object({
      ok: v.literal(false),
      error: v.object({ code: v.literal("invalid_argument"), message: v.string(), field: v.literal("cover") }),
    }),
  ),
  handler: async (ctx, args) => await CoverUploads.recordUploadCheck(ctx, args),
});

/** The upload sweep cron (convex/crons.ts): deletes uploads nobody attached within an hour. */
export const sweepUnattachedUploads = internalMutation({
  args: {},
  returns: v.number(),
  handler: async (ctx) => await CoverUploads.sweepUnattachedUploads(ctx),
});

/** `setCover`'s transaction. Returns the outcome instead of throwing. */
export const attachCover = internalMutation({
  args: { userId: v.id("users"), bookId: v.id("books"), storageId: v.id("_storage") },
  returns: attachCoverResult,
  handler: async (ctx, { userId, bookId, storageId }) => {
    return await Books.attachCover(ctx, userId, bookId, storageId);
  },
});

// ---------------------------------------------------------------------------------------------
// Cover lookup

const fetchCoverResult = v.union(
  v.object({ status: v.literal("found"), apiSource: coverSource }),
  v.object({ status: v.literal("already_has_cover") }),
  v.object({ status: v.literal("failed"), reason: coverFailureReason, retryAfterMs: v.optional(v.number()) }),
);

/**
 * The per-book "Fetch cover" button: looks the book up now (no back-off) and writes a found cover
 * only if the book still has neither its own nor a found cover. Never touches `coverUrl`.
 */
export const fetchCover = action({
  args: { bookId: v.id("books") },
  returns: fetchCoverResult,
  handler: async (ctx, { bookId }): Promise<Books.FetchCoverResult> => {
    const userId = await requireUserId(ctx);
    return await Books.fetchCoverForBook(ctx, userId, bookId);
  },
});

/** What the lookup needs about one of `userId`'s books, or null when it is not theirs. */
export const coverLookupInput = internalQuery({
  args: { userId: v.id("users"), bookId: v.id("books") },
  returns: v.union(
    v.null(),
    v.object({
      title: v.optional(v.string()),
      author: v.optional(v.string()),
      isbn: v.optional(v.string()),
      rejected: v.optional(v.array(v.string())),
      hasCover: v.boolean(),
      facts: v.array(catalogueFact),
    }),
  ),
  handler: async (ctx, { userId, bookId }) => {
    return await Books.getCoverLookupInputWithFacts(ctx, userId, bookId);
  },
});

/** The source of the found cover the book shows now, or null (none, or the reader's own). */
export const foundCoverSource = internalQuery({
  args: { userId: v.id("users"), bookId: v.id("books") },
  returns: v.union(v.null(), coverSource),
  handler: async (ctx, { userId, bookId }) => await Books.foundCoverSource(ctx, userId, bookId),
});

/** Writes a found cover iff `coverUrl` and `apiCoverUrl` are both still empty (checked in this transaction). */
export const writeApiCover = internalMutation({
  args: { userId: v.id("users"), bookId: v.id("books"), apiCoverUrl: v.string(), apiSource: coverSource },
  returns: v.union(
    v.literal("written"),
    v.literal("already_has_cover"),
    v.literal("not_found"),
    v.literal("invalid_url"),
    v.literal("rejected"),
  ),
  handler: async (ctx, args) => {
    return await Books.writeApiCover(ctx, args);
  },
});

/** Records a failed lookup (attempt time, count, reason); `backoff` also sets the bulk back-off. */
export const recordCoverAttempt = internalMutation({
  args: { userId: v.id("users"), bookId: v.id("books"), reason: coverFailureReason, backoff: v.optional(v.boolean()) },
  returns: v.union(v.literal("recorded"), v.literal("already_has_cover"), v.literal("not_found")),
  handler: async (ctx, args) => {
    return await Books.recordCoverFailure(ctx, args);
  },
});

// ---------------------------------------------------------------------------------------------
// The reader's say over found covers (convex/model/coverChoice.ts)

/** "Not this cover": removes the found cover, never offers it for this book again, and looks for another. */
export const rejectCover = mutation({
  args: { bookId: v.id("books") },
  returns: v.object({ status: v.literal("rejected"), lookingForAnother: v.boolean() }),
  handler: async (ctx, { bookId }) => {
    const userId = await requireUserId(ctx);
    return await CoverChoice.rejectFoundCover(ctx, userId, bookId);
  },
});

/** "Choose a cover": up to 12 candidates `{ url, source, key, label? }`, rejected ones left out. */
export const coverCandidates = action({
  args: { bookId: v.id("books") },
  returns: v.array(v.object({ url: v.string(), source: coverSource, key: v.string(), label: v.optional(v.string()) })),
  handler: async (ctx, { bookId }): Promise<CoverCandidate[]> => {
    const userId = await requireUserId(ctx);
    return await CoverChoice.listCoverCandidates(ctx, userId, bookId);
  },
});

/** Makes a candidate (an allowlisted https cover URL) the reader's own cover. */
export const chooseCover = mutation({
  args: { bookId: v.id("books"), url: v.string() },
  returns: v.null(),
  handler: async (ctx, { bookId, url }) => {
    const userId = await requireUserId(ctx);
    await CoverChoice.chooseCandidateCover(ctx, userId, bookId, url);
    return null;
  },
});

/**
 * The wall reports a found cover that failed to load (or loaded as a placeholder): a hint. The
 * server looks at the cover itself and takes it off only when it sees it gone or not a cover
 * (invariant 11); `offline: true` (the tab's `navigator.onLine` was false) is ignored. Rate limited per reader.
 */
export const reportBrokenCover = mutation({
  args: { bookId: v.id("books"), url: v.string(), offline: v.optional(v.boolean()) },
  returns: v.union(v.literal("checking"), v.literal("rejected"), v.literal("ignored"), v.literal("rate_limited")),
  handler: async (ctx, { bookId, url, offline }) => {
    const userId = await requireUserId(ctx);
    return await CoverChoice.reportBrokenFoundCover(ctx, userId, bookId, url, { offline });
  },
});

/** The lookup a rejection (or a broken-cover report) queued: the per-book lookup, then the looking state ends. */
export const findAnotherCover = internalAction({
  args: { userId: v.id("users"), bookId: v.id("books") },
  returns: v.null(),
  handler: async (ctx, { userId, bookId }) => {
    await CoverChoice.findAnotherCoverForBook(ctx, userId, bookId);
    return null;
  },
});

/** Ends the "looking for another cover" state of a book. */
export const endCoverLookup = internalMutation({
  args: { userId: v.id("users"), bookId: v.id("books") },
  returns: v.null(),
  handler: async (ctx, { userId, bookId }) => {
    await CoverChoice.endCoverLookup(ctx, userId, bookId);
    return null;
  },
});

// ---------------------------------------------------------------------------------------------
// Bulk backfill (fetchMissingCovers, listMissingCovers, progress) goes below.

/**
 * Looks up covers for one batch of the caller's books that have neither `coverUrl` nor
 * `apiCoverUrl`: a scan of the library following `cursor`, or the given `bookIds` (at most 50).
 * `limit` defaults to 20 and is clamped to 50. Returns `nextCursor` while books remain.
 */
export const fetchMissingCovers = action({
  args: {
    limit: v.optional(v.number()),
    cursor: v.optional(v.string()),
    bookIds: v.optional(v.array(v.id("books"))),
  },
  handler: async (ctx, args): Promise<FetchMissingCoversResult> => {
    const userId = await requireUserId(ctx);
    return await fetchMissingCoversForUser(ctx, {
      userId,
      ...args,
      trigger: args.bookIds ? "create" : "manual",
    });
  },
});

/**
 * The caller's books missing both covers, in a stable order: `{ userId, limit, cursor? }` scans the
 * library (books in back-off are skipped), `{ userId, bookIds }` checks the given ids.
 */
export const listMissingCovers = internalQuery({
  args: {
    userId: v.id("users"),
    limit: v.optional(v.number()),
    cursor: v.optional(v.string()),
    bookIds: v.optional(v.array(v.id("books"))),
    horizon: v.optional(v.number()),
  },
  handler: async (ctx, args): Promise<ListedBook[]> => await listMissingCoverBooks(ctx, args),
});

/** How many of the reader's books still have no cover (capped; see countMissingCoverBooks). */
export const countMissingCovers = internalQuery({
  args: { userId: v.id("users") },
  returns: v.number(),
  handler: async (ctx, { userId }) => await countMissingCoverBooks(ctx, userId),
});
