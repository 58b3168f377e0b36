import { describe, expect, it } from "vitest";
import {
  checkImportFile,
  IMPORT_LIMITS,
  ImportFileError,
  isImportFileError,
  parseImportFile,
  tryParseImportFile,
  type ImportFileErrorKind,
} from "@/lib/import";
import { goodreadsCsv, gr, readFixture } from "./support";

const MB = 1024 * 1024;

function fileError(fn: () => unknown): ImportFileError {
  try {
    fn();
  } catch (e) {
    if (isImportFileError(e)) return e;
    throw e;
  }
  throw new Error("expected an ImportFileError");
}

const MESSAGES: Record<Exclude<ImportFileErrorKind, "invalid-mapping">, string> = {
  "unsupported-type":
    "Folio imports .csv, .tsv, .txt, .md and .json files. Export your library as a .csv file (Goodreads, StoryGraph, LibraryThing, Calibre, BookWyrm, Libib, Hardcover or any spreadsheet), a .json file (LibraryThing, Folio) or a .txt or .md list with one book per line.",
  "too-large": "The file is 6.0 MB; the limit is 5 MB. Split it into smaller files and import them one after the other.",
  empty: "The file is empty: there is nothing to import.",
  "not-a-book-list":
    "Almost nothing in this file looks like a list of books (titles, authors or ISBNs), so Folio did not import it: check that you chose your library's export.",
  binary: "The file is not a text file. If it is a spreadsheet, save it as CSV (UTF-8) and import that file.",
  "too-many-rows":
    "The file has more than 10,000 books; the limit is 10,000 per import. Split it into smaller files and import them one after the other.",
  "no-rows": "The file has a header row but no books under it.",
  "unrecognised-layout":
    'Folio could not find a title column in this CSV. Name a column "Title", or choose which column holds the titles.',
};

describe("IMPORT_LIMITS", () => {
  it("is 5 MB and 10,000 rows", () => {
    expect(IMPORT_LIMITS.maxBytes).toBe(5 * MB);
    expect(IMPORT_LIMITS.maxRows).toBe(10_000);
  });
});

describe("checkImportFile (before reading)", () => {
  it("accepts .csv, .tsv and .txt in any case up to exactly 5 MB", () => {
    expect(checkImportFile({ name: "goodreads_library_export.csv", size: 12_979, type: "text/csv" })).toBeNull();
    expect(checkImportFile({ name: "LIST.TXT", size: 5 * MB })).toBeNull();
    expect(checkImportFile({ name: "books.tsv", size: 1 })).toBeNull();
  });

  it("rejects a file over 5 MB with the size in the message", () => {
    const e = checkImportFile({ name: "big.csv", size: 6 * MB });
    expect(e?.kind).toBe("too-large");
    expect(e?.message).toBe(MESSAGES["too-large"]);
    expect(checkImportFile({ name: "big.csv", size: 5 * MB + 1 })?.kind).toBe("too-large");
  });

  it("rejects an empty file", () => {
    expect(checkImportFile({ name: "empty.csv", size: 0 })).toMatchObject({ kind: "empty", message: MESSAGES.empty });
  });

  it("rejects other extensions, with a spreadsheet hint for workbooks", () => {
    expect(checkImportFile({ name: "cover.png", size: 10, type: "image/png" })).toMatchObject({
      kind: "unsupported-type",
      message: MESSAGES["unsupported-type"],
    });
    expect(checkImportFile({ name: "library", size: 10 })?.kind).toBe("unsupported-type");
    expect(checkImportFile({ name: "library.xlsx", size: 10 })?.message).toBe(
      "Folio imports .csv, .tsv, .txt, .md and .json files. Spreadsheets can't be read directly: save the sheet as CSV (UTF-8) and import that file.",
    );
  });

  it("returns ImportFileError instances", () => {
    const e = checkImportFile({ name: "a.pdf", size: 1 });
    expect(e).toBeInstanceOf(ImportFileError);
    expect(e).toBeInstanceOf(Error);
    expect(e?.name).toBe("ImportFileError");
  });
});

describe("parseImportFile whole-file errors", () => {
  it("unsupported type", () => {
    expect(fileError(() => parseImportFile("library.pdf", "[]")).kind).toBe("unsupported-type");
  });

  it("too large, counting UTF-8 bytes rather than characters", () => {
    const ascii = "a".repeat(6 * MB);
    expect(fileError(() => parseImportFile("big.txt", ascii))).toMatchObject({
      kind: "too-large",
      message: MESSAGES["too-large"],
    });
    // 2.7 M "é" = 5.4 MB of UTF-8 although only 2.7 M characters.
    expect(fileError(() => parseImportFile("big.txt", "é".repeat(2_700_000))).kind).toBe("too-large");
    // 5 MB exactly is allowed (one very long line: a row error, not a file error).
    const exactly = parseImportFile("big.txt", "a".repeat(5 * MB));
    expect(exactly.errors).toEqual([{ line: 1, reason: "Title is longer than 300 characters" }]);
  });

  it.each([
    ["empty.csv", ""],
    ["bom-only.csv", "\ufeff"],
    ["blank.txt", "  \n\r\n\t \n"],
  ])("empty: %s", (name, text) => {
    expect(fileError(() => parseImportFile(name, text))).toMatchObject({ kind: "empty", message: MESSAGES.empty });
  });

  it("binary: NUL bytes (e.g. a UTF-16 file)", () => {
    const utf16 = "T\u0000i\u0000t\u0000l\u0000e\u0000\n\u0000D\u0000u\u0000n\u0000e\u0000";
    expect(fileError(() => parseImportFile("books.csv", utf16))).toMatchObject({ kind: "binary", message: MESSAGES.binary });
  });

  it("binary: mostly replacement and control characters (an image or a workbook read as text)", () => {
    const junk = "\ufffdPNG\r\n\u001a\n" + "\ufffd\u0003\ufffd\u0010ab\ufffd\u0001".repeat(200);
    expect(fileError(() => parseImportFile("books.txt", junk)).kind).toBe("binary");
  });

  it("not binary: a few replacement characters from a Latin-1 file", () => {
    const r = parseImportFile("books.txt", "Les Mis\ufffdrables by Victor Hugo\nDune by Frank Herbert\n");
    expect(r.rows.map((x) => x.title)).toEqual(["Les Mis\ufffdrables", "Dune"]);
  });

  it("no rows: a CSV header with nothing under it, Goodreads or generic", () => {
    expect(fileError(() => parseImportFile("csv_header_only.csv", readFixture("csv_header_only.csv")))).toMatchObject({
      kind: "no-rows",
      message: MESSAGES["no-rows"],
    });
    expect(fileError(() => parseImportFile("goodreads_library_export.csv", goodreadsCsv([]))).kind).toBe("no-rows");
  });

  it("unrecognised layout: a CSV without a title column, with the headers for a mapping editor", () => {
    const e = fileError(() => parseImportFile("csv_no_title_column.csv", readFixture("csv_no_title_column.csv")));
    expect(e).toMatchObject({ kind: "unrecognised-layout", message: MESSAGES["unrecognised-layout"] });
    expect(e.headers).toEqual(["Author", "ISBN", "Rating"]);
  });

  it("gives each whole-file problem its own message", () => {
    expect(new Set(Object.values(MESSAGES)).size).toBe(Object.keys(MESSAGES).length);
  });

  it("tryParseImportFile returns the error instead of throwing", () => {
    const r = tryParseImportFile("empty.csv", "");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe("empty");
    const ok = tryParseImportFile("list.txt", "Dune");
    expect(ok.ok && ok.result.rows).toEqual([{ line: 1, title: "Dune", author: "", status: "want-to-read" }]);
  });
});

describe("row limit", () => {
  const grRows = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      "Book Id": String(i + 1),
      Title: `Book ${i + 1}`,
      Author: "Author",
      ISBN13: gr(""),
      "Exclusive Shelf": "to-read",
    }));

  it("accepts exactly 10,000 Goodreads rows", () => {
    const r = parseImportFile("export.csv", goodreadsCsv(grRows(10_000)));
    expect(r.rows).toHaveLength(10_000);
    expect(r.rows[9_999].line).toBe(10_001);
  });

  it("rejects 10,001 Goodreads rows", () => {
    expect(fileError(() => parseImportFile("export.csv", goodreadsCsv(grRows(10_001))))).toMatchObject({
      kind: "too-many-rows",
      message: MESSAGES["too-many-rows"],
    });
  });

  it("counts rows that fail validation, and not blank lines", () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => (i % 2 ? `Book ${i},A` : ",A"));
    const withBlanks = `Title,Author\n${lines.join("\n\n")}\n\n\n`;
    const r = parseImportFile("books.csv", withBlanks);
    expect(r.rows.length + r.errors.length).toBe(10_000);
    expect(fileError(() => parseImportFile("books.csv", `${withBlanks}One more,A\n`)).kind).toBe("too-many-rows");
  });

  it("applies to TXT lists, not counting comments", () => {
    const list = Array.from({ length: 10_000 }, (_, i) => `Book ${i}`).join("\n# comment\n");
    expect(parseImportFile("list.txt", list).rows).toHaveLength(10_000);
    expect(fileError(() => parseImportFile("list.txt", `${list}\nOne more`)).kind).toBe("too-many-rows");
  });
});
