/**
 * Client-side rate limiter for one cover source.
 *
 * A token bucket written as a schedule (GCRA): every `acquire()` reserves the
 * earliest slot that keeps the source at `requestsPerSecond` with at most `burst`
 * requests back to back, synchronously at call time. Concurrent callers therefore
 * get distinct slots in call order, and with an injected clock the waits are fully
 * deterministic.
 */

/** Why a source is paused: it asked us to slow down (429/503), or it refuses this client (403). */
export type PauseCause = "rate_limited" | "refused";

/** Why a limiter did not hand out a slot: the request must not be sent. */
export type SlotRefusal =
  /** The source asked every client of the deployment to pause (a 429/503): try again after `retryAfterMs`. */
  | { refused: "paused"; retryAfterMs: number }
  /** The next free slot falls after the caller's deadline (its batch budget): the request is never sent. */
  | { refused: "over_budget" };

export interface AcquireOptions {
  /**
   * Only a slot that is free now (a shared pacer refuses with `over_budget` instead of waiting):
   * for optional requests such as a hedge, which must not queue up behind other runs' requests.
   */
  ifFree?: boolean;
}

export interface RateLimiter {
  /**
   * Resolves when the caller may send one request, or with a refusal when it must not send it
   * (limiters that never refuse resolve with nothing).
   */
  acquire(options?: AcquireOptions): Promise<void | SlotRefusal>;
  /**
   * Told when the source answered 429/503 (`retryAfterMs` from `Retry-After`, if any), so that a
   * shared limiter pauses the source for every client. May return the pause it applied (ms).
   * Optional.
   */
  pause?(retryAfterMs: number | undefined, cause?: PauseCause): Promise<number | void> | number | void;
}

export interface RateLimiterOptions {
  /** Sustained rate. Must be > 0. */
  requestsPerSecond: number;
  /** Requests that may go out back to back before pacing starts. Default 1 (strict pacing). */
  burst?: number;
  /** Clock in milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Waits `ms` milliseconds. Default: a `setTimeout` promise. */
  sleep?: (ms: number) => Promise<void>;
}

/** Open Library asks identified clients to stay at a few requests a second. */
export const OPEN_LIBRARY_REQUESTS_PER_SECOND = 3;
/**
 * How Folio paces Open Library: at most 3 requests in any 1.1 s window. Up to three go out at once
 * (so a batch starts without waiting), and the extra 100 ms keeps network jitter that bunches
 * requests from ever putting four into one second at the source.
 */
export const OPEN_LIBRARY_WINDOW = { maxRequests: OPEN_LIBRARY_REQUESTS_PER_SECOND, windowMs: 1100 } as const;
/** Google Books: a conservative pace well inside its per-user quota. */
export const GOOGLE_BOOKS_REQUESTS_PER_SECOND = 2;
/** Google Books as a window: at most 2 requests in any 1.1 s. */
export const GOOGLE_BOOKS_WINDOW = { maxRequests: GOOGLE_BOOKS_REQUESTS_PER_SECOND, windowMs: 1100 } as const;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { requestsPerSecond, burst = 1, now = () => Date.now(), sleep = defaultSleep } = options;
  if (!(Number.isFinite(requestsPerSecond) && requestsPerSecond > 0)) {
    throw new RangeError("requestsPerSecond must be a positive number");
  }
  if (!(Number.isInteger(burst) && burst >= 1)) {
    throw new RangeError("burst must be an integer >= 1");
  }
  const interval = 1000 / requestsPerSecond;
  const tolerance = (burst - 1) * interval;
  // Theoretical arrival time of the next request on a perfectly paced schedule.
  let tat = Number.NEGATIVE_INFINITY;

  return {
    acquire() {
      const t = now();
      const base = Math.max(tat, t);
      const allowedAt = base - tolerance;
      tat = base + interval;
      const wait = allowedAt - t;
      return wait > 0 ? sleep(wait) : Promise.resolve();
    },
  };
}

export interface SlidingWindowOptions {
  /** Requests allowed in any window. Must be an integer >= 1. */
  maxRequests: number;
  /** The window's length in milliseconds. Must be > 0. */
  windowMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The sliding-window rule as a pure step: given the start times of the last reserved slots (oldest
 * first), the earliest slot at or after `now` that keeps at most `maxRequests` in any `windowMs`,
 * and the updated list. Shared by the in-process limiter and the database-backed one.
 */
export function reserveWindowSlot(
  recent: readonly number[],
  now: number,
  window: { maxRequests: number; windowMs: number },
): { slot: number; recent: number[] } {
  const kept = recent.slice(-window.maxRequests);
  const slot = kept.length < window.maxRequests ? now : Math.max(now, kept[0] + window.windowMs);
  const next = [...kept, slot];
  if (next.length > window.maxRequests) next.shift();
  return { slot, recent: next };
}

/**
 * At most `maxRequests` requests start in any `windowMs` window: request k waits until
 * `windowMs` after request k - maxRequests. Slots are reserved synchronously, in call order.
 */
export function createSlidingWindowLimiter(options: SlidingWindowOptions): RateLimiter {
  const { maxRequests, windowMs, now = () => Date.now(), sleep = defaultSleep } = options;
  if (!(Number.isInteger(maxRequests) && maxRequests >= 1)) throw new RangeError("maxRequests must be an integer >= 1");
  if (!(Number.isFinite(windowMs) && windowMs > 0)) throw new RangeError("windowMs must be a positive number");
  let recent: number[] = [];
  return {
    acquire() {
      const t = now();
      const reserved = reserveWindowSlot(recent, t, { maxRequests, windowMs });
      recent = reserved.recent;
      const wait = reserved.slot - t;
      return wait > 0 ? sleep(Math.ceil(wait)) : Promise.resolve();
    },
  };
}

/** Longest pause a source's `Retry-After` can impose (a year-long value must not park anything for a year). */
export const MAX_SOURCE_PAUSE_MS = 60 * 60 * 1000;
/** Shortest pause after a 429/503: callers always wait at least this long. */
export const MIN_SOURCE_PAUSE_MS = 1000;
/** A 429/503 without `Retry-After`: pause 2 s, doubling with each one in a row, at most 5 minutes. */
export const DEFAULT_PAUSE_BASE_MS = 2000;
export const DEFAULT_PAUSE_CAP_MS = 5 * 60 * 1000;
/** A 429/503 this long after the last pause ended starts the growing default from the beginning again. */
export const PAUSE_STRIKES_RESET_MS = 10 * 60 * 1000;

/** Clamps a pause to [MIN_SOURCE_PAUSE_MS, MAX_SOURCE_PAUSE_MS]. */
export function clampPauseMs(ms: number): number {
  if (!Number.isFinite(ms)) return MAX_SOURCE_PAUSE_MS;
  return Math.min(MAX_SOURCE_PAUSE_MS, Math.max(MIN_SOURCE_PAUSE_MS, Math.ceil(ms)));
}

/**
 * A 403 (the source refuses this client, e.g. a User-Agent without a contact) pauses the source this
 * long: the operator has to change a setting, and asking again sooner would only be refused again.
 */
export const REFUSED_PAUSE_MS = MAX_SOURCE_PAUSE_MS;

export interface SourcePauseState {
  /** Until when every client must leave the source alone (epoch ms). */
  pausedUntil?: number;
  /** 429/503 answers without `Retry-After` in a row (the growing default's exponent). */
  pauseStrikes?: number;
  /** Why the running pause was set. */
  pauseReason?: PauseCause;
}

/**
 * The source's pause after a 429/503 answer at `now`: `Retry-After` (clamped to at most an hour, at
 * least a second) or, without one, a growing default. Answers that arrive while a pause is already
 * running (requests that were in flight together) neither shorten it nor count as another strike.
 */
export function nextSourcePause(
  state: SourcePauseState,
  now: number,
  retryAfterMs: number | undefined,
  cause: PauseCause = "rate_limited",
): Required<SourcePauseState> {
  const running = state.pausedUntil !== undefined && state.pausedUntil > now;
  if (cause === "refused") {
    return {
      pausedUntil: Math.max(state.pausedUntil ?? 0, now + REFUSED_PAUSE_MS),
      pauseStrikes: state.pauseStrikes ?? 0,
      pauseReason: "refused",
    };
  }
  const reason: PauseCause = running && state.pauseReason === "refused" ? "refused" : "rate_limited";
  const stale = state.pausedUntil === undefined || now - state.pausedUntil > PAUSE_STRIKES_RESET_MS;
  let strikes = stale ? 0 : (state.pauseStrikes ?? 0);
  let ms: number;
  if (retryAfterMs !== undefined) {
    ms = clampPauseMs(retryAfterMs);
  } else {
    // Requests that were in flight together all come back 429: the running pause stands as it is.
    if (running) return { pausedUntil: state.pausedUntil!, pauseStrikes: strikes, pauseReason: reason };
    strikes++;
    ms = clampPauseMs(Math.min(DEFAULT_PAUSE_BASE_MS * 2 ** Math.max(0, strikes - 1), DEFAULT_PAUSE_CAP_MS));
  }
  return { pausedUntil: Math.max(state.pausedUntil ?? 0, now + ms), pauseStrikes: strikes, pauseReason: reason };
}

export type SlotPriority = "interactive" | "bulk";

/** A bulk run (one reader's) as the shared pacer remembers it: when it last asked, and when it was last served. */
export interface PacedRun {
  key: string;
  askedAt: number;
  servedAt: number;
}

/** A bulk run that asked within this long is waiting for a slot. */
export const RUN_ACTIVE_MS = 3000;
/** Runs that have not asked for this long are forgotten. */
export const RUN_FORGET_MS = 10_000;
/** A slot left free this long goes to whoever asks, whatever the turn. */
export const FAIR_TURN_GRACE_MS = 200;
/** A run asked to let another run's turn go first asks again this much later (plus its wake jitter). */
export const FAIR_TURN_RETRY_MS = 50;
/** `askedAt` is refreshed at most this often (each refresh is a write to the shared pacing row). */
const ASK_REFRESH_MS = 1000;

export type SlotDecision =
  | { kind: "granted"; slot: number; recent: number[]; runs?: PacedRun[] }
  | { kind: "paused"; until: number }
  /** Bulk callers only take slots that are free now (or within `bulkLookaheadMs`): ask again at `retryAt`. */
  | { kind: "busy"; retryAt: number; runs?: PacedRun[] }
  | { kind: "over_budget" };

/** `runs` with `key` marked as asking at `now` (undefined when nothing needs writing), forgetting idle runs. */
function noteAsk(runs: readonly PacedRun[], key: string, now: number, servedAt?: number): PacedRun[] | undefined {
  const kept = runs.filter((r) => r.askedAt >= now - RUN_FORGET_MS);
  const mine = kept.find((r) => r.key === key);
  if (mine && servedAt === undefined && now - mine.askedAt < ASK_REFRESH_MS && kept.length === runs.length) return undefined;
  const updated = { key, askedAt: now, servedAt: servedAt ?? mine?.servedAt ?? 0 };
  return [...kept.filter((r) => r.key !== key), updated];
}

/**
 * How a shared (database-backed) pacer answers one request for a slot, as a pure step.
 *
 * - A paused source hands out nothing until the pause ends.
 * - Interactive callers (one reader waiting on one book) reserve the earliest slot in the window,
 *   however far ahead it is; bulk callers (imports, "Fetch missing covers") only take a slot that
 *   is at most `bulkLookaheadMs` ahead and otherwise come back when one frees up. So bulk runs
 *   never queue up seconds of slots in front of a reader's single new book.
 * - Bulk runs (`runKey`: one per reader) take turns: a free slot goes to the waiting run that was
 *   served longest ago, so a reader with more requests in flight does not get more of the rate
 *   (a slot nobody takes within FAIR_TURN_GRACE_MS goes to whoever asks).
 * - A slot after the caller's `deadline` is not reserved: the request is never sent.
 */
export function decideSlot(
  state: { recent: readonly number[]; pausedUntil?: number; runs?: readonly PacedRun[] },
  now: number,
  window: { maxRequests: number; windowMs: number },
  request: { priority: SlotPriority; deadline?: number; bulkLookaheadMs: number; runKey?: string },
): SlotDecision {
  if (state.pausedUntil !== undefined && state.pausedUntil > now) return { kind: "paused", until: state.pausedUntil };
  const { slot, recent } = reserveWindowSlot(state.recent, now, window);
  if (request.deadline !== undefined && slot > request.deadline) return { kind: "over_budget" };
  if (request.priority === "interactive") return { kind: "granted", slot, recent };
  const key = request.runKey;
  const runs = state.runs ?? [];
  if (slot > now + request.bulkLookaheadMs) {
    const retryAt = slot - request.bulkLookaheadMs;
    if (request.deadline !== undefined && retryAt > request.deadline) return { kind: "over_budget" };
    const asked = key === undefined ? undefined : noteAsk(runs, key, now);
    return asked ? { kind: "busy", retryAt, runs: asked } : { kind: "busy", retryAt };
  }
  if (key !== undefined) {
    const mine = runs.find((r) => r.key === key);
    const myTurnAt = mine?.servedAt ?? 0;
    const kept = state.recent.slice(-window.maxRequests);
    const freeSince = kept.length < window.maxRequests ? Number.NEGATIVE_INFINITY : kept[0] + window.windowMs;
    const waitingLonger = runs.some((r) => r.key !== key && r.askedAt >= now - RUN_ACTIVE_MS && r.servedAt < myTurnAt);
    if (waitingLonger && now - freeSince <= FAIR_TURN_GRACE_MS) {
      const asked = noteAsk(runs, key, now);
      const retryAt = now + FAIR_TURN_RETRY_MS;
      return asked ? { kind: "busy", retryAt, runs: asked } : { kind: "busy", retryAt };
    }
    return { kind: "granted", slot, recent, runs: noteAsk(runs, key, now, slot) };
  }
  return { kind: "granted", slot, recent };
}

/** A limiter that never waits (for callers that pace requests themselves). */
export const unlimited: RateLimiter = { acquire: () => Promise.resolve() };
