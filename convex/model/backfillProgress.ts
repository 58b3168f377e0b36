import type { Id } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";

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
    /** The run is waiting for a paused cover source until then (epoch ms); the UI says so with the time. */
    waitingForSourceUntil?: number;
    /** The run ended because its steps kept failing; the books it did not reach still miss covers. */
    stoppedAfterErrors?: true;
  } | null;
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
          ...(owned.state === "running" && owned.waitingForSourceUntil !== undefined
            ? { waitingForSourceUntil: owned.waitingForSourceUntil }
            : {}),
          ...(owned.stoppedAfterErrors ? { stoppedAfterErrors: true as const } : {}),
        }
      : null,
  };
}
