import { describe, expect, test } from "vitest";
import {
  AUTHOR_MAX_LENGTH,
  BOOK_MESSAGES,
  TITLE_MAX_LENGTH,
  cleanText,
  validateAuthor,
  validateBookInput,
  validateBookPatch,
  validateIsbn,
  validateTitle,
} from "@/lib/books/validateBook";

describe("validateTitle", () => {
  test("trims and collapses white space", () => {
    expect(validateTitle("  The   Hobbit \n")).toEqual({ ok: true, value: "The Hobbit" });
    expect(cleanText("\ta\n\nb ")).toBe("a b");
  });

  test("is required", () => {
    expect(validateTitle("")).toEqual({ ok: false, error: { field: "title", message: BOOK_MESSAGES.titleRequired } });
    expect(validateTitle("   \n ")).toEqual({ ok: false, error: { field: "title", message: "Title is required" } });
  });

  test("is at most 300 characters after trimming, counting an emoji once", () => {
    expect(TITLE_MAX_LENGTH).toBe(300);
    expect(validateTitle("a".repeat(300)).ok).toBe(true);
    expect(validateTitle(`  ${"a".repeat(300)}  `).ok).toBe(true);
    expect(validateTitle("📚".repeat(300)).ok).toBe(true);
    expect(validateTitle("a".repeat(301))).toEqual({
      ok: false,
      error: { field: "title", message: "Title must be at most 300 characters" },
    });
  });
});

describe("validateAuthor", () => {
  test("may be empty and is stored as ''", () => {
    expect(validateAuthor("")).toEqual({ ok: true, value: "" });
    expect(validateAuthor("   ")).toEqual({ ok: true, value: "" });
  });

  test("is at most 200 characters", () => {
    expect(AUTHOR_MAX_LENGTH).toBe(200);
    expect(validateAuthor("b".repeat(200))).toEqual({ ok: true, value: "b".repeat(200) });
    expect(validateAuthor("b".repeat(201))).toEqual({
      ok: false,
      error: { field: "author", message: "Author must be at most 200 characters" },
    });
  });
});

describe("validateIsbn", () => {
  test("normalises ISBN-10 (with X) and hyphenated ISBN-13 to ISBN-13", () => {
    expect(validateIsbn("0-8044-2957-X")).toEqual({ ok: true, value: "9780804429573" });
    expect(validateIsbn("978-0-306-40615-7")).toEqual({ ok: true, value: "9780306406157" });
  });

  test("absent, null and blank mean no ISBN", () => {
    expect(validateIsbn(undefined)).toEqual({ ok: true, value: undefined });
    expect(validateIsbn(null)).toEqual({ ok: true, value: undefined });
    expect(validateIsbn("  ")).toEqual({ ok: true, value: undefined });
  });

  test("wrong length or characters", () => {
    for (const raw of ["12345", "97803064061571", "abcdefghij"]) {
      expect(validateIsbn(raw)).toEqual({ ok: false, error: { field: "isbn", message: "ISBN must be 10 or 13 digits" } });
    }
  });

  test("wrong check digit", () => {
    for (const raw of ["0306406153", "978-0-306-40615-8", "0804429579"]) {
      expect(validateIsbn(raw)).toEqual({ ok: false, error: { field: "isbn", message: "ISBN check digit is wrong" } });
    }
  });

  test("13 digits outside 978/979 get their own message", () => {
    expect(validateIsbn("4006381333931")).toEqual({
      ok: false,
      error: { field: "isbn", message: "ISBN-13 must start with 978 or 979" },
    });
  });

  test("messages never echo the input", () => {
    const r = validateIsbn("0306406153");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).not.toContain("0306406153");
  });
});

describe("validateBookInput", () => {
  test("returns cleaned fields", () => {
    expect(validateBookInput({ title: " Dune ", author: " Frank  Herbert ", isbn: "0441013597" })).toEqual({
      ok: true,
      value: { title: "Dune", author: "Frank Herbert", isbn: "9780441013593" },
    });
    expect(validateBookInput({ title: "Dune", author: "" })).toEqual({
      ok: true,
      value: { title: "Dune", author: "", isbn: undefined },
    });
  });

  test("reports the first failing field", () => {
    expect(validateBookInput({ title: "", author: "x".repeat(201), isbn: "1" })).toMatchObject({
      ok: false,
      error: { field: "title" },
    });
    expect(validateBookInput({ title: "Dune", author: "x".repeat(201), isbn: "1" })).toMatchObject({
      ok: false,
      error: { field: "author" },
    });
    expect(validateBookInput({ title: "Dune", author: "", isbn: "1" })).toMatchObject({
      ok: false,
      error: { field: "isbn" },
    });
  });
});

describe("validateBookPatch", () => {
  test("only validates and returns the fields present", () => {
    expect(validateBookPatch({})).toEqual({ ok: true, value: {} });
    expect(validateBookPatch({ author: " Le Guin " })).toEqual({ ok: true, value: { author: "Le Guin" } });
  });

  test("null or blank ISBN means clear", () => {
    expect(validateBookPatch({ isbn: null })).toEqual({ ok: true, value: { isbn: null } });
    expect(validateBookPatch({ isbn: "" })).toEqual({ ok: true, value: { isbn: null } });
    expect(validateBookPatch({ isbn: "080442957X" })).toEqual({ ok: true, value: { isbn: "9780804429573" } });
  });

  test("rejects a blank title in an edit", () => {
    expect(validateBookPatch({ title: " " })).toEqual({
      ok: false,
      error: { field: "title", message: "Title is required" },
    });
  });
});
