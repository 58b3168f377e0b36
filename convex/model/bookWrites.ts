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
 * Cover fields (`coverUrl`, `coverStorageId`, `apiCoverUrl`) go through `patchBook` too, so the
 * reader's count of books without a cover (`libraryCounts.withoutCover`) is kept here: a book is
 * in that count exactly when its `countedWithoutCover` is true, and every insert, patch and delete
 * brings the flag and the count in line with whether the book has a cover. Writes that nothing kept depends on
 * (lookup bookkeeping, `updatedAt`) may patch books directly. tests/convex/bookWritesGuard.test.ts checks no other module inserts or deletes
 * books.
 */
import type { WithoutSystemFields } from "convex/server";
import { LIBRARY_MAX_BOOKS } from "../../lib/books/libraryCap";
import { listingKeysFor, type ListingKeys } from "../../lib/books/listingKeys";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { libraryFullError } from "./libraryCap";
import {
  changeLibraryCounts,
  countBookAdded,
  countStatusChanged,
  countWithoutCoverChanged,
  type CountChange,
} from "./libraryCounts";
import { queueShelfSync } from "./shelves";
import { coverKeyFields, followCoverKeys } from "./storedCovers";

type BookFields = WithoutSystemFields<Doc<"books">>;

/** Fields derived here, never by callers. */
type DerivedFields = keyof ListingKeys | "countedWithoutCover" | "foundCoverKey" | "chosenCoverKey";

/** A new book as callers describe it: everything but the listing keys and counting flags, which are derived here. */
export type NewBook = Omit<BookFields, DerivedFields>;

/** A change to a book; the listing keys and counting flags follow from it. */
export type BookPatch = Partial<Omit<BookFields, "userId" | DerivedFields>>;

/** The book has neither the reader's own cover nor a found one. */
export function lacksCover(book: Pick<BookFields, "coverUrl" | "apiCoverUrl">): boolean {
  return !book.coverUrl && !book.apiCoverUrl;
}

/**
 * The book's listing keys and counts are what its fields say: nothing for the listing-key migration
 * to do. (A book without keys is not counted yet; one without a cover must be in the without-cover count.)
 */
export function isListedUpToDate(book: Doc<"books">): boolean {
  return book.addedAt !== undefined && (book.countedWithoutCover === true) === lacksCover(book);
}

/**
 * Inserts a book, counts it (in total, by status and without a cover) and queues its shelves. A book
 * that would take the reader's kept total past LIBRARY_MAX_BOOKS throws `library_full`.
 */
export async function insertBook(ctx: MutationCtx, book: NewBook): Promise<Id<"books">> {
  const withoutCover = lacksCover(book);
  const coverKeys = coverKeyFields(book);
  const bookId = await ctx.db.insert("books", {
    ...book,
    ...listingKeysFor(book),
    ...(withoutCover ? { countedWithoutCover: true } : {}),
    ...(coverKeys.foundCoverKey !== undefined ? { foundCoverKey: coverKeys.foundCoverKey } : {}),
    ...(coverKeys.chosenCoverKey !== undefined ? { chosenCoverKey: coverKeys.chosenCoverKey } : {}),
  });
  // The deployment's stored copies of the source covers it uses (storedCovers.ts).
  await followCoverKeys(ctx, null, book);
  // One change to the counter document: an import chunk of 250 inserts costs 250 patches, not 500.
  const total = await changeLibraryCounts(ctx, book.userId, {
    total: 1,
    byStatus: { [book.status]: 1 },
    withoutCover: withoutCover ? 1 : 0,
  });
  // Past LIBRARY_MAX_BOOKS this throws `library_full`, which undoes the whole call (an import chunk is refused whole).
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
  const withoutCover = lacksCover(next);
  const countedWithoutCover = book.countedWithoutCover === true;
  const coverCountChange = withoutCover === countedWithoutCover ? 0 : withoutCover ? 1 : -1;
  const coverKeys = coverKeyFields(next);
  const coverKeysChange = coverKeys.foundCoverKey !== book.foundCoverKey || coverKeys.chosenCoverKey !== book.chosenCoverKey;
  await ctx.db.patch("books", book._id, {
    ...patch,
    ...changedKeys,
    ...(coverCountChange !== 0 ? { countedWithoutCover: withoutCover ? true : undefined } : {}),
    ...(coverKeysChange ? coverKeys : {}),
  });
  // Stored copies follow the source covers the book uses (asked for, or swept when unused).
  if (coverKeysChange) await followCoverKeys(ctx, book, next);

  const counted = book.addedAt !== undefined;
  if (!counted) await countBookAdded(ctx, book.userId, next.status);
  else if (next.status !== book.status) await countStatusChanged(ctx, book.userId, book.status, next.status);
  await countWithoutCoverChanged(ctx, book.userId, coverCountChange);

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
  let withoutCover = 0;
  for (const book of books) {
    if (book.userId !== userId) throw new Error("deleteBooks: every book must be the reader's");
    await ctx.db.delete("books", book._id);
    if (book.addedAt !== undefined) {
      total -= 1;
      byStatus[book.status] = (byStatus[book.status] ?? 0) - 1;
    }
    if (book.countedWithoutCover === true) withoutCover -= 1;
    if (book.coverStorageId !== undefined) await deleteStoredFile(ctx, book.coverStorageId);
    await followCoverKeys(ctx, book, null);
    if (book.shelves?.length) await queueShelfSync(ctx, userId, book._id);
  }
  if (total !== 0 || withoutCover !== 0) await changeLibraryCounts(ctx, userId, { total, byStatus, withoutCover });
}
