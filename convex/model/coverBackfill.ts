/**
 * Database side of "Fetch missing covers": which books still need a cover (index-backed, in a
 * stable order) and the catalogue's facts for them. Results are stored by coverLookup.ts.
 */
import type { LookupBook } from "../../lib/backfill/runBatch";
import { decodeCursor, type BackfillCursor } from "../../lib/backfill/cursor";
import type { CatalogueFact } from "../../lib/cover/catalogue";
import { enabledCoverSources, lookupStages } from "../../lib/cover/sources";
import type { Doc, Id } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";
import { hasAnyCover } from "./books";
import { readFactsFor } from "./coverCatalogue";

export const MAX_BATCH = 50;
export const DEFAULT_BATCH = 20;

export interface ListedBook extends LookupBook<Id<"books">> {
  rejected?: string[];
  /** Index position, for the cursor. */
  retryAt: number | null;
  creationTime: number;
}

/** What a lookup needs to know about a book, and where it stands in the missing-cover index. */
export function toListed(book: Doc<"books">): ListedBook {
  return {
    id: book._id,
    title: book.title || undefined,
    author: book.author || undefined,
    isbn: book.isbn,
    ...(book.rejectedCovers?.length ? { rejected: book.rejectedCovers } : {}),
    retryAt: book.coverRetryAt ?? null,
    creationTime: book._creationTime,
  };
}

/**
 * The caller's books with neither `coverUrl` nor `apiCoverUrl` whose back-off has expired by the
 * run's horizon, in index order (never tried first, then by retry time, then by creation), after
 * the cursor's position. Reads only books missing covers.
 */
export async function listMissingCoverBooksByScan(
  ctx: QueryCtx,
  userId: Id<"users">,
  limit: number,
  cursor: Extract<BackfillCursor, { mode: "scan" }>,
): Promise<ListedBook[]> {
  const after = cursor.after;
  // The cursor's retry-time group (never tried = undefined, which sorts first): the rest of it.
  const groupRetryAt = after?.retryAt ?? undefined;
  const group = await ctx.db
    .query("books")
    .withIndex("by_user_missing_cover", (q) => {
      const g = q.eq("userId", userId).eq("coverUrl", undefined).eq("apiCoverUrl", undefined).eq("coverRetryAt", groupRetryAt);
      return after ? g.gt("_creationTime", after.creationTime) : g;
    })
    .take(limit);
  if (group.length >= limit) return group.map(toListed);
  // Then books with a later retry time, up to the run's horizon.
  const later = await ctx.db
    .query("books")
    .withIndex("by_user_missing_cover", (q) => {
      const m = q.eq("userId", userId).eq("coverUrl", undefined).eq("apiCoverUrl", undefined);
      return (groupRetryAt === undefined ? m.gte("coverRetryAt", 0) : m.gt("coverRetryAt", groupRetryAt)).lte(
        "coverRetryAt",
        cursor.horizon,
      );
    })
    .take(limit - group.length);
  return [...group, ...later].map(toListed);
}

/**
 * The given books that belong to the caller and still miss both covers, in the given order.
 * Foreign, deleted and covered ids are dropped exactly like unknown ids. Books already attempted
 * since the run's horizon are dropped too, so one run looks each book up at most once, and so are
 * books whose back-off has not ended by the horizon.
 */
export async function listMissingCoverBooksByIds(
  ctx: QueryCtx,
  userId: Id<"users">,
  bookIds: Id<"books">[],
  horizon: number,
): Promise<ListedBook[]> {
  const out: ListedBook[] = [];
  const seen = new Set<string>();
  for (const id of bookIds) {
    if (seen.has(id)) continue;
    seen.add(id);
    const book = await ctx.db.get("books", id);
    if (!book || book.userId !== userId || hasAnyCover(book)) continue;
    if (book.coverAttemptedAt !== undefined && book.coverAttemptedAt >= horizon) continue;
    // In back-off: only the per-book "Fetch cover" button (books.fetchCover) asks again before it ends.
    if (book.coverRetryAt !== undefined && book.coverRetryAt > horizon) continue;
    out.push(toListed(book));
  }
  return out;
}

/** `internal.books.listMissingCovers`: the id form, or the scan form following a cursor. */
export async function listMissingCoverBooks(
  ctx: QueryCtx,
  args: { userId: Id<"users">; limit?: number; cursor?: string; bookIds?: Id<"books">[]; horizon?: number },
): Promise<ListedBook[]> {
  const horizon = args.horizon ?? Date.now();
  if (args.bookIds) return await listMissingCoverBooksByIds(ctx, args.userId, args.bookIds.slice(0, MAX_BATCH), horizon);
  const limit = Math.max(1, Math.min(Math.floor(args.limit ?? DEFAULT_BATCH), MAX_BATCH));
  const cursor = args.cursor ? decodeCursor(args.cursor) : ({ mode: "scan", horizon } as const);
  if (cursor.mode !== "scan") return [];
  // Never past now: a forged far-future horizon must not bring books in back-off into the run.
  return await listMissingCoverBooksByScan(ctx, args.userId, limit, { ...cursor, horizon: Math.min(cursor.horizon, horizon) });
}

/** The books a "Fetch missing covers" call looks up (see `listMissingCoverBooks`) and the catalogue's facts for them. */
export async function lookupInput(
  ctx: QueryCtx,
  args: { userId: Id<"users">; limit?: number; cursor?: string; bookIds?: Id<"books">[]; horizon?: number },
): Promise<{ books: ListedBook[]; facts: CatalogueFact[] }> {
  const books = await listMissingCoverBooks(ctx, args);
  const facts = await readFactsFor(ctx, books, lookupStages(enabledCoverSources()), Date.now());
  return { books, facts };
}

/** Most books `countMissingCoverBooks` counts (a bigger library reads "1,000 or more"). */
export const REMAINING_COUNT_CAP = 1000;

/**
 * How many of the reader's books still have no cover, up to REMAINING_COUNT_CAP (index-backed:
 * reads at most that many books missing covers). Said when a run ends because a source is down.
 */
export async function countMissingCoverBooks(ctx: QueryCtx, userId: Id<"users">): Promise<number> {
  const missing = await ctx.db
    .query("books")
    .withIndex("by_user_missing_cover", (q) => q.eq("userId", userId).eq("coverUrl", undefined).eq("apiCoverUrl", undefined))
    .take(REMAINING_COUNT_CAP);
  return missing.length;
}
