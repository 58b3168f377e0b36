import { describe, expect, it } from "vitest";
import { decodeImportBytes, parseImportFile, readTabLines, unquoteTabField } from "@/lib/import";
import { readFixture, readFixtureBytes } from "./support";

const rowAt = <T extends { line: number }>(rows: T[], line: number) => rows.find((r) => r.line === line)!;

describe("LibraryThing tab-separated export (UTF-16 with a BOM)", () => {
  const bytes = readFixtureBytes("librarything_export.tsv");
  const text = decodeImportBytes(bytes);
  const result = parseImportFile("librarything_export.tsv", text);

  it("is UTF-16 LE with a BOM, decodes to text and is recognised by its header", () => {
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xfe]);
    expect(text.startsWith("Book Id\tTitle\tSort Character\tPrimary Author")).toBe(true);
    expect(result.format).toBe("librarything");
    expect(result.delimiter).toBe("\t");
  });

  it("lands every titled row; stray quotes in a title and a review swallow no lines", () => {
    expect(result.rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 11]);
    expect(result.errors).toEqual([{ line: 10, reason: 'Title is missing (column "Title")' }]);
    expect(rowAt(result.rows, 6).title).toBe('"The Raven" and Other Poems');
    expect(rowAt(result.rows, 7).title).toBe("A Wizard of Earthsea");
  });

  it('turns "Last, First" into "First Last", and keeps a name written without a comma', () => {
    expect([2, 3, 9, 11].map((line) => rowAt(result.rows, line).author)).toEqual([
      "Jack Kerouac",
      "Ursula K. Le Guin",
      "Homer",
      "J. R. R. Tolkien",
    ]);
  });

  it("reads ISBN in brackets, else the first valid one of ISBNs", () => {
    expect(rowAt(result.rows, 3).isbn).toBe("9780061054884"); // [0061054887]
    expect(rowAt(result.rows, 7).isbn).toBe("9780547773742"); // [bad check digit], then the ISBNs list
    expect(rowAt(result.rows, 6)).not.toHaveProperty("isbn");
  });

  it("reads Collections and reading dates as status: read but unowned, currently reading, to read, did not finish", () => {
    expect([2, 3, 4, 5, 6, 8, 9].map((line) => rowAt(result.rows, line).status)).toEqual([
      "read", // Your library + Date Read
      "read", // Read but unowned
      "currently-reading",
      "want-to-read", // Wishlist, To read
      "read", // Your library and a rating: a rated book has been read
      "did-not-finish",
      "read",
    ]);
  });

  it("keeps half stars, bracketed dates, tags and custom collections as shelves, pages, publisher and year", () => {
    expect(rowAt(result.rows, 2)).toMatchObject({
      rating: 4.5,
      dateRead: "2019-06-02",
      dateAdded: "2015-03-02",
      shelves: ["beat", "road trips"],
      pages: 320,
      publisher: "Viking",
      yearPublished: 1957,
    });
    expect(rowAt(result.rows, 6).rating).toBe(3.5);
    expect(rowAt(result.rows, 8).shelves).toEqual(["space opera", "Did not finish", "Favorites"]);
    expect(rowAt(result.rows, 9).yearPublished).toBe(-700);
  });

  it("drops an impossible date and an out-of-scale rating with warnings naming the columns", () => {
    expect(result.warnings).toEqual([
      { line: 7, reason: 'Date read could not be read (column "Date Read"): not a date; imported without it' },
      {
        line: 7,
        reason:
          'Rating could not be read (column "Rating"): ratings are 0.25 to 5 stars in steps of 0.25; imported without a rating',
      },
    ]);
  });
});

describe("LibraryThing CSV export", () => {
  it("gives the same books as the tab-separated export", () => {
    const tsv = parseImportFile("lt.tsv", decodeImportBytes(readFixtureBytes("librarything_export.tsv")));
    const csv = parseImportFile("librarything_export.csv", readFixture("librarything_export.csv"));
    expect(csv.format).toBe("librarything");
    expect(csv.delimiter).toBe(",");
    expect(csv.rows).toEqual(tsv.rows);
    expect(csv.errors).toEqual(tsv.errors);
    expect(csv.warnings).toEqual(tsv.warnings);
  });
});

describe("tab-separated lines", () => {
  it("unquotes a wholly quoted field only", () => {
    expect(unquoteTabField('"A ""quoted"" word"')).toBe('A "quoted" word');
    expect(unquoteTabField('"The Raven" and Other Poems')).toBe('"The Raven" and Other Poems');
    expect(unquoteTabField('She said "hi')).toBe('She said "hi');
    expect(unquoteTabField('"')).toBe('"');
  });

  it("keeps one record per line however the quotes fall, with file line numbers", () => {
    const text = 'Title\tPrimary Author\tCollections\n"Unclosed\tA, B\tYour library\n\nNext\tC, D\t"Your library"\n';
    const r = readTabLines(text, 10);
    expect(r.records).toEqual([
      { line: 2, cells: ['"Unclosed', "A, B", "Your library"] },
      { line: 4, cells: ["Next", "C, D", "Your library"] },
    ]);
  });
});
