import { describe, expect, it } from "vitest";
import { GOODREADS_COLUMNS, parseImportFile, type ImportRow } from "@/lib/import";
import { goodreadsCsv, gr, readFixture } from "./support";

const EXPORT = readFixture("goodreads_library_export.csv");
const parseExport = (text = EXPORT) => parseImportFile("goodreads_library_export.csv", text);
const rowAt = (rows: ImportRow[], line: number) => {
  const row = rows.find((r) => r.line === line);
  if (!row) throw new Error(`no row at line ${line}`);
  return row;
};

// Lines where each record starts; multi-line reviews span 10–13, 19–20, 31–34 and 57–58.
const RECORD_LINES = [
  2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 15, 16, 17, 18, 19, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 35, 36, 37, 38, 39, 40, 41, 42,
  43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 59, 60, 61, 62, 63, 64,
];

describe("Goodreads export fixture", () => {
  const result = parseExport();

  it("is detected as Goodreads and imports all 55 books with the file's real record-start lines", () => {
    expect(result.format).toBe("goodreads");
    expect(result.delimiter).toBe(",");
    expect(result.headers).toEqual([...GOODREADS_COLUMNS]);
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => r.line)).toEqual(RECORD_LINES);
  });

  it("never carries explicit undefined values (Convex arguments must not)", () => {
    for (const row of result.rows) {
      for (const [key, value] of Object.entries(row)) expect(value, `${row.line}.${key}`).not.toBeUndefined();
    }
  });

  it("keeps every field of a plain row, converting dates to ISO and rating to a number", () => {
    expect(rowAt(result.rows, 2)).toEqual({
      line: 2,
      title: "The Hunger Games (The Hunger Games, #1)",
      author: "Suzanne Collins",
      isbn: "9780439023481",
      status: "read",
      goodreadsId: "2767052",
      rating: 4,
      dateRead: "2012-05-01",
      dateAdded: "2011-12-03",
      shelves: ["ya", "dystopia"],
      publisher: "Scholastic Press",
      pages: 374,
      yearPublished: 2008,
      reads: [{ finished: "2012-05-01" }],
      readCount: 1,
      owned: false,
    });
  });

  it("falls back to the ISBN column (ISBN-10 converted to 13) when ISBN13 is empty", () => {
    // ISBN ="0375831002", ISBN13 =""
    expect(rowAt(result.rows, 3)).toMatchObject({ isbn: "9780375831003", status: "want-to-read" });
    expect(rowAt(result.rows, 3)).not.toHaveProperty("rating");
    expect(rowAt(result.rows, 3)).not.toHaveProperty("dateRead");
  });

  it("converts an ISBN-10 with an X check digit", () => {
    // ISBN ="043935806X", ISBN13 =""
    expect(rowAt(result.rows, 4).isbn).toBe("9780439358064");
    // ISBN ="006073132X" next to a valid ISBN13: ISBN13 wins
    expect(rowAt(result.rows, 52).isbn).toBe("9780060731328");
  });

  it("falls back to ISBN when ISBN13 has a wrong check digit, silently", () => {
    // ISBN13 ="9780441013594" (wrong check digit), ISBN ="0441013597"
    expect(rowAt(result.rows, 6).isbn).toBe("9780441013593");
    expect(result.warnings.filter((w) => w.line === 6)).toEqual([]);
  });

  it("keeps a row whose ISBNs are all invalid, without an ISBN, and warns", () => {
    const omens = rowAt(result.rows, 7);
    expect(omens.title).toBe("Good Omens: The Nice and Accurate Prophecies of Agnes Nutter, Witch");
    expect(omens).not.toHaveProperty("isbn");
    expect(result.warnings).toEqual([
      { line: 7, reason: "Imported without an ISBN: ISBN13 has a wrong check digit and ISBN has a wrong check digit" },
    ]);
  });

  it('treats empty ="" ISBNs as no ISBN, without a warning', () => {
    const droon = rowAt(result.rows, 5);
    expect(droon).not.toHaveProperty("isbn");
    expect(result.warnings.some((w) => w.line === 5)).toBe(false);
  });

  it("keeps the full title with its series suffix", () => {
    expect(rowAt(result.rows, 5).title).toBe("The Magic Escapes (The Secrets of Droon, #7.5)");
    expect(rowAt(result.rows, 18).title).toBe("The Name of the Wind (The Kingkiller Chronicle, #1)");
  });

  it("collapses runs of spaces in names and titles", () => {
    expect(rowAt(result.rows, 5).author).toBe("Tony Abbott"); // "Tony  Abbott"
    expect(rowAt(result.rows, 8).author).toBe("Gabriel García Márquez"); // "Gabriel García  Márquez"
    expect(rowAt(result.rows, 27).author).toBe("J.R.R. Tolkien"); // "J.R.R.   Tolkien"
    expect(rowAt(result.rows, 52).title).toBe("Freakonomics: A Rogue Economist Explores the Hidden Side of Everything");
  });

  it("keeps non-ASCII names and normalises them to NFC", () => {
    expect(EXPORT).toContain("Halldo\u0301r Laxness"); // decomposed in the file
    const laxness = rowAt(result.rows, 9).author;
    expect(laxness).toBe("Halld\u00f3r Laxness");
    expect(laxness.length).toBe(15);
    expect(rowAt(result.rows, 14).author).toBe("Stanisław Lem");
    expect(rowAt(result.rows, 15)).toMatchObject({ title: "ノルウェイの森 [Noruwei no Mori]", author: "村上春樹" });
    expect(rowAt(result.rows, 63).author).toBe("Charlotte Brontë");
  });

  it("reads commas and doubled quotes inside quoted fields", () => {
    expect(rowAt(result.rows, 10).title).toBe('"Surely You\'re Joking, Mr. Feynman!": Adventures of a Curious Character');
    expect(rowAt(result.rows, 16).title).toBe("The Lion, the Witch and the Wardrobe (Chronicles of Narnia, #1)");
    expect(rowAt(result.rows, 44).publisher).toBe("Dover Publications");
    expect(rowAt(result.rows, 45).publisher).toBe("Farrar, Straus and Giroux");
  });

  it("maps Exclusive Shelf to status; a did-not-finish-like shelf is did-not-finish, and custom shelves are kept", () => {
    const byStatus = (s: string) => result.rows.filter((r) => r.status === s).map((r) => r.line);
    expect(byStatus("want-to-read")).toEqual([3, 41, 45, 51, 56, 60]);
    expect(byStatus("did-not-finish")).toEqual([19, 49]);
    expect(byStatus("currently-reading")).toEqual([18, 27]);
    expect(byStatus("read")).toHaveLength(45);

    // Exclusive Shelf "did-not-finish", also listed in Bookshelves: not repeated.
    expect(rowAt(result.rows, 19)).toMatchObject({ status: "did-not-finish", shelves: ["did-not-finish"], rating: 2 });
    // Exclusive Shelf "abandoned", absent from Bookshelves "ya": appended.
    expect(rowAt(result.rows, 49)).toMatchObject({ status: "did-not-finish", shelves: ["ya", "abandoned"] });
  });

  it("splits Bookshelves on commas and trims each shelf; no shelves -> no key", () => {
    expect(rowAt(result.rows, 47).shelves).toEqual(["non-fiction", "memoir"]); // "non-fiction ,  memoir"
    expect(rowAt(result.rows, 18).shelves).toEqual(["fantasy", "currently-reading"]);
    expect(rowAt(result.rows, 21)).not.toHaveProperty("shelves");
  });

  it("drops My Rating 0 (unrated)", () => {
    const braveNewWorld = rowAt(result.rows, 21);
    expect(braveNewWorld.status).toBe("read");
    expect(braveNewWorld).not.toHaveProperty("rating");
    expect(result.rows.filter((r) => r.rating === undefined).map((r) => r.line)).toEqual([3, 21, 27, 45, 51, 56, 60]);
  });

  it("keeps Goodreads id, publisher, pages, and Year Published over Original Publication Year", () => {
    expect(rowAt(result.rows, 17)).toMatchObject({
      title: "The Odyssey",
      goodreadsId: "1381",
      publisher: "Penguin Classics",
      pages: 541,
      yearPublished: 1999,
    });
  });

  it("does not let a multi-line review shift later line numbers", () => {
    expect(rowAt(result.rows, 14).title).toBe("Solaris");
    expect(rowAt(result.rows, 21).title).toBe("Brave New World");
    expect(rowAt(result.rows, 35).title).toBe("The Way of Kings (The Stormlight Archive, #1)");
    expect(rowAt(result.rows, 59).title).toBe("The Brothers Karamazov");
  });

  it("gives the same rows for the file saved with CRLF line endings and a BOM", () => {
    const crlf = "\ufeff" + EXPORT.replace(/\n/g, "\r\n");
    const again = parseExport(crlf);
    expect(again.format).toBe("goodreads");
    expect(again.rows).toEqual(result.rows);
    expect(again.warnings).toEqual(result.warnings);
  });
});

describe("Goodreads rows with problems", () => {
  const result = parseImportFile("goodreads_bad_rows.csv", readFixture("goodreads_bad_rows.csv"));

  it("reports only rows without a title as errors; unreadable fields are dropped with a warning and the row lands", () => {
    expect(result.format).toBe("goodreads");
    expect(result.rows.map((r) => [r.line, r.title])).toEqual([
      [2, "The Hunger Games (The Hunger Games, #1)"],
      [5, "The Catcher in the Rye"],
      [6, "The Great Gatsby"],
      [7, "The Hobbit"],
      [10, "Some Book"],
      [11, "Pride and Prejudice"],
      [12, "To Kill a Mockingbird"],
      [14, "Never Seen"],
    ]);
    expect(result.errors).toEqual([
      { line: 3, reason: 'Title is missing (column "Title")' },
      { line: 4, reason: 'Title is longer than 300 characters (column "Title")' },
      { line: 13, reason: "A quoted field has text after its closing quote; the row could not be read" },
    ]);
    expect(result.warnings).toEqual([
      {
        line: 5,
        reason:
          'Rating could not be read (column "My Rating"): ratings are 0.25 to 5 stars in steps of 0.25; imported without a rating',
      },
      { line: 6, reason: 'Date read could not be read (column "Date Read"): not a date; imported without it' },
      { line: 10, reason: 'Author is longer than 200 characters (column "Author"); imported without it' },
    ]);
    // What could be read stays: "14 March 2012" is a date, 2.5 stars a rating.
    expect(rowAt(result.rows, 11)).toMatchObject({ dateAdded: "2012-03-14", isbn: "9780679783268" });
    expect(rowAt(result.rows, 10)).toMatchObject({ author: "", rating: 2.5 });
    expect(rowAt(result.rows, 5)).not.toHaveProperty("rating");
    expect(rowAt(result.rows, 6)).toMatchObject({ rating: 3, dateAdded: "2009-10-12" });
    expect(rowAt(result.rows, 6)).not.toHaveProperty("dateRead");
  });

  it("never echoes the file's book data in a reason", () => {
    for (const { reason } of [...result.errors, ...result.warnings]) {
      expect(reason).not.toMatch(/Catcher|Gatsby|Pride|Broken|Nobody|Someone|AAAA|BBBB|2021\/02\/30|March/);
    }
  });
});

describe("Goodreads cells", () => {
  const parseRows = (...rows: Parameters<typeof goodreadsCsv>[0]) => parseImportFile("export.csv", goodreadsCsv(rows));

  it('keeps formula-like cells as literal text and unwraps ="…" in ISBN columns only', () => {
    const r = parseRows({
      "Book Id": "1",
      Title: '=HYPERLINK("http://example.test","x")',
      Author: "@SUM(1+1)",
      ISBN13: gr("9780439023481"),
      Publisher: '="0375831002"',
      Bookshelves: "+favourites, -dnf",
      "Exclusive Shelf": "read",
    });
    expect(r.rows).toEqual([
      {
        line: 2,
        title: '=HYPERLINK("http://example.test","x")',
        author: "@SUM(1+1)",
        isbn: "9780439023481",
        status: "read",
        goodreadsId: "1",
        publisher: '="0375831002"',
        shelves: ["+favourites", "-dnf"],
      },
    ]);
  });

  it("reads exclusive shelves named like did-not-finish as did-not-finish, keeping the shelf", () => {
    const names = ["did-not-finish", "DNF", "abandoned", "wont-finish", "won't finish", "stopped-reading", "gave-up", "Gave Up"];
    const r = parseRows(
      ...names.map((shelf, i) => ({ "Book Id": String(i + 1), Title: `T${i}`, Author: "A", "Exclusive Shelf": shelf })),
    );
    expect(r.rows.map((x) => x.status)).toEqual(names.map(() => "did-not-finish"));
    // "did-not-finish" is Folio's status name (its export writes it): the status says it all, no shelf.
    expect(r.rows.map((x) => x.shelves)).toEqual(names.map((n) => (n === "did-not-finish" ? undefined : [n])));
    const other = parseRows({ "Book Id": "9", Title: "T", Author: "A", "Exclusive Shelf": "owned-but-unread" });
    expect(other.rows[0]).toMatchObject({ status: "want-to-read", shelves: ["owned-but-unread"] });
  });

  it("drops an unreadable page count or year with a warning naming the column", () => {
    const r = parseRows({
      "Book Id": "1",
      Title: "A",
      Author: "B",
      "Number of Pages": "many",
      "Year Published": "n.d.",
      "Exclusive Shelf": "read",
    });
    expect(r.rows).toHaveLength(1);
    expect(r.warnings).toEqual([
      { line: 2, reason: 'Page count could not be read (column "Number of Pages"); imported without it' },
      { line: 2, reason: 'Year could not be read (column "Year Published"); imported without it' },
    ]);
  });

  it("uses Original Publication Year when Year Published is empty, including negative years", () => {
    const r = parseRows(
      { "Book Id": "1", Title: "The Iliad", Author: "Homer", "Original Publication Year": "-750", "Exclusive Shelf": "to-read" },
      {
        "Book Id": "2",
        Title: "Beowulf",
        Author: "Unknown",
        "Year Published": "abc",
        "Original Publication Year": "1000",
        "Exclusive Shelf": "to-read",
      },
    );
    expect(r.rows.map((x) => x.yearPublished)).toEqual([-750, 1000]);
  });

  it("ignores page counts that are not positive whole numbers", () => {
    const r = parseRows(
      { "Book Id": "1", Title: "A", Author: "B", "Number of Pages": "abc", "Exclusive Shelf": "read" },
      { "Book Id": "2", Title: "C", Author: "D", "Number of Pages": "0", "Exclusive Shelf": "read" },
      { "Book Id": "3", Title: "E", Author: "F", "Number of Pages": " 320 ", "Exclusive Shelf": "read" },
    );
    expect(r.rows.map((x) => x.pages)).toEqual([undefined, undefined, 320]);
    expect(r.errors).toEqual([]);
  });

  it("accepts an empty author and an empty exclusive shelf", () => {
    const r = parseRows({ "Book Id": "1", Title: "Anonymous Work", Author: "   " });
    expect(r.rows).toEqual([{ line: 2, title: "Anonymous Work", author: "", status: "want-to-read", goodreadsId: "1" }]);
  });

  it("finds columns by name, so a reordered or trimmed export still reads", () => {
    const columns = ["Title", "Exclusive Shelf", "Author", "ISBN13", "Book Id", "My Rating", "Date Read"] as const;
    const r = parseImportFile(
      "older-export.csv",
      goodreadsCsv(
        [
          {
            Title: "Kindred",
            "Exclusive Shelf": "Read",
            Author: "Octavia E. Butler",
            ISBN13: gr(""),
            "Book Id": "60931",
            "My Rating": "5",
            "Date Read": "2020/2/9",
          },
        ],
        columns,
      ),
    );
    expect(r.format).toBe("goodreads");
    expect(r.rows).toEqual([
      {
        line: 2,
        title: "Kindred",
        author: "Octavia E. Butler",
        status: "read",
        goodreadsId: "60931",
        rating: 5,
        dateRead: "2020-02-09",
        reads: [{ finished: "2020-02-09" }],
      },
    ]);
  });

  it("drops out-of-bounds metadata with a warning instead of failing the book", () => {
    const r = parseRows({
      "Book Id": "1",
      Title: "Long Shelves",
      Author: "Someone",
      Bookshelves: `ok, ${"s".repeat(65)}`,
      Publisher: "p".repeat(201),
      "Number of Pages": "250000",
      "Exclusive Shelf": "read",
    });
    expect(r.rows).toEqual([
      { line: 2, title: "Long Shelves", author: "Someone", status: "read", goodreadsId: "1", shelves: ["ok"] },
    ]);
    expect(r.warnings).toEqual([
      {
        line: 2,
        reason:
          "Imported without shelf names over 64 characters, the publisher (over 200 characters), the page count (too large)",
      },
    ]);
  });

  it("reports a field whose closing quote is missing and keeps the rows before and after it", () => {
    const text =
      goodreadsCsv([{ "Book Id": "1", Title: "Fine", Author: "A", "Exclusive Shelf": "read" }]) +
      '2,"Unclosed title,B,,,,,,,,,,,,,,,,read,,,,0,0\n3,Later,C,,,,,,,,,,,,,,,,read,,,,0,0\n';
    const r = parseImportFile("export.csv", text);
    expect(r.rows.map((x) => x.line)).toEqual([2, 4]);
    expect(r.errors).toEqual([
      {
        line: 3,
        reason: "A quoted field is never closed, so this row could not be read (the rows after it were read on their own)",
      },
    ]);
  });
});
