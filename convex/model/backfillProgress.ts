import type { CoverSource } from "../../lib/cover/types";
import type { Id } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";
import { DUE_RANK } from "./importBackfill";

/**
 * An import's cover run as the UI shows it: "N of M" (`processed` of `total`), an estimate of the
 * time left from the measured rate (`processed` since `startedAt`) and what is still `queued`, and
 * what it is waiting for (`waitingForSource` until `waitingForSourceUntil`).
 */
export interface BackfillProgress {
  /** The run (import-triggered) this reports on, if any. */
  run: {
    state: "running" | "done";
    total: number;
    processed: number;
    /** Books still queued (`total - processed`). */
    queued: number;
    /** The same as `queued` (kept for existing clients). */
    pending: number;
    found: number;
    notFound: number;
    startedAt: number;
    finishedAt?: number;
    /** The run is waiting for a paused cover source until then (epoch ms); the UI says so with the time. */
    waitingForSourceUntil?: number;
    /** ... and which source (a registered source id; `coverSourceLabel` names it). */
    waitingForSource?: CoverSource;
    /** The run ended because its steps kept failing; the books it did not reach still miss covers. */
    stoppedAfterErrors?: true;
    /**
     * Books still wait for their ISBN batch: the run is in its fast first part (50 ISBNs a request),
     * whose pace says nothing about the title searches after it.
     */
    lookingUpIsbns?: true;
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
  const lookingUpIsbns =
    owned?.state === "running" &&
    (await ctx.db
      .query("coverBackfillQueue")
      .withIndex("by_backfill_due", (q) => q.eq("backfillId", owned._id).lte("dueAt", DUE_RANK.isbn))
      .first()) !== null;
  return {
    run: owned
      ? {
          state: owned.state,
          total: owned.total,
          processed: owned.processed,
          queued: owned.total - owned.processed,
          pending: owned.total - owned.processed,
          found: owned.found,
          notFound: owned.notFound,
          startedAt: owned.startedAt,
          ...(owned.finishedAt !== undefined ? { finishedAt: owned.finishedAt } : {}),
          ...(owned.state === "running" && owned.waitingForSourceUntil !== undefined
            ? {
                waitingForSourceUntil: owned.waitingForSourceUntil,
                ...(owned.waitingForSource ? { waitingForSource: owned.waitingForSource } : {}),
              }
            : {}),
          ...(owned.stoppedAfterErrors ? { stoppedAfterErrors: true as const } : {}),
          ...(lookingUpIsbns ? { lookingUpIsbns: true as const } : {}),
        }
      : null,
  };
}
