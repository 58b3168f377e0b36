import { describe, expect, test } from "vitest";
import { coverImageOrigins, isAllowedCoverUrl, normalizeGoogleThumbnail } from "@/lib/cover/coverUrl";
import { coverSourceKey } from "@/lib/cover/coverKeys";
import { validateChosenCoverUrl } from "@/lib/cover/chosenCover";

describe("Google's regional image hosts", () => {
  test.each([
    "https://books.google.ro/books/content?id=OtN2DwAAQBAJ&printsec=frontcover&img=1&zoom=1",
    "https://books.google.co.uk/books/content?id=OtN2DwAAQBAJ&printsec=frontcover&img=1&zoom=1",
    "https://books.google.com.br/books/content?id=OtN2DwAAQBAJ&printsec=frontcover&img=1&zoom=1",
    "https://books.google.de/books/content?id=OtN2DwAAQBAJ&img=1",
  ])("%s is allowed, keyed by its volume id, and may be chosen", (url) => {
    expect(isAllowedCoverUrl(url)).toBe(true);
    expect(coverSourceKey(url)).toBe("gb:OtN2DwAAQBAJ");
    expect(validateChosenCoverUrl(url)).toMatchObject({ ok: true, source: "google-books", key: "gb:OtN2DwAAQBAJ" });
  });

  test.each([
    "https://books.google.ro/books/content?id=OtN2DwAAQBAJ&printsec=frontcover&img=1&zoom=1",
    "https://books.google.co.uk/books/content?id=OtN2DwAAQBAJ&printsec=frontcover&img=1&zoom=1",
    "https://books.google.com.br/books/content?id=OtN2DwAAQBAJ&img=1",
  ])("%s is stored on books.google.com, an origin the page's image policy allows", (url) => {
    const found = normalizeGoogleThumbnail(url);
    const chosen = validateChosenCoverUrl(url);
    expect(found).not.toBeNull();
    expect(chosen.ok).toBe(true);
    for (const stored of [found!, chosen.ok ? chosen.url : ""]) {
      const u = new URL(stored);
      expect(coverImageOrigins()).toContain(u.origin);
      expect(u.hostname).toBe("books.google.com");
      expect(u.searchParams.get("id")).toBe("OtN2DwAAQBAJ");
      expect(u.pathname).toBe("/books/content");
    }
  });

  test.each([
    "https://books.google.evil.example/books/content?id=OtN2DwAAQBAJ",
    "https://books.google.co.uk.evil.example/books/content?id=OtN2DwAAQBAJ",
    "https://x.books.google.ro/books/content?id=OtN2DwAAQBAJ",
    "https://books.google.toolong/books/content?id=OtN2DwAAQBAJ",
    "https://books-google.ro/books/content?id=OtN2DwAAQBAJ",
    "https://books.google.ro:8443/books/content?id=OtN2DwAAQBAJ",
    "http://books.google.ro/books/content?id=OtN2DwAAQBAJ",
    "https://google.ro/books/content?id=OtN2DwAAQBAJ",
  ])("%s stays refused", (url) => {
    expect(isAllowedCoverUrl(url)).toBe(false);
  });
});
