/**
 * Waiting without waiting: fake timers advanced step by step until the work under test settles.
 * Nothing then depends on how fast the machine is (a real 50 ms timeout races the mock source's
 * answer on a busy machine; a virtual one fires only when the test moves the clock).
 *
 * - `useVirtualTimeouts`: only setTimeout/clearTimeout, for a request's timeout (the mock sources,
 *   msw, answer through promises alone).
 * - `virtualClock`: setTimeout and Date too, for the cover-run tests that need the real (database)
 *   pacing.
 */
import { vi } from "vitest";
import { api } from "../../convex/_generated/api";
import { coverSourceHandlers, type CatalogueBook } from "../msw/coverSources";
import { server } from "../msw/server";
import { addBooks } from "./catalogueBooks";
import { createUser, newBackend } from "./users";

/** The timers a request's timeout uses. */
export function useVirtualTimeouts(): void {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
}

export const virtualClock = () => vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });

/** Loads every function module with the real clock (convex-test imports them on first use). */
export async function warmUpModules(cat: CatalogueBook[]): Promise<void> {
  const warm = newBackend();
  const user = await createUser(warm);
  server.use(...coverSourceHandlers({ books: cat }));
  await addBooks(user.as, [cat[0]]);
  await user.as.action(api.books.fetchMissingCovers, {});
  server.resetHandlers();
}

/** Advances the fake clock in `stepMs` steps until `promise` settles; fails after `maxMs` of virtual time. */
export async function settleOnVirtualClock<T>(promise: Promise<T>, { stepMs = 50, maxMs = 10 * 60_000 } = {}): Promise<T> {
  let done = false;
  const tracked = promise.finally(() => {
    done = true;
  });
  for (let waited = 0; !done && waited < maxMs; waited += stepMs) await vi.advanceTimersByTimeAsync(stepMs);
  if (!done) throw new Error(`did not settle within ${maxMs} ms of virtual time`);
  return await tracked;
}

/** Runs `promise` on the virtual clock (with a fake Date) and says how much virtual time it took. */
export async function onVirtualClock<T>(promise: Promise<T>, maxMs = 5 * 60_000): Promise<{ value: T; tookMs: number }> {
  const start = Date.now();
  const value = await settleOnVirtualClock(promise, { maxMs });
  return { value, tookMs: Date.now() - start };
}

/**
 * Whether `times` keep to a token bucket of `perMinute` with `burst` back to back (the handlers note
 * a request a tick after its slot, so each time is forgiven 2 ms).
 */
export function withinBucket(times: number[], limit: { perMinute: number; burst: number }): boolean {
  const T = 60_000 / limit.perMinute;
  let tat = Number.NEGATIVE_INFINITY;
  for (const t of [...times].sort((a, b) => a - b)) {
    if (t + 2 < tat - (limit.burst - 1) * T) return false;
    tat = Math.max(tat, t) + T;
  }
  return true;
}

/**
 * The most of `times` in any `windowMs` window. The handlers note a request a tick after its slot
 * when the virtual clock steps past it, so the window forgives 2 ms (like the benchmark's emulator).
 */
export function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i] - sorted[j] >= windowMs - 2) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}
