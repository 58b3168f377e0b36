/**
 * The limiter interface requests are sent through one at a time (lib/cover/source.ts `requestJson`:
 * "Choose a cover", the matching benchmark) and the rules of a source's pause after a 429/503 or
 * a 403. How the deployment shares a source's rate is lib/cover/pacing.ts.
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

/** A limiter that never waits (for callers that pace requests themselves). */
export const unlimited: RateLimiter = { acquire: () => Promise.resolve() };
