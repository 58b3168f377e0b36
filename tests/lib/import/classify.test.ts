import { describe, expect, it } from "vitest";
import { dedupKeyFor } from "@/lib/books/text";
import { classifyRows, parseImportFile, type ImportRow } from "@/lib/import";
import { readFixture } from "./support";

const none = { isbns: new Set<string>(), dedupKeys: new Set<string>() };
const row = (line: number, title: string, author: string, isbn?: string): ImportRow => ({
  line,
  title,
  author,
  status: "want-to-read",
  ...(isbn ? { isbn } : {}),
});

describe("classifyRows", () => {
  it("marks rows new when nothing matches", () => {
    expect(classifyRows([row(2, "Dune", "Frank Herbert"), row(3, "Emma", "Jane Austen")], none)).toEqual([
      { line: 2, kind: "new" },
      { line: 3, kind: "new" },
    ]);
  });

  it("finds a book already in the library by ISBN-13, even with another title", () => {
    const existing = { isbns: new Set(["9780441013593"]), dedupKeys: new Set<string>() };
    expect(classifyRows([row(2, "Dune (40th anniversary)", "F. Herbert", "9780441013593")], existing)).toEqual([
      { line: 2, kind: "duplicate-existing" },
    ]);
  });

  it("finds a book already in the library by dedup key: series suffix, case, accents, Last, First", () => {
    const existing = {
      isbns: new Set<string>(),
      dedupKeys: new Set([dedupKeyFor("Dune", "Frank Herbert"), dedupKeyFor("Les Misérables", "Victor Hugo")]),
    };
    const rows = [
      row(2, "Dune (Dune, #1)", "Herbert, Frank"),
      row(3, "LES MISERABLES", "victor hugo"),
      row(4, "Dune Messiah (Dune, #2)", "Frank Herbert"),
    ];
    expect(classifyRows(rows, existing)).toEqual([
      { line: 2, kind: "duplicate-existing" },
      { line: 3, kind: "duplicate-existing" },
      { line: 4, kind: "new" },
    ]);
  });

  it("finds repeats of earlier rows by ISBN and by key, pointing at the first occurrence", () => {
    const rows = [
      row(2, "Dune", "Frank Herbert", "9780441013593"),
      row(3, "Dune: Deluxe Edition", "Frank Herbert", "9780441013593"),
      row(4, "dune", "FRANK HERBERT", "9780593099322"),
      row(5, "Emma", "Jane Austen"),
      row(9, "Emma", "Austen, Jane"),
    ];
    expect(classifyRows(rows, none)).toEqual([
      { line: 2, kind: "new" },
      { line: 3, kind: "duplicate-earlier", duplicateOfLine: 2 },
      { line: 4, kind: "duplicate-earlier", duplicateOfLine: 2 },
      { line: 5, kind: "new" },
      { line: 9, kind: "duplicate-earlier", duplicateOfLine: 5 },
    ]);
  });

  it("is transitive: a repeat's other ISBN leads back to the first occurrence", () => {
    const rows = [
      row(2, "Dune", "Frank Herbert", "9780441013593"),
      row(3, "Dune", "Frank Herbert", "9780593099322"), // same key as line 2
      row(4, "Dune (Hardcover)", "F. Herbert", "9780593099322"), // only shares line 3's ISBN
    ];
    expect(classifyRows(rows, none)).toEqual([
      { line: 2, kind: "new" },
      { line: 3, kind: "duplicate-earlier", duplicateOfLine: 2 },
      { line: 4, kind: "duplicate-earlier", duplicateOfLine: 2 },
    ]);
  });

  it("prefers the library over earlier rows and ISBN over key", () => {
    const existing = { isbns: new Set(["9780441013593"]), dedupKeys: new Set<string>() };
    const rows = [
      row(2, "Emma", "Jane Austen", "9780141439587"),
      row(3, "Dune", "Frank Herbert", "9780441013593"),
      row(4, "Dune", "Frank Herbert"), // same key as line 3, which is already in the library
      row(5, "Emma", "Jane Austen", "9780141439587"),
      row(6, "Persuasion", "Jane Austen", "9780141439587"), // ISBN of line 2 wins over its own new key
    ];
    expect(classifyRows(rows, existing)).toEqual([
      { line: 2, kind: "new" },
      { line: 3, kind: "duplicate-existing" },
      { line: 4, kind: "duplicate-existing" },
      { line: 5, kind: "duplicate-earlier", duplicateOfLine: 2 },
      { line: 6, kind: "duplicate-earlier", duplicateOfLine: 2 },
    ]);
  });

  it("classifies the Goodreads fixture: the second Dune edition repeats the first", () => {
    const { rows } = parseImportFile("goodreads_library_export.csv", readFixture("goodreads_library_export.csv"));
    const existing = {
      isbns: new Set(["9780439023481"]),
      dedupKeys: new Set([dedupKeyFor("Nineteen Eighty-Four", "George Orwell"), dedupKeyFor("1984", "Orwell, George")]),
    };
    const result = classifyRows(rows, existing);
    expect(result).toHaveLength(55);
    expect(result.filter((c) => c.kind !== "new")).toEqual([
      { line: 2, kind: "duplicate-existing" },
      { line: 24, kind: "duplicate-existing" },
      { line: 60, kind: "duplicate-earlier", duplicateOfLine: 6 },
    ]);
  });
});
