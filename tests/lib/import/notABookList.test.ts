/**
 * Random text is called out: 5 MiB of random 80-character lines was read as "more than 10,000
 * books", and random long lines became thousands of "Title is longer than 300 characters" rows.
 * When almost nothing in a file looks like a book list, the reader hears so in one sentence.
 */
import { describe, expect, test } from "vitest";
import { IMPORT_LIMITS, isImportFileError, parseImportFile } from "@/lib/import";
import { looksLikeBookText } from "@/lib/import/bookListCheck";
import { readFixture } from "./support";

/** A deterministic generator (mulberry32), so the "random" file is the same every run. */
function generator(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Lines of random printable ASCII (as `tr -dc '[:print:]' < /dev/urandom | fold -w 80` writes). */
function randomLines(bytes: number, width: number, seed = 7): string {
  const next = generator(seed);
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    let line = "";
    for (let i = 0; i < width; i++) line += String.fromCharCode(32 + Math.floor(next() * 95));
    lines.push(line);
    size += width + 1;
  }
  return lines.join("\n");
}

function errorOf(fileName: string, text: string) {
  try {
    parseImportFile(fileName, text);
  } catch (e) {
    if (isImportFileError(e)) return e;
    throw e;
  }
  throw new Error("expected an ImportFileError");
}

const SENTENCE =
  "Almost nothing in this file looks like a list of books (titles, authors or ISBNs), so Folio did not import it: check that you chose your library's export.";

describe("a file that is not a book list", () => {
  const fiveMiB = randomLines(IMPORT_LIMITS.maxBytes - 4096, 80);

  test.each(["random.txt", "random.md", "random.csv"])(
    "5 MiB of random 80-character lines (%s) is called out in one sentence",
    (name) => {
      const error = errorOf(name, fiveMiB);
      expect(error.kind).toBe("not-a-book-list");
      expect(error.message).toBe(SENTENCE);
      expect(error.message).not.toMatch(/10,000/);
    },
  );

  test("random long lines are not thousands of over-long titles", () => {
    expect(errorOf("long.txt", randomLines(400_000, 400)).kind).toBe("not-a-book-list");
  });
});

describe("real lists and exports still read", () => {
  test.each([
    "reading_list.txt",
    "reading_list.md",
    "reading_list_sections.txt",
    "reading_list_pipes.txt",
    "csv_headerless.csv",
    "csv_headerless_reading_log.csv",
    "csv_padded_cells.csv",
    "csv_semicolon.csv",
    "csv_rating_scale.csv",
  ])("%s", (name) => {
    expect(parseImportFile(name, readFixture(name)).rows.length).toBeGreaterThan(0);
  });

  test("a list of 30 ISBNs is a book list", () => {
    const isbns = Array.from({ length: 30 }, () => "9780441013593").join("\n");
    expect(() => parseImportFile("isbns.txt", isbns)).not.toThrow();
  });

  test("titles and names look like book text; codes and symbol runs do not", () => {
    expect(looksLikeBookText("The Left Hand of Darkness")).toBe(true);
    expect(looksLikeBookText("Ursula K. Le Guin")).toBe(true);
    expect(looksLikeBookText("百年の孤独")).toBe(true);
    expect(looksLikeBookText("C++ Primer (5th Edition)")).toBe(true);
    expect(looksLikeBookText("x8#Qz!b@9)w^lK2")).toBe(false);
    expect(looksLikeBookText("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")).toBe(false);
    expect(looksLikeBookText('{"id":42,"ok":true}')).toBe(false);
  });
});
