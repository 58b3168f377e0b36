/** Sanity of the cover benchmark's seeded model (scripts/bench/model.ts): deterministic, and shaped as configured. */
import { describe, expect, test } from "vitest";
import {
  createFaultModel,
  createRng,
  createSlidingWindowLimit,
  lognormalFromQuantiles,
  quantile,
} from "../../scripts/bench/model";

describe("bench model", () => {
  test("the same seed gives the same draws; another seed or label does not", () => {
    const draws = (seed: number, label = "x") => {
      const rng = createRng(seed).fork(label);
      return Array.from({ length: 5 }, () => rng.next());
    };
    expect(draws(7)).toEqual(draws(7));
    expect(draws(7)).not.toEqual(draws(8));
    expect(draws(7, "a")).not.toEqual(draws(7, "b"));
  });

  test("lognormal latency has the configured median and p95", () => {
    const dist = lognormalFromQuantiles(700, 2500);
    const rng = createRng(1);
    const samples = Array.from({ length: 20_000 }, () => dist.sample(rng));
    expect(quantile(samples, 0.5)).toBeGreaterThan(700 * 0.95);
    expect(quantile(samples, 0.5)).toBeLessThan(700 * 1.05);
    expect(quantile(samples, 0.95)).toBeGreaterThan(2500 * 0.9);
    expect(quantile(samples, 0.95)).toBeLessThan(2500 * 1.1);
  });

  test("faults come at the configured rates", () => {
    const model = createFaultModel({
      latency: lognormalFromQuantiles(400, 1200),
      timeoutRate: 0.03,
      errorRate: 0.02,
      hangMs: 30_000,
    });
    const rng = createRng(2);
    const fates = Array.from({ length: 20_000 }, () => model.fate(rng));
    const share = (kind: string) => fates.filter((f) => f.kind === kind).length / fates.length;
    expect(share("hang")).toBeCloseTo(0.03, 2);
    expect(share("server_error")).toBeCloseTo(0.02, 2);
    expect(fates.every((f) => f.kind !== "server_error" || f.status !== 503)).toBe(true);
  });

  test("the sliding window accepts N per window and says when to come back", () => {
    const limit = createSlidingWindowLimit(3, 1000);
    expect([0, 100, 200].map((t) => limit.check(t).allowed)).toEqual([true, true, true]);
    expect(limit.check(500)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limit.check(999).allowed).toBe(false);
    expect(limit.check(1000).allowed).toBe(true);
    // Paced at exactly 3/s on a whole-millisecond clock: the tolerance forgives 333 ms spacing.
    const paced = createSlidingWindowLimit(3, 1000, 2);
    expect([0, 333, 666, 999, 1332].map((t) => paced.check(t).allowed)).toEqual([true, true, true, true, true]);
    expect(createSlidingWindowLimit(0).check(0).allowed).toBe(true);
  });
});
