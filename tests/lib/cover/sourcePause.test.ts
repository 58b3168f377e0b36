import { describe, expect, test } from "vitest";
import {
  clampPauseMs,
  MAX_SOURCE_PAUSE_MS,
  nextSourcePause,
  PAUSE_STRIKES_RESET_MS,
  REFUSED_PAUSE_MS,
} from "@/lib/cover/rateLimiter";

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
