/**
 * How long a cover run still has to go, from what the reader's screen has seen of it: samples of
 * (time, books processed) and the books still to process. Pure: the caller passes the clock.
 *
 * - The rate is measured over a recent window of the run's *working* time, never since its start:
 *   an import resolves its ISBNs in fast batches first and searches titles slowly after, so the
 *   first minute's rate would promise far too much. Of the whole window, its most recent part and
 *   the run's latest two steps, the slowest pace wins, so a run that slows down is believed from
 *   its second slow step (when the ISBN batches end, not 45 s later) and one that speeds up only
 *   once the speed has lasted.
 * - A quiet spell no longer than the run's usual gap between steps is not counted against it (the
 *   windows end at the last step until then), so the estimate does not swing up between two steps
 *   and down at each; a longer one is, and the estimate grows instead of counting down.
 * - Time spent waiting for a paused source is not working time: it neither dilutes the rate after
 *   the pause nor counts down during it. While a source is paused there is no estimate at all:
 *   the caller says what the run waits for and until when.
 * - During a fast first phase the caller knows of (an import's ISBN batches: `fastPhase`) the
 *   answer is "estimating", and the samples of the phase after it start afresh (`phase`).
 * - Until there is enough evidence (some working time seen, and progress in more than one step)
 *   the answer is "estimating"; so it is again when nothing has moved for the whole recent part
 *   of the window without a pause being said (the rate is unknown, not zero).
 * - Never negative; rounded as a person would say it (`timeLeftText`).
 */

/** One look at a run: at `at` (epoch ms) it had processed `processed` books. */
export interface ProgressSample {
  at: number;
  processed: number;
  /** From this sample to the next, the run was waiting for a paused source (not working time). */
  waiting?: boolean;
  /**
   * What the run was doing, when it says ("isbn": an import's ISBN batches). A new phase starts the
   * history afresh: one phase's rate says nothing about the next's.
   */
  phase?: string;
}

export interface TimeLeftInput {
  /** In time order (`recordSample` keeps them so). */
  samples: readonly ProgressSample[];
  /** Books still to process. */
  remaining: number;
  now: number;
  /** A paused source holds the run until then (epoch ms). */
  waitingUntil?: number;
  /**
   * The run is in a fast first phase whose pace says nothing about what follows (an import's ISBN
   * batches, before its title searches): no estimate until it is over.
   */
  fastPhase?: boolean;
}

export interface TimeLeftSettings {
  /** The window the rate is measured over, in working time. */
  windowMs: number;
  /** Its most recent part, whose rate wins when it is slower. */
  recentMs: number;
  /** Working time seen before any estimate. */
  minEvidenceMs: number;
  /** Times the count must have moved (in the window) before any estimate. */
  minSteps: number;
  /** The latest steps whose pace alone is believed when it is slower than the windows'. */
  latestMoves: number;
}

export const TIME_LEFT_SETTINGS: TimeLeftSettings = {
  windowMs: 120_000,
  recentMs: 45_000,
  minEvidenceMs: 20_000,
  minSteps: 2,
  latestMoves: 2,
};

export type TimeLeft =
  /** Not enough seen yet to say. */
  | { kind: "estimating" }
  /** A paused source holds the run until `until`: no countdown. */
  | { kind: "waiting"; until: number }
  /** About `ms` of work left (0 when nothing is left). */
  | { kind: "estimate"; ms: number };

/** Samples older than this are of no use to the estimate. */
const KEEP_MS = 10 * 60_000;

/**
 * `samples` with `sample` added: a sample that changes neither the count nor the waiting state is
 * dropped (the earlier one already says it), a count that went down (another run) or a new phase
 * starts the history afresh, and samples more than ten minutes older than the newest are pruned (keeping the
 * one the window may start in).
 */
export function recordSample(samples: readonly ProgressSample[], sample: ProgressSample): ProgressSample[] {
  const last = samples.at(-1);
  if (last && sample.at < last.at) return [...samples];
  if (last && (sample.processed < last.processed || last.phase !== sample.phase)) return [sample];
  if (last && last.processed === sample.processed && Boolean(last.waiting) === Boolean(sample.waiting)) return [...samples];
  const next = [...samples, sample];
  const cutoff = sample.at - KEEP_MS;
  const firstKept = next.findIndex((s, i) => i === next.length - 1 || next[i + 1].at > cutoff);
  return next.slice(firstKept);
}

interface WindowProgress {
  /** Books processed in the window. */
  books: number;
  /** Working time in the window (ms). */
  workedMs: number;
  /** Times the count moved in the window. */
  steps: number;
}

/** The length of segment `i` (from sample `i` to the next, or to `now` for the last): 0 while waiting. */
function segmentMs(samples: readonly ProgressSample[], i: number, now: number): number {
  if (samples[i].waiting) return 0;
  const end = i === samples.length - 1 ? Math.max(now, samples[i].at) : samples[i + 1].at;
  return Math.max(0, end - samples[i].at);
}

/**
 * The books processed over the last `spanMs` of working time before `now`, leaving out the newest
 * `trimMs` of it (a quiet spell no longer than the run's usual gap between steps: see
 * `usualGapMs`). The count is a step function: between two samples it stays at the earlier one's.
 */
function progressOver(samples: readonly ProgressSample[], now: number, spanMs: number, trimMs = 0): WindowProgress {
  const last = samples[samples.length - 1];
  let toTrim = trimMs;
  let workedMs = 0;
  let startIndex = 0;
  for (let i = samples.length - 1; i >= 0; i--) {
    let length = segmentMs(samples, i, now);
    const trimmed = Math.min(length, toTrim);
    toTrim -= trimmed;
    length -= trimmed;
    startIndex = i;
    if (workedMs + length >= spanMs) {
      workedMs = spanMs;
      break;
    }
    workedMs += length;
  }
  let steps = 0;
  for (let i = startIndex + 1; i < samples.length; i++) if (samples[i].processed > samples[i - 1].processed) steps++;
  return { books: last.processed - samples[startIndex].processed, workedMs, steps };
}

/** Indices of the samples at which the count moved. */
function moveIndices(samples: readonly ProgressSample[]): number[] {
  const moves: number[] = [];
  for (let i = 1; i < samples.length; i++) if (samples[i].processed > samples[i - 1].processed) moves.push(i);
  return moves;
}

/** Working time from sample `from` to sample `to` (indices, `from` ≤ `to`). */
function workedBetween(samples: readonly ProgressSample[], from: number, to: number): number {
  let ms = 0;
  for (let i = from; i < to; i++) ms += segmentMs(samples, i, samples[to].at);
  return ms;
}

/** Working time since the count last moved (or since the first sample). */
function quietMs(samples: readonly ProgressSample[], moves: readonly number[], now: number): number {
  let ms = 0;
  for (let i = moves.at(-1) ?? 0; i < samples.length; i++) ms += segmentMs(samples, i, now);
  return ms;
}

/** The longest working time between two of the last few moves: a quiet spell this long is the run's usual pace. */
function usualGapMs(samples: readonly ProgressSample[], moves: readonly number[], settings: TimeLeftSettings): number {
  let longest = 0;
  const recent = moves.slice(-(settings.latestMoves + 2));
  for (let k = 1; k < recent.length; k++) longest = Math.max(longest, workedBetween(samples, recent[k - 1], recent[k]));
  return longest;
}

/**
 * The pace of the run's latest `latestMoves` steps: their books over the working time from the
 * step before them to the last one (closed: the quiet time since is left to the windows). Undefined
 * until there are that many steps and one more before them.
 */
function latestPace(
  samples: readonly ProgressSample[],
  moves: readonly number[],
  settings: TimeLeftSettings,
): number | undefined {
  if (moves.length < settings.latestMoves + 1) return undefined;
  const last = moves[moves.length - 1];
  const base = moves[moves.length - 1 - settings.latestMoves];
  const ms = workedBetween(samples, base, last);
  if (ms <= 0) return undefined;
  return (samples[last].processed - samples[base].processed) / ms;
}

/** The time left of a run (see the module comment). */
export function estimateTimeLeft(input: TimeLeftInput, settings: TimeLeftSettings = TIME_LEFT_SETTINGS): TimeLeft {
  const { samples, now, waitingUntil } = input;
  if (waitingUntil !== undefined && waitingUntil > now) return { kind: "waiting", until: waitingUntil };
  const remaining = Math.max(0, input.remaining);
  if (remaining === 0) return { kind: "estimate", ms: 0 };
  if (input.fastPhase || samples.length < 2) return { kind: "estimating" };

  const moves = moveIndices(samples);
  const quiet = quietMs(samples, moves, now);
  // Nothing has moved for the whole recent part (and no pause was said): there is no rate to go by.
  if (moves.length > 0 && quiet >= settings.recentMs) return { kind: "estimating" };
  // A quiet spell no longer than the run's usual gap between steps is its pace, not a slowdown: left
  // out, so the estimate does not swing up between two steps and down at each.
  const trim = Math.min(quiet, usualGapMs(samples, moves, settings));

  const whole = progressOver(samples, now, settings.windowMs, trim);
  if (whole.workedMs < settings.minEvidenceMs || whole.steps < settings.minSteps || whole.books <= 0) {
    return { kind: "estimating" };
  }
  let rate = whole.books / whole.workedMs;
  const recent = progressOver(samples, now, settings.recentMs, trim);
  if (recent.workedMs >= settings.recentMs) rate = Math.min(rate, recent.books / recent.workedMs);
  const latest = latestPace(samples, moves, settings);
  if (latest !== undefined && latest > 0) rate = Math.min(rate, latest);
  return { kind: "estimate", ms: Math.max(0, Math.round(remaining / rate)) };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function count(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

/**
 * "less than a minute", "about a minute", "about 7 minutes", "about 25 minutes" (5-minute steps
 * from 10), "about an hour", "about 1 hour 20 minutes" (10-minute steps), "about 5 hours"
 * (whole hours from 3), "more than a day".
 */
export function timeLeftText(ms: number): string {
  const left = Math.max(0, ms);
  if (left < MINUTE) return "less than a minute";
  if (left >= 24 * HOUR) return "more than a day";
  const minutes = Math.round(left / MINUTE);
  if (minutes <= 1) return "about a minute";
  if (minutes < 10) return `about ${minutes} minutes`;
  const fives = Math.round(left / (5 * MINUTE)) * 5;
  if (fives < 60) return `about ${fives} minutes`;
  if (left < 3 * HOUR) {
    const tens = Math.round(left / (10 * MINUTE)) * 10;
    const hours = Math.floor(tens / 60);
    const rest = tens % 60;
    if (rest === 0) return hours === 1 ? "about an hour" : `about ${hours} hours`;
    return `about ${count(hours, "hour")} ${rest} minutes`;
  }
  return `about ${Math.round(left / HOUR)} hours`;
}
