import { describe, expect, test } from "vitest";
import { formatRating, isValidRating, ratingLabel, starFills } from "@/lib/books/rating";

describe("ratings on a 5-star scale in steps of 0.25", () => {
  test("accepts whole, half and quarter stars from 0.25 to 5", () => {
    for (const n of [0.25, 0.5, 1, 2.75, 3.5, 3.75, 4, 4.25, 5]) expect(isValidRating(n)).toBe(true);
  });

  test("refuses 0, out-of-range values and other fractions", () => {
    for (const n of [0, -1, 5.25, 6, 10, 3.8, 4.1, 2.33, Number.NaN, Infinity]) expect(isValidRating(n)).toBe(false);
  });

  test("fills stars in quarters and says the rating in words", () => {
    expect(starFills(3.75)).toEqual([1, 1, 1, 0.75, 0]);
    expect(starFills(0.25)).toEqual([0.25, 0, 0, 0, 0]);
    expect(starFills(5)).toEqual([1, 1, 1, 1, 1]);
    expect(ratingLabel(3.75)).toBe("Rated 3.75 out of 5");
    expect(ratingLabel(4)).toBe("Rated 4 out of 5");
    expect(formatRating(4.5)).toBe("4.5");
  });
});
