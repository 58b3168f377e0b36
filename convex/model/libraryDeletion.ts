/**
 * "Delete all my books": a scheduled job that deletes the reader's books a chunk per transaction
 * (each through deleteBook, so uploaded cover files go, the counts follow and the shelf entries are
 * cleaned up) and schedules its next step until none is left. The job document is the progress
 * the Settings page shows.
 */
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

/** One step: deletes up to DELETE_CHUNK books, then schedules the next step or marks the job done. */
export async function deleteLibraryChunk(ctx: MutationCtx, deletionId: Id<"libraryDeletions">): Promise<void> {
  const job = await ctx.db.get("libraryDeletions", deletionId);
  if (job === null || job.state !== "running") return;
  const books = await ctx.db
    .query("books")
    .withIndex("by_user", (q) => q.eq("userId", job.userId))
    .take(DELETE_CHUNK);
  await deleteBooks(ctx, job.userId, books);
  const deleted = job.deleted + books.length;
  // A full chunk may have left more books (the next step finds out); a short one was the last.
  if (books.length === DELETE_CHUNK) {
    await ctx.db.patch("libraryDeletions", deletionId, { deleted });
    await ctx.scheduler.runAfter(0, internal.library.deleteLibraryChunk, { deletionId });
    return;
  }
  await ctx.db.patch("libraryDeletions", deletionId, { deleted, state: "done", finishedAt: Date.now() });
  console.info(JSON.stringify({ event: "library_deleted", books: deleted, durationMs: Date.now() - job.startedAt }));
}
