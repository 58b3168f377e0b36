/**
 * A UTF-8 export with a few stray bytes (a LibraryThing file had 62 of them in 5 cells) is read as
 * UTF-8: the stray bytes become "�" and the preview names their lines; only a file whose non-ASCII
 * bytes are mostly not UTF-8 is read as Windows-1252.
 */
import { describe, expect, test } from "vitest";
import { decodeImportBytes, detectEncoding, parseImportFile } from "@/lib/import";
import { readFixture } from "./support";

const encoder = new TextEncoder();

/** The UTF-8 bytes of `text` with `stray` (a Windows-1252 "ö", 0xF6) written in place of each "§". */
function withStrayBytes(text: string): Uint8Array {
  const parts = text.split("§").map((part) => encoder.encode(part));
  const out: number[] = [];
  parts.forEach((part, i) => {
    out.push(...part);
    if (i < parts.length - 1) out.push(0xf6);
  });
  return new Uint8Array(out);
}

describe("decoding a file that is almost all UTF-8", () => {
  // The fixture, plus twenty more books by authors with accented names, as a real library has.
  const csv = readFixture("librarything_rated_media.csv").trimEnd();
  const more = Array.from({ length: 20 }, (_, i) =>
    csv
      .split("\n")[1]
      .replace('"91001"', `"${92000 + i}"`)
      .replace("Big Data", `Big Data ${i + 2}`),
  );
  const lines = [...csv.split("\n"), ...more];
  // Two cells on lines 3 and 5 hold a byte an old tool wrote as Windows-1252.
  lines[2] = lines[2].replace("Warner Home Video", "Warner H§me Video");
  lines[4] = lines[4].replace("Ace (1976)", "Ace (19§76)");
  const bytes = withStrayBytes(lines.join("\n"));

  test("is read as UTF-8, so the valid names keep their letters", () => {
    expect(detectEncoding(bytes).encoding).toBe("utf-8");
    const text = decodeImportBytes(bytes);
    expect(text).toContain("Mayer-Schönberger");
    expect(text).not.toContain("SchÃ¶nberger");
    expect(text).toContain("Warner H\ufffdme Video");
  });

  test("the preview names the lines whose bytes were replaced, and every row still lands", () => {
    const result = parseImportFile("librarything.csv", decodeImportBytes(bytes));
    expect(result.notices[0]).toContain("replaced by “�” on lines 3, 5");
    expect(result.warnings.filter((w) => w.reason.includes("could not be read and show as"))).toEqual([
      { line: 3, reason: expect.any(String) },
      { line: 5, reason: expect.any(String) },
    ]);
    expect(result.rows.map((r) => r.title)).toContain("The Left Hand of Darkness");
  });

  test("a file whose non-ASCII bytes are all Windows-1252 is still read as Windows-1252", () => {
    const latin1 = new Uint8Array([...encoder.encode("Title,Author\nRayuela,Julio Cort"), 0xe1, ...encoder.encode("zar\n")]);
    expect(detectEncoding(latin1).encoding).toBe("windows-1252");
    expect(decodeImportBytes(latin1)).toContain("Cortázar");
  });
});
