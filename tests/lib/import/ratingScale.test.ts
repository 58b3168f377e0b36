/**
 * A rating column scored 2–6 was read as stars: its 6s were dropped and its 5s shown as top marks.
 * The scale is inferred from the column's values and the preview says what was assumed.
 */
import { describe, expect, test } from "vitest";
import { parseImportFile } from "@/lib/import";
import { inferRatingScale } from "@/lib/import/fields";
import { readFixture } from "./support";

describe("a numeric rating column that is not on five stars", () => {
  const result = parseImportFile("scores.csv", readFixture("csv_rating_scale.csv"));

  test("is read as out of 10: every score lands, 6 is 3 stars and 5 is 2.5", () => {
    expect(result.mapping?.rating).toBe("Score");
    expect(result.rows.map((r) => r.rating)).toEqual([2.5, 3, 2, 3, 1, 1.5]);
    expect(result.warnings).toEqual([]);
  });

  test("the preview says what was assumed", () => {
    expect(result.notices).toContain(
      'Ratings in column "Score" go up to 6, so Folio read them as scores out of 10: 10 is 5 stars, 6 is 3 stars. If they are on another scale, change the file and import it again.',
    );
  });
});

describe("inferring the scale", () => {
  test.each([
    [["4", "5", "3.5"], 5],
    [["2", "6", "6", "4"], 10],
    [["8.5", "10", "7"], 10],
    [["12", "18", "20"], 20],
    [["87", "64", "91"], 100],
  ])("%j is out of %i", (values, outOf) => {
    expect(inferRatingScale(values).outOf).toBe(outOf);
  });

  test("one stray value over 5 in a star column does not change the scale", () => {
    const stars = [...Array.from({ length: 60 }, (_, i) => String((i % 5) + 1)), "7"];
    expect(inferRatingScale(stars).outOf).toBe(5);
  });

  test("a 100-point score lands on the nearest quarter star", () => {
    const r = parseImportFile("s.csv", "Title,Author,Rating\nA,B,87\nC,D,64\nE,F,91\n");
    expect(r.rows.map((row) => row.rating)).toEqual([4.25, 3.25, 4.5]);
  });
});
