/**
 * A headerless reading log whose first column is dates like `1-May-06` (402 rows of a real log had
 * their dates imported as titles): those are dates, and a column of dates is never the title.
 */
import { describe, expect, test } from "vitest";
import { parseImportFile, readDateText } from "@/lib/import";
import { fullYear } from "@/lib/import/dates";
import { readFixture } from "./support";

describe("dates with month names and two-digit years", () => {
  test.each([
    ["1-May-06", "2006-05-01"],
    ["01-May-2006", "2006-05-01"],
    ["28-Sep-95", "1995-09-28"],
    ["3 Aug 06", "2006-08-03"],
    ["1/Jan/07", "2007-01-01"],
    ["May 1, 06", "2006-05-01"],
  ])("%s is %s", (cell, iso) => {
    expect(readDateText(cell)).toEqual({ ok: true, iso });
  });

  test("an impossible day or an unknown month is not a date", () => {
    expect(readDateText("31-Feb-06").ok).toBe(false);
    expect(readDateText("1-Foo-06").ok).toBe(false);
  });

  test("a two-digit year is the latest such year not after next year", () => {
    const now = new Date(Date.UTC(2026, 0, 1));
    expect(fullYear(6, now)).toBe(2006);
    expect(fullYear(27, now)).toBe(2027);
    expect(fullYear(28, now)).toBe(1928);
  });
});

describe("a headerless reading log", () => {
  const result = parseImportFile("reading-log.csv", readFixture("csv_headerless_reading_log.csv"));

  test("is read as headerless with the dates as the date read, never as the title", () => {
    expect(result.headerless).toBe(true);
    expect(result.mapping).toMatchObject({ dateRead: "Column 1", title: "Column 2", author: "Column 3", rating: "Column 4" });
    expect(result.rows[0]).toMatchObject({
      line: 1,
      title: "The Road",
      author: "Cormac McCarthy",
      dateRead: "2006-05-01",
      rating: 4,
    });
    expect(result.rows).toHaveLength(6);
  });
});

test("a column of dates no reader takes (May 2006) is still a date column, never the title", () => {
  const text =
    "May 2006,The Road,Cormac McCarthy\nJun 2006,Never Let Me Go,Kazuo Ishiguro\nAug 2006,The Kite Runner,Khaled Hosseini\n";
  const result = parseImportFile("log.csv", text);
  expect(result.mapping?.title).toBe("Column 2");
  expect(result.rows.map((r) => r.title)).toEqual(["The Road", "Never Let Me Go", "The Kite Runner"]);
});

test("without a status column, a date read or a rating says the book has been read", () => {
  const result = parseImportFile("reading-log.csv", readFixture("csv_headerless_reading_log.csv"));
  expect(result.rows.every((r) => r.status === "read")).toBe(true);
  const r = parseImportFile("list.csv", "Title,Author,Rating\nDune,Frank Herbert,4\nEmma,Jane Austen,\n");
  expect(r.rows.map((row) => row.status)).toEqual(["read", "want-to-read"]);
});
