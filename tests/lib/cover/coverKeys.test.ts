import { afterEach, describe, expect, test, vi } from "vitest";
import { validateChosenCoverUrl } from "@/lib/cover/chosenCover";
import {
  coverSourceKey,
  googleVolumeKey,
  isRejectedCover,
  rejectionKey,
  MAX_REJECTED_COVERS,
  openLibraryCoverKey,
  withRejectedKey,
} from "@/lib/cover/coverKeys";
import { normalizeGoogleThumbnail, OFFLINE_COVER_ORIGIN_ENV, openLibraryCoverUrlById } from "@/lib/cover/coverUrl";
import volumesHobbit from "../../fixtures/googlebooks/volumes-hobbit.json";

describe("coverSourceKey", () => {
  test.each([
    ["https://covers.openlibrary.org/b/id/524535-L.jpg", "ol:524535"],
    ["https://covers.openlibrary.org/b/id/524535-M.jpg", "ol:524535"],
    ["http://covers.openlibrary.org/b/id/524535-S.jpg", "ol:524535"],
    ["https://covers.openlibrary.org/b/id/524535.jpg", "ol:524535"],
    ["https://books.google.com/books/content?id=OtN2DwAAQBAJ&printsec=frontcover&img=1&zoom=1&source=gbs_api", "gb:OtN2DwAAQBAJ"],
    ["https://books.google.com/books/content?id=-V3ZDwAAQBAJ&zoom=5", "gb:-V3ZDwAAQBAJ"],
    ["https://books.googleusercontent.com/books/content?id=l3tSzQEACAAJ&zoom=1", "gb:l3tSzQEACAAJ"],
  ])("%s -> %s", (url, key) => {
    expect(coverSourceKey(url)).toBe(key);
  });

  test.each([
    "https://covers.openlibrary.org/b/isbn/9780140328721-L.jpg",
    "https://covers.openlibrary.org/b/olid/OL7353617M-L.jpg",
    "https://covers.openlibrary.org/b/id/0-L.jpg",
    "https://books.google.com/books/content?printsec=frontcover",
    "https://books.google.com/books?id=OtN2DwAAQBAJ",
    "https://books.google.com/books/content?id=has%20space",
    "https://example.com/books/content?id=OtN2DwAAQBAJ",
    "https://cover.convex.cloud/api/storage/abc",
    "ftp://covers.openlibrary.org/b/id/1-L.jpg",
    "not a url",
  ])("no key for %s", (url) => {
    expect(coverSourceKey(url)).toBeNull();
  });

  test("the key of every image the Google client stores from a real answer is its volume id", () => {
    for (const item of volumesHobbit.items) {
      const url = normalizeGoogleThumbnail(item.volumeInfo.imageLinks.thumbnail)!;
      expect(coverSourceKey(url)).toBe(`gb:${item.id}`);
    }
  });

  test("an Open Library cover URL built by the client keys back to its id", () => {
    expect(coverSourceKey(openLibraryCoverUrlById(8739161))).toBe(openLibraryCoverKey(8739161));
  });
});

describe("key builders and the rejected list", () => {
  test("openLibraryCoverKey / googleVolumeKey refuse malformed ids", () => {
    expect(openLibraryCoverKey(7)).toBe("ol:7");
    expect(openLibraryCoverKey("7")).toBe("ol:7");
    for (const bad of [0, -1, 1.5, "x", null, undefined]) expect(openLibraryCoverKey(bad)).toBeNull();
    expect(googleVolumeKey("OtN2DwAAQBAJ")).toBe("gb:OtN2DwAAQBAJ");
    for (const bad of ["", "a b", "x/y", 42, undefined]) expect(googleVolumeKey(bad)).toBeNull();
  });

  test("isRejectedCover compares keys, whatever size or parameters the URL has", () => {
    const rejected = ["ol:524535", "gb:OtN2DwAAQBAJ"];
    expect(isRejectedCover("https://covers.openlibrary.org/b/id/524535-M.jpg", rejected)).toBe(true);
    expect(isRejectedCover("https://books.google.com/books/content?id=OtN2DwAAQBAJ&zoom=5", rejected)).toBe(true);
    expect(isRejectedCover("https://covers.openlibrary.org/b/id/524536-L.jpg", rejected)).toBe(false);
    expect(isRejectedCover("https://covers.openlibrary.org/b/id/524535-L.jpg", undefined)).toBe(false);
  });

  test("a cover URL without a source key is rejected by its exact URL: rejectionKey falls back to url:<url>", () => {
    const byIsbn = "https://covers.openlibrary.org/b/isbn/9780441478125-L.jpg";
    expect(coverSourceKey(byIsbn)).toBeNull();
    expect(rejectionKey(byIsbn)).toBe(`url:${byIsbn}`);
    expect(rejectionKey("https://covers.openlibrary.org/b/id/524535-M.jpg")).toBe("ol:524535");
    expect(isRejectedCover(byIsbn, [rejectionKey(byIsbn)])).toBe(true);
    expect(isRejectedCover("https://covers.openlibrary.org/b/isbn/9780441478126-L.jpg", [rejectionKey(byIsbn)])).toBe(false);
  });

  test("withRejectedKey appends once, moves a repeat to the end and keeps the newest MAX_REJECTED_COVERS", () => {
    expect(withRejectedKey(undefined, "ol:1")).toEqual(["ol:1"]);
    expect(withRejectedKey(["ol:1", "gb:x1234"], "ol:1")).toEqual(["gb:x1234", "ol:1"]);
    const full = Array.from({ length: MAX_REJECTED_COVERS }, (_, i) => `ol:${i + 1}`);
    const next = withRejectedKey(full, "ol:999");
    expect(next).toHaveLength(MAX_REJECTED_COVERS);
    expect(next[0]).toBe("ol:2");
    expect(next.at(-1)).toBe("ol:999");
    expect(full).toHaveLength(MAX_REJECTED_COVERS); // not mutated
  });
});

describe("the offline backend's stand-in Google images", () => {
  const OFFLINE = "http://127.0.0.1:3210";
  afterEach(() => vi.unstubAllEnvs());

  test("carry their volume's key only in the offline backend's process", () => {
    vi.stubEnv(OFFLINE_COVER_ORIGIN_ENV, undefined);
    expect(coverSourceKey(`${OFFLINE}/books/content?id=abc123XY&img=1`)).toBeNull();
    vi.stubEnv(OFFLINE_COVER_ORIGIN_ENV, OFFLINE);
    expect(coverSourceKey(`${OFFLINE}/books/content?id=abc123XY&img=1`)).toBe("gb:abc123XY");
    expect(coverSourceKey("http://127.0.0.1:3211/books/content?id=abc123XY")).toBeNull();
  });

  test("can be chosen there over http, and nowhere else", () => {
    vi.stubEnv(OFFLINE_COVER_ORIGIN_ENV, OFFLINE);
    expect(validateChosenCoverUrl(`${OFFLINE}/books/content?id=abc123XY&img=1`)).toMatchObject({ ok: true, key: "gb:abc123XY" });
    expect(validateChosenCoverUrl("http://127.0.0.1:3211/books/content?id=abc123XY")).toEqual({ ok: false, reason: "not_https" });
    vi.stubEnv(OFFLINE_COVER_ORIGIN_ENV, undefined);
    expect(validateChosenCoverUrl(`${OFFLINE}/books/content?id=abc123XY&img=1`)).toEqual({ ok: false, reason: "not_https" });
  });
});
