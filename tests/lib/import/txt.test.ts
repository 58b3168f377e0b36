import { describe, expect, it } from "vitest";
import { ImportFileError, parseImportFile, parseTxtLine } from "@/lib/import";
import { readFixture } from "./support";

describe("TXT reading list fixture", () => {
  it("reads one book per line with the file's line numbers, skipping blanks and # comments", () => {
    const r = parseImportFile("reading_list.txt", readFixture("reading_list.txt"));
    expect(r.format).toBe("txt");
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.rows).toEqual([
      { line: 3, title: "The Left Hand of Darkness", author: "Ursula K. Le Guin", status: "want-to-read" },
      { line: 4, title: "Piranesi", author: "Susanna Clarke", status: "want-to-read" },
      { line: 5, title: "Kindred", author: "Octavia E. Butler", status: "want-to-read" },
      { line: 6, title: "Beloved", author: "Toni Morrison", status: "want-to-read" },
      { line: 7, title: "The Overstory", author: "", status: "want-to-read" },
      { line: 8, title: "Stand on Zanzibar", author: "John Brunner", isbn: "9780312861766", status: "want-to-read" },
      { line: 9, title: "The Dispossessed", author: "Ursula K. Le Guin", isbn: "9780441478125", status: "want-to-read" },
      { line: 10, title: "Spider-Man: Into the Spider-Verse Art Book", author: "", status: "want-to-read" },
      { line: 12, title: "Strangers on a Train", author: "Patricia Highsmith", isbn: "9780393321982", status: "want-to-read" },
      { line: 13, title: "Les Misérables", author: "Victor Hugo", status: "want-to-read" },
      { line: 14, title: "=cmd|' /C calc'!A0", author: "", status: "want-to-read" },
    ]);
  });

  it("handles a BOM and CRLF, reports bad lines and imports the rest", () => {
    const text = readFixture("reading_list_crlf_bad.txt");
    expect(text).toContain("\r\n");
    const r = parseImportFile("reading_list_crlf_bad.txt", text);
    expect(r.rows).toEqual([
      { line: 1, title: "Dune", author: "Frank Herbert", status: "want-to-read" },
      { line: 5, title: "Short Title", author: "", status: "want-to-read" },
      { line: 6, title: "Solaris", author: "Stanisław Lem", status: "want-to-read" },
    ]);
    expect(r.errors).toEqual([
      { line: 3, reason: "Title is missing" },
      { line: 4, reason: "Title is longer than 300 characters" },
    ]);
    expect(r.warnings).toEqual([{ line: 5, reason: "Author is longer than 200 characters; imported without it" }]);
  });

  it("throws no-rows when every line is blank or a comment", () => {
    expect(() => parseImportFile("list.txt", "# only\n\n   \n# comments\n")).toThrowError(
      expect.objectContaining({ kind: "no-rows", message: "The file has no books: every line is blank or a comment (#)." }),
    );
    expect(() => parseImportFile("list.txt", "# only")).toThrow(ImportFileError);
  });
});

describe("parseTxtLine", () => {
  it.each([
    ["Dune by Frank Herbert", { title: "Dune", author: "Frank Herbert" }],
    ["Stand by Me by Stephen King", { title: "Stand by Me", author: "Stephen King" }],
    ["Death By Black Hole", { title: "Death By Black Hole", author: "" }],
    ["Dune - Frank Herbert", { title: "Dune", author: "Frank Herbert" }],
    ["Dune – Frank Herbert", { title: "Dune", author: "Frank Herbert" }],
    ["Dune — Frank Herbert", { title: "Dune", author: "Frank Herbert" }],
    [
      "Harry Potter - The Philosopher's Stone - J.K. Rowling",
      { title: "Harry Potter - The Philosopher's Stone", author: "J.K. Rowling" },
    ],
    [
      "The Fellowship of the Ring - Book One by J.R.R. Tolkien",
      { title: "The Fellowship of the Ring - Book One", author: "J.R.R. Tolkien" },
    ],
    ["Spider-Man", { title: "Spider-Man", author: "" }],
    ["1984", { title: "1984", author: "" }],
    ["1. 1984 by George Orwell", { title: "1984", author: "George Orwell" }],
    ["12) Twelve Angry Men", { title: "Twelve Angry Men", author: "" }],
    ["- Beloved", { title: "Beloved", author: "" }],
    ["* Beloved", { title: "Beloved", author: "" }],
    ["• Beloved", { title: "Beloved", author: "" }],
    ["-Beloved", { title: "-Beloved", author: "" }],
    ["+1 by A. Uthor", { title: "+1", author: "A. Uthor" }],
    ["@home", { title: "@home", author: "" }],
    ["  Lots   of   space   by   Some   One  ", { title: "Lots of space", author: "Some One" }],
  ])("%j", (line, expected) => {
    expect(parseTxtLine(line)).toEqual(expected);
  });

  it.each([
    ["Dune by Frank Herbert 9780441013593", { title: "Dune", author: "Frank Herbert", isbn: "9780441013593" }],
    ["9780441013593 Dune by Frank Herbert", { title: "Dune", author: "Frank Herbert", isbn: "9780441013593" }],
    ["Dune [ISBN 978-0-441-01359-3] by Frank Herbert", { title: "Dune", author: "Frank Herbert", isbn: "9780441013593" }],
    ["Dune (0441013597) - Frank Herbert", { title: "Dune", author: "Frank Herbert", isbn: "9780441013593" }],
    [
      "Harry Potter and the Order of the Phoenix - J.K. Rowling - 043935806X",
      {
        title: "Harry Potter and the Order of the Phoenix",
        author: "J.K. Rowling",
        isbn: "9780439358064",
      },
    ],
    [
      "Harry Potter by J.K. Rowling isbn-10: 0-439-35806-x",
      { title: "Harry Potter", author: "J.K. Rowling", isbn: "9780439358064" },
    ],
  ])("picks up and removes the ISBN in %j", (line, expected) => {
    expect(parseTxtLine(line)).toEqual(expected);
  });

  it("leaves a number that is not a valid ISBN in the title", () => {
    expect(parseTxtLine("Dune 9780441013594 by Frank Herbert")).toEqual({
      title: "Dune 9780441013594",
      author: "Frank Herbert",
      isbn: undefined,
    });
  });
});
