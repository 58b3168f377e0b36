import { afterEach, describe, expect, test, vi } from "vitest";
import {
  clampPauseMs,
  createRateLimiter,
  createSlidingWindowLimiter,
  decideSlot,
  FAIR_TURN_GRACE_MS,
  MAX_SOURCE_PAUSE_MS,
  nextSourcePause,
  OPEN_LIBRARY_REQUESTS_PER_SECOND,
  OPEN_LIBRARY_WINDOW,
  PAUSE_STRIKES_RESET_MS,
  REFUSED_PAUSE_MS,
} from "@/lib/cover/rateLimiter";

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

describe("decideSlot (the shared pacer's rule)", () => {
  const now = 50_000;
  const bulk = { priority: "bulk" as const, bulkLookaheadMs: 300 };
  const interactive = { priority: "interactive" as const, bulkLookaheadMs: 300 };

  test("grants free slots at once, to bulk and interactive callers alike", () => {
    expect(decideSlot({ recent: [] }, now, OPEN_LIBRARY_WINDOW, bulk)).toEqual({ kind: "granted", slot: now, recent: [now] });
    expect(decideSlot({ recent: [now, now] }, now, OPEN_LIBRARY_WINDOW, interactive)).toMatchObject({
      kind: "granted",
      slot: now,
    });
  });

  test("a full window: an interactive caller reserves the next slot ahead; a bulk caller is told when to ask again", () => {
    const full = { recent: [now, now, now] };
    expect(decideSlot(full, now, OPEN_LIBRARY_WINDOW, interactive)).toEqual({
      kind: "granted",
      slot: now + 1100,
      recent: [now, now, now + 1100],
    });
    expect(decideSlot(full, now, OPEN_LIBRARY_WINDOW, bulk)).toEqual({ kind: "busy", retryAt: now + 1100 - 300 });
    // Within the lookahead a bulk caller takes it.
    expect(decideSlot(full, now + 900, OPEN_LIBRARY_WINDOW, bulk)).toMatchObject({ kind: "granted", slot: now + 1100 });
  });

  test("never reserves a slot after the deadline", () => {
    const full = { recent: [now, now, now] };
    expect(decideSlot(full, now, OPEN_LIBRARY_WINDOW, { ...interactive, deadline: now + 1000 })).toEqual({ kind: "over_budget" });
    expect(decideSlot(full, now, OPEN_LIBRARY_WINDOW, { ...bulk, deadline: now + 700 })).toEqual({ kind: "over_budget" });
  });

  test("hands out nothing while the source is paused", () => {
    expect(decideSlot({ recent: [], pausedUntil: now + 5000 }, now, OPEN_LIBRARY_WINDOW, interactive)).toEqual({
      kind: "paused",
      until: now + 5000,
    });
    expect(decideSlot({ recent: [], pausedUntil: now }, now, OPEN_LIBRARY_WINDOW, bulk)).toMatchObject({ kind: "granted" });
  });
});

describe("decideSlot: bulk runs take turns", () => {
  const now = 80_000;
  const window = OPEN_LIBRARY_WINDOW;
  // The window is full until `now + 100`: the next slot is within a bulk caller's lookahead.
  const full = [now - 1000, now - 1000, now - 1000];
  const bulk = (runKey: string) => ({ priority: "bulk" as const, bulkLookaheadMs: 300, runKey });

  test("the waiting run served longest ago gets the next slot; the other is asked to come back", () => {
    const runs = [
      { key: "alice", askedAt: now - 10, servedAt: now - 200 },
      { key: "bob", askedAt: now - 10, servedAt: now - 5000 },
    ];
    const alice = decideSlot({ recent: full, runs }, now, window, bulk("alice"));
    expect(alice.kind).toBe("busy");
    const bob = decideSlot({ recent: full, runs }, now, window, bulk("bob"));
    expect(bob).toMatchObject({ kind: "granted", slot: now + 100 });
    if (bob.kind === "granted") expect(bob.runs?.find((r) => r.key === "bob")?.servedAt).toBe(now + 100);
  });

  test("a run nobody else is waiting with, or a slot left free past the grace, is served at once", () => {
    const idle = [{ key: "bob", askedAt: now - 5000, servedAt: now - 9000 }];
    expect(decideSlot({ recent: full, runs: idle }, now, window, bulk("alice"))).toMatchObject({ kind: "granted" });
    const waiting = [
      { key: "alice", askedAt: now, servedAt: now - 100 },
      { key: "bob", askedAt: now, servedAt: now - 9000 },
    ];
    const freedLongAgo = [now - 2000, now - 2000, now - 2000];
    expect(FAIR_TURN_GRACE_MS).toBeLessThan(900);
    expect(decideSlot({ recent: freedLongAgo, runs: waiting }, now, window, bulk("alice"))).toMatchObject({ kind: "granted" });
  });
});

describe("nextSourcePause", () => {
  const now = 1_000_000;

  test("Retry-After is honoured, at least a second and at most an hour (a year-long value is capped)", () => {
    expect(nextSourcePause({}, now, 30_000).pausedUntil).toBe(now + 30_000);
    expect(nextSourcePause({}, now, 0).pausedUntil).toBe(now + 1000);
    expect(nextSourcePause({}, now, 31_536_000_000).pausedUntil).toBe(now + MAX_SOURCE_PAUSE_MS);
    expect(clampPauseMs(Number.POSITIVE_INFINITY)).toBe(MAX_SOURCE_PAUSE_MS);
  });

  test("without Retry-After the pause starts at 2 s and doubles with each answer in a row, capped", () => {
    let state = nextSourcePause({}, now, undefined);
    expect(state).toEqual({ pausedUntil: now + 2000, pauseStrikes: 1, pauseReason: "rate_limited" });
    const lengths: number[] = [];
    let t = now;
    for (let i = 0; i < 12; i++) {
      t = state.pausedUntil;
      state = nextSourcePause(state, t, undefined);
      lengths.push(state.pausedUntil - t);
    }
    expect(lengths.slice(0, 4)).toEqual([4000, 8000, 16_000, 32_000]);
    expect(Math.max(...lengths)).toBe(5 * 60_000);
  });

  test("answers that arrive during a running pause neither shorten it nor count as another strike", () => {
    const first = nextSourcePause({}, now, undefined);
    const during = nextSourcePause(first, now + 100, undefined);
    expect(during).toEqual(first);
    expect(nextSourcePause(first, now + 100, 500).pausedUntil).toBe(first.pausedUntil);
  });

  test("a refusal (403) pauses for an hour, and a 429 meanwhile neither shortens it nor changes its reason", () => {
    const refused = nextSourcePause({}, now, undefined, "refused");
    expect(refused).toMatchObject({ pausedUntil: now + REFUSED_PAUSE_MS, pauseReason: "refused" });
    expect(nextSourcePause(refused, now + 10, 1000)).toMatchObject({
      pausedUntil: now + REFUSED_PAUSE_MS,
      pauseReason: "refused",
    });
    expect(nextSourcePause(refused, now + REFUSED_PAUSE_MS + 1, 1000)).toMatchObject({ pauseReason: "rate_limited" });
  });

  test("a 429 long after the last pause ended starts the default from the beginning again", () => {
    const old = { pausedUntil: now, pauseStrikes: 6 };
    expect(nextSourcePause(old, now + PAUSE_STRIKES_RESET_MS + 1, undefined)).toMatchObject({ pauseStrikes: 1 });
  });
});
