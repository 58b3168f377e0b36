/**
 * How the deployment shares one cover source, as pure steps over the source's pacing state (kept in
 * one database document per source, convex/model/sourcePacing.ts). A request may only be sent at a
 * slot granted here.
 *
 * - **The source's limit** (every request): a token bucket of `limit.perMinute` with `limit.burst`
 *   back to back (GCRA over every granted slot, past and future).
 * - **Bulk runs** (imports, "Fetch missing covers") reserve a step's slots at once, appended after
 *   every slot already granted and at most `bulkWindow.maxRequests` in any `bulkWindow.windowMs`, a
 *   little under the limit: the difference, and the burst, stay free for readers waiting on one
 *   book. While several readers' bulk runs are under way, a reader is granted at most its share of
 *   the bulk capacity over the last minute and the step's horizon (capacity / readers asking), less
 *   what it already had in that time, so readers get the same rate whatever their library's size
 *   or how often their steps ask.
 * - **Interactive lookups** (a new book, "Fetch cover", "Choose a cover", the lookup after "Not this
 *   cover") take the earliest slot the bucket allows, before bulk runs' reserved slots, but each
 *   reader only a few ahead: a token bucket per reader (`READER_LIMIT`).
 * - **Pauses**: a 429/503 or 403 pauses the source (rateLimiter.ts `nextSourcePause`); nothing is
 *   granted until it ends.
 * - No slot is granted after the caller's deadline: such a request is never sent.
 */
import type { PauseCause } from "./rateLimiter";
import type { SourcePacing } from "./sources/types";

export type SlotPriority = "interactive" | "bulk";

/** One reader's bulk run that asked lately (readers asking within RUN_ACTIVE_MS share the bulk rate). */
export interface PacedRun {
  key: string;
  askedAt: number;
  /** Its bulk slots within the fairness window (FAIR_WINDOW_MS back) and every future one. */
  slots: number[];
}

/** One reader's interactive token bucket (its theoretical arrival time). */
export interface PacedReader {
  key: string;
  tat: number;
}

export interface PacingState {
  /** Every granted slot (epoch ms), ascending: the last minute's and every future one. */
  slots: number[];
  /** The bulk slots among them that the bulk window still sees, ascending. */
  bulk: number[];
  /** The bucket's theoretical arrival time after the slots already dropped from `slots`. */
  tat?: number;
  runs: PacedRun[];
  readers: PacedReader[];
  pausedUntil?: number;
  pauseStrikes?: number;
  pauseReason?: PauseCause;
}

export interface SlotRequest {
  priority: SlotPriority;
  /** Whose request it is (the reader): bulk runs share turns by it, interactive ones are bounded by it. */
  key: string;
  count: number;
  /** No slot later than this (epoch ms). */
  deadline: number;
}

export interface SlotGrant {
  /** Granted slots, ascending (fewer than asked when the horizon, the deadline or the reader's share ends). */
  slots: number[];
  state: PacingState;
  /** The source is paused: nothing is granted until `until`. */
  paused?: { until: number; reason: PauseCause };
  /** When nothing was granted (not paused): the earliest time a slot could be had. */
  retryAt?: number;
}

/** A bulk step reserves at most this far ahead: its requests (5 s timeout each) still end within the step's 15 s. */
export const BULK_HORIZON_MS = 9_000;
/** A reader whose bulk run asked this recently is still taking turns. */
export const RUN_ACTIVE_MS = 30_000;
/**
 * Readers' bulk shares are kept over this window: a reader is granted no more than its share of the
 * bulk capacity from this long ago to the end of the step's horizon, less what it already has in it.
 */
export const FAIR_WINDOW_MS = 60_000;
/** Each reader's interactive requests: at most 6 back to back, then 20 a minute. */
export const READER_LIMIT = { perMinute: 20, burst: 6 } as const;
/** Granted slots kept in full (older ones are folded into `tat`). */
const KEEP_SLOTS_MS = 60_000;
/** Readers kept while their bucket is not yet full again. */
const MAX_READERS = 200;

const interval = (perMinute: number) => 60_000 / perMinute;
const tolerance = (limit: { perMinute: number; burst: number }) => (limit.burst - 1) * interval(limit.perMinute);

/** The bucket's theoretical arrival time after `slots` (ascending), from `tat`. */
function tatAfter(slots: readonly number[], tat: number | undefined, T: number): number {
  let x = tat ?? Number.NEGATIVE_INFINITY;
  for (const s of slots) x = Math.max(x, s) + T;
  return x;
}

/** Whether `slots` (ascending) keep to the bucket, starting from `tat`. */
function conforms(slots: readonly number[], tat: number | undefined, T: number, tau: number): boolean {
  let x = tat ?? Number.NEGATIVE_INFINITY;
  for (const s of slots) {
    if (s < x - tau - 1e-6) return false;
    x = Math.max(x, s) + T;
  }
  return true;
}

function insertSorted(list: readonly number[], t: number): number[] {
  const i = list.findIndex((s) => s > t);
  return i === -1 ? [...list, t] : [...list.slice(0, i), t, ...list.slice(i)];
}

/** Drops what no longer matters at `now`: old slots (into `tat`), old bulk slots, idle runs, full reader buckets. */
export function prunePacing(state: PacingState, now: number, pacing: SourcePacing): PacingState {
  const T = interval(pacing.limit.perMinute);
  const cut = state.slots.findIndex((s) => s >= now - KEEP_SLOTS_MS);
  const old = cut === -1 ? state.slots : state.slots.slice(0, cut);
  const readerT = interval(READER_LIMIT.perMinute);
  return {
    ...state,
    slots: cut === -1 ? [] : state.slots.slice(cut),
    tat: old.length > 0 ? tatAfter(old, state.tat, T) : state.tat,
    bulk: state.bulk.filter((s) => s > now - pacing.bulkWindow.windowMs),
    runs: state.runs
      .filter((r) => r.askedAt >= now - RUN_ACTIVE_MS)
      .map((r) => ({ ...r, slots: r.slots.filter((s) => s >= now - FAIR_WINDOW_MS) })),
    readers: state.readers.filter((r) => r.tat > now - readerT).slice(-MAX_READERS),
  };
}

/** The earliest bulk slot at or after `from`: after every granted slot, within the bulk window and the bucket. */
function nextBulkSlot(
  slots: readonly number[],
  bulk: readonly number[],
  tat: number | undefined,
  from: number,
  pacing: SourcePacing,
): number {
  const T = interval(pacing.limit.perMinute);
  const { maxRequests, windowMs } = pacing.bulkWindow;
  const windowed = bulk.length >= maxRequests ? bulk[bulk.length - maxRequests] + windowMs : Number.NEGATIVE_INFINITY;
  const last = slots.length > 0 ? slots[slots.length - 1] : Number.NEGATIVE_INFINITY;
  return Math.ceil(Math.max(from, last, tatAfter(slots, tat, T) - tolerance(pacing.limit), windowed));
}

/** The earliest time at or after `from` where one more slot keeps every granted slot within the bucket. */
function nextInteractiveSlot(slots: readonly number[], tat: number | undefined, from: number, pacing: SourcePacing): number {
  const T = interval(pacing.limit.perMinute);
  const tau = tolerance(pacing.limit);
  // In each gap between granted slots, the earliest point the bucket allows is the best candidate
  // there (later points only make the slots after it harder to keep).
  let prefixTat = tat ?? Number.NEGATIVE_INFINITY;
  let gapStart = Number.NEGATIVE_INFINITY;
  for (let i = 0; i <= slots.length; i++) {
    const gapEnd = i < slots.length ? slots[i] : Number.POSITIVE_INFINITY;
    const candidate = Math.ceil(Math.max(from, gapStart, prefixTat - tau));
    if (candidate <= gapEnd && conforms(insertSorted(slots, candidate), tat, T, tau)) return candidate;
    if (i < slots.length) {
      prefixTat = Math.max(prefixTat, slots[i]) + T;
      gapStart = slots[i];
    }
  }
  return Math.ceil(Math.max(from, tatAfter(slots, tat, T) - tau));
}

/** Bulk slots a window of `ms` holds. */
const bulkCapacity = (ms: number, pacing: SourcePacing) => (ms / pacing.bulkWindow.windowMs) * pacing.bulkWindow.maxRequests;

function grantBulk(state: PacingState, now: number, pacing: SourcePacing, request: SlotRequest): SlotGrant {
  const mine = state.runs.find((r) => r.key === request.key);
  const own = mine?.slots ?? [];
  const others = state.runs.filter((r) => r.key !== request.key);
  const horizonEnd = Math.min(request.deadline, now + BULK_HORIZON_MS);
  // This reader's share of the bulk capacity from a minute ago to the horizon's end, less what it had.
  const share = Math.floor(bulkCapacity(horizonEnd - (now - FAIR_WINDOW_MS), pacing) / (others.length + 1)) - own.length;
  const allowed = Math.min(request.count, Math.max(0, Math.min(share, Math.ceil(bulkCapacity(horizonEnd - now, pacing)))));
  const slots = [...state.slots];
  const bulk = [...state.bulk];
  const granted: number[] = [];
  const next = nextBulkSlot(slots, bulk, state.tat, now, pacing);
  while (granted.length < allowed) {
    const t = granted.length === 0 ? next : nextBulkSlot(slots, bulk, state.tat, now, pacing);
    if (t > horizonEnd) break;
    slots.push(t);
    bulk.push(t);
    granted.push(t);
  }
  const runs = [...others, { key: request.key, askedAt: now, slots: [...own, ...granted] }];
  const updated = { ...state, slots, bulk, runs };
  if (granted.length > 0) return { slots: granted, state: updated };
  // Nothing now: when the schedule has room within a horizon, and (over its share) when its
  // oldest slots have left the fairness window.
  const overShare = share <= 0 && own.length > 0 ? own[Math.min(own.length - 1, -share)] + FAIR_WINDOW_MS : now;
  return { slots: [], state: updated, retryAt: Math.max(next - BULK_HORIZON_MS, overShare, now + 1) };
}

function grantInteractive(state: PacingState, now: number, pacing: SourcePacing, request: SlotRequest): SlotGrant {
  const readerT = interval(READER_LIMIT.perMinute);
  const readerTau = tolerance(READER_LIMIT);
  let readerTat = state.readers.find((r) => r.key === request.key)?.tat ?? Number.NEGATIVE_INFINITY;
  let slots = [...state.slots];
  const granted: number[] = [];
  let first: number | undefined;
  while (granted.length < request.count) {
    const t = nextInteractiveSlot(slots, state.tat, Math.max(now, Math.ceil(readerTat - readerTau)), pacing);
    first ??= t;
    if (t > request.deadline) break;
    slots = insertSorted(slots, t);
    granted.push(t);
    readerTat = Math.max(readerTat, t) + readerT;
  }
  if (granted.length === 0) return { slots: [], state, retryAt: first };
  const readers = [...state.readers.filter((r) => r.key !== request.key), { key: request.key, tat: readerTat }];
  return { slots: granted, state: { ...state, slots, readers } };
}

/** Grants up to `request.count` slots of one source (see the module comment); pure. */
export function grantSlots(state: PacingState, now: number, pacing: SourcePacing, request: SlotRequest): SlotGrant {
  const pruned = prunePacing(state, now, pacing);
  if (pruned.pausedUntil !== undefined && pruned.pausedUntil > now) {
    return { slots: [], state: pruned, paused: { until: pruned.pausedUntil, reason: pruned.pauseReason ?? "rate_limited" } };
  }
  if (request.count <= 0) return { slots: [], state: pruned };
  return request.priority === "bulk" ? grantBulk(pruned, now, pacing, request) : grantInteractive(pruned, now, pacing, request);
}

/** An empty pacing state (a source nobody asked yet). */
export function emptyPacing(): PacingState {
  return { slots: [], bulk: [], runs: [], readers: [] };
}
