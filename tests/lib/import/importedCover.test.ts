/**
 * A Folio JSON export's cover provenance, read back: the reader's own chosen cover and a found cover
 * come back only when they pass the checks `chooseCover` makes (an allowlisted https candidate URL,
 * not a rejected cover); rejected covers come back; an uploaded cover cannot (its file stays in the
 * library it was uploaded to) and is said to be left out.
 */
import { describe, expect, test } from "vitest";
import { MAX_REJECTED_COVERS } from "@/lib/cover/coverKeys";
import { parseImportFile } from "@/lib/import";
import { readExportedCover, restorableCover } from "@/lib/import/importedCover";

const OL = (id: number) => `https://covers.openlibrary.org/b/id/${id}-L.jpg`;
const GOOGLE = "https://books.google.com/books/content?id=l3tSzQEACAAJ&printsec=frontcover&img=1&zoom=1&source=gbs_api";
const UPLOAD = "https://happy-otter-123.convex.cloud/api/storage/0b8e2b8c-5c55-4d1c-a0b2-4d3b6a2f9e11";

describe("restorableCover", () => {
  test("an allowlisted chosen cover, a found cover with the source its URL names, and the rejections", () => {
    expect(
      restorableCover({ own: OL(12), found: GOOGLE, foundSource: "open-library", rejected: ["ol:7", "gb:AAAABBBB"] }),
    ).toEqual({
      coverUrl: OL(12),
      apiCoverUrl: GOOGLE,
      apiSource: "google-books",
      rejectedCovers: ["ol:7", "gb:AAAABBBB"],
    });
  });

  test.each([
    ["an upload from another deployment", UPLOAD],
    ["plain http", "http://covers.openlibrary.org/b/id/12-L.jpg"],
    ["a host off the allowlist", "https://evil.example/b/id/12-L.jpg"],
    ["an ISBN-keyed Open Library URL", "https://covers.openlibrary.org/b/isbn/9780553418026-L.jpg"],
    ["not a URL", "javascript:alert(1)"],
  ])("refuses %s as either cover", (_name, url) => {
    expect(restorableCover({ own: url, found: url })).toEqual({});
  });

  test("never a rejected cover, own or found (invariant 8), in any of its URLs", () => {
    expect(restorableCover({ own: OL(12), found: OL(13), rejected: ["ol:12", "ol:13"] })).toEqual({
      rejectedCovers: ["ol:12", "ol:13"],
    });
    expect(restorableCover({ found: GOOGLE, rejected: ["gb:l3tSzQEACAAJ"] })).toEqual({ rejectedCovers: ["gb:l3tSzQEACAAJ"] });
  });

  test("rejections: only source keys, once each, at most the book's bound (the newest kept)", () => {
    const many = Array.from({ length: MAX_REJECTED_COVERS + 5 }, (_, i) => `ol:${i + 1}`);
    const restored = restorableCover({ rejected: ["nonsense", "ol:1", ...many, "url:" + "x".repeat(5000)] });
    expect(restored.rejectedCovers).toHaveLength(MAX_REJECTED_COVERS);
    expect(restored.rejectedCovers?.at(-1)).toBe(`ol:${MAX_REJECTED_COVERS + 5}`);
    expect(restored.rejectedCovers).not.toContain("nonsense");
  });
});

describe("readExportedCover", () => {
  test("keeps the strings it knows, leaves out an upload and says so", () => {
    expect(readExportedCover({ own: UPLOAD, ownUpload: true, found: OL(5), foundSource: "open-library", extra: 1 })).toEqual({
      cover: { found: OL(5), foundSource: "open-library" },
      uploadLeftOut: true,
    });
    expect(readExportedCover({ own: 42, rejected: ["ol:1", 7] })).toEqual({
      cover: { rejected: ["ol:1"] },
      uploadLeftOut: false,
    });
    expect(readExportedCover("nope")).toEqual({ uploadLeftOut: false });
  });
});

describe("parseImportFile on a Folio export with covers", () => {
  const file = (books: object[]) =>
    JSON.stringify({ format: "folio-library", version: 1, exportedAt: "2026-12-07T00:00:00.000Z", books });

  test("rows carry the cover provenance; an upload is left out with a notice; a refused address is a warning without the address", () => {
    const parsed = parseImportFile(
      "folio-library.json",
      file([
        { title: "Chosen", author: "A", status: "read", cover: { own: OL(12), rejected: ["ol:3"] } },
        { title: "Uploaded", author: "B", status: "read", cover: { own: UPLOAD, ownUpload: true } },
        { title: "Elsewhere", author: "C", status: "read", cover: { found: "https://evil.example/cover.jpg" } },
      ]),
    );
    expect(parsed.format).toBe("folio");
    expect(parsed.rows.map((r) => r.cover)).toEqual([
      { own: OL(12), rejected: ["ol:3"] },
      undefined,
      { found: "https://evil.example/cover.jpg" },
    ]);
    expect(parsed.notices.join(" ")).toMatch(/1 book had a cover you uploaded/);
    expect(parsed.warnings).toEqual([{ line: 3, reason: expect.stringMatching(/cover .*not restored/i) }]);
    expect(parsed.warnings[0].reason).not.toContain("evil.example");
  });
});
