/**
 * The reader's say over found covers: "Not this cover" (`rejectFoundCover`), "Choose a cover"
 * (`listCoverCandidates`, `chooseCandidateCover`) and the wall's broken-image report
 * (`reportBrokenFoundCover`). Owner only: another reader's book behaves like a missing one.
 *
 * Every cover the reader turns down, or that failed to load, is remembered by its source key in
 * `rejectedCovers` (bounded, see lib/cover/coverKeys.ts); no path stores it on that book again
 * (invariant 8): the lookups skip it and `writeApiCover` refuses it.
 */
import { ConvexError } from "convex/values";
import { gatherCoverCandidates, type CoverCandidate } from "../../lib/cover/candidates";
import { validateChosenCoverUrl, type ChosenCoverRefusal } from "../../lib/cover/chosenCover";
import { rejectionKey, withRejectedKey } from "../../lib/cover/coverKeys";
import { coverLookupContact } from "../../lib/cover/http";
import { coverSourceNames } from "../../lib/cover/sources";
import type { CoverSource } from "../../lib/cover/types";
import { internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import type { ActionCtx, MutationCtx } from "../_generated/server";
import { deleteStoredFile, patchBook } from "./bookWrites";
import { CLEARED_COVER_ATTEMPTS, fetchCoverForBook } from "./books";
import { bookNotFoundError, getOwnedBook, requireOwnedBook } from "./ownership";
import { databasePacer } from "./sourcePacing";
import { isRefusedCover } from "./storedCovers";

/** Broken-cover reports a reader may send in one window; more are ignored (a broken network is no storm). */
export const BROKEN_COVER_REPORTS_PER_WINDOW = 20;
export const BROKEN_COVER_REPORT_WINDOW_MS = 10 * 60 * 1000;

// ---------------------------------------------------------------------------------------------
// "Not this cover"

export type RejectCoverResult = { status: "rejected"; lookingForAnother: boolean };

/**
 * Removes the book's found cover, remembers it in `rejectedCovers` and looks for another one right
 * away (a scheduled per-book lookup, which never returns a rejected cover). The reader's own cover
 * is never touched; with one, no lookup is needed.
 */
export async function rejectFoundCover(ctx: MutationCtx, userId: Id<"users">, bookId: Id<"books">): Promise<RejectCoverResult> {
  const book = await requireOwnedBook(ctx, userId, bookId);
  if (!book.apiCoverUrl) {
    throw new ConvexError({ code: "no_found_cover", message: "This book has no found cover to turn down." });
  }
  const key = rejectionKey(book.apiCoverUrl);
  const lookingForAnother = !book.coverUrl;
  await patchBook(ctx, book, {
    apiCoverUrl: undefined,
    apiSource: undefined,
    rejectedCovers: withRejectedKey(book.rejectedCovers, key),
    ...CLEARED_COVER_ATTEMPTS,
    ...(lookingForAnother ? { coverLookupStartedAt: Date.now() } : {}),
    updatedAt: Date.now(),
  });
  if (lookingForAnother) await ctx.scheduler.runAfter(0, internal.books.findAnotherCover, { userId, bookId });
  return { status: "rejected", lookingForAnother };
}

// ---------------------------------------------------------------------------------------------
// "Choose a cover"

/** How long "Choose a cover" may take gathering candidates; a request not sent by then is skipped. */
export const CANDIDATES_DEADLINE_MS = 12_000;

/**
 * Up to 12 pictures of the reader's book from the cover sources, rejected ones left out. Its few
 * requests take interactive slots of the deployment-wide pacing and honour the sources' pauses.
 */
export async function listCoverCandidates(ctx: ActionCtx, userId: Id<"users">, bookId: Id<"books">): Promise<CoverCandidate[]> {
  const input = await ctx.runQuery(internal.books.coverLookupInput, { userId, bookId });
  if (input === null) throw bookNotFoundError();
  const { hasCover: _hasCover, ...book } = input;
  const deadline = Date.now() + CANDIDATES_DEADLINE_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), CANDIDATES_DEADLINE_MS);
  try {
    const pacing = { priority: "interactive" as const, deadline, key: userId };
    const { candidates } = await gatherCoverCandidates(book, {
      contact: coverLookupContact(),
      limiter: (source) => databasePacer(ctx, source as CoverSource, pacing),
      signal: controller.signal,
    });
    return candidates;
  } finally {
    clearTimeout(timer);
  }
}

const CHOSEN_COVER_MESSAGES: Record<ChosenCoverRefusal | "rejected" | "refused", string> = {
  not_a_url: "That is not a cover address.",
  not_https: "A cover must be an https address.",
  host_not_allowed: `Covers can only come from ${coverSourceNames()}.`,
  not_a_candidate: "That address is not one of the offered covers.",
  rejected: "You turned this cover down for this book. Choose another one.",
  refused: "That picture is no longer available from its source. Choose another one.",
};

function invalidChosenCover(reason: keyof typeof CHOSEN_COVER_MESSAGES): ConvexError<{
  code: "invalid_argument";
  message: string;
  field: "cover";
}> {
  return new ConvexError({ code: "invalid_argument", message: CHOSEN_COVER_MESSAGES[reason], field: "cover" });
}

/**
 * Makes a candidate the reader's own cover (`coverUrl`), which no backfill ever touches. A previous
 * uploaded cover file is deleted. The URL must be an allowlisted https candidate and not one the
 * reader turned down for this book.
 */
export async function chooseCandidateCover(
  ctx: MutationCtx,
  userId: Id<"users">,
  bookId: Id<"books">,
  url: string,
): Promise<void> {
  const book = await requireOwnedBook(ctx, userId, bookId);
  const check = validateChosenCoverUrl(url);
  if (!check.ok) throw invalidChosenCover(check.reason);
  if (book.rejectedCovers?.includes(check.key)) throw invalidChosenCover("rejected");
  if (await isRefusedCover(ctx, check.url)) throw invalidChosenCover("refused");
  await patchBook(ctx, book, {
    coverUrl: check.url,
    coverStorageId: undefined,
    coverLookupStartedAt: undefined,
    updatedAt: Date.now(),
  });
  if (book.coverStorageId !== undefined) await deleteStoredFile(ctx, book.coverStorageId);
}

// ---------------------------------------------------------------------------------------------
// The self-healing wall

/**
 * `checking`: the server looks at the cover itself (invariant 11); `ignored`: not the book's found
 * cover, or sent by an offline tab; `rate_limited`: past the reader's reports per window. (`rejected`
 * is no longer answered: a report never rejects a cover by itself.)
 */
export type ReportBrokenCoverResult = "checking" | "rejected" | "ignored" | "rate_limited";

/** Counts this report against the reader's window; false when the window is full. */
async function takeReportSlot(ctx: MutationCtx, userId: Id<"users">, now: number): Promise<boolean> {
  const doc = await ctx.db
    .query("coverReportWindows")
    .withIndex("by_user", (q) => q.eq("userId", userId))
    .unique();
  if (!doc || now - doc.windowStart >= BROKEN_COVER_REPORT_WINDOW_MS) {
    if (doc) await ctx.db.patch("coverReportWindows", doc._id, { windowStart: now, count: 1 });
    else await ctx.db.insert("coverReportWindows", { userId, windowStart: now, count: 1 });
    return true;
  }
  if (doc.count >= BROKEN_COVER_REPORTS_PER_WINDOW) return false;
  await ctx.db.patch("coverReportWindows", doc._id, { count: doc.count + 1 });
  return true;
}

/**
 * A found cover failed to load on the reader's page (or loaded as a placeholder). That is a hint,
 * never evidence (invariant 11): the tile already shows the placeholder for that view, and the
 * server looks at the cover itself (`storedCovers.verifyReportedCover`): the stored copy, or the
 * source. Only when the server sees it gone or not a cover is it refused, taken off the book and
 * another looked for; a timeout, 429, 5xx or network failure changes nothing. A report from a tab
 * that says it is offline, a URL the book no longer has, the reader's own cover, and reports beyond
 * the reader's rate are ignored.
 */
export async function reportBrokenFoundCover(
  ctx: MutationCtx,
  userId: Id<"users">,
  bookId: Id<"books">,
  url: string,
  options: { offline?: boolean } = {},
): Promise<ReportBrokenCoverResult> {
  const book = await getOwnedBook(ctx, userId, bookId);
  if (book === null) throw bookNotFoundError();
  if (!book.apiCoverUrl || book.apiCoverUrl !== url || options.offline === true) return "ignored";
  const now = Date.now();
  if (!(await takeReportSlot(ctx, userId, now))) return "rate_limited";
  await ctx.scheduler.runAfter(0, internal.storedCovers.verifyReportedCover, { userId, bookId, url });
  return "checking";
}

// ---------------------------------------------------------------------------------------------
// The lookup a rejection queued

/**
 * The per-book lookup (no back-off, never a rejected cover), then the book's looking state ends
 * whatever happened: found, nothing else matches (the tile shows the placeholder), or an error.
 */
export async function findAnotherCoverForBook(ctx: ActionCtx, userId: Id<"users">, bookId: Id<"books">): Promise<void> {
  try {
    await fetchCoverForBook(ctx, userId, bookId);
  } catch {
    // Deleted meanwhile, or the lookup failed: it is recorded (or moot); the looking state still ends.
  } finally {
    await ctx.runMutation(internal.books.endCoverLookup, { userId, bookId });
  }
}

export async function endCoverLookup(ctx: MutationCtx, userId: Id<"users">, bookId: Id<"books">): Promise<void> {
  const book = await getOwnedBook(ctx, userId, bookId);
  if (book?.coverLookupStartedAt !== undefined) await ctx.db.patch("books", bookId, { coverLookupStartedAt: undefined });
}
