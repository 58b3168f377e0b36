import { describe, expect, it } from "vitest";
import { checkImportFile, decodeImportBytes, parseImportFile, parseTxtLine } from "@/lib/import";
import { readFixture, readFixtureBytes } from "./support";

describe("Markdown reading list fixture", () => {
  const result = parseImportFile("reading_list.md", readFixture("reading_list.md"));

  it("reads .md like .txt: one book per line, skipping front matter, headings, labels, rules, URLs and comments", () => {
    expect(checkImportFile({ name: "reading_list.md", size: 10 })).toBeNull();
    expect(result.format).toBe("txt");
    expect(result.rows.map((r) => [r.line, r.title, r.author])).toEqual([
      [12, "Piranesi", "Susanna Clarke"],
      [13, "The Left Hand of Darkness", "Ursula K. Le Guin"],
      [14, "Kindred", "Octavia E. Butler"],
      [15, "The Overstory", "Richard Powers"],
      [16, "Beloved", "Toni Morrison"],
      [17, "Middlemarch", "George Eliot"],
      [25, "Braiding Sweetgrass", "Robin Wall Kimmerer"],
      [26, "The Body Keeps the Score", "Bessel van der Kolk"],
      [31, "Dune: House Atreides", "Brian Herbert"],
      [32, "Dune: House Harkonnen", "Brian Herbert"],
      [35, "Stand on Zanzibar", "John Brunner"],
    ]);
    // An empty bullet has no title: the only kind of line that is an error.
    expect(result.errors).toEqual([{ line: 36, reason: "Title is missing" }]);
  });

  it("takes task boxes, table columns and cells as status, ISBN and rating", () => {
    const at = (line: number) => result.rows.find((r) => r.line === line)!;
    expect(at(12).status).toBe("read"); // - [x]
    expect(at(13).status).toBe("want-to-read"); // - [ ]
    expect(at(15).isbn).toBe("9780393635522"); // Title | Author | ISBN
    expect(at(16).status).toBe("read"); // Title; Author; read
    expect(at(25)).toMatchObject({ isbn: "9781571313560", status: "currently-reading" });
    expect(at(26)).toMatchObject({ status: "want-to-read" });
    expect(at(35).rating).toBe(4.5); // ★★★★½
  });
});

describe("text lists with separators and encodings", () => {
  it('splits "Title | Author | …" and "Title; Author; …" lines', () => {
    const r = parseImportFile("reading_list_pipes.txt", readFixture("reading_list_pipes.txt"));
    expect(r.rows).toEqual([
      { line: 1, title: "Dune", author: "Frank Herbert", isbn: "9780441013593", status: "read", rating: 4 },
      { line: 2, title: "The Hobbit", author: "J.R.R. Tolkien", isbn: "9780618260300", status: "want-to-read" },
      { line: 3, title: "Circe", author: "Madeline Miller", status: "want-to-read" },
      { line: 4, title: "Solaris", author: "Stanisław Lem", status: "did-not-finish" },
    ]);
  });

  it("a second BOM (two files joined) shifts no line numbers", () => {
    const bytes = readFixtureBytes("reading_list_two_boms.txt");
    const r = parseImportFile("reading_list_two_boms.txt", decodeImportBytes(bytes));
    expect(r.rows.map((x) => [x.line, x.title])).toEqual([
      [1, "Dune"],
      [2, "Emma"],
      [3, "Solaris"],
    ]);
  });

  it("decodes UTF-16 lists with a BOM (LE and BE) and without one", () => {
    const text = "Dune by Frank Herbert\r\nSolaris by Stanisław Lem\r\n";
    const le = new Uint8Array([0xff, 0xfe, ...utf16(text, "le")]);
    const be = new Uint8Array([0xfe, 0xff, ...utf16(text, "be")]);
    for (const bytes of [le, be, new Uint8Array(utf16(text, "le"))]) {
      const r = parseImportFile("list.txt", decodeImportBytes(bytes));
      expect(r.rows.map((x) => [x.line, x.title, x.author])).toEqual([
        [1, "Dune", "Frank Herbert"],
        [2, "Solaris", "Stanisław Lem"],
      ]);
    }
  });

  it("reads Windows-1252 bytes that are not UTF-8 instead of turning them into replacement characters", () => {
    const bytes = new Uint8Array([...Buffer.from("Rayuela by Julio Cort"), 0xe1, ...Buffer.from("zar\n")]);
    expect(parseImportFile("list.txt", decodeImportBytes(bytes)).rows[0].author).toBe("Julio Cortázar");
  });
});

describe("parseTxtLine: Markdown", () => {
  it.each([
    ["- [Dune](https://example.test/dune) by Frank Herbert", { title: "Dune", author: "Frank Herbert" }],
    ["**Dune** by *Frank Herbert*", { title: "Dune", author: "Frank Herbert" }],
    ["> Dune - Frank Herbert", { title: "Dune", author: "Frank Herbert" }],
    ["+ Dune", { title: "Dune", author: "" }],
    ["- [x] Dune by Frank Herbert", { title: "Dune", author: "Frank Herbert", status: "read" }],
    ["Dune by Frank Herbert https://example.test/dune", { title: "Dune", author: "Frank Herbert" }],
    ["Dune | Frank Herbert | 4/5", { title: "Dune", author: "Frank Herbert", rating: 4 }],
    ["snake_case_title", { title: "snake_case_title", author: "" }],
  ])("%j", (line, expected) => {
    expect(parseTxtLine(line)).toEqual(expected);
  });
});

function utf16(text: string, endian: "le" | "be"): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (endian === "le") out.push(code & 0xff, code >> 8);
    else out.push(code >> 8, code & 0xff);
  }
  return out;
}
