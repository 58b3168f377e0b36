/**
 * Books: CRUD, the reader's own cover (Convex file storage) and the single-book cover lookup.
 * Plain TypeScript helpers taking `ctx`; convex/books.ts only validates args, authenticates
 * and calls one of these.
 *
 * Cover fields:
 * - `coverUrl` / `coverStorageId`: the reader's own cover. `coverUrl` is the storage URL
 *   resolved with `ctx.storage.getUrl` when the upload is attached; Convex storage URLs stay
 *   valid for as long as the file exists, and storing it keeps `coverUrl` the single field the
 *   UI and the missing-cover index (`by_user_missing_cover`) look at. Only `createBook`,
 *   `attachCover` and `removeCover` write these two fields.
 * - `apiCoverUrl` / `apiSource`: a cover found by lookup, written only by `writeApiCover`, and
 *   only while both `coverUrl` and `apiCoverUrl` are still empty inside that mutation.
 *
 * Errors are ConvexErrors `{ code, message }` (plus `field` for validation); they never contain
 * titles, authors or ISBNs.
 */
import { nextCoverRetryAt } from "../../lib/backfill/backoff";
import { ConvexError, type Infer } from "convex/values";
import { internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import type { ActionCtx, MutationCtx, QueryCtx } from "../_generated/server";
import type { bookStatus, coverFailureReason, coverSource } from "../schema";
import { dedupKeyFor } from "../../lib/books/text";
import { validateBookInput, validateBookPatch, type FieldResult } from "../../lib/books/validateBook";
import { checkReaderFieldsPatch, lastFinished, type ReaderFields, type ReaderFieldsPatch } from "../../lib/books/readerFields";
import { validateReadingDetails, type ReadingDetailsInput, type ReadingField } from "../../lib/books/readingDetails";
import { isRejectedCover } from "../../lib/cover/coverKeys";
import { isAllowedCoverUrl } from "../../lib/cover/coverUrl";
import { logCoverEvent } from "../../lib/cover/logCoverEvent";
import { deleteBook, deleteStoredFile, insertBook, patchBook } from "./bookWrites";
import { clampPauseMs, MIN_SOURCE_PAUSE_MS } from "../../lib/cover/rateLimiter";
import type { LookupSummary } from "../../lib/backfill/runBatch";
import type { CatalogueFact } from "../../lib/cover/catalogue";
import { lookUpBooks } from "./coverLookup";
import { readFactsFor } from "./coverCatalogue";
import { enabledCoverSources, lookupStages } from "../../lib/cover/sources";
import { issueUploadUrl, takeCheckedUpload } from "./coverUploads";
import { assertLibraryNotBeingDeleted } from "./libraryDeletion";
import { isRefusedCover } from "./storedCovers";
import { coverDisplayFor, passOverRefusedCover, type CoverDisplay } from "./storedCoverBooks";
import { BOOK_NOT_FOUND, bookNotFoundError, getOwnedBook, requireOwnedBook } from "./ownership";

export type BookStatus = Infer<typeof bookStatus>;
export type CoverSource = Infer<typeof coverSource>;
export type CoverFailureReason = Infer<typeof coverFailureReason>;

/** Thrown (as ConvexError data) for every rejected argument. */
export type InvalidArgument = {
  code: "invalid_argument";
  message: string;
  field?: "title" | "author" | "isbn" | "cover" | ReadingField | keyof ReaderFields;
};

function invalidArgument(message: string, field?: InvalidArgument["field"]): ConvexError<InvalidArgument> {
  return new ConvexError<InvalidArgument>(
    field ? { code: "invalid_argument", message, field } : { code: "invalid_argument", message },
  );
}

function unwrap<T>(result: FieldResult<T>): T {
  if (!result.ok) throw invalidArgument(result.error.message, result.error.field);
  return result.value;
}

/** Cover-attempt bookkeeping, cleared when a cover is found or the lookup metadata changes. */
export const CLEARED_COVER_ATTEMPTS = {
  coverAttempts: undefined,
  coverRetryAt: undefined,
  coverLastReason: undefined,
  coverAttemptedAt: undefined,
} as const;

// ---------------------------------------------------------------------------------------------
// Reads (the library listing is in libraryListing.ts)

/** One of the reader's books, or null when it is missing, deleted or someone else's. */
/** The reader's book, with what its cover shows (`coverImageUrl`/`coverOnItsWay`, storedCoverBooks.ts). */
export async function getBook(
  ctx: QueryCtx,
  userId: Id<"users">,
  bookId: Id<"books">,
): Promise<(Doc<"books"> & CoverDisplay) | null> {
  const book = await getOwnedBook(ctx, userId, bookId);
  return book === null ? null : { ...book, ...(await coverDisplayFor(ctx, book)) };
}

// ---------------------------------------------------------------------------------------------
// Writes

export interface CreateBookInput {
  title: string;
  author: string;
  isbn?: string;
  status: BookStatus;
  coverStorageId?: Id<"_storage">;
}

/**
 * Inserts a validated book. With `coverStorageId` the upload must be one this reader's
 * `books.checkCoverUpload` accepted (its bytes are an image; a refused file was deleted there),
 * exactly like {@link attachCover}; otherwise the whole call fails with a `cover` error.
 */
export async function createBook(ctx: MutationCtx, userId: Id<"users">, input: CreateBookInput): Promise<Id<"books">> {
  const fields = unwrap(validateBookInput(input));
  await assertLibraryNotBeingDeleted(ctx, userId, "add");
  let cover: { coverUrl: string; coverStorageId: Id<"_storage"> } | undefined;
  if (input.coverStorageId !== undefined) {
    const upload = await takeCheckedUpload(ctx, userId, input.coverStorageId);
    if (!upload.ok) throw invalidArgument(upload.error.message, "cover");
    cover = { coverUrl: upload.url, coverStorageId: input.coverStorageId };
  }
  const now = Date.now();
  return await insertBook(ctx, {
    userId,
    title: fields.title,
    author: fields.author,
    ...(fields.isbn !== undefined ? { isbn: fields.isbn } : {}),
    status: input.status,
    ...cover,
    dedupKey: dedupKeyFor(fields.title, fields.author),
    createdAt: now,
    updatedAt: now,
  });
}

export interface UpdateBookInput extends Omit<ReadingDetailsInput, "shelves">, ReaderFieldsPatch {
  title?: string;
  author?: string;
  /** `null` or a blank string clears the ISBN. */
  isbn?: string | null;
  status?: BookStatus;
  /** The book's shelves (replaces the list); `null` or `[]` takes it off every shelf. */
  shelves?: readonly string[] | null;
}

/**
 * What the reader wrote (review, spoiler flag, private notes, reads, read count, owned, moods),
 * validated and bounded as on import; when reads are given without a date read, the date read
 * follows their latest end date.
 */
function readerPatch(input: UpdateBookInput): Record<string, unknown> {
  const reader = checkReaderFieldsPatch(input);
  if (!reader.ok) throw invalidArgument(reader.reason, reader.field);
  const patch: Record<string, unknown> = { ...reader.value };
  if (input.dateRead === undefined && "reads" in reader.value) patch.dateRead = lastFinished(reader.value.reads);
  return patch;
}

/** The reading details of an edit as a patch: `null` clears a field. */
function readingPatch(input: UpdateBookInput) {
  const checked = validateReadingDetails({ ...input, shelves: input.shelves === null ? [] : input.shelves });
  if (!checked.ok) throw invalidArgument(checked.error.message, checked.error.field);
  const { rating, shelves, dateRead, dateAdded } = checked.value;
  return {
    ...(rating !== undefined ? { rating: rating ?? undefined } : {}),
    ...(shelves !== undefined ? { shelves: shelves.length > 0 ? shelves : undefined } : {}),
    ...(dateRead !== undefined ? { dateRead: dateRead ?? undefined } : {}),
    ...(dateAdded !== undefined ? { dateAdded: dateAdded ?? undefined } : {}),
  };
}

/**
 * Edits title, author, ISBN, status, the reading details (rating, shelves, dates) and what the
 * reader wrote (review, spoiler flag, private notes, reads, read count, owned, moods), each
 * validated and bounded as on import; `null` clears a field. The dedup key follows title and
 * author. When a field the
 * cover lookup uses (title, author, ISBN) actually changes, the failed-lookup bookkeeping is
 * cleared so the corrected book is looked up again without waiting out an old back-off.
 * Covers are never touched here.
 */
export async function updateBook(
  ctx: MutationCtx,
  userId: Id<"users">,
  bookId: Id<"books">,
  input: UpdateBookInput,
): Promise<void> {
  const book = await requireOwnedBook(ctx, userId, bookId);
  const patch = unwrap(validateBookPatch(input));
  const reading = readingPatch(input);
  const title = patch.title ?? book.title;
  const author = patch.author ?? book.author;
  const isbn = patch.isbn === undefined ? book.isbn : (patch.isbn ?? undefined);
  const lookupChanged = title !== book.title || author !== book.author || isbn !== book.isbn;
  const reader = readerPatch(input);
  await patchBook(ctx, book, {
    title,
    author,
    isbn,
    ...reader,
    ...(input.status !== undefined ? { status: input.status } : {}),
    ...reading,
    dedupKey: dedupKeyFor(title, author),
    ...(lookupChanged ? CLEARED_COVER_ATTEMPTS : {}),
    updatedAt: Date.now(),
  });
}

/** Deletes the book and its uploaded cover file. */
export async function removeBook(ctx: MutationCtx, userId: Id<"users">, bookId: Id<"books">): Promise<void> {
  await deleteBook(ctx, await requireOwnedBook(ctx, userId, bookId));
}

// ---------------------------------------------------------------------------------------------
// The reader's own cover (file storage)

export { UPLOAD_IN_USE_MESSAGE, UPLOAD_NOT_FOUND_MESSAGE } from "./coverUploads";

/** An upload URL for the reader's cover, within their limit of pending uploads (see coverUploads.ts). */
export async function generateCoverUploadUrl(ctx: MutationCtx, userId: Id<"users">): Promise<string> {
  return await issueUploadUrl(ctx, userId);
}

export type AttachCoverResult =
  | { ok: true }
  | { ok: false; error: typeof BOOK_NOT_FOUND }
  | { ok: false; error: { code: "invalid_argument"; message: string; field: "cover" } };

/**
 * Makes an uploaded file the book's own cover: `coverUrl` = its storage URL, `coverStorageId` = it,
 * and deletes the previous uploaded cover. Only a file whose bytes `checkUpload` accepted for this
 * reader is attached (`setCover` checks right before). Returns the outcome instead of throwing;
 * the public `setCover` action turns a failure into a ConvexError.
 *
 * For a book that is not the caller's, the file is left alone: the caller may not own it either.
 */
export async function attachCover(
  ctx: MutationCtx,
  userId: Id<"users">,
  bookId: Id<"books">,
  storageId: Id<"_storage">,
): Promise<AttachCoverResult> {
  const book = await getOwnedBook(ctx, userId, bookId);
  if (book === null) return { ok: false, error: BOOK_NOT_FOUND };
  const upload = await takeCheckedUpload(ctx, userId, storageId, bookId);
  if (!upload.ok) return upload;
  await patchBook(ctx, book, { coverUrl: upload.url, coverStorageId: storageId, updatedAt: Date.now() });
  if (book.coverStorageId !== undefined && book.coverStorageId !== storageId) {
    await deleteStoredFile(ctx, book.coverStorageId);
  }
  return { ok: true };
}

/** Clears the reader's own cover and deletes its file. The found (API) cover is kept. */
export async function removeCover(ctx: MutationCtx, userId: Id<"users">, bookId: Id<"books">): Promise<void> {
  const book = await requireOwnedBook(ctx, userId, bookId);
  if (book.coverUrl === undefined && book.coverStorageId === undefined) return;
  await patchBook(ctx, book, { coverUrl: undefined, coverStorageId: undefined, updatedAt: Date.now() });
  if (book.coverStorageId !== undefined) await deleteStoredFile(ctx, book.coverStorageId);
}

// ---------------------------------------------------------------------------------------------
// Cover lookup results (shared by the per-book "Fetch cover" and the bulk backfill)

export interface CoverLookupInput {
  title?: string;
  author?: string;
  isbn?: string;
  /** Covers this book must never get again (source keys). */
  rejected?: string[];
  /** True when the book already shows a cover (own or found): no lookup needed. */
  hasCover: boolean;
}

/** What the lookup needs to know about one of the reader's books, or null when it is not theirs. */
export async function getCoverLookupInput(
  ctx: QueryCtx,
  userId: Id<"users">,
  bookId: Id<"books">,
): Promise<CoverLookupInput | null> {
  const book = await getOwnedBook(ctx, userId, bookId);
  if (book === null) return null;
  return {
    ...(book.title !== "" ? { title: book.title } : {}),
    ...(book.author !== "" ? { author: book.author } : {}),
    ...(book.isbn !== undefined ? { isbn: book.isbn } : {}),
    ...(book.rejectedCovers?.length ? { rejected: book.rejectedCovers } : {}),
    hasCover: hasAnyCover(book),
  };
}

/** {@link getCoverLookupInput} and the catalogue's facts for the book (none when it has a cover). */
export async function getCoverLookupInputWithFacts(
  ctx: QueryCtx,
  userId: Id<"users">,
  bookId: Id<"books">,
): Promise<(CoverLookupInput & { facts: CatalogueFact[] }) | null> {
  const input = await getCoverLookupInput(ctx, userId, bookId);
  if (input === null) return null;
  const facts = input.hasCover ? [] : await readFactsFor(ctx, [input], lookupStages(enabledCoverSources()), Date.now());
  return { ...input, facts };
}

/** The book shows a cover: the reader's own or a found one. */
export function hasAnyCover(book: Doc<"books">): boolean {
  return Boolean(book.coverUrl) || Boolean(book.apiCoverUrl);
}

export type WriteApiCoverOutcome = "written" | "already_has_cover" | "not_found" | "invalid_url" | "rejected";

/**
 * Writes a found cover — only if, inside this mutation, the book is still the reader's and both
 * `coverUrl` and `apiCoverUrl` are empty (so a reader's own cover always wins and concurrent
 * lookups cannot double-write), and the cover is not one in the book's `rejectedCovers` (invariant
 * 8: the last guard of every lookup path). Never touches `coverUrl`. Clears the failed-lookup
 * bookkeeping.
 */
export async function writeApiCover(
  ctx: MutationCtx,
  args: { userId: Id<"users">; bookId: Id<"books">; apiCoverUrl: string; apiSource: CoverSource },
): Promise<WriteApiCoverOutcome> {
  if (!isAllowedCoverUrl(args.apiCoverUrl)) return "invalid_url";
  const book = await getOwnedBook(ctx, args.userId, args.bookId);
  if (book === null) return "not_found";
  if (hasAnyCover(book)) return "already_has_cover";
  if (isRejectedCover(args.apiCoverUrl, book.rejectedCovers)) return "rejected";
  // The server already saw this source cover gone or not a cover (storedCovers.ts): never written;
  // the book is looked up again without it.
  if (await isRefusedCover(ctx, args.apiCoverUrl)) {
    await passOverRefusedCover(ctx, book, args.apiCoverUrl);
    return "rejected";
  }
  await patchBook(ctx, book, {
    apiCoverUrl: args.apiCoverUrl,
    apiSource: args.apiSource,
    ...CLEARED_COVER_ATTEMPTS,
    updatedAt: Date.now(),
  });
  return "written";
}

export type RecordCoverFailureOutcome = "recorded" | "already_has_cover" | "not_found";

/**
 * Records a failed lookup: `coverAttemptedAt`, `coverAttempts + 1`, `coverLastReason`.
 * With `backoff`, `coverRetryAt` is set from the new attempt count (the bulk backfill's back-off:
 * 1 h doubling per failure, capped at 7 days); the per-book "Fetch cover" passes none and leaves
 * the bulk schedule as it was.
 * Books that meanwhile got a cover are left alone. `updatedAt` is not bumped: bookkeeping is not
 * an edit by the reader.
 */
export async function recordCoverFailure(
  ctx: MutationCtx,
  args: { userId: Id<"users">; bookId: Id<"books">; reason: CoverFailureReason; backoff?: boolean },
): Promise<RecordCoverFailureOutcome> {
  const book = await getOwnedBook(ctx, args.userId, args.bookId);
  if (book === null) return "not_found";
  if (hasAnyCover(book)) return "already_has_cover";
  const now = Date.now();
  const attempts = (book.coverAttempts ?? 0) + 1;
  await ctx.db.patch("books", args.bookId, {
    coverAttemptedAt: now,
    coverAttempts: attempts,
    coverLastReason: args.reason,
    ...(args.backoff ? { coverRetryAt: nextCoverRetryAt(now, attempts) } : {}),
  });
  return "recorded";
}

// ---------------------------------------------------------------------------------------------
// Per-book "Fetch cover" (action)

export type FetchCoverResult =
  | { status: "found"; apiSource: CoverSource }
  | { status: "already_has_cover" }
  | { status: "failed"; reason: CoverFailureReason; retryAfterMs?: number };

/** One structured line per per-book lookup, through the shared cover logger (codes and counts only). */
function logFetchCover(startedAt: number, result: FetchCoverResult, lookedUp: boolean): void {
  const reasons: Partial<Record<CoverFailureReason, number>> = {};
  if (result.status === "failed") reasons[result.reason] = 1;
  logCoverEvent({
    event: "cover_fetch",
    trigger: "manual",
    processed: lookedUp ? 1 : 0,
    updated: result.status === "found" ? 1 : 0,
    failures: result.status === "failed" ? 1 : 0,
    durationMs: Date.now() - startedAt,
    reasons,
  });
}

/**
 * Looks one of the reader's books up now, ignoring any back-off, and writes the cover found through
 * {@link writeApiCover} (the lookup runs inside this action: coverLookup.ts). A book that already
 * has a cover is not looked up. A book that is not the reader's (or was deleted during the lookup)
 * is ConvexError `not_found`. The reader waits, so its requests are interactive: they go first, up to
 * the reader's own bound (lib/cover/pacing.ts), which keeps one reader from taking the sources from others.
 */
export async function fetchCoverForBook(ctx: ActionCtx, userId: Id<"users">, bookId: Id<"books">): Promise<FetchCoverResult> {
  const startedAt = Date.now();
  const input: (CoverLookupInput & { facts: CatalogueFact[] }) | null = await ctx.runQuery(internal.books.coverLookupInput, {
    userId,
    bookId,
  });
  if (input === null) throw bookNotFoundError();
  if (input.hasCover) {
    const result: FetchCoverResult = { status: "already_has_cover" };
    logFetchCover(startedAt, result, false);
    return result;
  }
  const { hasCover: _hasCover, facts, ...book } = input;
  // The reader asks again on purpose: the catalogue's covers are used, its "nothing" is asked anew.
  const covers = facts.filter((f) => f.covers.length > 0);
  const summary = await lookUpBooks(ctx, userId, [{ id: bookId, ...book }], covers, {
    priority: "interactive",
    budgetMs: INTERACTIVE_BUDGET_MS,
    backoff: false,
  });
  const result = await coveredMeanwhile(ctx, userId, bookId, fetchCoverResultOf(summary));
  logFetchCover(startedAt, result, true);
  return result;
}

/**
 * A book without a cover when the reader asked, that has a found cover by the time the lookup
 * stores its result, was covered meanwhile by another lookup (an import's drain, "Fetch missing
 * covers"): the reader is told the cover was found, with the source of the one stored. Only the
 * reader's own cover, set meanwhile, makes it "already has a cover".
 */
async function coveredMeanwhile(
  ctx: ActionCtx,
  userId: Id<"users">,
  bookId: Id<"books">,
  result: FetchCoverResult,
): Promise<FetchCoverResult> {
  if (result.status !== "already_has_cover") return result;
  const source: CoverSource | null = await ctx.runQuery(internal.books.foundCoverSource, { userId, bookId });
  return source ? { status: "found", apiSource: source } : result;
}

/** The source of the found cover the book shows, when it shows one and not the reader's own. */
export async function foundCoverSource(ctx: QueryCtx, userId: Id<"users">, bookId: Id<"books">): Promise<CoverSource | null> {
  const book = await getOwnedBook(ctx, userId, bookId);
  return book && !book.coverUrl && book.apiCoverUrl && book.apiSource ? book.apiSource : null;
}

/** A reader's single-book lookup sends no request later than this after it started. */
export const INTERACTIVE_BUDGET_MS = 9_500;

/** The per-book lookup's answer from its one record and what the commit did with it. */
function fetchCoverResultOf(summary: LookupSummary<Id<"books">>): FetchCoverResult {
  const record = summary.records[0];
  const write = summary.writes.get(record.book.id);
  if (write === "gone") throw bookNotFoundError();
  if (write === "already_has_cover") return { status: "already_has_cover" };
  const state = record.state;
  if (state.phase === "written" && write === "updated") return { status: "found", apiSource: state.source as CoverSource };
  if (state.phase === "written") return { status: "failed", reason: "not_found" };
  if (state.phase === "failed") return { status: "failed", reason: state.reason };
  // The source is paused or too busy to answer in time: nothing was learnt about the book, so no
  // attempt is recorded; the reader can try again after the pause.
  return { status: "failed", reason: "rate_limited", retryAfterMs: clampPauseMs(summary.retryAfterMs ?? MIN_SOURCE_PAUSE_MS) };
}
