/**
 * Per-reader book counts (total, per status, and without a cover) in one `libraryCounts` document, changed in the
 * same transaction as the books by the write helpers in bookWrites.ts, so reading the counts costs
 * one document however big the library is.
 *
 * Within one transaction the counter document is read once and then kept in memory (keyed by the
 * transaction's `ctx.db`), so an import chunk of 250 inserts costs 250 small patches, not 250
 * lookups as well. Concurrent transactions still serialise on the document like any other write.
 */
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { bookStatus } from "../schema";
import type { BookStatus } from "./books";

/** Every status, in the schema's order: adding one to `bookStatus` adds it here. */
export const BOOK_STATUSES: readonly BookStatus[] = bookStatus.members.map((member) => member.value);

export interface LibraryCounts {
  total: number;
  byStatus: Record<BookStatus, number>;
  /** Books with neither the reader's own nor a found cover (the wall's "No cover yet"). */
  withoutCover: number;
}

/** Per-status changes to apply, e.g. `{ read: 1, "want-to-read": -1 }`. */
export type CountChange = Partial<Record<BookStatus, number>>;

function zeroByStatus(): Record<BookStatus, number> {
  return Object.fromEntries(BOOK_STATUSES.map((status) => [status, 0])) as Record<BookStatus, number>;
}

function toCounts(doc: Pick<Doc<"libraryCounts">, "total" | "byStatus" | "withoutCover"> | null): LibraryCounts {
  const byStatus = zeroByStatus();
  for (const status of BOOK_STATUSES) byStatus[status] = Math.max(0, doc?.byStatus[status] ?? 0);
  return { total: Math.max(0, doc?.total ?? 0), byStatus, withoutCover: Math.max(0, doc?.withoutCover ?? 0) };
}

async function findCounter(ctx: QueryCtx, userId: Id<"users">): Promise<Doc<"libraryCounts"> | null> {
  return await ctx.db
    .query("libraryCounts")
    .withIndex("by_user", (q) => q.eq("userId", userId))
    .unique();
}

/** The reader's counts: one document read. A reader without books has no document yet: all zero. */
export async function getLibraryCounts(ctx: QueryCtx, userId: Id<"users">): Promise<LibraryCounts> {
  return toCounts(await findCounter(ctx, userId));
}

type CachedCounter = { id: Id<"libraryCounts">; total: number; byStatus: Record<string, number>; withoutCover: number };
/** The counter documents this transaction has read or written, per reader. */
const counterCache = new WeakMap<object, Map<Id<"users">, CachedCounter>>();

async function cachedCounter(ctx: MutationCtx, userId: Id<"users">): Promise<CachedCounter> {
  let perUser = counterCache.get(ctx.db);
  if (!perUser) {
    perUser = new Map();
    counterCache.set(ctx.db, perUser);
  }
  const cached = perUser.get(userId);
  if (cached) return cached;
  const doc = await findCounter(ctx, userId);
  const counter: CachedCounter = doc
    ? { id: doc._id, total: doc.total, byStatus: { ...doc.byStatus }, withoutCover: doc.withoutCover ?? 0 }
    : {
        id: await ctx.db.insert("libraryCounts", { userId, total: 0, byStatus: {}, withoutCover: 0 }),
        total: 0,
        byStatus: {},
        withoutCover: 0,
      };
  perUser.set(userId, counter);
  return counter;
}

/** Applies `total`, per-status and without-cover changes to the reader's counts, in the caller's transaction; returns the new total. */
export async function changeLibraryCounts(
  ctx: MutationCtx,
  userId: Id<"users">,
  change: { total: number; byStatus: CountChange; withoutCover?: number },
): Promise<number> {
  const counter = await cachedCounter(ctx, userId);
  counter.total += change.total;
  for (const [status, delta] of Object.entries(change.byStatus)) {
    if (delta) counter.byStatus[status] = (counter.byStatus[status] ?? 0) + delta;
  }
  counter.withoutCover += change.withoutCover ?? 0;
  await ctx.db.patch("libraryCounts", counter.id, {
    total: counter.total,
    byStatus: { ...counter.byStatus },
    withoutCover: counter.withoutCover,
  });
  return counter.total;
}

/** One more (1) or one fewer (-1) book without a cover. */
export async function countWithoutCoverChanged(ctx: MutationCtx, userId: Id<"users">, delta: number): Promise<void> {
  if (delta !== 0) await changeLibraryCounts(ctx, userId, { total: 0, byStatus: {}, withoutCover: delta });
}

/** Counts one more book; returns the reader's new total. */
export async function countBookAdded(ctx: MutationCtx, userId: Id<"users">, status: BookStatus): Promise<number> {
  return await changeLibraryCounts(ctx, userId, { total: 1, byStatus: { [status]: 1 } });
}

export async function countStatusChanged(ctx: MutationCtx, userId: Id<"users">, from: BookStatus, to: BookStatus): Promise<void> {
  if (from === to) return;
  await changeLibraryCounts(ctx, userId, { total: 0, byStatus: { [from]: -1, [to]: 1 } });
}
