import { describe, expect, test } from "vitest";
import { MAX_CHOSEN_COVER_URL_LENGTH, validateChosenCoverUrl } from "@/lib/cover/chosenCover";
import { normalizeGoogleThumbnail } from "@/lib/cover/coverUrl";
import volumesHobbit from "../../fixtures/googlebooks/volumes-hobbit.json";

describe("validateChosenCoverUrl", () => {
  test("accepts the two candidate shapes and names their source and key", () => {
    expect(validateChosenCoverUrl("https://covers.openlibrary.org/b/id/6796986-L.jpg")).toEqual({
      ok: true,
      url: "https://covers.openlibrary.org/b/id/6796986-L.jpg",
      source: "open-library",
      key: "ol:6796986",
    });
    const google = "https://books.google.com/books/content?id=l3tSzQEACAAJ&printsec=frontcover&img=1&zoom=1&source=gbs_api";
    expect(validateChosenCoverUrl(google)).toEqual({ ok: true, url: google, source: "google-books", key: "gb:l3tSzQEACAAJ" });
    expect(validateChosenCoverUrl("https://books.googleusercontent.com/books/content?id=l3tSzQEACAAJ&zoom=1")).toMatchObject({
      ok: true,
      key: "gb:l3tSzQEACAAJ",
    });
  });

  test("accepts every image the Google client would offer from a real answer", () => {
    for (const item of volumesHobbit.items) {
      const url = normalizeGoogleThumbnail(item.volumeInfo.imageLinks.thumbnail)!;
      expect(validateChosenCoverUrl(url)).toMatchObject({ ok: true, key: `gb:${item.id}` });
    }
  });

  test.each<[unknown, string]>([
    [42, "not_a_url"],
    ["", "not_a_url"],
    ["covers.openlibrary.org/b/id/1-L.jpg", "not_a_url"],
    [" https://covers.openlibrary.org/b/id/1-L.jpg", "not_a_url"],
    [`https://covers.openlibrary.org/b/id/1-L.jpg?${"x".repeat(MAX_CHOSEN_COVER_URL_LENGTH)}`, "not_a_url"],
    ["http://covers.openlibrary.org/b/id/1-L.jpg", "not_https"],
    ["javascript:alert(1)", "not_https"],
    ["data:image/png;base64,AAAA", "not_https"],
    ["https://evil.example/b/id/1-L.jpg", "host_not_allowed"],
    ["https://covers.openlibrary.org.evil.example/b/id/1-L.jpg", "host_not_allowed"],
    ["https://user:pw@covers.openlibrary.org/b/id/1-L.jpg", "host_not_allowed"],
    ["https://covers.openlibrary.org:8443/b/id/1-L.jpg", "host_not_allowed"],
    ["https://covers.openlibrary.org/b/isbn/9780140328721-L.jpg", "not_a_candidate"],
    ["https://covers.openlibrary.org/b/id/1-S.jpg", "not_a_candidate"],
    ["https://covers.openlibrary.org/b/id/0-L.jpg", "not_a_candidate"],
    ["https://covers.openlibrary.org/b/id/1-L.jpg?default=false", "not_a_candidate"],
    ["https://covers.openlibrary.org/b/id/1-L.jpg#x", "not_a_candidate"],
    ["https://books.google.com/books?id=l3tSzQEACAAJ", "not_a_candidate"],
    ["https://books.google.com/books/content?zoom=1", "not_a_candidate"],
    ["https://books.google.com/books/content?id=a%20b", "not_a_candidate"],
  ])("refuses %j (%s)", (url, reason) => {
    expect(validateChosenCoverUrl(url)).toEqual({ ok: false, reason });
  });
});
