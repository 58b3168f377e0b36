/**
 * "Delete all my books": a scheduled job that deletes the reader's books a chunk per transaction
 * (each through deleteBook, so uploaded cover files go, the counts follow and the shelf entries are
 * cleaned up) and schedules its next step until none is left. The job document is the progress
 * the Settings page shows.
 */
import { internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { deleteBook } from "./bookWrites";
import { getLibraryCounts } from "./libraryCounts";

/** Books deleted per step: a step reads and writes a few documents per book, far below Convex's limits. */
export const DELETE_CHUNK = 200;

/** What the reader types to confirm. */
export const DELETE_CONFIRMATION = "DELETE";

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
  for (const book of books) await deleteBook(ctx, book);
  // Reads inside the transaction see its own deletes: anything found now is still to delete.
  const more =
    books.length === DELETE_CHUNK &&
    (await ctx.db
      .query("books")
      .withIndex("by_user", (q) => q.eq("userId", job.userId))
      .first()) !== null;
  const deleted = job.deleted + books.length;
  if (more) {
    await ctx.db.patch("libraryDeletions", deletionId, { deleted });
    await ctx.scheduler.runAfter(0, internal.library.deleteLibraryChunk, { deletionId });
    return;
  }
  await ctx.db.patch("libraryDeletions", deletionId, { deleted, state: "done", finishedAt: Date.now() });
  console.info(JSON.stringify({ event: "library_deleted", books: deleted, durationMs: Date.now() - job.startedAt }));
}
