/**
 * Waiting out a timeout without waiting: fake timers advanced step by step until the promise
 * settles. Nothing then depends on how fast the machine is (a real 50 ms timeout races the mock
 * source's answer on a busy machine; a virtual one fires only when the test moves the clock).
 */
import { vi } from "vitest";

/** The timers a request's timeout uses; the mock sources (msw) answer through promises alone. */
export function useVirtualTimeouts(): void {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
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
