import { describe, expect, test } from "vitest";
import { BULK_HORIZON_MS, emptyPacing, grantSlots, READER_LIMIT, type PacingState, type SlotRequest } from "@/lib/cover/pacing";
import type { SourcePacing } from "@/lib/cover/sources/types";

const OL: SourcePacing = { limit: { perMinute: 180, burst: 20 }, bulkWindow: { maxRequests: 3, windowMs: 1100 } };
const T0 = 1_000_000;

/** Whether every slot keeps to a token bucket of `perMinute` with `burst` back to back. */
function withinBucket(slots: number[], perMinute: number, burst: number): boolean {
  const T = 60_000 / perMinute;
  let tat = Number.NEGATIVE_INFINITY;
  for (const s of [...slots].sort((a, b) => a - b)) {
    if (s < tat - (burst - 1) * T - 1e-6) return false;
    tat = Math.max(tat, s) + T;
  }
  return true;
}

function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i] - sorted[j] >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

const bulk = (key: string, count: number, deadline = T0 + 60_000): SlotRequest => ({ priority: "bulk", key, count, deadline });
const interactive = (key: string, deadline = T0 + 60_000): SlotRequest => ({ priority: "interactive", key, count: 1, deadline });

describe("grantSlots: bulk steps", () => {
  test("a step's slots come at most 3 in any 1.1 s, all within the horizon", () => {
    const g = grantSlots(emptyPacing(), T0, OL, bulk("alice", 100));
    expect(g.slots.length).toBeGreaterThan(20);
    expect(maxInWindow(g.slots, 1100)).toBeLessThanOrEqual(3);
    expect(Math.max(...g.slots)).toBeLessThanOrEqual(T0 + BULK_HORIZON_MS);
    expect(g.slots[0]).toBe(T0);
  });

  test("no slot after the deadline; when none fits, the caller learns when to ask again", () => {
    const g = grantSlots(emptyPacing(), T0, OL, bulk("alice", 10, T0 + 1000));
    expect(g.slots).toHaveLength(3);
    expect(Math.max(...g.slots)).toBeLessThanOrEqual(T0 + 1000);
    const full = grantSlots(g.state, T0, OL, bulk("bob", 5, T0 + 500));
    expect(full.slots).toEqual([]);
    expect(full.retryAt).toBeGreaterThan(T0);
  });

  test("while two readers' runs ask, each gets at most its half of the capacity; the second is served after the first", () => {
    let state = emptyPacing();
    const a = grantSlots(state, T0, OL, bulk("alice", 100));
    state = a.state;
    const b = grantSlots(state, T0 + 10, OL, bulk("bob", 100));
    // Alice asked alone (the whole horizon); Bob shares it with her now.
    const capacity = Math.floor((BULK_HORIZON_MS / 1100) * 3);
    expect(b.slots.length).toBeLessThanOrEqual(Math.floor(capacity / 2));
    expect(b.slots[0]).toBeGreaterThanOrEqual(Math.max(...a.slots));
    const a2 = grantSlots(b.state, T0 + 20, OL, bulk("alice", 100, T0 + 20 + 60_000));
    expect(a2.slots.length).toBeLessThanOrEqual(Math.floor(capacity / 2));
  });

  test("a paused source grants nothing until the pause ends", () => {
    const paused: PacingState = { ...emptyPacing(), pausedUntil: T0 + 5000, pauseReason: "refused" };
    expect(grantSlots(paused, T0, OL, bulk("alice", 5))).toMatchObject({
      slots: [],
      paused: { until: T0 + 5000, reason: "refused" },
    });
    expect(grantSlots(paused, T0 + 5000, OL, bulk("alice", 5)).slots.length).toBe(5);
  });
});

describe("grantSlots: interactive lookups", () => {
  test("a reader waiting on one book goes before bulk runs' reserved slots", () => {
    const reserved = grantSlots(emptyPacing(), T0, OL, bulk("importer", 100)).state;
    const g = grantSlots(reserved, T0 + 100, OL, interactive("reader"));
    expect(g.slots).toEqual([T0 + 100]);
    expect(withinBucket(g.state.slots, 180, 20)).toBe(true);
  });

  test("each reader holds only a few slots ahead: 40 asks get the burst at once, then one every 3 s; another reader is still served at once", () => {
    let state = grantSlots(emptyPacing(), T0, OL, bulk("importer", 100)).state;
    const greedy: number[] = [];
    for (let i = 0; i < 40; i++) {
      const g = grantSlots(state, T0, OL, interactive("greedy", T0 + 14_000));
      state = g.state;
      greedy.push(...g.slots);
    }
    expect(greedy.filter((s) => s === T0)).toHaveLength(READER_LIMIT.burst);
    expect(greedy.length).toBeLessThanOrEqual(READER_LIMIT.burst + Math.ceil(14_000 / (60_000 / READER_LIMIT.perMinute)));
    const other = grantSlots(state, T0, OL, interactive("patient"));
    expect(other.slots).toEqual([T0]);
    expect(withinBucket(other.state.slots, 180, 20)).toBe(true);
  });

  test("when the bucket is spent the interactive slot waits for it, never breaking the source's limit", () => {
    let state = emptyPacing();
    const all: number[] = [];
    for (let i = 0; i < 60; i++) {
      const g = grantSlots(state, T0, OL, interactive(`reader${i}`, T0 + 120_000));
      state = g.state;
      all.push(...g.slots);
    }
    expect(all).toHaveLength(60);
    expect(all.filter((s) => s === T0)).toHaveLength(20);
    expect(withinBucket(all, 180, 20)).toBe(true);
  });
});

describe("grantSlots: ten readers' imports and a reader adding books, simulated for ten minutes", () => {
  test("the source's limit always holds, every reader gets the same share, and a new book's request waits little", () => {
    let state = emptyPacing();
    const readers = Array.from({ length: 10 }, (_, i) => `reader${i}`);
    // Each reader's next step starts when its last granted request has answered (~700 ms later).
    const nextAsk = new Map(readers.map((r, i) => [r, T0 + i * 37]));
    const granted = new Map(readers.map((r) => [r, 0]));
    const all: number[] = [];
    const waits: number[] = [];
    for (let now = T0; now < T0 + 600_000; now += 50) {
      for (const r of readers) {
        if (nextAsk.get(r)! > now) continue;
        const g = grantSlots(state, now, OL, bulk(r, 30, now + 9_500));
        state = g.state;
        all.push(...g.slots);
        granted.set(r, granted.get(r)! + g.slots.length);
        nextAsk.set(r, g.slots.length > 0 ? Math.max(...g.slots) + 700 : (g.retryAt ?? now + 1000));
      }
      if ((now - T0) % 20_000 === 0) {
        const g = grantSlots(state, now, OL, interactive("adder", now + 14_000));
        state = g.state;
        all.push(...g.slots);
        waits.push(g.slots[0] - now);
      }
    }
    expect(withinBucket(all, 180, 25)).toBe(true);
    const shares = [...granted.values()];
    expect(Math.max(...shares) / Math.min(...shares)).toBeLessThanOrEqual(1.2);
    // The bulk runs use most of the rate.
    expect(shares.reduce((a, b) => a + b, 0)).toBeGreaterThan(600 * 2.4);
    expect(Math.max(...waits)).toBeLessThan(2000);
  });
});
