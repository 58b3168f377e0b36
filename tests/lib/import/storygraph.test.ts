import { describe, expect, it } from "vitest";
import { parseImportFile } from "@/lib/import";
import { readFixture } from "./support";

const rowAt = <T extends { line: number }>(rows: T[], line: number) => rows.find((r) => r.line === line)!;

describe("StoryGraph export fixture", () => {
  const result = parseImportFile("storygraph_export.csv", readFixture("storygraph_export.csv"));

  it("is recognised by its header and lands every row that has a title", () => {
    expect(result.format).toBe("storygraph");
    expect(result.rows.map((r) => r.line)).toEqual([2, 3, 4, 6, 7, 8, 9, 10, 11]);
    expect(result.errors).toEqual([{ line: 12, reason: 'Title is missing (column "Title")' }]);
  });

  it("keeps the ISBN from ISBN/UID (ISBN-10 converted), and leaves a StoryGraph id or ASIN out silently", () => {
    expect(rowAt(result.rows, 2).isbn).toBe("9780553580303");
    expect(rowAt(result.rows, 10).isbn).toBe("9780439358064"); // 043935806X
    expect(rowAt(result.rows, 8)).not.toHaveProperty("isbn"); // B08ZYQT962
    expect(result.warnings.filter((w) => w.line === 8)).toEqual([]);
    // A number with a wrong check digit: dropped with a warning, the book still lands.
    expect(result.warnings).toContainEqual({
      line: 7,
      reason: 'Imported without an ISBN: the ISBN (column "ISBN/UID") has a wrong check digit',
    });
  });

  it("maps Read Status, did-not-finish and paused included", () => {
    expect([2, 3, 6, 7, 8].map((line) => rowAt(result.rows, line).status)).toEqual([
      "read",
      "want-to-read",
      "currently-reading",
      "did-not-finish",
      "currently-reading",
    ]);
    // Paused is kept as a shelf so the distinction is not lost.
    expect(rowAt(result.rows, 8).shelves).toEqual(["manga", "paused"]);
  });

  it("keeps quarter and half-star ratings, and drops an unreadable one with a warning", () => {
    expect([2, 4, 7, 9, 10].map((line) => rowAt(result.rows, line).rating)).toEqual([3.75, 5, 1.25, 4.5, 0.25]);
    expect(rowAt(result.rows, 3)).not.toHaveProperty("rating");
    expect(rowAt(result.rows, 11)).not.toHaveProperty("rating");
    expect(result.warnings).toContainEqual({
      line: 11,
      reason:
        'Rating could not be read (column "Star Rating"): ratings are 0.25 to 5 stars in steps of 0.25; imported without a rating',
    });
  });

  it("reads Last Date Read, else the end of the last reading in Dates Read, and Date Added", () => {
    expect(rowAt(result.rows, 2)).toMatchObject({ dateRead: "2023-02-11", dateAdded: "2023-01-04" });
    expect(rowAt(result.rows, 4).dateRead).toBe("2024-12-28"); // two readings, no Last Date Read
    expect(rowAt(result.rows, 11)).not.toHaveProperty("dateRead"); // 2019/13/40
    expect(result.warnings).toContainEqual({
      line: 11,
      reason: 'Date read could not be read (column "Last Date Read"): not a date; imported without it',
    });
  });

  it("joins several authors with & (first author first) and keeps a name's suffix with it", () => {
    expect(rowAt(result.rows, 2).author).toBe("Brian Herbert & Kevin J. Anderson");
    expect(rowAt(result.rows, 9).author).toBe("Martin Luther King, Jr.");
  });

  it("takes Tags as shelves, and a review's line break does not shift later lines", () => {
    expect(rowAt(result.rows, 2).shelves).toEqual(["sci-fi", "prequels"]);
    expect(rowAt(result.rows, 4)).not.toHaveProperty("shelves");
    expect(rowAt(result.rows, 6).line).toBe(6); // Piranesi's review spans lines 4-5
  });

  it("never quotes the file's book data in a warning or error", () => {
    for (const { reason } of [...result.warnings, ...result.errors]) {
      expect(reason).not.toMatch(/Unfinished|Untitled|Marrow|Weyr|9780306406158|Nameless/);
    }
  });
});
