/**
 * The only way books are inserted, deleted, or changed in a way the library listing sees (title,
 * author, status, rating, date added, shelves). Each helper keeps, in the caller's transaction,
 * what the wall reads instead of the library:
 *   - the listing keys stored on the book (sort keys, search text, date added);
 *   - the reader's counts (libraryCounts.ts);
 *   - the shelf entries, by queueing the book for the shelf sync (shelves.ts).
 *
 * A book is counted exactly when it has listing keys (`addedAt`): books written before the keys
 * existed are counted when a write or the backfill (internal.library.backfillListingKeys) first
 * gives them keys, and are not subtracted when deleted before that.
 *
 * Cover fields (`coverUrl`, `coverStorageId`, `apiCoverUrl`) go through `patchBook` too, so what
 * depends on whether a book has a cover can be kept here. Writes that nothing kept depends on
 * (lookup bookkeeping, `updatedAt`) may patch books directly. tests/convex/bookWritesGuard.test.ts checks no other module inserts or deletes
 * books.
 */
import type { WithoutSystemFields } from "convex/server";
import { LIBRARY_MAX_BOOKS } from "../../lib/books/libraryCap";
import { listingKeysFor, type ListingKeys } from "../../lib/books/listingKeys";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { libraryFullError } from "./libraryCap";
import { changeLibraryCounts, countBookAdded, countStatusChanged, type CountChange } from "./libraryCounts";
import { queueShelfSync } from "./shelves";

type BookFields = WithoutSystemFields<Doc<"books">>;

/** A new book as callers describe it: everything but the listing keys, which are derived here. */
export type NewBook = Omit<BookFields, keyof ListingKeys>;

/** A change to a book; the listing keys follow from it. */
export type BookPatch = Partial<Omit<BookFields, "userId" | keyof ListingKeys>>;

/**
 * Inserts a book, counts it and queues its shelves. A book that would take the reader's kept total
 * past LIBRARY_MAX_BOOKS throws `library_full`, which undoes the whole call (an import chunk is
 * refused whole).
 */
export async function insertBook(ctx: MutationCtx, book: NewBook): Promise<Id<"books">> {
  const bookId = await ctx.db.insert("books", { ...book, ...listingKeysFor(book) });
  const total = await countBookAdded(ctx, book.userId, book.status);
  if (total > LIBRARY_MAX_BOOKS) throw libraryFullError();
  if (book.shelves?.length) await queueShelfSync(ctx, book.userId, bookId, { isNew: true });
  return bookId;
}

function sameShelves(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const left = a ?? [];
  const right = b ?? [];
  return left.length === right.length && left.every((shelf, i) => shelf === right[i]);
}

/**
 * Patches `book` (as read in this transaction) with `patch`, updating the listing keys that change,
 * the counts when the status changes, and the shelf entries when anything they carry changes.
 */
export async function patchBook(ctx: MutationCtx, book: Doc<"books">, patch: BookPatch): Promise<void> {
  const next = { ...book, ...patch };
  const keys = listingKeysFor(next);
  const changedKeys: Partial<ListingKeys> = {};
  for (const field of Object.keys(keys) as (keyof ListingKeys)[]) {
    if (book[field] !== keys[field]) (changedKeys as Record<string, unknown>)[field] = keys[field];
  }
  await ctx.db.patch("books", book._id, { ...patch, ...changedKeys });

  const counted = book.addedAt !== undefined;
  if (!counted) await countBookAdded(ctx, book.userId, next.status);
  else if (next.status !== book.status) await countStatusChanged(ctx, book.userId, book.status, next.status);

  const entriesChange =
    Object.keys(changedKeys).some((field) => field !== "searchText") ||
    next.status !== book.status ||
    next.rating !== book.rating;
  const onShelves = Boolean(book.shelves?.length || next.shelves?.length);
  if (onShelves && (entriesChange || !sameShelves(book.shelves, next.shelves))) {
    await queueShelfSync(ctx, book.userId, book._id);
  }
}

/** Deletes a stored file if it still exists (deleting a missing file would throw). */
export async function deleteStoredFile(ctx: MutationCtx, storageId: Id<"_storage">): Promise<void> {
  if ((await ctx.db.system.get("_storage", storageId)) !== null) await ctx.storage.delete(storageId);
}

/** Deletes `book` (as read in this transaction) and its uploaded cover file, uncounts it and queues its shelves' clean-up. */
export async function deleteBook(ctx: MutationCtx, book: Doc<"books">): Promise<void> {
  await deleteBooks(ctx, book.userId, [book]);
}

/** {@link deleteBook} for many books of one reader, with one change to their counts. */
export async function deleteBooks(ctx: MutationCtx, userId: Id<"users">, books: readonly Doc<"books">[]): Promise<void> {
  const byStatus: CountChange = {};
  let total = 0;
  for (const book of books) {
    if (book.userId !== userId) throw new Error("deleteBooks: every book must be the reader's");
    await ctx.db.delete("books", book._id);
    if (book.addedAt !== undefined) {
      total -= 1;
      byStatus[book.status] = (byStatus[book.status] ?? 0) - 1;
    }
    if (book.coverStorageId !== undefined) await deleteStoredFile(ctx, book.coverStorageId);
    if (book.shelves?.length) await queueShelfSync(ctx, userId, book._id);
  }
  if (total !== 0) await changeLibraryCounts(ctx, userId, { total, byStatus });
}
