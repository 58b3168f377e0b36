import { describe, expect, it } from "vitest";
import {
  detectDelimiter,
  ImportFileError,
  inferColumnMapping,
  isGoodreadsHeader,
  parseImportFile,
  tryParseImportFile,
} from "@/lib/import";
import { readFixture } from "./support";

const parseFixture = (name: string, mapping?: Parameters<typeof parseImportFile>[2]) =>
  parseImportFile(name, readFixture(name), mapping);

function fileError(fn: () => unknown): ImportFileError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ImportFileError) return e;
    throw e;
  }
  throw new Error("expected an ImportFileError");
}

describe("generic CSV fixtures", () => {
  it("reads a semicolon-delimited file: commas stay in titles, status words, ratings, dates", () => {
    const r = parseFixture("csv_semicolon.csv");
    expect(r.format).toBe("csv");
    expect(r.delimiter).toBe(";");
    expect(r.mapping).toEqual({
      title: "Title",
      author: "Author",
      isbn: "ISBN",
      status: "Status",
      rating: "Rating",
      dateRead: "Date read",
    });
    expect(r.rows).toEqual([
      {
        line: 2,
        title: "Der Name der Rose",
        author: "Umberto Eco",
        isbn: "9783423105514",
        status: "read",
        rating: 5,
        dateRead: "2019-07-14",
      },
      { line: 3, title: "Krieg und Frieden", author: "Lew Tolstoi", status: "currently-reading" },
      { line: 4, title: "Die Blechtrommel", author: "Günter Grass", isbn: "9783423118781", status: "want-to-read" },
      { line: 5, title: "Liebe, Tod und Teufel", author: "Hans Meier", status: "read", rating: 4, dateRead: "2020-01-05" },
      { line: 6, title: "Siddhartha", author: "Hermann Hesse", status: "did-not-finish", rating: 3 },
      { line: 7, title: "Momo", author: "Michael Ende", isbn: "9783522202107", status: "want-to-read" },
    ]);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([
      { line: 6, reason: 'Imported without an ISBN: the ISBN (column "ISBN") has a wrong check digit' },
    ]);
  });

  it("reads a tab-delimited file named .csv", () => {
    const r = parseFixture("csv_tab.csv");
    expect(r.delimiter).toBe("\t");
    expect(r.mapping).toEqual({ title: "title", author: "author", isbn: "isbn13", status: "shelf" });
    expect(r.rows).toEqual([
      { line: 2, title: "The Left Hand of Darkness", author: "Ursula K. Le Guin", isbn: "9780441478125", status: "read" },
      { line: 3, title: "Kindred", author: "Octavia E. Butler", status: "currently-reading" },
      { line: 4, title: "Piranesi", author: "Susanna Clarke", isbn: "9781635575941", status: "want-to-read" },
    ]);
  });

  it("handles a BOM, CRLF line endings, upper-case headers and a multi-line quoted field", () => {
    const text = readFixture("csv_bom_crlf.csv");
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain("\r\n");
    const r = parseImportFile("csv_bom_crlf.csv", text);
    expect(r.headers).toEqual(["BOOK TITLE", "AUTHORS", "ISBN13", "SHELF", "MY RATING", "DATE READ", "NOTES"]);
    expect(r.mapping).toEqual({
      title: "BOOK TITLE",
      author: "AUTHORS",
      isbn: "ISBN13",
      status: "SHELF",
      rating: "MY RATING",
      dateRead: "DATE READ",
    });
    // Circe's note spans lines 2–3; line 5 is blank.
    expect(r.rows).toEqual([
      {
        line: 2,
        title: "Circe",
        author: "Madeline Miller",
        isbn: "9780316556347",
        status: "read",
        rating: 4,
        dateRead: "2021-03-14",
      },
      { line: 4, title: "Middlemarch", author: "George Eliot", status: "currently-reading" },
      {
        line: 6,
        title: "The Remains of the Day",
        author: "Kazuo Ishiguro",
        isbn: "9780679731726",
        status: "read",
        rating: 5,
        dateRead: "2018-11-02",
      },
    ]);
  });

  it("imports rows with missing optional columns and short rows; a row without a title is an error", () => {
    const r = parseFixture("csv_missing_columns.csv");
    expect(r.mapping).toEqual({ title: "Title", author: "Author" });
    expect(r.rows).toEqual([
      { line: 2, title: "Station Eleven", author: "Emily St. John Mandel", status: "want-to-read" },
      { line: 3, title: "The Overstory", author: "", status: "want-to-read" },
      { line: 4, title: "Hamnet", author: "", status: "want-to-read" },
    ]);
    expect(r.errors).toEqual([{ line: 5, reason: 'Title is missing (column "Title")' }]);
  });
});

describe("column mapping", () => {
  it("infers common header names in any case and spelling", () => {
    expect(inferColumnMapping(["BOOK TITLE", "Authors", "EAN", "Shelf", "Stars", "Read Date"])).toEqual({
      title: "BOOK TITLE",
      author: "Authors",
      isbn: "EAN",
      status: "Shelf",
      rating: "Stars",
      dateRead: "Read Date",
    });
    expect(inferColumnMapping(["name", "writer", "isbn_13", "Reading Status", "My Rating", "date-read"])).toEqual({
      title: "name",
      author: "writer",
      isbn: "isbn_13",
      status: "Reading Status",
      rating: "My Rating",
      dateRead: "date-read",
    });
  });

  it("prefers the better-named column: Title over Name, ISBN13 over ISBN", () => {
    expect(inferColumnMapping(["Name", "ISBN", "Title", "ISBN13"])).toEqual({ title: "Title", isbn: "ISBN13" });
  });

  it("leaves unknown columns unmapped", () => {
    expect(inferColumnMapping(["Libro", "Autor", "Notes"])).toEqual({});
  });

  it("guesses wrong on a borrowing log, and an override by header name fixes it", () => {
    const guessed = parseFixture("csv_needs_mapping.csv");
    expect(guessed.mapping).toEqual({ title: "Name", author: "Writer" });
    expect(guessed.rows.map((r) => r.title)).toEqual(["Alice", "Bob", "Alice"]);

    const fixed = parseFixture("csv_needs_mapping.csv", { mapping: { title: "Book" } });
    expect(fixed.headers).toEqual(["Name", "Book", "Writer", "Lent on"]);
    expect(fixed.mapping).toEqual({ title: "Book", author: "Writer" });
    expect(fixed.rows).toEqual([
      { line: 2, title: "The Secret History", author: "Donna Tartt", status: "want-to-read" },
      { line: 3, title: "A Little Life", author: "Hanya Yanagihara", status: "want-to-read" },
      { line: 4, title: "Pachinko", author: "Min Jin Lee", status: "want-to-read" },
    ]);
  });

  it("matches override names case-insensitively and lets null ignore a field", () => {
    const r = parseFixture("csv_needs_mapping.csv", { mapping: { title: "book", author: null, dateRead: "LENT ON" } });
    expect(r.mapping).toEqual({ title: "Book", dateRead: "Lent on" });
    expect(r.rows[0]).toEqual({
      line: 2,
      title: "The Secret History",
      author: "",
      // No status column: a date read says the book has been read.
      status: "read",
      dateRead: "2023-01-02",
    });
  });

  it("rejects an override naming a column the file does not have", () => {
    const e = fileError(() => parseFixture("csv_needs_mapping.csv", { mapping: { author: "Auteur" } }));
    expect(e.kind).toBe("invalid-mapping");
    expect(e.message).toBe("The column chosen for Author is not in the file's header. Pick one of the file's columns.");
    expect(e.headers).toEqual(["Name", "Book", "Writer", "Lent on"]);
  });

  it("reports an unrecognised layout with the headers, and a mapping makes the file importable", () => {
    const text = "Libro,Autor\nCien años de soledad,Gabriel García Márquez\n";
    const failed = tryParseImportFile("libros.csv", text);
    expect(failed.ok).toBe(false);
    if (failed.ok) return;
    expect(failed.error.kind).toBe("unrecognised-layout");
    expect(failed.error.headers).toEqual(["Libro", "Autor"]);

    const r = parseImportFile("libros.csv", text, { mapping: { title: "Libro", author: "Autor" } });
    expect(r.rows).toEqual([
      { line: 2, title: "Cien años de soledad", author: "Gabriel García Márquez", status: "want-to-read" },
    ]);
  });

  it("ignores options.mapping for a Goodreads export", () => {
    const text = readFixture("goodreads_library_export.csv");
    const r = parseImportFile("goodreads_library_export.csv", text, { mapping: { title: "Publisher" } });
    expect(r.format).toBe("goodreads");
    expect(r.mapping).toBeUndefined();
    expect(r.rows[0].title).toBe("The Hunger Games (The Hunger Games, #1)");
  });
});

describe("generic CSV cells", () => {
  const csv = (body: string, header = "Title,Author,ISBN,Status,Rating,Date Read") =>
    parseImportFile("books.csv", `${header}\n${body}`);

  it("accepts the status words case-insensitively; blank and unknown become want-to-read", () => {
    const words = [
      ["to-read", "want-to-read"],
      ["Want to Read", "want-to-read"],
      ["WANT-TO-READ", "want-to-read"],
      ["reading", "currently-reading"],
      ["Currently-Reading", "currently-reading"],
      ["currently reading", "currently-reading"],
      ["read", "read"],
      ["Finished", "read"],
      ["", "want-to-read"],
      ["on hold", "want-to-read"],
    ];
    const r = csv(words.map(([w], i) => `Book ${i},A,,${w},,`).join("\n"));
    expect(r.rows.map((x) => x.status)).toEqual(words.map(([, s]) => s));
    expect(r.warnings).toEqual([{ line: 11, reason: 'Status not recognised (column "Status"); imported as want to read' }]);
  });

  it("validates ratings: blank and 0 are unrated, quarter steps up to 5 are kept, others are dropped with a warning", () => {
    const r = csv(
      ["A,x,,read,,", "B,x,,read,0,", "C,x,,read,4.0,", "D,x,,read,4.5,", "E,x,,read,six,", "F,x,,read,-1,", "G,x,,read,5,"].join(
        "\n",
      ),
    );
    expect(r.rows.map((x) => [x.title, x.rating])).toEqual([
      ["A", undefined],
      ["B", undefined],
      ["C", 4],
      ["D", 4.5],
      ["E", undefined],
      ["F", undefined],
      ["G", 5],
    ]);
    const reason =
      'Rating could not be read (column "Rating"): ratings are 0.25 to 5 stars in steps of 0.25; imported without a rating';
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([
      { line: 6, reason },
      { line: 7, reason },
    ]);
  });

  it("validates dates: ISO, slashes and month/day (settled by the file) are read; impossible ones are dropped with a warning", () => {
    const r = csv(
      [
        "A,x,,read,,2024-02-29",
        "B,x,,read,,2023/2/3",
        "C,x,,read,,2023-02-29",
        "D,x,,read,,03/14/2021",
        "E,x,,read,,2021-13-01",
      ].join("\n"),
    );
    expect(r.rows.map((x) => [x.title, x.dateRead])).toEqual([
      ["A", "2024-02-29"],
      ["B", "2023-02-03"],
      ["C", undefined],
      ["D", "2021-03-14"],
      ["E", undefined],
    ]);
    const reason = 'Date read could not be read (column "Date Read"): not a date; imported without it';
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([
      { line: 4, reason },
      { line: 6, reason },
    ]);
  });

  it("checks title and author lengths in characters (code points); only the title fails a row", () => {
    const r = csv(
      [
        `${"t".repeat(300)},x,,,,`,
        `${"t".repeat(301)},x,,,,`,
        `${"📚".repeat(300)},x,,,,`,
        `ok,${"a".repeat(201)},,,,`,
        `ok,${"a".repeat(200)},,,,`,
      ].join("\n"),
    );
    expect(r.rows.map((x) => x.line)).toEqual([2, 4, 5, 6]);
    expect(r.rows.find((x) => x.line === 5)?.author).toBe("");
    expect(r.errors).toEqual([{ line: 3, reason: 'Title is longer than 300 characters (column "Title")' }]);
    expect(r.warnings).toEqual([
      { line: 5, reason: 'Author is longer than 200 characters (column "Author"); imported without it' },
    ]);
  });

  it('keeps formula-like cells as text and unwraps ="…" in the ISBN column', () => {
    const r = csv(['=1+1,+cmd,="9780439023481",,,', "-2,@me,,,,", '"=IMPORTXML(""http://x"")",a,,,,'].join("\n"));
    expect(r.rows).toEqual([
      { line: 2, title: "=1+1", author: "+cmd", isbn: "9780439023481", status: "want-to-read" },
      { line: 3, title: "-2", author: "@me", status: "want-to-read" },
      { line: 4, title: '=IMPORTXML("http://x")', author: "a", status: "want-to-read" },
    ]);
  });

  it("reads quotes, commas and line breaks inside quoted fields, keeping record-start lines", () => {
    const r = csv(['"Title, with comma",A,,,,', '"He said ""hi""","Multi', 'line author",,,,', "After,B,,,,"].join("\n"));
    expect(r.rows).toEqual([
      { line: 2, title: "Title, with comma", author: "A", status: "want-to-read" },
      { line: 3, title: 'He said "hi"', author: "Multi line author", status: "want-to-read" },
      { line: 5, title: "After", author: "B", status: "want-to-read" },
    ]);
  });

  it("reports an unclosed quote at its line and keeps the rows before and after it", () => {
    const r = parseImportFile("books.csv", 'Title,Author\nGood,One\n"Unclosed,Two\nThree,Four\n"Again,Five\nSix,Seven\n');
    expect(r.rows.map((x) => [x.line, x.title])).toEqual([
      [2, "Good"],
      [4, "Three"],
      [6, "Six"],
    ]);
    const reason = "A quoted field is never closed, so this row could not be read (the rows after it were read on their own)";
    expect(r.errors).toEqual([
      { line: 3, reason },
      { line: 5, reason },
    ]);
  });

  it("skips blank lines and rows of empty cells", () => {
    const r = parseImportFile("books.csv", "Title,Author\n\nA,B\n,\n  ,  \nC,D\n");
    expect(r.rows.map((x) => x.line)).toEqual([3, 6]);
    expect(r.errors).toEqual([]);
  });

  it("reads .tsv files as CSV", () => {
    const r = parseImportFile("books.TSV", "Title\tAuthor\nA, B\tC\n");
    expect(r.format).toBe("csv");
    expect(r.rows).toEqual([{ line: 2, title: "A, B", author: "C", status: "want-to-read" }]);
  });

  it("uses the first non-blank line as the header", () => {
    const r = parseImportFile("books.csv", "\n\nTitle;Author\nA;B\n");
    expect(r.headers).toEqual(["Title", "Author"]);
    expect(r.rows).toEqual([{ line: 4, title: "A", author: "B", status: "want-to-read" }]);
  });
});

describe("format detection", () => {
  it("needs Goodreads' identifying columns (Book Id, Title, Author, Exclusive Shelf) in any order and case", () => {
    expect(isGoodreadsHeader(["exclusive shelf", "AUTHOR", "Title", "Book Id"])).toBe(true);
    expect(isGoodreadsHeader(["Title", "Author", "Exclusive Shelf"])).toBe(false);
    expect(isGoodreadsHeader(["Book Id", "Title", "Author", "Bookshelves"])).toBe(false);
  });

  it("reads a CSV with some Goodreads-like columns but no Book Id as generic CSV", () => {
    const r = parseImportFile("books.csv", "Title,Author,Exclusive Shelf,My Rating\nDune,Frank Herbert,read,5\n");
    expect(r.format).toBe("csv");
    expect(r.mapping).toEqual({ title: "Title", author: "Author", status: "Exclusive Shelf", rating: "My Rating" });
    expect(r.rows).toEqual([{ line: 2, title: "Dune", author: "Frank Herbert", status: "read", rating: 5 }]);
  });

  it("reads a .txt file as a list even when it looks like CSV", () => {
    const r = parseImportFile("books.txt", "Title,Author\nDune,Frank Herbert\n");
    expect(r.format).toBe("txt");
    expect(r.rows.map((x) => x.title)).toEqual(["Title,Author", "Dune,Frank Herbert"]);
  });
});

describe("detectDelimiter", () => {
  it.each([
    ["Title,Author,ISBN\nA;B;C", ","],
    ["Title;Author;ISBN\nA, B;C;D", ";"],
    ["Title\tAuthor\tISBN\n", "\t"],
    ['"Title, main";Author\n', ";"],
    ['"Title; main",Author\n', ","],
    ["Title\nA", ","],
    ["Title;Author,ISBN", ","],
    ["\n\nTitle;Author", ";"],
  ])("%j -> %j", (text, expected) => {
    expect(detectDelimiter(text)).toBe(expected);
  });
});
