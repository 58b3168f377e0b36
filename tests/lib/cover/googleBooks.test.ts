import { describe, expect, test } from "vitest";
import { isAllowedCoverUrl } from "@/lib/cover/coverUrl";
import { lookupGoogleCoverByIsbn, searchGoogleCover } from "@/lib/cover/googleBooks";
import volumesIsbnFixture from "../../fixtures/googlebooks/volumes-isbn.json";
import volumesSearchFixture from "../../fixtures/googlebooks/volumes-search.json";
import { coverSourceHandlers, failingEndpoint, jsonEndpoint, type CoverSourceRequest } from "../../msw/coverSources";
import { server } from "../../msw/server";

const KEY = "test-google-key";
const rothfuss = { title: "The Name of the Wind (The Kingkiller Chronicle, #1)", author: "Patrick Rothfuss" };
const ROTHFUSS_COVER = "https://books.google.com/books/content?id=OtN2DwAAQBAJ&printsec=frontcover&img=1&zoom=1&source=gbs_api";

function recorder() {
  const calls: CoverSourceRequest[] = [];
  return { calls, onRequest: (r: CoverSourceRequest) => calls.push(r) };
}

describe("lookupGoogleCoverByIsbn", () => {
  test("returns the normalised https thumbnail of the volume listing the ISBN, and sends the key", async () => {
    const { calls, onRequest } = recorder();
    server.use(jsonEndpoint("googleVolumes", volumesIsbnFixture, onRequest));
    const r = await lookupGoogleCoverByIsbn("0756404746", { apiKey: KEY });
    expect(r).toEqual({ status: "found", url: ROTHFUSS_COVER });
    expect(isAllowedCoverUrl(ROTHFUSS_COVER)).toBe(true);
    expect(calls[0].url.searchParams.get("q")).toBe("isbn:9780756404741");
    expect(calls[0].url.searchParams.get("key")).toBe(KEY);
  });

  test("a volume that lists other ISBNs is not accepted", async () => {
    server.use(jsonEndpoint("googleVolumes", volumesIsbnFixture));
    expect(await lookupGoogleCoverByIsbn("9780140328721", { apiKey: KEY })).toEqual({ status: "not_found" });
  });

  test("a volume without identifiers counts only when title and author match", async () => {
    server.use(
      ...coverSourceHandlers({
        googleBooks: [{ isbn13: "9780140328721", title: "Fantastic Mr. Fox", authors: ["Roald Dahl"] }],
      }),
    );
    // Found by ISBN through the catalogue fake (it lists the ISBN).
    expect((await lookupGoogleCoverByIsbn("9780140328721", { apiKey: KEY })).status).toBe("found");

    const noIds = {
      kind: "books#volumes",
      totalItems: 1,
      items: [
        {
          volumeInfo: {
            title: "Fantastic Mr Fox",
            authors: ["Roald Dahl"],
            imageLinks: { thumbnail: "http://books.google.com/books/content?id=z&zoom=1" },
          },
        },
      ],
    };
    server.use(jsonEndpoint("googleVolumes", noIds));
    const fox = { title: "Fantastic Mr. Fox", author: "Roald Dahl" };
    expect(await lookupGoogleCoverByIsbn("9780140328721", { apiKey: KEY }, fox)).toEqual({
      status: "found",
      url: "https://books.google.com/books/content?id=z&zoom=1",
    });
    expect(await lookupGoogleCoverByIsbn("9780140328721", { apiKey: KEY }, { title: "Matilda", author: "Roald Dahl" })).toEqual({
      status: "not_found",
    });
    expect(await lookupGoogleCoverByIsbn("9780140328721", { apiKey: KEY })).toEqual({ status: "not_found" });
  });

  test("volumes without imageLinks, and empty results, are not_found", async () => {
    server.use(
      ...coverSourceHandlers({
        googleBooks: [{ isbn13: "9780140328721", title: "Fantastic Mr. Fox", authors: ["Roald Dahl"], thumbnail: null }],
      }),
    );
    expect(await lookupGoogleCoverByIsbn("9780140328721", { apiKey: KEY })).toEqual({ status: "not_found" });
    expect(await lookupGoogleCoverByIsbn("9780441478125", { apiKey: KEY })).toEqual({ status: "not_found" });
  });

  test("an image on a host outside the allowlist is not returned", async () => {
    server.use(
      ...coverSourceHandlers({
        googleBooks: [
          {
            isbn13: "9780140328721",
            title: "Fantastic Mr. Fox",
            authors: ["Roald Dahl"],
            thumbnail: "http://images.example.com/fox.jpg",
          },
        ],
      }),
    );
    expect(await lookupGoogleCoverByIsbn("9780140328721", { apiKey: KEY })).toEqual({ status: "not_found" });
  });
});

describe("searchGoogleCover", () => {
  test("picks the volume whose title and author match, skipping study guides and namesakes", async () => {
    const { calls, onRequest } = recorder();
    server.use(jsonEndpoint("googleVolumes", volumesSearchFixture, onRequest));
    expect(await searchGoogleCover(rothfuss, { apiKey: KEY })).toEqual({ status: "found", url: ROTHFUSS_COVER });
    expect(calls[0].url.searchParams.get("q")).toBe('intitle:"The Name of the Wind" inauthor:"Patrick Rothfuss"');
    // On the wire the space is a "+", as Google documents.
    expect(calls[0].url.search).toContain("q=intitle%3A%22The+Name+of+the+Wind%22+inauthor%3A%22Patrick+Rothfuss%22");
  });

  test("same title by another author only -> not_found", async () => {
    server.use(jsonEndpoint("googleVolumes", volumesSearchFixture));
    expect(await searchGoogleCover({ title: "The Name of the Wind", author: "Jane Doe" }, { apiKey: KEY })).toEqual({
      status: "not_found",
    });
  });

  test("quotes inside the title do not break the query", async () => {
    const { calls, onRequest } = recorder();
    server.use(...coverSourceHandlers({ onRequest }));
    await searchGoogleCover({ title: 'The "Real" Story', author: "A. Writer" }, { apiKey: KEY });
    expect(calls[0].url.searchParams.get("q")).toBe('intitle:"The Real Story" inauthor:"A. Writer"');
  });

  test.each([
    [{ kind: "rate_limited", retryAfter: "60" } as const, { status: "error", reason: "rate_limited", retryAfterMs: 60_000 }],
    [{ kind: "status", status: 403 } as const, { status: "error", reason: "rate_limited", retryAfterMs: 3_600_000 }],
    [{ kind: "malformed_json" } as const, { status: "error", reason: "upstream_error" }],
  ])("endpoint failure %j -> %j", async (failure, expected) => {
    server.use(failingEndpoint("googleVolumes", failure));
    expect(await searchGoogleCover(rothfuss, { apiKey: KEY })).toEqual(expected);
  });

  test("items that are not a list is upstream_error", async () => {
    server.use(jsonEndpoint("googleVolumes", { kind: "books#volumes", totalItems: 1, items: "nope" }));
    expect(await searchGoogleCover(rothfuss, { apiKey: KEY })).toEqual({ status: "error", reason: "upstream_error" });
  });
});
