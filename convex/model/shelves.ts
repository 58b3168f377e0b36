/**
 * Shelves: "books on this shelf" in every order of the wall, and the list of a reader's shelves.
 *
 * A book's `shelves` array cannot be indexed element by element, so each (book, shelf) pair has a
 * `shelfEntries` row carrying the book's listing keys, and `libraryShelves` keeps one row per shelf
 * with its book count. Keeping them up to date is deferred to a scheduled sync: a write that
 * changes a book's shelves or its listing keys only queues the book (one small insert), so an
 * import chunk of 250 books with 50 shelves each stays far inside Convex's per-transaction limits.
 * The sync brings each queued book's entries in line with the book (removing them when the book is
 * gone) a bounded batch at a time, and schedules itself while books are queued.
 */
import { addedAtFor, authorSortKey, shelfKeyFor, titleSortKey } from "../../lib/books/listingKeys";
import { ROW_LIMITS } from "../../lib/import/validate";
import { internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";

/** Queued books one sync step looks at. */
export const SHELF_SYNC_BOOKS_PER_STEP = 200;
/** Entry writes after which a sync step stops taking more books (well under 16,000 per transaction). */
export const SHELF_SYNC_WRITE_BUDGET = 4_000;
/** Shelves listed for the filter; a reader with more sees the first ones by name. */
export const MAX_LISTED_SHELVES = 500;
/** A sync that has not reported progress for this long has stopped (e.g. a step failed): start another. */
const STALLED_SYNC_MS = 60_000;
/** How often a running sync reports progress (rarely, since each report conflicts with writers queueing books). */
const SYNC_HEARTBEAT_MS = 15_000;
/** More entries than a book can have shelves, so a read of one book's entries is always complete. */
const MAX_ENTRIES_PER_BOOK = ROW_LIMITS.maxShelves * 2;

/** Readers this transaction has already made sure a sync will run for. */
const syncEnsured = new WeakMap<object, Set<Id<"users">>>();

/**
 * Marks the book's shelf entries out of date; a scheduled sync brings them in line (or removes
 * them when the book is deleted). While any book of a reader is queued, a sync is scheduled or
 * running, recorded in `shelfSyncs`: a writer that finds none (or a stalled one) schedules one;
 * each sync step schedules the next while books remain and removes the record when none do. A
 * writer reads only that record and the step reads the queue the writer appends to, so Convex
 * serialises the two whenever it matters and no book is left behind.
 */
export async function queueShelfSync(
  ctx: MutationCtx,
  userId: Id<"users">,
  bookId: Id<"books">,
  { isNew = false }: { isNew?: boolean } = {},
): Promise<void> {
  let ensured = syncEnsured.get(ctx.db);
  if (!ensured) {
    ensured = new Set();
    syncEnsured.set(ctx.db, ensured);
  }
  if (!ensured.has(userId)) {
    const sync = await ctx.db
      .query("shelfSyncs")
      .withIndex("by_user", (q) => q.eq("userId", userId))
      .unique();
    const now = Date.now();
    if (sync === null || sync.scheduledAt < now - STALLED_SYNC_MS) {
      if (sync === null) await ctx.db.insert("shelfSyncs", { userId, scheduledAt: now });
      else await ctx.db.patch("shelfSyncs", sync._id, { scheduledAt: now });
      await ctx.scheduler.runAfter(0, internal.library.syncShelves, { userId });
    }
    ensured.add(userId);
  }
  await ctx.db.insert("shelfSyncQueue", { userId, bookId, ...(isNew ? { isNew } : {}) });
}

type EntryFields = Pick<Doc<"shelfEntries">, "status" | "addedAt" | "titleKey" | "authorKey" | "rating">;

function entryFieldsFor(book: Doc<"books">): EntryFields {
  return {
    status: book.status,
    addedAt: book.addedAt ?? addedAtFor(book.dateAdded, book.createdAt),
    titleKey: book.titleKey ?? titleSortKey(book.title),
    authorKey: book.authorKey ?? authorSortKey(book.author),
    rating: book.rating,
  };
}

function entryIsCurrent(entry: Doc<"shelfEntries">, fields: EntryFields): boolean {
  return (
    entry.status === fields.status &&
    entry.addedAt === fields.addedAt &&
    entry.titleKey === fields.titleKey &&
    entry.authorKey === fields.authorKey &&
    entry.rating === fields.rating
  );
}

/** Per shelf key: the change in its book count, and a name to create it with. */
type ShelfCountChanges = Map<string, { delta: number; name: string }>;

function noteCountChange(changes: ShelfCountChanges, key: string, delta: number, name: string): void {
  const current = changes.get(key);
  changes.set(key, { delta: (current?.delta ?? 0) + delta, name: current?.name ?? name });
}

/** The book's shelves by key (first spelling wins); none when the book is gone or not the reader's. */
function wantedShelves(book: Doc<"books"> | null, userId: Id<"users">): Map<string, string> {
  const wanted = new Map<string, string>();
  if (book === null || book.userId !== userId) return wanted;
  for (const name of book.shelves ?? []) {
    const key = shelfKeyFor(name);
    if (key !== "" && !wanted.has(key)) wanted.set(key, name.trim());
  }
  return wanted;
}

/**
 * Brings one book's entries in line with the book; returns how many entries it wrote. A book queued
 * by its insert (`isNew`) has none yet, so they are not looked up.
 */
async function syncBookEntries(
  ctx: MutationCtx,
  userId: Id<"users">,
  item: Pick<Doc<"shelfSyncQueue">, "bookId" | "isNew">,
  counts: ShelfCountChanges,
): Promise<number> {
  const book = await ctx.db.get("books", item.bookId);
  const wanted = wantedShelves(book, userId);
  const fields = book && wanted.size > 0 ? entryFieldsFor(book) : null;
  const existing = item.isNew
    ? []
    : await ctx.db
        .query("shelfEntries")
        .withIndex("by_book", (q) => q.eq("bookId", item.bookId))
        .take(MAX_ENTRIES_PER_BOOK);
  let writes = 0;
  const kept = new Set<string>();
  for (const entry of existing) {
    if (fields === null || !wanted.has(entry.shelf) || kept.has(entry.shelf)) {
      await ctx.db.delete("shelfEntries", entry._id);
      noteCountChange(counts, entry.shelf, -1, entry.shelf);
      writes++;
      continue;
    }
    kept.add(entry.shelf);
    if (!entryIsCurrent(entry, fields)) {
      await ctx.db.patch("shelfEntries", entry._id, fields);
      writes++;
    }
  }
  if (fields === null) return writes;
  for (const [shelf, name] of wanted) {
    if (kept.has(shelf)) continue;
    await ctx.db.insert("shelfEntries", { userId, shelf, bookId: item.bookId, ...fields });
    noteCountChange(counts, shelf, 1, name);
    writes++;
  }
  return writes;
}

async function applyShelfCounts(ctx: MutationCtx, userId: Id<"users">, changes: ShelfCountChanges): Promise<void> {
  for (const [key, { delta, name }] of changes) {
    if (delta === 0) continue;
    const shelf = await ctx.db
      .query("libraryShelves")
      .withIndex("by_user_key", (q) => q.eq("userId", userId).eq("key", key))
      .unique();
    const count = (shelf?.count ?? 0) + delta;
    if (shelf && count <= 0) await ctx.db.delete("libraryShelves", shelf._id);
    else if (shelf) await ctx.db.patch("libraryShelves", shelf._id, { count });
    else if (count > 0) await ctx.db.insert("libraryShelves", { userId, key, name, count });
  }
}

/**
 * One step of a reader's shelf sync: up to SHELF_SYNC_BOOKS_PER_STEP queued books (fewer once
 * SHELF_SYNC_WRITE_BUDGET entry writes are spent), then the next step while books remain queued.
 */
export async function syncShelvesStep(ctx: MutationCtx, userId: Id<"users">): Promise<{ books: number; writes: number }> {
  const queued = await ctx.db
    .query("shelfSyncQueue")
    .withIndex("by_user", (q) => q.eq("userId", userId))
    .take(SHELF_SYNC_BOOKS_PER_STEP);
  const counts: ShelfCountChanges = new Map();
  const synced = new Set<Id<"books">>();
  let writes = 0;
  for (const item of queued) {
    if (!synced.has(item.bookId)) {
      if (writes >= SHELF_SYNC_WRITE_BUDGET) break;
      writes += await syncBookEntries(ctx, userId, item, counts);
      synced.add(item.bookId);
    }
    await ctx.db.delete("shelfSyncQueue", item._id);
  }
  await applyShelfCounts(ctx, userId, counts);
  await scheduleNextStepOrFinish(ctx, userId);
  return { books: synced.size, writes };
}

async function scheduleNextStepOrFinish(ctx: MutationCtx, userId: Id<"users">): Promise<void> {
  const more = await ctx.db
    .query("shelfSyncQueue")
    .withIndex("by_user", (q) => q.eq("userId", userId))
    .first();
  const sync = await ctx.db
    .query("shelfSyncs")
    .withIndex("by_user", (q) => q.eq("userId", userId))
    .unique();
  const now = Date.now();
  if (more === null) {
    if (sync !== null) await ctx.db.delete("shelfSyncs", sync._id);
    return;
  }
  if (sync === null) await ctx.db.insert("shelfSyncs", { userId, scheduledAt: now });
  else if (sync.scheduledAt < now - SYNC_HEARTBEAT_MS) await ctx.db.patch("shelfSyncs", sync._id, { scheduledAt: now });
  await ctx.scheduler.runAfter(0, internal.library.syncShelves, { userId });
}

export interface ShelfSummary {
  key: string;
  name: string;
  count: number;
}

/** The reader's shelves by name (at most MAX_LISTED_SHELVES), with their book counts. */
export async function listShelves(ctx: QueryCtx, userId: Id<"users">): Promise<ShelfSummary[]> {
  const shelves = await ctx.db
    .query("libraryShelves")
    .withIndex("by_user_key", (q) => q.eq("userId", userId))
    .take(MAX_LISTED_SHELVES);
  return shelves.map(({ key, name, count }) => ({ key, name, count }));
}
