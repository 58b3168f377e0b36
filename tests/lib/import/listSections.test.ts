/**
 * Text and Markdown lists as readers keep them: decoration and "Updated …" lines are not books,
 * section labels set the status of the books under them, and links whose URLs hold balanced
 * parentheses keep their title.
 */
import { describe, expect, test } from "vitest";
import { parseImportFile, parseTxtLine } from "@/lib/import";
import { readFixture } from "./support";

describe("a text list with decorated sections and an update stamp", () => {
  const result = parseImportFile("reading.txt", readFixture("reading_list_sections.txt"));

  test("decoration and the update stamp are not books", () => {
    expect(result.rows.map((r) => r.title)).toEqual([
      "The Name of the Wind",
      "Piranesi",
      "Babel",
      "The Overstory",
      "Project Hail Mary",
      "Circe",
    ]);
    expect(result.errors).toEqual([]);
  });

  test("each section's label sets the status of the lines under it", () => {
    expect(result.rows.map((r) => r.status)).toEqual([
      "currently-reading",
      "currently-reading",
      "want-to-read",
      "want-to-read",
      "read",
      "read",
    ]);
  });
});

describe("a Markdown list with headings and Wikipedia links", () => {
  const result = parseImportFile("reading.md", readFixture("reading_list_sections.md"));

  test("links whose URLs hold balanced parentheses keep their title", () => {
    expect(result.rows.map((r) => r.title)).toEqual(["Dune", "The Dispossessed", "Frankenstein", "Emma (novel)", "Beloved"]);
    expect(result.rows[0].author).toBe("Frank Herbert");
  });

  test("a heading naming a status sets it; a task box wins; a heading naming none ends the section", () => {
    expect(result.rows.map((r) => r.status)).toEqual([
      "currently-reading",
      "currently-reading",
      "read",
      "want-to-read",
      "want-to-read",
    ]);
  });

  test("a single line with such a link", () => {
    expect(parseTxtLine("[Dune](https://en.wikipedia.org/wiki/Dune_(novel)) - Frank Herbert")).toMatchObject({
      title: "Dune",
      author: "Frank Herbert",
    });
  });
});
