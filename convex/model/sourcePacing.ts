/**
 * Request pacing and pauses per cover source, shared by every action of the deployment (module
 * state is not shared between Convex function runs, so both live in the `sourcePacing` table, one
 * document per source). The rules are lib/cover/pacing.ts:
 *
 * - a lookup step reserves all its request slots in one mutation (`reserveSlots`), so a bulk
 *   request writes nothing of its own: the document is written once per step, or per interactive
 *   request;
 * - interactive lookups go first, each reader a few slots ahead at most; bulk runs share the rest
 *   per reader;
 * - a 429/503 (or a 403) pauses the source for every run (`pauseSource`); while paused nothing is
 *   granted;
 * - no slot is granted after the caller's deadline: such a request is never sent, which is not a
 *   failure.
 */
import { emptyPacing, grantSlots, type PacingState, type SlotPriority } from "../../lib/cover/pacing";
import { nextSourcePause, type RateLimiter } from "../../lib/cover/rateLimiter";
import { coverSourceById } from "../../lib/cover/sources";
import type { CoverSource } from "../../lib/cover/types";
import { internal } from "../_generated/api";
import type { Doc } from "../_generated/dataModel";
import type { ActionCtx, MutationCtx } from "../_generated/server";

/** What one source's reservation gave: slots (maybe fewer than asked, then `retryAt`), or a pause. */
export interface SourceSlots {
  source: CoverSource;
  slots: number[];
  /** When nothing was granted: when asking again may get a slot. */
  retryAt?: number;
  paused?: { until: number; reason: "rate_limited" | "refused" };
}

async function pacingDoc(ctx: MutationCtx, source: CoverSource) {
  return await ctx.db
    .query("sourcePacing")
    .withIndex("by_source", (q) => q.eq("source", source))
    .unique();
}

function stateOf(doc: Doc<"sourcePacing"> | null): PacingState {
  if (!doc) return emptyPacing();
  return {
    slots: doc.slots ?? [],
    bulk: doc.bulk ?? [],
    ...(doc.tat !== undefined ? { tat: doc.tat } : {}),
    runs: doc.bulkRuns ?? [],
    readers: doc.readers ?? [],
    ...(doc.pausedUntil !== undefined ? { pausedUntil: doc.pausedUntil } : {}),
    ...(doc.pauseStrikes !== undefined ? { pauseStrikes: doc.pauseStrikes } : {}),
    ...(doc.pauseReason !== undefined ? { pauseReason: doc.pauseReason } : {}),
  };
}

function fieldsOf(state: PacingState) {
  return { slots: state.slots, bulk: state.bulk, tat: state.tat, bulkRuns: state.runs, readers: state.readers };
}

let grantOverride: RateLimiter | undefined;

/**
 * Reserves, in one transaction, the slots a lookup step needs from each source (see
 * lib/cover/pacing.ts): a bulk step at most its reader's share, an interactive one the earliest
 * slots its reader may have. Convex runs concurrent reservations serially, so no slot is handed out twice.
 */
export async function reserveSlots(
  ctx: MutationCtx,
  args: { needs: { source: CoverSource; count: number }[]; priority: SlotPriority; key: string; deadline: number },
): Promise<SourceSlots[]> {
  const now = Date.now();
  const answers: SourceSlots[] = [];
  for (const { source, count } of args.needs) {
    if (count <= 0) continue;
    if (grantOverride) {
      answers.push({ source, slots: Array.from({ length: count }, () => now) });
      continue;
    }
    const adapter = coverSourceById(source);
    if (!adapter) continue;
    const doc = await pacingDoc(ctx, source);
    const grant = grantSlots(stateOf(doc), now, adapter.pacing, {
      priority: args.priority,
      key: args.key,
      count,
      deadline: args.deadline,
    });
    if (grant.paused) {
      answers.push({ source, slots: [], paused: grant.paused });
      continue;
    }
    if (doc) await ctx.db.patch("sourcePacing", doc._id, fieldsOf(grant.state));
    else await ctx.db.insert("sourcePacing", { source, ...fieldsOf(grant.state) });
    answers.push({ source, slots: grant.slots, ...(grant.retryAt !== undefined ? { retryAt: grant.retryAt } : {}) });
  }
  return answers;
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
  else await ctx.db.insert("sourcePacing", { source: args.source, ...next });
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

/** Waits `ms` (a slot already due is taken at once, without a timer). */
const sleep = (ms: number) => (ms <= 0 ? Promise.resolve() : new Promise<void>((resolve) => setTimeout(resolve, Math.ceil(ms))));

/**
 * A `RateLimiter` over the shared pacing for code that sends one request at a time ("Choose a
 * cover"): each request reserves its own interactive slot (the reader's bound applies) and waits for it.
 */
export function databasePacer(
  ctx: ActionCtx,
  source: CoverSource,
  options: { priority: SlotPriority; deadline: number; key: string },
): RateLimiter {
  if (grantOverride) return grantOverride;
  return {
    async acquire() {
      const [answer]: SourceSlots[] = await ctx.runMutation(internal.coverBackfill.reserveSlots, {
        needs: [{ source, count: 1 }],
        priority: options.priority,
        key: options.key,
        deadline: options.deadline,
      });
      if (answer?.paused) return { refused: "paused", retryAfterMs: Math.max(0, answer.paused.until - Date.now()) };
      const slot = answer?.slots[0];
      if (slot === undefined) return { refused: "over_budget" };
      await sleep(slot - Date.now());
      return undefined;
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

/** For tests that are not about pacing: every slot is granted at once (the database is not touched); returns a restore function. */
export function setLookupPacer(pacer: RateLimiter): () => void {
  const previous = grantOverride;
  grantOverride = pacer;
  return () => {
    grantOverride = previous;
  };
}
