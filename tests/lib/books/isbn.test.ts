import { describe, expect, test } from "vitest";
import {
  cleanIsbnInput,
  findIsbnInText,
  isbn10To13,
  isbn13To10,
  isValidIsbn10,
  isValidIsbn13,
  normalizeIsbn,
  parseIsbn,
} from "@/lib/books/isbn";

describe("cleanIsbnInput", () => {
  test('strips spaces, hyphens and Goodreads\' ="…" wrapping and upper-cases x', () => {
    expect(cleanIsbnInput(" 0-8044-2957-x ")).toBe("080442957X");
    expect(cleanIsbnInput('="0306406152"')).toBe("0306406152");
    expect(cleanIsbnInput("978 0 306 40615 7")).toBe("9780306406157");
  });
});

describe("checksums", () => {
  test("ISBN-10 accepts a correct check digit, including X, and rejects a wrong one", () => {
    expect(isValidIsbn10("0306406152")).toBe(true);
    expect(isValidIsbn10("080442957X")).toBe(true);
    expect(isValidIsbn10("0306406153")).toBe(false);
    expect(isValidIsbn10("0804429579")).toBe(false);
    expect(isValidIsbn10("X306406152")).toBe(false);
  });

  test("ISBN-13 accepts 978/979 with a correct check digit only", () => {
    expect(isValidIsbn13("9780306406157")).toBe(true);
    expect(isValidIsbn13("9791090636071")).toBe(true);
    expect(isValidIsbn13("9780306406158")).toBe(false);
    // Correct EAN-13 check digit but not in the ISBN ranges.
    expect(isValidIsbn13("4006381333931")).toBe(false);
  });
});

describe("conversions", () => {
  test("ISBN-10 -> ISBN-13 recomputes the check digit", () => {
    expect(isbn10To13("0306406152")).toBe("9780306406157");
    expect(isbn10To13("080442957X")).toBe("9780804429573");
  });

  test("ISBN-13 -> ISBN-10 only in the 978 range, with X check digits", () => {
    expect(isbn13To10("9780804429573")).toBe("080442957X");
    expect(isbn13To10("9780306406157")).toBe("0306406152");
    expect(isbn13To10("9791090636071")).toBeNull();
  });
});

describe("parseIsbn", () => {
  test.each([
    ["0-306-40615-2", "9780306406157"],
    ["0-8044-2957-X", "9780804429573"],
    ["080442957x", "9780804429573"],
    ["978-0-306-40615-7", "9780306406157"],
    ["979-10-90636-07-1", "9791090636071"],
    ['="0306406152"', "9780306406157"],
  ])("%s -> %s", (raw, isbn13) => {
    expect(parseIsbn(raw)).toEqual({ ok: true, isbn13 });
  });

  test("empty, null and blank input is 'empty'", () => {
    expect(parseIsbn(null)).toEqual({ ok: false, reason: "empty" });
    expect(parseIsbn(undefined)).toEqual({ ok: false, reason: "empty" });
    expect(parseIsbn(" - ")).toEqual({ ok: false, reason: "empty" });
  });

  test("wrong lengths and letters are 'invalid_format'", () => {
    expect(parseIsbn("12345")).toEqual({ ok: false, reason: "invalid_format" });
    expect(parseIsbn("97803064061570")).toEqual({ ok: false, reason: "invalid_format" });
    expect(parseIsbn("03064O6152")).toEqual({ ok: false, reason: "invalid_format" });
    // X is only valid as the last ISBN-10 digit.
    expect(parseIsbn("978030640615X")).toEqual({ ok: false, reason: "invalid_format" });
  });

  test("wrong check digits are 'invalid_checksum'", () => {
    expect(parseIsbn("0306406153")).toEqual({ ok: false, reason: "invalid_checksum" });
    expect(parseIsbn("9780306406158")).toEqual({ ok: false, reason: "invalid_checksum" });
    expect(parseIsbn("4006381333931")).toEqual({ ok: false, reason: "invalid_checksum" });
  });

  test("normalizeIsbn treats anything invalid as absent", () => {
    expect(normalizeIsbn("0306406152")).toBe("9780306406157");
    expect(normalizeIsbn("0306406153")).toBeUndefined();
    expect(normalizeIsbn("")).toBeUndefined();
  });
});

describe("findIsbnInText", () => {
  test("finds a labelled or bare ISBN inside a line", () => {
    expect(findIsbnInText("The Hobbit ISBN: 978-0-261-10221-7 paperback")).toEqual({
      isbn13: "9780261102217",
      match: "ISBN: 978-0-261-10221-7",
    });
    expect(findIsbnInText("Dune, 0441013597")?.isbn13).toBe("9780441013593");
  });

  test("skips digit runs whose checksum fails", () => {
    expect(findIsbnInText("order 0306406153 then 0306406152")?.isbn13).toBe("9780306406157");
    expect(findIsbnInText("call 555 1234 5678")).toBeUndefined();
  });
});
