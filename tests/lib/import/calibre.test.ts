import { describe, expect, it } from "vitest";
import { parseImportFile } from "@/lib/import";
import { readFixture } from "./support";

const rowAt = <T extends { line: number }>(rows: T[], line: number) => rows.find((r) => r.line === line)!;

describe("Calibre catalog CSV fixture", () => {
  const text = readFixture("calibre_catalog.csv");
  const result = parseImportFile("calibre_catalog.csv", text);

  it("is recognised by Calibre's field names (with its BOM) and lands every titled row", () => {
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(result.format).toBe("calibre");
    expect(result.rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 7]);
    expect(result.errors).toEqual([{ line: 6, reason: 'Title is missing (column "title")' }]);
  });

  it('keeps "A & B" authors as written, and reads Calibre\'s "Unknown" as no author', () => {
    expect(rowAt(result.rows, 2).author).toBe("Terry Pratchett & Neil Gaiman");
    expect(rowAt(result.rows, 4).author).toBe("");
  });

  it("keeps half-star ratings on the 5-star scale Calibre writes", () => {
    expect([2, 3, 5, 7].map((line) => rowAt(result.rows, line).rating)).toEqual([4.5, 3, 5, 2.5]);
    expect(rowAt(result.rows, 4)).not.toHaveProperty("rating");
  });

  it("takes the ISBN from isbn, else from identifiers, and the Goodreads id from identifiers", () => {
    expect(rowAt(result.rows, 2)).toMatchObject({ isbn: "9780060853983", goodreadsId: "12067" });
    expect(rowAt(result.rows, 3).isbn).toBe("9780441478125"); // only in identifiers
    expect(rowAt(result.rows, 5).isbn).toBe("9780441013593"); // ISBN-10 converted
    expect(result.warnings).toContainEqual({
      line: 7,
      reason: 'Imported without an ISBN: the ISBN (column "isbn") is not 10 or 13 digits',
    });
  });

  it("reads #read and #readdate, timestamp as date added, pubdate as year (not Calibre's 'no date' 0101)", () => {
    expect(rowAt(result.rows, 2)).toMatchObject({
      status: "read",
      dateRead: "2021-02-03",
      dateAdded: "2021-01-19",
      yearPublished: 2006,
    });
    expect(rowAt(result.rows, 3)).toMatchObject({ status: "want-to-read", yearPublished: 1987 });
    expect(rowAt(result.rows, 4)).not.toHaveProperty("yearPublished");
    expect(rowAt(result.rows, 7)).toMatchObject({ status: "read" });
    expect(rowAt(result.rows, 7)).not.toHaveProperty("dateRead");
  });

  it("takes tags as shelves and keeps an emoji title as written", () => {
    expect(rowAt(result.rows, 2).shelves).toEqual(["Fantasy", "Humour"]);
    expect(rowAt(result.rows, 4).title).toBe("Scanned Notes 📚");
  });

  it("reads older Calibre's comma-joined authors as a list", () => {
    const r = parseImportFile(
      "catalog.csv",
      '"title","authors","author_sort","timestamp"\n"Good Omens","Terry Pratchett, Neil Gaiman","Pratchett, Terry & Gaiman, Neil","2021-01-19T22:41:16+01:00"\n',
    );
    expect(r.format).toBe("calibre");
    expect(r.rows[0].author).toBe("Terry Pratchett & Neil Gaiman");
  });
});
