/**
 * Stored covers as books meet them: what a tile shows (the copy, "on its way", or a link-only
 * source's link), taking a refused cover off the books that used it, the server's re-check
 * of a reported cover (invariant 11), and the migration that gives existing books their keys and
 * copies. See storedCovers.ts for the copies themselves.
 */
import { nextCoverRetryAt } from "../../lib/backfill/backoff";
import { rejectionKey, withRejectedKey } from "../../lib/cover/coverKeys";
import { coverLookupContact } from "../../lib/cover/http";
import { coverRefOf, fetchCoverImage, provesNoCover, type CoverRef } from "../../lib/coverImage";
import { checkCoverImage } from "../../lib/coverImage";
import { internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import type { ActionCtx, MutationCtx, QueryCtx } from "../_generated/server";
import { patchBook } from "./bookWrites";
import { getOwnedBook } from "./ownership";
import {
  coverKeyFields,
  refuseCoverByRef,
  REFUSED_BOOKS_PER_CALL,
  reserveImageSlots,
  storedCoverByKey,
  wakeFetcher,
} from "./storedCovers";

/* ------------------------------------------------------------------ what a tile shows */

/**
 * What the page shows for a book's cover: an image on Folio's own hosts (or, for a link-only
 * source, the source's link), or that it is on its way.
 */
export interface CoverDisplay {
  /** The image to show: a stored copy, the reader's upload, or a link-only source's own link. */
  coverImageUrl?: string;
  /** A cover was found or chosen and its copy is being fetched: show the "on its way" placeholder. */
  coverOnItsWay?: true;
}

async function displayOf(ctx: QueryCtx, ref: CoverRef): Promise<CoverDisplay | "refused"> {
  const row = await storedCoverByKey(ctx, ref.key);
  if (row?.state === "refused") return "refused";
  // A source whose terms keep covers links (Google Books): the page shows its link, the one host
  // besides Folio's own a page may ask for a cover (docs/architecture.md "Stored covers").
  if (!ref.stored) return { coverImageUrl: ref.url };
  if (row?.state === "stored" && row.url) return { coverImageUrl: row.url };
  return { coverOnItsWay: true };
}

/**
 * What to show for a book's cover (the reader's own first, then the found one), never the link of
 * a source Folio keeps copies of: an upload's storage URL, the source cover's stored copy, "on its way" while the copy is
 * fetched, or the link of a source whose terms keep covers links. A refused source
 * cover shows nothing (the next one down, or the placeholder).
 */
export async function coverDisplayFor(ctx: QueryCtx, book: Doc<"books">): Promise<CoverDisplay> {
  if (book.coverUrl && book.coverStorageId !== undefined) return { coverImageUrl: book.coverUrl };
  for (const url of [book.coverUrl, book.apiCoverUrl]) {
    if (!url) continue;
    const ref = coverRefOf(url);
    // A URL that names no source cover (the offline backend's stand-ins, which its own origin
    // serves): nothing from the server, so the page shows the book's URLs as they are.
    if (ref === null) return {};
    const display = await displayOf(ctx, ref);
    if (display !== "refused") return display;
  }
  return {};
}

/* ------------------------------------------------------------------ refused covers */

/**
 * Takes a refused source cover off the books that use it as their found cover, a page at a time:
 * it joins each book's `rejectedCovers` (so no path brings it back, invariant 8) and the book is
 * looked up again without it. A reader's chosen cover is never touched (invariant 1): its tile
 * shows the next cover down instead.
 */
export async function takeRefusedCoverOff(ctx: MutationCtx, key: string): Promise<void> {
  const books = await ctx.db
    .query("books")
    .withIndex("by_found_cover_key", (q) => q.eq("foundCoverKey", key))
    .take(REFUSED_BOOKS_PER_CALL);
  for (const book of books) await takeCoverOffBook(ctx, book, key);
  if (books.length === REFUSED_BOOKS_PER_CALL)
    await ctx.scheduler.runAfter(0, internal.storedCovers.takeRefusedCoverOff, { key });
}

/** The book loses its found cover, which joins its `rejectedCovers`; without its own cover it is looked up again. */
async function takeCoverOffBook(ctx: MutationCtx, book: Doc<"books">, key: string): Promise<void> {
  const lookAgain = !book.coverUrl;
  await patchBook(ctx, book, {
    apiCoverUrl: undefined,
    apiSource: undefined,
    rejectedCovers: withRejectedKey(book.rejectedCovers, key),
    ...(lookAgain ? { coverLookupStartedAt: Date.now() } : {}),
  });
  if (lookAgain) await ctx.scheduler.runAfter(0, internal.books.findAnotherCover, { userId: book.userId, bookId: book._id });
}

/**
 * A lookup settled on a source cover the server already refused: the book remembers it among its
 * `rejectedCovers` and is looked up again without it (at most once per refused cover, so this ends).
 */
export async function passOverRefusedCover(ctx: MutationCtx, book: Doc<"books">, url: string): Promise<void> {
  const key = rejectionKey(url);
  if (book.rejectedCovers?.includes(key)) return;
  const lookAgain = !book.coverUrl && !book.apiCoverUrl;
  await patchBook(ctx, book, {
    rejectedCovers: withRejectedKey(book.rejectedCovers, key),
    ...(lookAgain ? { coverLookupStartedAt: Date.now() } : {}),
  });
  if (lookAgain) await ctx.scheduler.runAfter(0, internal.books.findAnotherCover, { userId: book.userId, bookId: book._id });
}

/* ------------------------------------------------------------------ a reported cover */

/** What the server knows of a reported found cover before it looks. */
export type ReportedCoverState =
  { kind: "ignore" } | { kind: "stored"; storageId: Id<"_storage">; source: string } | { kind: "fetch"; ref: CoverRef | null };

export async function reportedCoverState(
  ctx: QueryCtx,
  userId: Id<"users">,
  bookId: Id<"books">,
  url: string,
): Promise<ReportedCoverState> {
  const book = await getOwnedBook(ctx, userId, bookId);
  if (book === null || book.apiCoverUrl !== url) return { kind: "ignore" };
  const ref = coverRefOf(url);
  if (ref === null) return { kind: "fetch", ref: null };
  const row = await storedCoverByKey(ctx, ref.key);
  // Pending: the fetcher's own look decides. Refused: it is already being taken off.
  if (row?.state === "pending" || row?.state === "refused") return { kind: "ignore" };
  if (row?.state === "stored" && row.storageId !== undefined)
    return { kind: "stored", storageId: row.storageId, source: row.source };
  return { kind: "fetch", ref };
}

/** A reported cover's verdict from the server's own look: only `no_cover` takes it off the book. */
export type ReportVerdict = "fine" | "no_cover" | "unknown";

/**
 * The server's own look at a cover a tile could not show (invariant 11). The stored copy is read
 * from storage and checked; a copy missing from storage is fetched again (the source decides);
 * without a copy, the source URL is fetched through the image host's pacing. Only a 404/410 or
 * bytes that are not a cover are evidence: then the cover is refused (deployment-wide for a source
 * cover) and the book looked up again. A timeout, 429, 5xx or network failure proves nothing.
 */
export async function verifyReportedCover(
  ctx: ActionCtx,
  userId: Id<"users">,
  bookId: Id<"books">,
  url: string,
): Promise<ReportVerdict> {
  const state: ReportedCoverState = await ctx.runQuery(internal.storedCovers.reportedCoverState, { userId, bookId, url });
  if (state.kind === "ignore") return "fine";
  if (state.kind === "stored") {
    const blob = await ctx.storage.get(state.storageId);
    if (blob === null) {
      // Folio's own copy went missing: that says nothing about the cover; fetch it again.
      await ctx.runMutation(internal.storedCovers.refetchCopy, { url });
      return "unknown";
    }
    const check = await checkCoverImage({
      bytes: new Uint8Array(await blob.arrayBuffer()),
      contentType: blob.type,
      source: state.source,
    });
    if (check.kind === "accepted") return "fine";
    await ctx.runMutation(internal.storedCovers.refuseReportedCover, { userId, bookId, url, refusal: check.reason });
    return "no_cover";
  }
  const source = state.ref?.source ?? "unknown";
  if (state.ref !== null) {
    const slot: number | null = await ctx.runMutation(internal.storedCovers.reserveCheckSlot, {
      source: state.ref.source,
      userId,
    });
    if (slot === null) return "unknown";
    if (slot > Date.now()) await new Promise((resolve) => setTimeout(resolve, slot - Date.now()));
  }
  const fetched = await fetchCoverImage(url, { source, contact: coverLookupContact() });
  if (!provesNoCover(fetched)) return fetched.kind === "image" ? "fine" : "unknown";
  const refusal =
    fetched.kind === "gone"
      ? "gone"
      : fetched.kind === "image" && fetched.check.kind === "refused"
        ? fetched.check.reason
        : "gone";
  await ctx.runMutation(internal.storedCovers.refuseReportedCover, { userId, bookId, url, refusal });
  return "no_cover";
}

/** The server saw the reported cover gone or not a cover: refuse it (for every book using it) and look again. */
export async function refuseReportedCover(
  ctx: MutationCtx,
  args: { userId: Id<"users">; bookId: Id<"books">; url: string; refusal: string },
): Promise<void> {
  const ref = coverRefOf(args.url);
  const book = await getOwnedBook(ctx, args.userId, args.bookId);
  if (ref !== null) {
    // Every book using the source cover loses it (by its key); this one at once, keys or not.
    if (book !== null && book.apiCoverUrl === args.url) await takeCoverOffBook(ctx, book, ref.key);
    await refuseCoverByRef(ctx, ref, args.refusal);
    return;
  }
  // A URL that names no source cover: only this book's, remembered by its URL.
  if (book === null || book.apiCoverUrl !== args.url) return;
  const now = Date.now();
  const attempts = (book.coverAttempts ?? 0) + 1;
  const retryAt = nextCoverRetryAt(now, attempts);
  await patchBook(ctx, book, {
    apiCoverUrl: undefined,
    apiSource: undefined,
    rejectedCovers: withRejectedKey(book.rejectedCovers, rejectionKey(args.url)),
    coverAttemptedAt: now,
    coverAttempts: attempts,
    coverLastReason: "not_found",
    coverRetryAt: retryAt,
  });
  if (!book.coverUrl)
    await ctx.scheduler.runAt(retryAt, internal.books.findAnotherCover, { userId: args.userId, bookId: args.bookId });
}

/** A copy missing from Folio's storage: fetch it again from the source. */
export async function refetchCopy(ctx: MutationCtx, url: string): Promise<void> {
  const ref = coverRefOf(url);
  if (ref === null) return;
  const row = await storedCoverByKey(ctx, ref.key);
  if (row === null || row.state !== "stored") return;
  const now = Date.now();
  await ctx.db.patch("storedCovers", row._id, { state: "pending", dueAt: now, storageId: undefined, url: undefined });
  await wakeFetcher(ctx, now);
}

/** One interactive request slot of a source's image host for a re-check; null when paused or not within 10 s. */
export async function reserveCheckSlot(ctx: MutationCtx, source: string, userId: Id<"users">): Promise<number | null> {
  const now = Date.now();
  const grant = await reserveImageSlots(ctx, {
    source: source as Doc<"storedCovers">["source"],
    count: 1,
    priority: "interactive",
    key: userId,
    deadline: now + 10_000,
  });
  return grant.slots[0] ?? null;
}

/* ------------------------------------------------------------------ migration */

/** Books one migration call looks at. */
export const MIGRATION_PAGE = 100;

/**
 * One page of the stored-covers migration (books in creation order): a book whose cover keys are
 * not what its cover fields say gets them through bookWrites, which asks for the copies (paced by
 * the fetcher). Returns where to go on; safe to run again (books already right are skipped).
 */
export async function migrateCoverKeysPage(
  ctx: MutationCtx,
  cursor: string | null,
): Promise<{ examined: number; updated: number; continueCursor: string; isDone: boolean }> {
  const page = await ctx.db.query("books").paginate({ cursor, numItems: MIGRATION_PAGE });
  let updated = 0;
  for (const book of page.page) {
    const keys = coverKeyFields(book);
    if (keys.foundCoverKey === book.foundCoverKey && keys.chosenCoverKey === book.chosenCoverKey) continue;
    // patchBook derives the keys from the cover fields and asks for the copies of new ones.
    await patchBook(ctx, book, {});
    updated++;
  }
  return { examined: page.page.length, updated, continueCursor: page.continueCursor, isDone: page.isDone };
}
