import { afterEach, describe, expect, test } from "vitest";
import { coverBackfillEnabled, isCoverBackfillEnabled } from "@/lib/featureFlags";

describe("NEXT_PUBLIC_COVER_BACKFILL_ENABLED", () => {
  const original = process.env.NEXT_PUBLIC_COVER_BACKFILL_ENABLED;
  afterEach(() => {
    if (original === undefined) delete process.env.NEXT_PUBLIC_COVER_BACKFILL_ENABLED;
    else process.env.NEXT_PUBLIC_COVER_BACKFILL_ENABLED = original;
  });

  test.each([undefined, "", "true", "1", "yes", "on", "0", "off", "nope"])("%j leaves the backfill on", (value) => {
    expect(isCoverBackfillEnabled(value)).toBe(true);
  });

  test.each(["false", "FALSE", " false "])("%j turns it off", (value) => {
    expect(isCoverBackfillEnabled(value)).toBe(false);
  });

  test("reads the environment", () => {
    process.env.NEXT_PUBLIC_COVER_BACKFILL_ENABLED = "false";
    expect(coverBackfillEnabled()).toBe(false);
    delete process.env.NEXT_PUBLIC_COVER_BACKFILL_ENABLED;
    expect(coverBackfillEnabled()).toBe(true);
  });
});
