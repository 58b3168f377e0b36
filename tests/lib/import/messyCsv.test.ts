import { describe, expect, it } from "vitest";
import { dayMonthOrder, parseImportFile, readDateText } from "@/lib/import";
import { NOTICES } from "@/lib/import";
import { readFixture } from "./support";

describe("a CSV whose header row was deleted", () => {
  const result = parseImportFile("csv_headerless.csv", readFixture("csv_headerless.csv"));

  it("keeps the first book and guesses the columns from the data, and says so", () => {
    expect(result.headerless).toBe(true);
    expect(result.headers).toEqual(["Column 1", "Column 2", "Column 3", "Column 4", "Column 5"]);
    expect(result.mapping).toEqual({
      title: "Column 1",
      author: "Column 2",
      isbn: "Column 3",
      dateRead: "Column 4",
      rating: "Column 5",
    });
    expect(result.notices).toEqual([NOTICES.headerless]);
    expect(result.rows.map((r) => [r.line, r.title, r.author])).toEqual([
      [1, "The Remains of the Day", "Kazuo Ishiguro"],
      [2, "Circe", "Madeline Miller"],
      [3, "Middlemarch", "George Eliot"],
      [4, "The Name of the Rose", "Umberto Eco"],
      [5, "Station Eleven", "Emily St. John Mandel"],
    ]);
    expect(result.errors).toEqual([]);
  });

  it("reads day-first dates when the file shows the day comes first (14/03/2021)", () => {
    expect(result.rows.map((r) => r.dateRead)).toEqual(["2018-11-02", "2021-03-14", undefined, "2020-12-25", "2022-06-07"]);
  });

  it("lets the mapping editor change the guess, and a reader can say the first row is a header", () => {
    const swapped = parseImportFile("csv_headerless.csv", readFixture("csv_headerless.csv"), {
      mapping: { title: "Column 2", author: "Column 1" },
    });
    expect(swapped.rows[0]).toMatchObject({ line: 1, title: "Kazuo Ishiguro", author: "The Remains of the Day" });
    const header = parseImportFile("csv_headerless.csv", readFixture("csv_headerless.csv"), {
      header: "present",
      mapping: { title: "The Remains of the Day" },
    });
    expect(header.headerless).toBeUndefined();
    expect(header.rows.map((r) => r.line)).toEqual([2, 3, 4, 5]);
  });

  it("still treats named columns as a header, also when they are not the usual names", () => {
    expect(parseImportFile("a.csv", "Title,Author\nDune,Frank Herbert\n").headerless).toBeUndefined();
    const book = parseImportFile("b.csv", "Book,Writer\nThe Secret History,Donna Tartt\nA Little Life,Hanya Yanagihara\n", {
      mapping: { title: "Book" },
    });
    expect(book.headerless).toBeUndefined();
    // Two short text columns and no header names: read as books.
    const plain = parseImportFile("c.csv", "Dune,Frank Herbert\nEmma,Jane Austen\n");
    expect(plain.headerless).toBe(true);
    expect(plain.rows.map((r) => r.title)).toEqual(["Dune", "Emma"]);
  });

  it("reads a single headerless line when it holds an ISBN", () => {
    const r = parseImportFile("one.csv", "Dune,Frank Herbert,9780441013593\n");
    expect(r.rows).toEqual([{ line: 1, title: "Dune", author: "Frank Herbert", isbn: "9780441013593", status: "want-to-read" }]);
  });
});

describe("a hand-edited CSV: padded cells, month names, spreadsheet ISBNs", () => {
  const result = parseImportFile("csv_padded_cells.csv", readFixture("csv_padded_cells.csv"));

  it("reads cells padded before their quotes without shifting columns", () => {
    expect(result.rows.map((r) => [r.title, r.author])).toEqual([
      ["Dune", "Herbert, Frank"],
      ["The Hobbit, or There and Back Again", "Tolkien, J. R. R."],
      ["Kindred", "Butler, Octavia E."],
      ["Beloved", "Toni Morrison"],
    ]);
    expect(result.rows.map((r) => r.isbn)).toEqual(["9780441013593", undefined, "9780807083697", undefined]);
  });

  it("reads Jan 5, 2020 and 5 March 2019, a decimal comma and 4/5 ratings", () => {
    expect(result.rows.map((r) => r.dateRead)).toEqual(["2020-01-05", "2019-03-05", "2021-03-04", undefined]);
    expect(result.rows.map((r) => r.rating)).toEqual([5, 4, 4.5, 4]);
  });

  it("reports a spreadsheet-mangled ISBN and an impossible date as warnings, and says how 03/04/2021 was read", () => {
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      {
        line: 3,
        reason:
          'Imported without an ISBN: the ISBN (column "ISBN") was turned into a number by a spreadsheet (like 9.78E+12), which loses its digits',
      },
      { line: 5, reason: 'Date read could not be read (column "Date read"): not a date; imported without it' },
    ]);
    expect(result.notices).toEqual([NOTICES.monthFirst]);
  });
});

describe("dates per file", () => {
  it("decides day or month first from the values", () => {
    expect(dayMonthOrder(["1/2/2020", "25/12/2020"])).toEqual({ order: "day-first", assumed: false });
    expect(dayMonthOrder(["1/2/2020", "12/25/2020"])).toEqual({ order: "month-first", assumed: false });
    expect(dayMonthOrder(["1/2/2020", "3/4/2021"])).toEqual({ order: "month-first", assumed: true });
    expect(dayMonthOrder(["25/12/2020", "12/25/2020"])).toEqual({ assumed: false });
  });

  it("leaves ambiguous dates out when the file disagrees with itself, and says so", () => {
    const r = parseImportFile("d.csv", "Title,Date read\nA,25/12/2020\nB,12/25/2020\nC,03/04/2021\n");
    expect(r.rows.map((x) => x.dateRead)).toEqual(["2020-12-25", "2020-12-25", undefined]);
    expect(r.warnings).toEqual([
      {
        line: 4,
        reason: 'Date read could not be read (column "Date read"): day and month cannot be told apart; imported without it',
      },
    ]);
    expect(r.notices).toEqual([NOTICES.mixedDates]);
  });

  it.each([
    ["2021-03-14", "2021-03-14"],
    ["2021/3/4", "2021-03-04"],
    ["[2008-10-19]", "2008-10-19"],
    ["2021-01-19T22:41:16+01:00", "2021-01-19"],
    ["Jan 5, 2020", "2020-01-05"],
    ["January 5 2020", "2020-01-05"],
    ["5 Jan 2020", "2020-01-05"],
    ["14 March 2012", "2012-03-14"],
    ["Sept. 9, 2019", "2019-09-09"],
  ])("reads %j", (raw, iso) => {
    expect(readDateText(raw)).toEqual({ ok: true, iso });
  });

  it.each(["2021-02-30", "Marchy 5, 2020", "5/5", "yesterday", "13/13/2020"])("does not read %j", (raw) => {
    expect(readDateText(raw, "month-first").ok).toBe(false);
  });
});
