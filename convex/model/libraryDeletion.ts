/**
 * "Delete all my books": a scheduled job that deletes the reader's books a chunk per transaction
 * (each through deleteBook, so uploaded cover files go, the counts follow and the shelf entries are
 * cleaned up), then the reader's import records (`imports`, `importRows`), and schedules its next
 * step until none is left. The job document is the progress the Settings page shows.
 *
 * While it runs, nothing may add to the library: import chunks and new books are refused with a
 * clear message (`assertLibraryNotBeingDeleted`), so a book the reader is told was imported is
 * never taken by a deletion already under way. Both sides read the reader's latest deletion, so a
 * commit and the start of a deletion conflict and Convex runs one after the other: a commit that
 * wins ran before the deletion started (the deletion counts and removes its books, as asked), one
 * that loses is refused. The import records go too, so a chunk the client sends again after the
 * deletion imports afresh instead of replaying outcomes whose books are gone.
 */
import { ConvexError } from "convex/values";
import { internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { deleteBooks } from "./bookWrites";
import { getLibraryCounts } from "./libraryCounts";

/**
 * Books deleted per step. A step reads each book (and its cover file's metadata) and writes its
 * deletion and, when it is on shelves, a shelf-sync queue entry: at most ~1,000 reads and ~1,000
 * writes, far below Convex's per-transaction limits (32,000 and 16,000).
 */
export const DELETE_CHUNK = 500;

/**
 * Import records (row outcomes and import documents) deleted per step once the books are gone:
 * one small document read and deleted each, far below the per-transaction limits.
 */
export const DELETE_IMPORT_ROWS_PER_STEP = 1_000;

export interface LibraryDeletionProgress {
  state: "running" | "done";
  total: number;
  deleted: number;
  startedAt: number;
  finishedAt?: number;
}

async function latestDeletion(ctx: QueryCtx, userId: Id<"users">): Promise<Doc<"libraryDeletions"> | null> {
  return await ctx.db
    .query("libraryDeletions")
    .withIndex("by_user", (q) => q.eq("userId", userId))
    .order("desc")
    .first();
}

/** The reader's latest deletion, or null when they never asked for one. */
export async function getLibraryDeletion(ctx: QueryCtx, userId: Id<"users">): Promise<LibraryDeletionProgress | null> {
  const job = await latestDeletion(ctx, userId);
  if (job === null) return null;
  return {
    state: job.state,
    total: job.total,
    deleted: job.deleted,
    startedAt: job.startedAt,
    ...(job.finishedAt !== undefined ? { finishedAt: job.finishedAt } : {}),
  };
}

const REFUSED_WHILE_DELETING = {
  import: "Your library is being deleted. Import again once “Delete all my books” has finished.",
  add: "Your library is being deleted. Add books again once “Delete all my books” has finished.",
} as const;

/**
 * Throws ConvexError `library_being_deleted` while the reader's "Delete all my books" runs. Called
 * first by every path that adds books (the import commit, `books.create`), before it writes.
 */
export async function assertLibraryNotBeingDeleted(
  ctx: QueryCtx,
  userId: Id<"users">,
  adding: keyof typeof REFUSED_WHILE_DELETING,
): Promise<void> {
  if ((await latestDeletion(ctx, userId))?.state === "running") {
    throw new ConvexError({ code: "library_being_deleted", message: REFUSED_WHILE_DELETING[adding] });
  }
}

/** Starts deleting the reader's books (or returns the deletion already running). */
export async function startLibraryDeletion(ctx: MutationCtx, userId: Id<"users">): Promise<Id<"libraryDeletions">> {
  const latest = await latestDeletion(ctx, userId);
  if (latest?.state === "running") return latest._id;
  const { total } = await getLibraryCounts(ctx, userId);
  const deletionId = await ctx.db.insert("libraryDeletions", {
    userId,
    state: "running",
    total,
    deleted: 0,
    startedAt: Date.now(),
  });
  await ctx.scheduler.runAfter(0, internal.library.deleteLibraryChunk, { deletionId });
  return deletionId;
}

/**
 * Deletes up to `budget` of the reader's import records (row outcomes first, then the import they
 * belong to). Returns true when some may be left.
 */
async function deleteImportRecords(ctx: MutationCtx, userId: Id<"users">, budget: number): Promise<boolean> {
  let left = budget;
  while (left > 0) {
    const record = await ctx.db
      .query("imports")
      .withIndex("by_user_client_id", (q) => q.eq("userId", userId))
      .first();
    if (record === null) return false;
    const rows = await ctx.db
      .query("importRows")
      .withIndex("by_import_line", (q) => q.eq("importId", record._id))
      .take(left);
    for (const row of rows) await ctx.db.delete("importRows", row._id);
    left -= rows.length;
    if (left === 0) return true;
    await ctx.db.delete("imports", record._id);
    left -= 1;
  }
  return true;
}

/**
 * One step: deletes up to DELETE_CHUNK books, or once they are gone up to
 * DELETE_IMPORT_ROWS_PER_STEP import records; then schedules the next step or marks the job done.
 */
export async function deleteLibraryChunk(ctx: MutationCtx, deletionId: Id<"libraryDeletions">): Promise<void> {
  const job = await ctx.db.get("libraryDeletions", deletionId);
  if (job === null || job.state !== "running") return;
  const books = await ctx.db
    .query("books")
    .withIndex("by_user", (q) => q.eq("userId", job.userId))
    .take(DELETE_CHUNK);
  await deleteBooks(ctx, job.userId, books);
  const deleted = job.deleted + books.length;
  // A full chunk may have left more books (the next step finds out); after a short one, the
  // import records go, as many per step as the budget allows.
  const moreLeft = books.length === DELETE_CHUNK || (await deleteImportRecords(ctx, job.userId, DELETE_IMPORT_ROWS_PER_STEP));
  if (moreLeft) {
    await ctx.db.patch("libraryDeletions", deletionId, { deleted });
    await ctx.scheduler.runAfter(0, internal.library.deleteLibraryChunk, { deletionId });
    return;
  }
  await ctx.db.patch("libraryDeletions", deletionId, { deleted, state: "done", finishedAt: Date.now() });
  console.info(JSON.stringify({ event: "library_deleted", books: deleted, durationMs: Date.now() - job.startedAt }));
}
