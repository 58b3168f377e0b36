import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { escapeForCsvExport, importRowSchema, parseImportFile } from "@/lib/import";

describe("escapeForCsvExport", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
    ["+SUM(A1)", "'+SUM(A1)"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ["\r=1", "'\r=1"],
  ])("prefixes %j", (cell, expected) => {
    expect(escapeForCsvExport(cell)).toBe(expected);
  });

  it.each(["Dune", "", "a=b", "1+1", " =1", "'quoted", "Spider-Man", "Les Misérables"])("keeps %j", (cell) => {
    expect(escapeForCsvExport(cell)).toBe(cell);
  });

  it("round-trips: the import takes off the ' the export put before a formula-like cell", () => {
    const csv = Papa.unparse([["Title"], [escapeForCsvExport("=1+1")], ["'Salem's Lot"]], { newline: "\n" });
    const r = parseImportFile("export.csv", csv);
    expect(r.rows.map((row) => row.title)).toEqual(["=1+1", "'Salem's Lot"]);
  });
});

describe("importRowSchema", () => {
  const base = { line: 2, title: "Dune", author: "Frank Herbert", status: "read" as const };

  it("accepts a minimal row and a full row", () => {
    expect(importRowSchema.safeParse(base).success).toBe(true);
    expect(
      importRowSchema.safeParse({
        ...base,
        isbn: "9780441013593",
        goodreadsId: "234225",
        rating: 5,
        dateRead: "2021-03-14",
        dateAdded: "2021-01-05",
        shelves: ["sci-fi"],
        publisher: "Ace",
        pages: 604,
        yearPublished: -750,
      }).success,
    ).toBe(true);
  });

  it.each([
    [{ title: "   " }, "Title is missing"],
    [{ rating: 0 }, "Rating must be from 0.25 to 5 stars in steps of 0.25"],
    [{ rating: 6 }, "Rating must be from 0.25 to 5 stars in steps of 0.25"],
    [{ rating: 2.6 }, "Rating must be from 0.25 to 5 stars in steps of 0.25"],
    [{ rating: Number.NaN }, "Rating must be from 0.25 to 5 stars in steps of 0.25"],
    [{ dateRead: "2023-02-29" }, "Date read is not a valid date (use YYYY-MM-DD or YYYY/MM/DD)"],
    [{ dateAdded: "2021/03/14" }, "Date added is not a valid date (use YYYY-MM-DD or YYYY/MM/DD)"],
  ])("rejects %j", (patch, message) => {
    const r = importRowSchema.safeParse({ ...base, ...patch });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toBe(message);
  });

  it("accepts whole, half and quarter-star ratings", () => {
    for (const rating of [0.25, 2.5, 3.75, 5]) expect(importRowSchema.safeParse({ ...base, rating }).success).toBe(true);
  });

  it("accepts 29 February only in leap years", () => {
    expect(importRowSchema.safeParse({ ...base, dateRead: "2000-02-29" }).success).toBe(true);
    expect(importRowSchema.safeParse({ ...base, dateRead: "1900-02-29" }).success).toBe(false);
  });
});
