/**
 * Request pacing and pauses per cover source, shared by every action of the deployment (module
 * state is not shared between Convex function runs, so both live in the `sourcePacing` table).
 *
 * - Every outbound request takes its own slot: `databasePacer` is the `RateLimiter` the lookup
 *   actions inject into lib/cover (requestJson asks it once per request: search, ISBN prefetch,
 *   hedge, retry and Google alike).
 * - A 429/503 answer pauses the source for every run (`pauseSource`): `Retry-After` capped at an
 *   hour, or a growing default without one. While paused, no slot is handed out.
 * - A slot is never reserved after the caller's deadline (its batch budget), so a wait for a slot
 *   never outlasts the batch; the request is then not sent, which is not a failure.
 * - Interactive lookups (a reader's new book, the per-book button) take the earliest slot; bulk
 *   runs only take one that is free now and otherwise come back when one frees up (see decideSlot).
 */
import {
  decideSlot,
  GOOGLE_BOOKS_WINDOW,
  nextSourcePause,
  OPEN_LIBRARY_WINDOW,
  type RateLimiter,
  type SlotPriority,
} from "../../lib/cover/rateLimiter";
import type { CoverSource } from "../../lib/cover/types";
import { internal } from "../_generated/api";
import type { ActionCtx, MutationCtx } from "../_generated/server";

/** How far ahead a bulk run may reserve a slot (an interactive lookup waits at most about this plus one window). */
export const BULK_LOOKAHEAD_MS = 300;

export type SlotAnswer =
  | { kind: "granted"; slot: number }
  | { kind: "paused"; until: number }
  | { kind: "busy"; retryAt: number }
  | { kind: "over_budget" };

const WINDOWS = { "open-library": OPEN_LIBRARY_WINDOW, "google-books": GOOGLE_BOOKS_WINDOW } as const;

async function pacingDoc(ctx: MutationCtx, source: CoverSource) {
  return await ctx.db
    .query("sourcePacing")
    .withIndex("by_source", (q) => q.eq("source", source))
    .unique();
}

/**
 * One request for a slot of `source` (see decideSlot): a granted slot is reserved in the same
 * transaction. Convex runs concurrent reservations serially, so two callers never get the same one.
 */
export async function reserveSourceSlot(
  ctx: MutationCtx,
  args: { source: CoverSource; priority?: SlotPriority; deadline?: number; runKey?: string },
): Promise<SlotAnswer> {
  const doc = await pacingDoc(ctx, args.source);
  const decision = decideSlot(
    { recent: doc?.recent ?? [], pausedUntil: doc?.pausedUntil, runs: doc?.runs },
    Date.now(),
    WINDOWS[args.source],
    {
      priority: args.priority ?? "interactive",
      deadline: args.deadline,
      bulkLookaheadMs: BULK_LOOKAHEAD_MS,
      runKey: args.runKey,
    },
  );
  if (decision.kind === "busy") {
    // A waiting run is noted (at most once a second per run), so that it gets its turn.
    if (decision.runs && doc) await ctx.db.patch("sourcePacing", doc._id, { runs: decision.runs });
    if (decision.runs && !doc) await ctx.db.insert("sourcePacing", { source: args.source, recent: [], runs: decision.runs });
    return { kind: "busy", retryAt: decision.retryAt };
  }
  if (decision.kind !== "granted") return decision;
  const patch = { recent: decision.recent, ...(decision.runs ? { runs: decision.runs } : {}) };
  if (doc) await ctx.db.patch("sourcePacing", doc._id, patch);
  else await ctx.db.insert("sourcePacing", { source: args.source, ...patch });
  return { kind: "granted", slot: decision.slot };
}

/**
 * Records a 429/503 (or, with `refused`, a 403) from `source`: every run leaves it alone until the
 * returned time. A refusal is logged once, at error level, when it starts a refusal pause: it needs
 * the operator (a contact in the User-Agent), not a retry.
 */
export async function pauseSource(
  ctx: MutationCtx,
  args: { source: CoverSource; retryAfterMs?: number; refused?: boolean },
): Promise<number> {
  const doc = await pacingDoc(ctx, args.source);
  const now = Date.now();
  const state = { pausedUntil: doc?.pausedUntil, pauseStrikes: doc?.pauseStrikes, pauseReason: doc?.pauseReason };
  const next = nextSourcePause(state, now, args.retryAfterMs, args.refused ? "refused" : "rate_limited");
  const refusalRunning = state.pauseReason === "refused" && (state.pausedUntil ?? 0) > now;
  if (args.refused && !refusalRunning) logSourceRefused(args.source, next.pausedUntil - now);
  if (doc) await ctx.db.patch("sourcePacing", doc._id, next);
  else await ctx.db.insert("sourcePacing", { source: args.source, recent: [], ...next });
  return next.pausedUntil;
}

/** The one error line of a refusal: which source, for how long, and the setting that fixes it. */
function logSourceRefused(source: CoverSource, pauseMs: number): void {
  console.error(
    JSON.stringify({
      event: "cover_source_refused",
      source,
      status: 403,
      pausedForMs: pauseMs,
      fix: "The source refused Folio's cover lookups (HTTP 403). Set COVER_LOOKUP_CONTACT (an email or URL) in the Convex environment so the User-Agent names a contact; until then lookups from this source are paused for every reader.",
    }),
  );
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, Math.ceil(ms))));

let pacerOverride: RateLimiter | undefined;

/**
 * The limiter for one source inside one lookup action: a database slot per request, the shared
 * pause, the caller's deadline and priority.
 */
export function databasePacer(
  ctx: ActionCtx,
  source: CoverSource,
  options: { priority: SlotPriority; deadline?: number; runKey?: string },
): RateLimiter {
  if (pacerOverride) return pacerOverride;
  return {
    async acquire(request) {
      for (;;) {
        const answer: SlotAnswer = await ctx.runMutation(internal.coverBackfill.reserveSourceSlot, {
          source,
          priority: options.priority,
          ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
          ...(options.runKey !== undefined ? { runKey: options.runKey } : {}),
        });
        if (answer.kind === "granted") {
          await sleep(answer.slot - Date.now());
          return;
        }
        if (answer.kind === "paused") return { refused: "paused", retryAfterMs: Math.max(0, answer.until - Date.now()) };
        if (answer.kind === "over_budget") return { refused: "over_budget" };
        if (request?.ifFree) return { refused: "over_budget" };
        // Wake at a random moment within the lookahead before the slot: every waiting bulk run gets
        // the same chance at each slot (waking all at once would serve them in a fixed order, and
        // the runs first in it would take every slot).
        await sleep(answer.retryAt - Date.now() + Math.random() * BULK_LOOKAHEAD_MS);
      }
    },
    async pause(retryAfterMs, cause) {
      const until: number = await ctx.runMutation(internal.coverBackfill.pauseSource, {
        source,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        ...(cause === "refused" ? { refused: true } : {}),
      });
      return Math.max(0, until - Date.now());
    },
  };
}

/** For tests, which drive the real actions: replace the shared pacing; returns a restore function. */
export function setLookupPacer(pacer: RateLimiter): () => void {
  const previous = pacerOverride;
  pacerOverride = pacer;
  return () => {
    pacerOverride = previous;
  };
}
