import { afterEach, describe, expect, test, vi } from "vitest";
import {
  ALLOWED_COVER_HOSTS,
  isAllowedCoverUrl,
  OFFLINE_COVER_ORIGIN_ENV,
  normalizeGoogleThumbnail,
  openLibraryCoverUrlById,
  parseOpenLibraryCoverId,
  parseWebUrl,
  pickGoogleImageLink,
  toOpenLibraryCoverIdUrl,
} from "@/lib/cover/coverUrl";

describe("parseWebUrl", () => {
  test("parses http and https URLs only, and never throws", () => {
    expect(parseWebUrl("https://covers.openlibrary.org/b/id/1-L.jpg")?.hostname).toBe("covers.openlibrary.org");
    expect(parseWebUrl("http://127.0.0.1:3210/books/content?id=x")?.port).toBe("3210");
    for (const bad of [
      "javascript:alert(1)",
      "data:image/png;base64,AAAA",
      "ftp://example.org/a.jpg",
      "not a url",
      "",
      42,
      null,
    ]) {
      expect(parseWebUrl(bad)).toBeNull();
    }
  });
});

describe("isAllowedCoverUrl", () => {
  test.each([
    "https://covers.openlibrary.org/b/id/8739161-L.jpg",
    "https://books.google.com/books/content?id=abc&printsec=frontcover&img=1&zoom=1&source=gbs_api",
    "https://books.googleusercontent.com/books/content?id=abc",
  ])("allows %s", (url) => {
    expect(isAllowedCoverUrl(url)).toBe(true);
  });

  test.each([
    ["http, not https", "http://covers.openlibrary.org/b/id/1-L.jpg"],
    ["another host", "https://example.com/cover.jpg"],
    ["a look-alike host", "https://covers.openlibrary.org.evil.example/b/id/1-L.jpg"],
    ["a subdomain of an allowed host", "https://x.books.google.com/a.jpg"],
    ["credentials", "https://user:pw@covers.openlibrary.org/b/id/1-L.jpg"],
    ["a port", "https://covers.openlibrary.org:8443/b/id/1-L.jpg"],
    ["javascript:", "javascript:alert(1)"],
    ["data:", "data:image/png;base64,AAAA"],
    ["not a URL", "covers.openlibrary.org/b/id/1-L.jpg"],
    ["empty", ""],
  ])("rejects %s", (_why, url) => {
    expect(isAllowedCoverUrl(url)).toBe(false);
  });
});

describe("the offline backend's cover origin", () => {
  const OFFLINE = "http://127.0.0.1:3210";
  afterEach(() => vi.unstubAllEnvs());

  test("a real deployment (variable unset) keeps the fixed allowlist", () => {
    vi.stubEnv(OFFLINE_COVER_ORIGIN_ENV, undefined);
    expect(ALLOWED_COVER_HOSTS).toEqual(["covers.openlibrary.org", "books.google.com", "books.googleusercontent.com"]);
    expect(isAllowedCoverUrl(`${OFFLINE}/covers/a.svg`)).toBe(false);
    expect(normalizeGoogleThumbnail(`${OFFLINE}/covers/a.svg`)).toBeNull();
  });

  test("only the offline backend's own origin is added, and its http links stay http", () => {
    vi.stubEnv(OFFLINE_COVER_ORIGIN_ENV, OFFLINE);
    expect(isAllowedCoverUrl(`${OFFLINE}/covers/a.svg`)).toBe(true);
    expect(normalizeGoogleThumbnail(`${OFFLINE}/covers/a.svg`)).toBe(`${OFFLINE}/covers/a.svg`);
    expect(isAllowedCoverUrl("http://127.0.0.1:3211/covers/a.svg")).toBe(false);
    expect(isAllowedCoverUrl("https://example.com/cover.jpg")).toBe(false);
    expect(isAllowedCoverUrl("http://u:p@127.0.0.1:3210/covers/a.svg")).toBe(false);
    // Other hosts are still upgraded to https.
    expect(normalizeGoogleThumbnail("http://books.google.com/books/content?id=x")).toBe(
      "https://books.google.com/books/content?id=x",
    );
  });

  test.each(["https://example.com", "http://10.0.0.5:3210", "http://127.0.0.1:3210/path", "not a url"])(
    "ignores a value that is not a plain loopback origin: %s",
    (value) => {
      vi.stubEnv(OFFLINE_COVER_ORIGIN_ENV, value);
      expect(isAllowedCoverUrl("https://example.com/cover.jpg")).toBe(false);
      expect(isAllowedCoverUrl("http://10.0.0.5:3210/covers/a.svg")).toBe(false);
      expect(isAllowedCoverUrl("http://127.0.0.1:3210/covers/a.svg")).toBe(false);
    },
  );
});

describe("Open Library cover ids", () => {
  test("builds the large https cover-id URL", () => {
    expect(openLibraryCoverUrlById(8739161)).toBe("https://covers.openlibrary.org/b/id/8739161-L.jpg");
    expect(openLibraryCoverUrlById("42")).toBe("https://covers.openlibrary.org/b/id/42-L.jpg");
  });

  test.each([-1, 0, 1.5, Number.NaN, "12a", "", "-3"])("rejects cover id %j", (id) => {
    expect(parseOpenLibraryCoverId(id)).toBeNull();
    expect(() => openLibraryCoverUrlById(id as number)).toThrow(RangeError);
  });

  test.each([
    ["https://covers.openlibrary.org/b/id/8739161-S.jpg", "https://covers.openlibrary.org/b/id/8739161-L.jpg"],
    ["https://covers.openlibrary.org/b/id/8739161-M.jpg", "https://covers.openlibrary.org/b/id/8739161-L.jpg"],
    ["http://covers.openlibrary.org/b/id/8739161-L.jpg", "https://covers.openlibrary.org/b/id/8739161-L.jpg"],
    ["https://covers.openlibrary.org/b/id/8739161.jpg", "https://covers.openlibrary.org/b/id/8739161-L.jpg"],
  ])("%s -> %s", (input, expected) => {
    expect(toOpenLibraryCoverIdUrl(input)).toBe(expected);
  });

  test.each([
    ["an ISBN-keyed URL", "https://covers.openlibrary.org/b/isbn/9780140328721-L.jpg"],
    ["an OLID-keyed URL", "https://covers.openlibrary.org/b/olid/OL7353617M-L.jpg"],
    ["another host", "https://archive.org/b/id/8739161-L.jpg"],
    ["cover id -1", "https://covers.openlibrary.org/b/id/-1-L.jpg"],
    ["not a string", 8739161],
    ["garbage", "::::"],
  ])("ignores %s", (_why, input) => {
    expect(toOpenLibraryCoverIdUrl(input)).toBeNull();
  });
});

describe("Google Books image links", () => {
  test("upgrades to https and drops the page-curl effect, keeping the other parameters", () => {
    const out = normalizeGoogleThumbnail(
      "http://books.google.com/books/content?id=OtN2DwAAQBAJ&printsec=frontcover&img=1&zoom=1&edge=curl&source=gbs_api",
    );
    expect(out).toBe("https://books.google.com/books/content?id=OtN2DwAAQBAJ&printsec=frontcover&img=1&zoom=1&source=gbs_api");
    expect(isAllowedCoverUrl(out!)).toBe(true);
  });

  test.each([
    "http://example.com/books/content?id=x",
    "https://books.google.com.evil.example/x",
    "ftp://books.google.com/x",
    "",
    42,
  ])("rejects %j", (input) => {
    expect(normalizeGoogleThumbnail(input)).toBeNull();
  });

  test("prefers the largest allowed image", () => {
    expect(
      pickGoogleImageLink({
        smallThumbnail: "http://books.google.com/books/content?id=a&zoom=5",
        thumbnail: "http://books.google.com/books/content?id=a&zoom=1",
        medium: "http://books.google.com/books/content?id=a&zoom=3",
      }),
    ).toBe("https://books.google.com/books/content?id=a&zoom=3");
    expect(
      pickGoogleImageLink({
        smallThumbnail: "http://books.google.com/books/content?id=a&zoom=5",
        thumbnail: "http://books.google.com/books/content?id=a&zoom=1",
      }),
    ).toBe("https://books.google.com/books/content?id=a&zoom=1");
  });

  test("skips links on other hosts and handles missing imageLinks", () => {
    expect(
      pickGoogleImageLink({
        thumbnail: "https://evil.example/x.jpg",
        smallThumbnail: "http://books.google.com/books/content?id=a&zoom=5",
      }),
    ).toBe("https://books.google.com/books/content?id=a&zoom=5");
    expect(pickGoogleImageLink(undefined)).toBeNull();
    expect(pickGoogleImageLink({})).toBeNull();
  });
});
