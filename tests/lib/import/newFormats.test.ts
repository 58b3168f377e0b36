/**
 * Formats readers asked for that Folio refused or misread: BookWyrm's CSV (author_text and the
 * finish date were lost), Libib's CSV (creators, ean_isbn13/upc_isbn10 and completed were lost),
 * Hardcover's export, LibraryThing's JSON export (refused). Shapes and sources:
 * tests/fixtures/import/README.md.
 */
import { describe, expect, test } from "vitest";
import { parseImportFile, type ImportRow } from "@/lib/import";
import { readFixture } from "./support";

function byTitle(rows: ImportRow[], title: string): ImportRow {
  const row = rows.find((r) => r.title === title);
  if (!row) throw new Error(`no row titled ${title}`);
  return row;
}

describe("BookWyrm", () => {
  const result = parseImportFile("bookwyrm-export.csv", readFixture("bookwyrm_export.csv"));

  test("is recognised and every book lands with its author, ISBN, Goodreads id and finish date", () => {
    expect(result.format).toBe("bookwyrm");
    expect(result.errors).toEqual([]);
    expect(result.rows).toHaveLength(5);
    expect(byTitle(result.rows, "A Memory Called Empire")).toMatchObject({
      author: "Arkady Martine",
      isbn: "9781250186430",
      goodreadsId: "37794149",
      status: "read",
      rating: 4.5,
      dateRead: "2021-02-14",
      dateAdded: "2021-02-14",
      reads: [{ started: "2021-02-01", finished: "2021-02-14" }],
      review: "Teixcalaan\n\nPoetry as politics.\n\nLoved the ending.",
    });
  });

  test("shelves: reading, stopped-reading (with its content warning as a spoiler flag), to-read, a custom shelf", () => {
    expect(byTitle(result.rows, "The Fifth Season")).toMatchObject({
      status: "currently-reading",
      reads: [{ started: "2023-05-02" }],
    });
    expect(byTitle(result.rows, "The Fifth Season").rating).toBeUndefined();
    expect(byTitle(result.rows, "Gideon the Ninth")).toMatchObject({
      status: "did-not-finish",
      reviewSpoiler: true,
      reads: [{ started: "2022-07-01", finished: "2022-07-20" }],
    });
    expect(byTitle(result.rows, "Piranesi").status).toBe("want-to-read");
    expect(byTitle(result.rows, "Sourdough")).toMatchObject({
      status: "want-to-read",
      shelves: ["Food fiction"],
      isbn: "9780374203108",
    });
  });
});

describe("Libib", () => {
  const result = parseImportFile("library.csv", readFixture("libib_export.csv"));

  test("is recognised; creators, ean_isbn13 / upc_isbn10 and completed are kept", () => {
    expect(result.format).toBe("libib");
    expect(byTitle(result.rows, "Project Hail Mary")).toMatchObject({
      author: "Andy Weir",
      isbn: "9780593135204",
      status: "read",
      rating: 5,
      dateRead: "2022-01-02",
      reads: [{ started: "2021-12-20", finished: "2022-01-02" }],
      review: "Rocky!",
      privateNotes: "Signed copy.",
      shelves: ["sci-fi", "space"],
      owned: true,
      pages: 496,
      yearPublished: 2021,
      dateAdded: "2021-12-01",
    });
    expect(byTitle(result.rows, "Sourdough")).toMatchObject({ isbn: "9780374203108", status: "did-not-finish" });
  });

  test("statuses in progress and not begun; copies 0 is not owned", () => {
    expect(byTitle(result.rows, "The Fifth Season").status).toBe("currently-reading");
    expect(byTitle(result.rows, "Circe")).toMatchObject({ status: "want-to-read", owned: false });
  });

  test("movies and games are left out and counted", () => {
    expect(result.rows).toHaveLength(4);
    expect(result.nonBooks).toBe(2);
  });
});

describe("Hardcover", () => {
  const result = parseImportFile("hardcover.csv", readFixture("hardcover_export.csv"));

  test("is recognised; the authors are the contributors without another role", () => {
    expect(result.format).toBe("hardcover");
    expect(byTitle(result.rows, "2666")).toMatchObject({
      author: "Roberto Bolaño",
      isbn: "9780374100148",
      status: "want-to-read",
      owned: false,
    });
    expect(byTitle(result.rows, "Hyperion")).toMatchObject({
      author: "Dan Simmons",
      status: "currently-reading",
      reads: [{ started: "2023-09-01" }],
    });
  });

  test("rating, review with its spoiler flag, private notes, moods, lists as shelves, reads and owned", () => {
    expect(byTitle(result.rows, "Burning Chrome")).toMatchObject({
      status: "read",
      rating: 4.5,
      review: "The title story still holds up.\n\nThe rest is uneven.",
      reviewSpoiler: true,
      privateNotes: "Listen again in winter.",
      moods: ["dark", "tense"],
      shelves: ["Owned", "Cyberpunk Reading List"],
      reads: [{ started: "2025-01-01", finished: "2025-01-23" }],
      owned: true,
      publisher: "Audible Frontiers",
      yearPublished: 1986,
    });
    expect(byTitle(result.rows, "Mistborn: The Final Empire")).toMatchObject({ status: "did-not-finish", rating: 1.5 });
  });
});

describe("LibraryThing's JSON export", () => {
  const result = parseImportFile("librarything.json", readFixture("librarything_export.json"));

  test("is read, not refused: statuses, ratings, reviews, notes, reads and owned as from its CSV", () => {
    expect(result.format).toBe("librarything");
    expect(byTitle(result.rows, "The Dispossessed")).toMatchObject({
      line: 1,
      author: "Ursula K. Le Guin",
      isbn: "9780061054884",
      status: "read",
      rating: 4.5,
      review: "Two worlds.\n\nNeither is home.",
      privateNotes: "Reread for the book club.",
      reads: [{ started: "2020-01-02", finished: "2020-01-30" }],
      owned: true,
      shelves: ["anarchism", "classics"],
      publisher: "Harper Voyager",
      pages: 387,
      yearPublished: 1974,
      dateAdded: "2014-01-21",
    });
    expect(byTitle(result.rows, "Saga, Vol. 1")).toMatchObject({
      line: 3,
      status: "read",
      isbn: "9781607066019",
      privateNotes: "Lent to Alex.",
    });
  });

  test("a DVD in the JSON is left out and counted", () => {
    expect(result.rows.map((r) => r.title)).not.toContain("Stalker");
    expect(result.nonBooks).toBe(1);
  });

  test("a .json file that is neither export is refused with a clear message", () => {
    expect(() => parseImportFile("x.json", '{"hello": "world"}')).toThrow(/Folio's own export and LibraryThing's JSON export/);
    expect(() => parseImportFile("x.json", "{not json")).toThrow(/not valid JSON/);
  });
});
