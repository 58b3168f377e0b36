import { describe, expect, test, vi } from "vitest";
import { logCoverEvent, type CoverEvent } from "@/lib/cover/logCoverEvent";

function fakeLogger() {
  return { info: vi.fn<(line: string) => void>(), warn: vi.fn<(line: string) => void>() };
}

const base: CoverEvent = {
  event: "cover_backfill",
  trigger: "import",
  processed: 20,
  updated: 18,
  failures: 2,
  durationMs: 1234.4,
  reasons: { not_found: 2 },
};

describe("logCoverEvent", () => {
  test("writes exactly one JSON line with the documented fields", () => {
    const logger = fakeLogger();
    logCoverEvent(base, logger);
    expect(logger.info).toHaveBeenCalledTimes(1);
    expect(logger.warn).not.toHaveBeenCalled();
    const line = logger.info.mock.calls[0][0];
    expect(line).not.toContain("\n");
    expect(JSON.parse(line)).toEqual({
      event: "cover_backfill",
      trigger: "import",
      processed: 20,
      updated: 18,
      failures: 2,
      durationMs: 1234,
      reasons: { not_found: 2 },
    });
  });

  test.each([
    [20, 2, "info"], // exactly 10 %
    [20, 3, "warn"], // 15 %
    [9, 1, "warn"], // 11 %
    [0, 0, "info"], // nothing processed
    [100, 10, "info"],
    [100, 11, "warn"],
  ])("processed %i, failures %i -> %s", (processed, failures, level) => {
    const logger = fakeLogger();
    logCoverEvent({ ...base, processed, failures }, logger);
    expect(logger[level as "info" | "warn"]).toHaveBeenCalledTimes(1);
    expect(logger[level === "info" ? "warn" : "info"]).not.toHaveBeenCalled();
  });

  test("defaults to console", () => {
    const info = vi.spyOn(console, "info").mockImplementation(() => {});
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    logCoverEvent({ ...base, failures: 0 });
    logCoverEvent({ ...base, failures: 20 });
    expect(info).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  test("free-text fields do not compile, and are dropped if forced through", () => {
    const logger = fakeLogger();
    // @ts-expect-error -- a title is not a CoverEvent field
    logCoverEvent({ ...base, title: "Secret Title" }, logger);
    const forced = { ...base, author: "Secret Author", reasons: { not_found: 1, "Secret ISBN 978": 3 } } as unknown as CoverEvent;
    logCoverEvent(forced, logger);
    const lines = logger.info.mock.calls.map((c) => c[0]).join("\n");
    expect(lines).not.toMatch(/Secret/);
    expect(JSON.parse(logger.info.mock.calls[1][0]).reasons).toEqual({ not_found: 1 });
  });

  test("an event name that is not a snake_case identifier is replaced", () => {
    const logger = fakeLogger();
    logCoverEvent({ ...base, event: "found Dune by Frank Herbert" }, logger);
    expect(JSON.parse(logger.info.mock.calls[0][0]).event).toBe("cover_event");
  });

  test("counts that are not finite non-negative numbers are logged as 0", () => {
    const logger = fakeLogger();
    logCoverEvent({ ...base, processed: Number.NaN, updated: -1, failures: Infinity, durationMs: -5 }, logger);
    const parsed = JSON.parse(logger.info.mock.calls[0][0]);
    expect(parsed).toMatchObject({ processed: 0, updated: 0, failures: 0, durationMs: 0 });
  });
});
