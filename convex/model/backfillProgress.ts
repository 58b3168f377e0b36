import type { Id } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";

/** Counting stops here: the library only needs to know "many". */
export const MISSING_COUNT_CAP = 1000;

export interface BackfillProgress {
  /** The run (import-triggered) this reports on, if any. */
  run: {
    state: "running" | "done";
    total: number;
    processed: number;
    pending: number;
    found: number;
    notFound: number;
    startedAt: number;
    finishedAt?: number;
  } | null;
  /** The caller's books with neither cover (capped at MISSING_COUNT_CAP). */
  missingCovers: number;
}

export async function getBackfillProgress(
  ctx: QueryCtx,
  userId: Id<"users">,
  importId: Id<"imports"> | undefined,
): Promise<BackfillProgress> {
  const run = importId
    ? await ctx.db
        .query("coverBackfills")
        .withIndex("by_import", (q) => q.eq("importId", importId))
        .unique()
    : await ctx.db
        .query("coverBackfills")
        .withIndex("by_user_started", (q) => q.eq("userId", userId))
        .order("desc")
        .first();
  const missing = await ctx.db
    .query("books")
    .withIndex("by_user_missing_cover", (q) =>
      q.eq("userId", userId).eq("coverUrl", undefined).eq("apiCoverUrl", undefined),
    )
    .take(MISSING_COUNT_CAP);
  const owned = run && run.userId === userId ? run : null;
  return {
    run: owned
      ? {
          state: owned.state,
          total: owned.total,
          processed: owned.processed,
          pending: owned.total - owned.processed,
          found: owned.found,
          notFound: owned.notFound,
          startedAt: owned.startedAt,
          ...(owned.finishedAt !== undefined ? { finishedAt: owned.finishedAt } : {}),
        }
      : null,
    missingCovers: missing.length,
  };
}
