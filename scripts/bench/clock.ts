/**
 * The benchmark's virtual clock: vitest fake timers (setTimeout, setInterval and Date), advanced
 * one timer at a time. Every latency of the emulated sources, the client's 5 s timeouts, the rate
 * limiters, the 12 s batch budget and convex-test's scheduled functions are timers on this one
 * clock, so all figures are in model time and real time only depends on CPU work.
 *
 * Before each jump to the next timer the driver lets in-flight work that is not waiting on a
 * timer (msw, response streams, convex-test transactions) run on the real event loop until it is
 * waiting on a timer again; otherwise a jump could overtake it and distort model times.
 */
import { vi } from "vitest";

const realImmediate: (cb: () => void) => void =
  typeof setImmediate === "function" ? (cb) => setImmediate(cb) : (cb) => void Promise.resolve().then(cb);
const realSetTimeout = globalThis.setTimeout.bind(globalThis);
const realTurn = () => new Promise<void>((resolve) => realImmediate(resolve));

export const FAKED = ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] as const;

/**
 * Loads every module the workloads will call before the clock is faked. A first dynamic import
 * (convex-test loads function modules lazily) takes real I/O time, during which the driver would
 * advance the clock past other timers and delay the caller in model time.
 */
export async function warmUp(loaders: Record<string, () => Promise<unknown>>): Promise<void> {
  await Promise.all(Object.values(loaders).map((load) => load()));
}

/** Installs the virtual clock (idempotent). */
export function installVirtualClock(): void {
  if (!vi.isFakeTimers()) vi.useFakeTimers({ toFake: [...FAKED] });
}

export function uninstallVirtualClock(): void {
  vi.useRealTimers();
}

/** A model-time sleep (a fake-timer promise): only the driver's advancing ends it. */
export function modelSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Lets work that is not waiting on a timer run until the set of pending timers stops changing. */
async function settle(): Promise<void> {
  let last = vi.getTimerCount();
  let stable = 0;
  for (let i = 0; i < 200 && stable < 3; i++) {
    await realTurn();
    const count = vi.getTimerCount();
    if (count === last) stable++;
    else {
      stable = 0;
      last = count;
    }
  }
}

export interface DriveOptions {
  /** Stop (and report "timeout") after this much model time. */
  maxModelMs: number;
  /** Called after every clock advance, with the model time. */
  onTick?: (nowMs: number) => Promise<void> | void;
  /**
   * With no timer pending and `done()` still false: how long (real ms) to wait for real async
   * work before deciding the system is idle.
   */
  idleRealMs?: number;
}

export type DriveEnd = "done" | "timeout" | "idle";

/** Advances the virtual clock timer by timer until `done()`, the model-time cap, or idleness. */
export async function driveUntil(done: () => boolean, options: DriveOptions): Promise<{ end: DriveEnd; steps: number }> {
  const start = Date.now();
  let steps = 0;
  let idleSince: number | undefined;
  for (;;) {
    await settle();
    if (done()) return { end: "done", steps };
    if (Date.now() - start > options.maxModelMs) return { end: "timeout", steps };
    if (vi.getTimerCount() === 0) {
      // Nothing on the clock: real async work (e.g. a first module load) may still be under way.
      idleSince ??= performance.now();
      if (performance.now() - idleSince > (options.idleRealMs ?? 2000)) return { end: "idle", steps };
      await new Promise((resolve) => realSetTimeout(resolve, 1));
      continue;
    }
    idleSince = undefined;
    await vi.advanceTimersToNextTimerAsync();
    steps++;
    await options.onTick?.(Date.now());
  }
}

/** Drives the clock until `promise` settles; returns its value (rethrows its error). */
export async function drive<T>(promise: Promise<T>, options: DriveOptions): Promise<{ value: T; steps: number }> {
  const startedAt = Date.now();
  let settled = false;
  let value: T | undefined;
  let error: unknown;
  let failed = false;
  void promise.then(
    (v) => {
      settled = true;
      value = v;
    },
    (e: unknown) => {
      settled = true;
      failed = true;
      error = e;
    },
  );
  const { end, steps } = await driveUntil(() => settled, { idleRealMs: 30_000, ...options });
  if (failed) throw error;
  if (end !== "done") throw new Error(`workload did not finish (${end}) after ${Date.now() - startedAt} model ms`);
  return { value: value as T, steps };
}
