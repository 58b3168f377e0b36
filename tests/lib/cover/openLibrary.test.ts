import { http, HttpResponse } from "msw";
import { describe, expect, test, vi } from "vitest";
import { isbn10To13 } from "@/lib/books/isbn";
import {
  coverFromBooksApiRecord,
  lookupOpenLibraryCoverByIsbn,
  lookupOpenLibraryCoversByIsbn,
  OPEN_LIBRARY_ISBN_BATCH_SIZE,
  searchOpenLibraryCover,
} from "@/lib/cover/openLibrary";
import booksApiFixture from "../../fixtures/openlibrary/books-api-isbn.json";
import searchEmptyFixture from "../../fixtures/openlibrary/search-empty.json";
import searchHitFixture from "../../fixtures/openlibrary/search-hit.json";
import {
  COVER_ENDPOINTS,
  coverSourceHandlers,
  failingEndpoint,
  jsonEndpoint,
  type CatalogueBook,
  type CoverSourceRequest,
} from "../../msw/coverSources";
import { server } from "../../msw/server";

/** n distinct, checksum-valid ISBN-13s. */
function isbns(n: number, offset = 0): string[] {
  // isbn10To13 only reads the first 9 digits and computes the ISBN-13 check digit.
  return Array.from({ length: n }, (_, i) => isbn10To13(`${100_000_000 + offset + i}0`));
}

function recorder() {
  const calls: CoverSourceRequest[] = [];
  return { calls, onRequest: (r: CoverSourceRequest) => calls.push(r) };
}

describe("lookupOpenLibraryCoversByIsbn (Books API)", () => {
  test("reads cover-id URLs from the captured jscmd=data response, null when the record has no cover", async () => {
    const { calls, onRequest } = recorder();
    server.use(jsonEndpoint("openLibraryBooks", booksApiFixture, onRequest));
    const { covers, error } = await lookupOpenLibraryCoversByIsbn(["9780140328721", "9780441478125", "9780547928227"]);
    expect(error).toBeUndefined();
    expect(covers).toEqual(
      new Map([
        ["9780140328721", "https://covers.openlibrary.org/b/id/8739161-L.jpg"],
        ["9780441478125", null], // edition without cover
        ["9780547928227", null], // unknown to Open Library
      ]),
    );
    expect(calls).toHaveLength(1);
    const params = calls[0].url.searchParams;
    expect(params.get("bibkeys")).toBe("ISBN:9780140328721,ISBN:9780441478125,ISBN:9780547928227");
    expect(params.get("format")).toBe("json");
    expect(params.get("jscmd")).toBe("data");
  });

  test("resolves many ISBNs in requests of at most 50, mapping every one", async () => {
    const list = isbns(120);
    const books: CatalogueBook[] = list.map((isbn13, i) => ({
      isbn13,
      title: `Book ${i}`,
      authors: ["A. Writer"],
      coverId: i % 3 === 0 ? null : 10_000 + i,
    }));
    const { calls, onRequest } = recorder();
    server.use(...coverSourceHandlers({ books, onRequest }));
    const { covers, error } = await lookupOpenLibraryCoversByIsbn(list);
    expect(error).toBeUndefined();
    expect(OPEN_LIBRARY_ISBN_BATCH_SIZE).toBe(50);
    expect(calls.map((c) => c.url.searchParams.get("bibkeys")!.split(",").length)).toEqual([50, 50, 20]);
    expect(covers.size).toBe(120);
    list.forEach((isbn, i) => {
      expect(covers.get(isbn)).toBe(i % 3 === 0 ? null : `https://covers.openlibrary.org/b/id/${10_000 + i}-L.jpg`);
    });
  });

  test("keys results by the caller's input: ISBN-10, hyphens and duplicates; invalid ISBNs are null without a request", async () => {
    const { calls, onRequest } = recorder();
    server.use(
      ...coverSourceHandlers({
        books: [{ isbn13: "9780140328721", title: "Fantastic Mr. Fox", authors: ["Roald Dahl"], coverId: 8739161 }],
        onRequest,
      }),
    );
    const inputs = ["0140328726", "978-0-14-032872-1", "9780140328721", "not an isbn", "9780140328722"];
    const { covers } = await lookupOpenLibraryCoversByIsbn(inputs);
    const url = "https://covers.openlibrary.org/b/id/8739161-L.jpg";
    expect(covers.get("0140328726")).toBe(url);
    expect(covers.get("978-0-14-032872-1")).toBe(url);
    expect(covers.get("9780140328721")).toBe(url);
    expect(covers.get("not an isbn")).toBeNull();
    expect(covers.get("9780140328722")).toBeNull(); // bad checksum
    expect(calls).toHaveLength(1);
    expect(calls[0].url.searchParams.get("bibkeys")).toBe("ISBN:9780140328721");

    calls.length = 0;
    expect((await lookupOpenLibraryCoversByIsbn(["junk"])).covers.get("junk")).toBeNull();
    expect(calls).toHaveLength(0);
  });

  test("accepts only cover-id URLs: ISBN-keyed cover URLs are ignored", async () => {
    server.use(
      jsonEndpoint("openLibraryBooks", {
        "ISBN:9780140328721": {
          key: "/books/OL1M",
          title: "x",
          cover: {
            small: "https://covers.openlibrary.org/b/isbn/9780140328721-S.jpg",
            medium: "https://covers.openlibrary.org/b/isbn/9780140328721-M.jpg",
            large: "https://covers.openlibrary.org/b/isbn/9780140328721-L.jpg",
          },
        },
        "ISBN:9780441478125": {
          key: "/books/OL2M",
          title: "y",
          cover: { small: "http://covers.openlibrary.org/b/id/77-S.jpg" },
        },
      }),
    );
    const { covers } = await lookupOpenLibraryCoversByIsbn(["9780140328721", "9780441478125"]);
    expect(covers.get("9780140328721")).toBeNull();
    expect(covers.get("9780441478125")).toBe("https://covers.openlibrary.org/b/id/77-L.jpg");
  });

  test("coverFromBooksApiRecord survives odd records", () => {
    expect(coverFromBooksApiRecord(undefined)).toBeNull();
    expect(coverFromBooksApiRecord({ cover: "x" })).toBeNull();
    expect(coverFromBooksApiRecord({ cover: { large: 5 } })).toBeNull();
  });

  test("a rate-limited chunk stops the remaining chunks and is reported with retryAfterMs", async () => {
    const list = isbns(120, 500);
    let n = 0;
    server.use(
      http.get(COVER_ENDPOINTS.openLibraryBooks, () => {
        n++;
        return n === 2 ? new HttpResponse(null, { status: 429, headers: { "Retry-After": "12" } }) : HttpResponse.json({});
      }),
    );
    const { covers, error } = await lookupOpenLibraryCoversByIsbn(list);
    expect(error).toEqual({ reason: "rate_limited", retryAfterMs: 12_000 });
    expect(n).toBe(2);
    expect(covers.size).toBe(50); // only the first chunk's answers are known
    expect([...covers.values()].every((v) => v === null)).toBe(true);
    expect(covers.has(list[50])).toBe(false);
  });

  test("a failed chunk leaves its ISBNs out; other chunks still resolve", async () => {
    const list = isbns(60, 900);
    let n = 0;
    server.use(
      http.get(COVER_ENDPOINTS.openLibraryBooks, () => {
        n++;
        return n === 1 ? HttpResponse.json({}, { status: 500 }) : HttpResponse.json({});
      }),
    );
    const { covers, error } = await lookupOpenLibraryCoversByIsbn(list);
    expect(error).toEqual({ reason: "upstream_error" });
    expect(n).toBe(2);
    expect(covers.size).toBe(10);
    expect(covers.has(list[0])).toBe(false);
    expect(covers.get(list[59])).toBeNull();
  });

  test("non-object JSON is upstream_error", async () => {
    server.use(jsonEndpoint("openLibraryBooks", ["unexpected"]));
    const { covers, error } = await lookupOpenLibraryCoversByIsbn(["9780140328721"]);
    expect(error).toEqual({ reason: "upstream_error" });
    expect(covers.size).toBe(0);
  });

  test("acquires the limiter once per request", async () => {
    server.use(...coverSourceHandlers({}));
    const limiter = { acquire: vi.fn(async () => {}) };
    await lookupOpenLibraryCoversByIsbn(isbns(51, 2000), { limiter });
    expect(limiter.acquire).toHaveBeenCalledTimes(2);
  });

  test("lookupOpenLibraryCoverByIsbn: one ISBN -> found / not_found / error", async () => {
    server.use(jsonEndpoint("openLibraryBooks", booksApiFixture));
    expect(await lookupOpenLibraryCoverByIsbn("9780140328721")).toEqual({
      status: "found",
      url: "https://covers.openlibrary.org/b/id/8739161-L.jpg",
    });
    expect(await lookupOpenLibraryCoverByIsbn("9780441478125")).toEqual({ status: "not_found" });
    server.use(failingEndpoint("openLibraryBooks", { kind: "malformed_json" }));
    expect(await lookupOpenLibraryCoverByIsbn("9780140328721")).toEqual({ status: "error", reason: "upstream_error" });
  });
});

describe("searchOpenLibraryCover (search.json)", () => {
  const leGuin = { title: "The Left Hand of Darkness (Hainish Cycle, #4)", author: "Le Guin, Ursula K." };

  test("accepts the matching doc from the captured response and builds a cover-id URL", async () => {
    const { calls, onRequest } = recorder();
    server.use(jsonEndpoint("openLibrarySearch", searchHitFixture, onRequest));
    expect(await searchOpenLibraryCover(leGuin)).toEqual({
      status: "found",
      url: "https://covers.openlibrary.org/b/id/8232217-L.jpg",
    });
    const params = calls[0].url.searchParams;
    expect(params.get("title")).toBe("The Left Hand of Darkness"); // series suffix dropped for the query
    expect(params.get("author")).toBe("Ursula K. Le Guin");
    expect(params.get("fields")!.split(",")).toEqual(
      expect.arrayContaining(["key", "title", "author_name", "cover_i", "edition_count"]),
    );
    expect(params.get("limit")).toBe("10");
  });

  test("a same-title result by another author is rejected", async () => {
    server.use(jsonEndpoint("openLibrarySearch", searchHitFixture));
    // The only doc by "SparkNotes" has no cover; the Le Guin doc does not match this author.
    expect(await searchOpenLibraryCover({ title: "The Left Hand of Darkness", author: "Harold Bloom" })).toEqual({
      status: "not_found",
    });
    expect(await searchOpenLibraryCover({ title: "The Left Hand of Darkness", author: "Someone Else" })).toEqual({
      status: "not_found",
    });
  });

  test("skips docs without a usable cover_i and prefers the exact title", async () => {
    server.use(
      jsonEndpoint("openLibrarySearch", {
        ...searchEmptyFixture,
        numFound: 4,
        docs: [
          { key: "/works/OL1W", title: "Sapiens", author_name: ["Yuval Noah Harari"], cover_i: -1 },
          { key: "/works/OL2W", title: "Sapiens", author_name: ["Yuval Noah Harari"] },
          { key: "/works/OL3W", title: "Sapiens", author_name: ["Yuval Noah Harari"], cover_i: 111 },
          {
            key: "/works/OL4W",
            title: "Sapiens: A Brief History of Humankind",
            author_name: ["Yuval Noah Harari"],
            cover_i: 222,
          },
        ],
      }),
    );
    expect(await searchOpenLibraryCover({ title: "Sapiens: A Brief History of Humankind", author: "Yuval Noah Harari" })).toEqual(
      { status: "found", url: "https://covers.openlibrary.org/b/id/222-L.jpg" },
    );
  });

  test("no docs -> not_found", async () => {
    server.use(jsonEndpoint("openLibrarySearch", searchEmptyFixture));
    expect(await searchOpenLibraryCover(leGuin)).toEqual({ status: "not_found" });
  });

  test.each([
    [{ kind: "status", status: 500 } as const, { status: "error", reason: "upstream_error" }],
    [{ kind: "malformed_json" } as const, { status: "error", reason: "upstream_error" }],
    [{ kind: "rate_limited", retryAfter: "3" } as const, { status: "error", reason: "rate_limited", retryAfterMs: 3000 }],
  ])("endpoint failure %j -> %j", async (failure, expected) => {
    server.use(failingEndpoint("openLibrarySearch", failure));
    expect(await searchOpenLibraryCover(leGuin)).toEqual(expected);
  });

  test("JSON without docs is upstream_error", async () => {
    server.use(jsonEndpoint("openLibrarySearch", { error: "oops" }));
    expect(await searchOpenLibraryCover(leGuin)).toEqual({ status: "error", reason: "upstream_error" });
  });

  test("the catalogue fake answers in the same shape as the captured fixture", async () => {
    const { calls, onRequest } = recorder();
    server.use(
      ...coverSourceHandlers({
        books: [{ isbn13: "9780441478125", title: "The Left Hand of Darkness", authors: ["Ursula K. Le Guin"], coverId: 5 }],
        onRequest,
      }),
    );
    const res = await fetch(
      `${COVER_ENDPOINTS.openLibrarySearch}?title=left+hand&author=le+guin&fields=key,title,author_name,cover_i,edition_count`,
    );
    const body = (await res.json()) as typeof searchHitFixture;
    expect(Object.keys(body).sort()).toEqual(Object.keys(searchHitFixture).sort());
    expect(Object.keys(body.docs[0]).sort()).toEqual(Object.keys(searchHitFixture.docs[0]).sort());
    expect(calls).toHaveLength(1);
  });
});
