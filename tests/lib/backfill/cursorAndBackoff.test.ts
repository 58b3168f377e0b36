import { describe, expect, test } from "vitest";
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, nextCoverRetryAt } from "@/lib/backfill/backoff";
import { decodeCursor, encodeCursor, InvalidCursorError } from "@/lib/backfill/cursor";

describe("back-off", () => {
  test("starts at one hour and doubles per failed attempt", () => {
    expect(nextCoverRetryAt(1000, 1)).toBe(1000 + BACKOFF_BASE_MS);
    expect(nextCoverRetryAt(1000, 2)).toBe(1000 + 2 * BACKOFF_BASE_MS);
    expect(nextCoverRetryAt(1000, 4)).toBe(1000 + 8 * BACKOFF_BASE_MS);
  });
  test("is capped at seven days", () => {
    expect(nextCoverRetryAt(0, 9)).toBe(BACKOFF_CAP_MS);
    expect(nextCoverRetryAt(0, 500)).toBe(BACKOFF_CAP_MS);
  });
});

describe("cursor", () => {
  test("round-trips scan and ids cursors", () => {
    for (const c of [
      { mode: "scan" as const, horizon: 1700000000000 },
      { mode: "scan" as const, horizon: 5, after: { retryAt: null, creationTime: 12.5 } },
      { mode: "scan" as const, horizon: 5, after: { retryAt: 3, creationTime: 12.5 } },
      { mode: "ids" as const, horizon: 9, offset: 20 },
    ]) {
      expect(decodeCursor(encodeCursor(c))).toEqual(c);
    }
  });
  test("is URL-safe text", () => {
    expect(encodeCursor({ mode: "scan", horizon: 1, after: { retryAt: null, creationTime: 2 } })).toMatch(/^[A-Za-z0-9_-]+$/);
  });
  test.each([
    "",
    "not base64 !!",
    btoa("{}"),
    btoa('{"m":"s","h":"x"}'),
    btoa('{"m":"i","h":1,"o":-1}'),
    btoa('{"m":"q","h":1}'),
  ])("rejects a forged or damaged cursor %#", (text) => {
    expect(() => decodeCursor(text)).toThrow(InvalidCursorError);
  });
});
