/**
 * What a reader wrote comes through every format that has it: reviews (as text, never HTML),
 * spoiler flags, private notes, every read with its dates, read counts, owned, moods.
 */
import { describe, expect, test } from "vitest";
import { parseImportFile, type ImportRow } from "@/lib/import";
import { readFixture } from "./support";

function rowByTitle(rows: ImportRow[], title: string): ImportRow {
  const row = rows.find((r) => r.title === title);
  if (!row) throw new Error(`no row titled ${title}`);
  return row;
}

describe("Goodreads: My Review, Spoiler, Private Notes, Read Count, Owned Copies", () => {
  const result = parseImportFile("goodreads_library_export.csv", readFixture("goodreads_reviews.csv"));

  test("a review's <br/> becomes a line break, entities are decoded and tags dropped", () => {
    expect(rowByTitle(result.rows, "The Martian").review).toBe(
      'The good:\n - the voice\n - the potatoes\n\nThe bad:\n - the ending felt rushed & a bit "neat"',
    );
    expect(rowByTitle(result.rows, "The Way of Kings").review).toBe("Long, but worth it. Kaladin 3 < Shallan? No.");
  });

  test("spoiler flag, private notes, read count, owned and the read of Date Read are kept", () => {
    expect(rowByTitle(result.rows, "The Martian")).toMatchObject({
      reviewSpoiler: true,
      privateNotes: "Reread before the film.",
      readCount: 2,
      owned: true,
      reads: [{ finished: "2015-03-02" }],
    });
    const kings = rowByTitle(result.rows, "The Way of Kings");
    expect(kings).toMatchObject({ readCount: 1, owned: false });
    expect(kings.reviewSpoiler).toBeUndefined();
    const atonement = rowByTitle(result.rows, "Atonement");
    expect(atonement).toMatchObject({ readCount: 0, owned: false });
    expect(atonement.review).toBeUndefined();
    expect(atonement.reads).toBeUndefined();
  });
});

describe("StoryGraph: Review, Dates Read ranges, Read Count, Moods, Owned?", () => {
  const result = parseImportFile("storygraph.csv", readFixture("storygraph_export.csv"));

  test("every range of Dates Read is a read with its start and end", () => {
    expect(rowByTitle(result.rows, "Piranesi")).toMatchObject({
      reads: [
        { started: "2021-05-03", finished: "2021-05-09" },
        { started: "2024-12-20", finished: "2024-12-28" },
      ],
      readCount: 2,
      dateRead: "2024-12-28",
    });
  });

  test("review (line breaks kept), moods and owned are kept", () => {
    const atreides = rowByTitle(result.rows, "Dune: House Atreides");
    expect(atreides).toMatchObject({ review: "Better than I expected.", moods: ["adventurous", "tense"], owned: true });
    expect(rowByTitle(result.rows, "Dune: House Harkonnen").owned).toBe(false);
    expect(rowByTitle(result.rows, "Piranesi").review).toContain("\n");
  });
});

describe("LibraryThing: rated books are read, non-book media are left out and counted, notes and reads kept", () => {
  const result = parseImportFile("librarything.csv", readFixture("librarything_rated_media.csv"));

  test("a rated book with no collection status or read date has been read", () => {
    expect(rowByTitle(result.rows, "Big Data").status).toBe("read");
  });

  test("DVDs and Blu-rays are not books: left out, counted, and said in one notice", () => {
    expect(result.rows.map((r) => r.title)).not.toContain("The Matrix");
    expect(result.rows.map((r) => r.title)).not.toContain("Arrival");
    expect(result.nonBooks).toBe(2);
    expect(result.notices).toContain("2 items in this file are not books (a DVD, Blu-ray, music, a game…) and were left out.");
  });

  test("review paragraphs, comments as private notes, the read's dates and owned from collections", () => {
    expect(rowByTitle(result.rows, "The Left Hand of Darkness")).toMatchObject({
      status: "read",
      review: "Cold.\nAnd kind.",
      privateNotes: "Book club pick.\n\nBorrowed from the library.",
      reads: [{ started: "2021-01-04", finished: "2021-01-19" }],
      owned: false,
    });
    expect(rowByTitle(result.rows, "Big Data").owned).toBe(true);
  });
});
