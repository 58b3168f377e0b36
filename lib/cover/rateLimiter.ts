/**
 * Client-side rate limiter for one cover source.
 *
 * A token bucket written as a schedule (GCRA): every `acquire()` reserves the
 * earliest slot that keeps the source at `requestsPerSecond` with at most `burst`
 * requests back to back, synchronously at call time. Concurrent callers therefore
 * get distinct slots in call order, and with an injected clock the waits are fully
 * deterministic.
 */

export interface RateLimiter {
  /** Resolves when the caller may send one request. */
  acquire(): Promise<void>;
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

/** A limiter that never waits (for callers that pace requests themselves). */
export const unlimited: RateLimiter = { acquire: () => Promise.resolve() };
