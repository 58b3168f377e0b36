import { afterEach, describe, expect, test, vi } from "vitest";
import { createRateLimiter, createSlidingWindowLimiter, OPEN_LIBRARY_REQUESTS_PER_SECOND } from "@/lib/cover/rateLimiter";

/** A virtual clock: `sleep` records the wait and moves time forward instantly. */
function virtualClock() {
  let t = 1_000_000;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    advance: (ms: number) => {
      t += ms;
    },
    sleeps,
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("createRateLimiter", () => {
  test("Open Library's default is 3 requests a second", () => {
    expect(OPEN_LIBRARY_REQUESTS_PER_SECOND).toBe(3);
  });

  test("sequential requests are spaced 1/rate apart", async () => {
    const clock = virtualClock();
    const limiter = createRateLimiter({ requestsPerSecond: 4, now: clock.now, sleep: clock.sleep });
    const at: number[] = [];
    for (let i = 0; i < 5; i++) {
      await limiter.acquire();
      at.push(clock.now());
    }
    expect(at.map((t) => t - at[0])).toEqual([0, 250, 500, 750, 1000]);
  });

  test("concurrent callers get distinct slots in call order", async () => {
    const clock = virtualClock();
    const waits: number[] = [];
    const limiter = createRateLimiter({
      requestsPerSecond: 3,
      now: clock.now,
      sleep: async (ms) => {
        waits.push(ms); // time does not move: all three ask at the same instant
      },
    });
    await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire()]);
    expect(waits.map(Math.round)).toEqual([333, 667]);
  });

  test("burst lets that many through at once, then paces", async () => {
    const clock = virtualClock();
    const limiter = createRateLimiter({ requestsPerSecond: 2, burst: 3, now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 3; i++) await limiter.acquire();
    expect(clock.sleeps).toEqual([]);
    await limiter.acquire();
    expect(clock.sleeps).toEqual([500]);
  });

  test("idle time does not bank more than the burst", async () => {
    const clock = virtualClock();
    const limiter = createRateLimiter({ requestsPerSecond: 2, burst: 2, now: clock.now, sleep: clock.sleep });
    await limiter.acquire();
    clock.advance(60_000);
    for (let i = 0; i < 3; i++) await limiter.acquire();
    expect(clock.sleeps).toEqual([500]);
  });

  test("over a long run the rate never exceeds requestsPerSecond (+ burst)", async () => {
    const clock = virtualClock();
    const limiter = createRateLimiter({ requestsPerSecond: 3, now: clock.now, sleep: clock.sleep });
    const start = clock.now();
    for (let i = 0; i < 31; i++) await limiter.acquire();
    // 31 requests at 3/s need at least 10 seconds.
    expect(clock.now() - start).toBeGreaterThanOrEqual(10_000 - 1);
    expect(clock.now() - start).toBeLessThan(10_001);
  });

  test("defaults to Date.now and setTimeout (driven here by fake timers)", async () => {
    vi.useFakeTimers();
    const limiter = createRateLimiter({ requestsPerSecond: 2 });
    await limiter.acquire();
    let second = false;
    void limiter.acquire().then(() => (second = true));
    await vi.advanceTimersByTimeAsync(499);
    expect(second).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(second).toBe(true);
  });

  test.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])("rejects requestsPerSecond %s", (rps) => {
    expect(() => createRateLimiter({ requestsPerSecond: rps })).toThrow(RangeError);
  });

  test.each([0, 1.5])("rejects burst %s", (burst) => {
    expect(() => createRateLimiter({ requestsPerSecond: 1, burst })).toThrow(RangeError);
  });
});

describe("createSlidingWindowLimiter", () => {
  test("lets maxRequests go at once, then never more than maxRequests in any window", async () => {
    // Callers arriving together at t = 0 each reserve a slot; record how long each is told to wait.
    const waits: number[] = [];
    const limiter = createSlidingWindowLimiter({
      maxRequests: 3,
      windowMs: 1100,
      now: () => 0,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    const slots: number[] = [];
    for (let i = 0; i < 9; i++) {
      const n = waits.length;
      await limiter.acquire();
      slots.push(waits.length > n ? waits[waits.length - 1] : 0);
    }
    expect(slots).toEqual([0, 0, 0, 1100, 1100, 1100, 2200, 2200, 2200]);
    for (let i = 3; i < slots.length; i++) expect(slots[i] - slots[i - 3]).toBeGreaterThanOrEqual(1100);
  });

  test("a request after a quiet spell goes at once", async () => {
    let t = 0;
    const waits: number[] = [];
    const limiter = createSlidingWindowLimiter({
      maxRequests: 2,
      windowMs: 1000,
      now: () => t,
      sleep: async (ms) => {
        waits.push(ms);
        t += ms;
      },
    });
    await limiter.acquire();
    await limiter.acquire();
    t += 5000;
    await limiter.acquire();
    expect(waits).toEqual([]);
    await limiter.acquire();
    await limiter.acquire();
    expect(waits).toEqual([1000]);
  });

  test("rejects nonsense settings", () => {
    expect(() => createSlidingWindowLimiter({ maxRequests: 0, windowMs: 1000 })).toThrow(RangeError);
    expect(() => createSlidingWindowLimiter({ maxRequests: 3, windowMs: 0 })).toThrow(RangeError);
  });
});
