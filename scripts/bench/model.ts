/**
 * The cover-source benchmark's randomness and latency/fault model. Pure and seeded: the same seed
 * gives the same draws, so runs are comparable. No msw, no Convex, no clock here.
 *
 * - `createRng(seed)`: a small deterministic PRNG (mulberry32) with helpers.
 * - `lognormalFromQuantiles(median, p95)`: a latency distribution fixed by its median and p95.
 * - `createFaultModel(...)`: per request, "ok after N ms", "HTTP 5xx after N ms" or "hang".
 * - `createSlidingWindowLimit(...)`: the server-side rate limit (at most N requests in any window).
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** Standard normal (Box-Muller). */
  normal(): number;
  /** An independent generator derived from this one's seed and a label (stable across runs). */
  fork(label: string): Rng;
}

/** 32-bit FNV-1a of a string, to turn labels into seeds. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    normal: () => {
      const u = 1 - next(); // (0, 1]
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    fork: (label) => createRng(hashString(`${seed}:${label}`)),
  };
  return rng;
}

/** z of the 95th percentile of a standard normal. */
const Z95 = 1.6448536269514722;

export interface Distribution {
  /** One draw in milliseconds (rounded to whole ms, at least 1). */
  sample(rng: Rng): number;
  readonly median: number;
  readonly p95: number;
}

/**
 * A lognormal latency with the given median and 95th percentile (p95 >= median): a long right
 * tail like real search backends. `p95 === median` gives a constant.
 */
export function lognormalFromQuantiles(median: number, p95: number): Distribution {
  if (!(median > 0) || !(p95 >= median)) throw new RangeError("need 0 < median <= p95");
  const mu = Math.log(median);
  const sigma = Math.log(p95 / median) / Z95;
  return {
    median,
    p95,
    sample: (rng) => Math.max(1, Math.round(Math.exp(mu + sigma * rng.normal()))),
  };
}

/** What the emulated server does with one request that got past the rate limit. */
export type RequestFate =
  | { kind: "ok"; latencyMs: number }
  | { kind: "server_error"; status: number; latencyMs: number }
  /** Never answers within the client's timeout: answers (too late) after `latencyMs`. */
  | { kind: "hang"; latencyMs: number };

export interface FaultModelOptions {
  latency: Distribution;
  /** Probability that a request hangs beyond the client's timeout. */
  timeoutRate: number;
  /** Probability of an HTTP 5xx (500 or 502; never 503, which clients read as "slow down"). */
  errorRate: number;
  /** How long a hanging request takes before it finally answers. */
  hangMs: number;
}

export interface FaultModel {
  fate(rng: Rng): RequestFate;
}

export function createFaultModel(o: FaultModelOptions): FaultModel {
  return {
    fate(rng) {
      const u = rng.next();
      if (u < o.timeoutRate) return { kind: "hang", latencyMs: o.hangMs };
      if (u < o.timeoutRate + o.errorRate) {
        return { kind: "server_error", status: rng.chance(0.5) ? 500 : 502, latencyMs: o.latency.sample(rng) };
      }
      return { kind: "ok", latencyMs: o.latency.sample(rng) };
    },
  };
}

export interface RateLimitDecision {
  allowed: boolean;
  /** When refused: whole seconds until a request would be accepted (the `Retry-After` value, >= 1). */
  retryAfterSeconds?: number;
}

export interface SlidingWindowLimit {
  /** Decides for a request arriving at `nowMs`; accepted requests count against the window, refused ones do not. */
  check(nowMs: number): RateLimitDecision;
}

/**
 * At most `limit` accepted requests in any `windowMs` window (a request at t counts for
 * (t - windowMs + toleranceMs, t]). `limit <= 0` or a non-finite limit disables it.
 *
 * `toleranceMs` forgives clock granularity: the fake clock truncates fractional timer delays
 * (a client pacing at 3/s sends at 0, 333, 666, 999 ms where a real runtime, rounding up, would
 * send the fourth at 1000 ms).
 */
export function createSlidingWindowLimit(limit: number, windowMs = 1000, toleranceMs = 0): SlidingWindowLimit {
  const accepted: number[] = [];
  return {
    check(nowMs) {
      if (!(limit > 0) || !Number.isFinite(limit)) return { allowed: true };
      while (accepted.length > 0 && accepted[0] <= nowMs - windowMs + toleranceMs) accepted.shift();
      if (accepted.length < limit) {
        accepted.push(nowMs);
        return { allowed: true };
      }
      const freeAt = accepted[accepted.length - limit] + windowMs - toleranceMs;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((freeAt - nowMs) / 1000)) };
    },
  };
}

/**
 * A token bucket as a source applies it per client: `perMinute` sustained, at most `burst` back to
 * back (GCRA). Accepted requests take a token; refused ones do not. `perMinute <= 0` disables it.
 * `toleranceMs` forgives the fake clock's whole-millisecond timers.
 */
export function createTokenBucketLimit(perMinute: number, burst: number, toleranceMs = 0): SlidingWindowLimit {
  const interval = 60_000 / perMinute;
  const tolerance = (Math.max(1, burst) - 1) * interval;
  let tat = Number.NEGATIVE_INFINITY;
  return {
    check(nowMs) {
      if (!(perMinute > 0) || !Number.isFinite(perMinute)) return { allowed: true };
      if (nowMs + toleranceMs < tat - tolerance) {
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((tat - tolerance - nowMs) / 1000)) };
      }
      tat = Math.max(tat, nowMs) + interval;
      return { allowed: true };
    },
  };
}

/** The q-quantile (0..1) of numbers, nearest-rank; null for an empty list. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1];
}
