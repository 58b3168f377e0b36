/**
 * "Dune" with a word joiner, soft hyphen or zero-width joiner inside looked like "Dune" and became a
 * second book; a title holding U+202E was stored as is and displayed reversed.
 */
import { describe, expect, test } from "vitest";
import { cleanText as cleanTypedText } from "@/lib/books/validateBook";
import { dedupKeyFor } from "@/lib/books/text";
import { classifyRows, EMPTY_LIBRARY, parseImportFile } from "@/lib/import";

describe("invisible and format characters are folded out of the duplicate key", () => {
  test.each([
    ["word joiner U+2060", "Du\u2060ne"],
    ["soft hyphen U+00AD", "Du\u00adne"],
    ["zero-width joiner U+200D", "Du\u200dne"],
    ["zero-width non-joiner U+200C", "Du\u200cne"],
    ["left-to-right mark U+200E", "\u200eDune"],
    ["variation selector U+FE0F", "Dune\ufe0f"],
  ])("%s", (_name, title) => {
    expect(dedupKeyFor(title, "Frank Her\u00adbert")).toBe(dedupKeyFor("Dune", "Frank Herbert"));
  });

  test("a file repeating a title with an invisible character inside has one book, the second row its duplicate", () => {
    const result = parseImportFile("list.txt", "Dune by Frank Herbert\nDu\u2060ne by Frank Herbert\n");
    expect(classifyRows(result.rows, EMPTY_LIBRARY).map((c) => c.kind)).toEqual(["new", "duplicate-earlier"]);
  });

  test("visible differences still make two books", () => {
    expect(dedupKeyFor("Dune", "Frank Herbert")).not.toBe(dedupKeyFor("Dune Messiah", "Frank Herbert"));
  });
});

describe("bidirectional overrides are stripped from stored text", () => {
  test("the import parsers drop U+202E and friends from titles and authors", () => {
    const result = parseImportFile("list.csv", "Title,Author\n\u202eenuD,\u2066Frank Herbert\u2069\n");
    expect(result.rows[0]).toMatchObject({ title: "enuD", author: "Frank Herbert" });
  });

  test("the server's cleaning of typed titles drops them too", () => {
    expect(cleanTypedText("\u202eDune\u202c")).toBe("Dune");
  });
});
