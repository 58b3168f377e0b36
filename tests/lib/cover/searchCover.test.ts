import { afterEach, describe, expect, test, vi } from "vitest";
import { isAllowedCoverUrl } from "@/lib/cover/coverUrl";
import { unlimited } from "@/lib/cover/rateLimiter";
import { searchCover, type SearchCoverDeps } from "@/lib/cover/searchCover";
import {
  coverSourceHandlers,
  failingEndpoint,
  type CatalogueBook,
  type CoverEndpoint,
  type CoverSourceRequest,
  type GoogleCatalogueVolume,
} from "../../msw/coverSources";
import { server } from "../../msw/server";
import { settleOnVirtualClock, useVirtualTimeouts } from "../../support/virtualClock";

afterEach(() => {
  vi.useRealTimers();
});

const FOX: CatalogueBook = { isbn13: "9780140328721", title: "Fantastic Mr. Fox", authors: ["Roald Dahl"], coverId: 8739161 };
const LEFT_HAND: CatalogueBook = {
  isbn13: "9780441478125",
  title: "The Left Hand of Darkness",
  authors: ["Ursula K. Le Guin"],
  coverId: null, // this edition has no cover ...
  workCoverId: 8232217, // ... but the work found by search has one
};
const WIND_GOOGLE: GoogleCatalogueVolume = {
  id: "OtN2DwAAQBAJ",
  isbn13: "9780756404741",
  title: "The Name of the Wind",
  subtitle: "The Kingkiller Chronicle: Book 1",
  authors: ["Patrick Rothfuss"],
};
const WIND_COVER = "https://books.google.com/books/content?id=OtN2DwAAQBAJ&printsec=frontcover&img=1&zoom=1&source=gbs_api";

/**
 * No pacing, and a timeout only a hang reaches: a source that answers is never cut short on a busy
 * machine. The tests of sources that never answer run their timeouts on a virtual clock.
 */
const fast: SearchCoverDeps = { openLibraryLimiter: unlimited, googleBooksLimiter: unlimited, timeoutMs: 60_000 };

function setup(options: { books?: CatalogueBook[]; googleBooks?: GoogleCatalogueVolume[]; looseSearch?: boolean } = {}) {
  const calls: CoverSourceRequest[] = [];
  const onRequest = (r: CoverSourceRequest) => calls.push(r);
  server.use(...coverSourceHandlers({ ...options, onRequest }));
  const endpoints = () => calls.map((c) => c.endpoint);
  const fail = (endpoint: CoverEndpoint, failure: Parameters<typeof failingEndpoint>[1]) =>
    server.use(failingEndpoint(endpoint, failure, onRequest));
  return { calls, endpoints, fail };
}

describe("searchCover: metadata", () => {
  test.each([
    [{}],
    [{ title: "Fantastic Mr. Fox" }],
    [{ author: "Roald Dahl" }],
    [{ title: "   ", author: "  " }],
    [{ title: "Fantastic Mr. Fox", isbn: "not-an-isbn" }],
    [{ isbn: "9780140328722" }], // bad checksum
  ])("%j -> no_metadata without any request", async (book) => {
    const { calls } = setup({ books: [FOX] });
    expect(await searchCover(book, fast)).toEqual({ reason: "no_metadata" });
    expect(calls).toHaveLength(0);
  });
});

describe("searchCover: Open Library", () => {
  test("ISBN hit: one Books API request with a single key, large cover-id URL", async () => {
    const { calls, endpoints } = setup({ books: [FOX] });
    const r = await searchCover({ title: "Fantastic Mr Fox", author: "Roald Dahl", isbn: "9780140328721" }, fast);
    expect(r).toEqual({ apiCoverUrl: "https://covers.openlibrary.org/b/id/8739161-L.jpg", apiSource: "open-library" });
    expect(endpoints()).toEqual(["openLibraryBooks"]);
    expect(calls[0].url.searchParams.get("bibkeys")).toBe("ISBN:9780140328721");
  });

  test("an ISBN-10 is looked up as its ISBN-13", async () => {
    const { calls } = setup({ books: [FOX] });
    const r = await searchCover({ isbn: "0-14-032872-6" }, fast);
    expect(r).toMatchObject({ apiSource: "open-library" });
    expect(calls[0].url.searchParams.get("bibkeys")).toBe("ISBN:9780140328721");
  });

  test("title + author hit when the ISBN's edition has no cover", async () => {
    const { endpoints } = setup({ books: [LEFT_HAND] });
    const r = await searchCover(
      { title: "The Left Hand of Darkness (Hainish Cycle, #4)", author: "Le Guin, Ursula K.", isbn: "9780441478125" },
      fast,
    );
    expect(r).toEqual({ apiCoverUrl: "https://covers.openlibrary.org/b/id/8232217-L.jpg", apiSource: "open-library" });
    expect(endpoints()).toEqual(["openLibraryBooks", "openLibrarySearch"]);
  });

  test("title + author without ISBN goes straight to search", async () => {
    const { endpoints } = setup({ books: [LEFT_HAND] });
    const r = await searchCover({ title: "The Left Hand of Darkness", author: "Ursula K. Le Guin" }, fast);
    expect(r).toMatchObject({ apiSource: "open-library" });
    expect(endpoints()).toEqual(["openLibrarySearch"]);
  });

  test("a same-title result by another author is rejected", async () => {
    setup({
      books: [{ title: "The Left Hand of Darkness", authors: ["SparkNotes"], coverId: 99 }],
      looseSearch: true,
    });
    expect(await searchCover({ title: "The Left Hand of Darkness", author: "Ursula K. Le Guin" }, fast)).toEqual({
      reason: "not_found",
    });
  });

  test("nothing anywhere -> not_found", async () => {
    const { endpoints } = setup({ books: [FOX] });
    expect(await searchCover({ title: "Unknown Book", author: "Nobody Known", isbn: "9780547928227" }, fast)).toEqual({
      reason: "not_found",
    });
    expect(endpoints()).toEqual(["openLibraryBooks", "openLibrarySearch"]);
  });
});

describe("searchCover: Google Books", () => {
  test("without a key no Google request is made, and that is not an error", async () => {
    const { endpoints } = setup({ googleBooks: [WIND_GOOGLE] });
    const r = await searchCover({ title: "The Name of the Wind", author: "Patrick Rothfuss", isbn: "9780756404741" }, fast);
    expect(r).toEqual({ reason: "not_found" });
    expect(endpoints()).not.toContain("googleVolumes");
    expect(endpoints()).toHaveLength(2);
  });

  test("an empty or blank key counts as no key", async () => {
    const { endpoints } = setup({ googleBooks: [WIND_GOOGLE] });
    await searchCover({ isbn: "9780756404741" }, { ...fast, googleApiKey: "  " });
    expect(endpoints()).toEqual(["openLibraryBooks"]);
  });

  test("with a key Google's ISBN lookup is used when Open Library has nothing", async () => {
    const { calls, endpoints } = setup({ googleBooks: [WIND_GOOGLE] });
    const r = await searchCover(
      { title: "The Name of the Wind", author: "Patrick Rothfuss", isbn: "9780756404741" },
      { ...fast, googleApiKey: "k-123" },
    );
    expect(r).toEqual({ apiCoverUrl: WIND_COVER, apiSource: "google-books" });
    expect(endpoints()).toEqual(["openLibraryBooks", "openLibrarySearch", "googleVolumes"]);
    const g = calls[2].url.searchParams;
    expect(g.get("q")).toBe("isbn:9780756404741");
    expect(g.get("key")).toBe("k-123");
  });

  test("with a key Google's title search is the last resort, and must match", async () => {
    const { endpoints } = setup({ googleBooks: [{ ...WIND_GOOGLE, isbn13: undefined }] });
    const r = await searchCover(
      { title: "The Name of the Wind (The Kingkiller Chronicle, #1)", author: "Rothfuss, Patrick" },
      { ...fast, googleApiKey: "k" },
    );
    expect(r).toEqual({ apiCoverUrl: WIND_COVER, apiSource: "google-books" });
    expect(endpoints()).toEqual(["openLibrarySearch", "googleVolumes"]);
    expect(isAllowedCoverUrl(WIND_COVER)).toBe(true);
  });

  test("Open Library wins when it has the cover: Google is not asked", async () => {
    const { endpoints } = setup({ books: [FOX], googleBooks: [{ isbn13: FOX.isbn13, title: FOX.title, authors: FOX.authors }] });
    const r = await searchCover({ isbn: FOX.isbn13 }, { ...fast, googleApiKey: "k" });
    expect(r).toMatchObject({ apiSource: "open-library" });
    expect(endpoints()).toEqual(["openLibraryBooks"]);
  });
});

describe("searchCover: failures", () => {
  const book = { title: "The Name of the Wind", author: "Patrick Rothfuss", isbn: "9780756404741" };

  test("HTTP 429 stops asking that source at once, with rate_limited and retryAfterMs", async () => {
    const { endpoints, fail } = setup({ googleBooks: [WIND_GOOGLE] });
    fail("openLibraryBooks", { kind: "rate_limited", retryAfter: "30" });
    expect(await searchCover(book, fast)).toEqual({
      reason: "rate_limited",
      retryAfterMs: 30_000,
      pausedSources: ["open-library"],
      allPaused: true,
    });
    expect(endpoints()).toEqual(["openLibraryBooks"]);
  });

  test("a 429 from Open Library skips it for this book while Google goes on (and finds the cover)", async () => {
    const { endpoints, fail } = setup({ googleBooks: [WIND_GOOGLE] });
    fail("openLibraryBooks", { kind: "rate_limited", retryAfter: "30" });
    expect(await searchCover(book, { ...fast, googleApiKey: "k" })).toMatchObject({ apiSource: "google-books" });
    expect(endpoints().filter((e) => e.startsWith("openLibrary"))).toEqual(["openLibraryBooks"]);
  });

  test("HTTP 503 from Google is rate_limited too: the book is deferred, not a failure, while Open Library was asked", async () => {
    const { fail } = setup({});
    fail("googleVolumes", { kind: "rate_limited", status: 503 });
    expect(await searchCover(book, { ...fast, googleApiKey: "k" })).toEqual({
      reason: "rate_limited",
      pausedSources: ["google-books"],
      allPaused: false,
    });
  });

  test("HTTP 500 -> upstream_error when nothing else finds a cover", async () => {
    const { endpoints, fail } = setup({});
    fail("openLibraryBooks", { kind: "status", status: 500 });
    expect(await searchCover(book, fast)).toEqual({ reason: "upstream_error" });
    expect(endpoints()).toEqual(["openLibraryBooks", "openLibrarySearch"]); // an error does not stop the next step
  });

  test("malformed JSON -> upstream_error", async () => {
    const { fail } = setup({});
    fail("openLibrarySearch", { kind: "malformed_json" });
    expect(await searchCover({ title: book.title, author: book.author }, fast)).toEqual({ reason: "upstream_error" });
  });

  test("a source that never answers -> timeout, and it is not asked again for this book", async () => {
    const { endpoints, fail } = setup({});
    fail("openLibraryBooks", { kind: "hang" });
    fail("openLibrarySearch", { kind: "hang" });
    useVirtualTimeouts();
    expect(await settleOnVirtualClock(searchCover(book, fast))).toEqual({ reason: "timeout" });
    expect(endpoints()).toEqual(["openLibraryBooks"]);
  });

  test("after an Open Library timeout Google is still tried", async () => {
    const { endpoints, fail } = setup({ googleBooks: [WIND_GOOGLE] });
    fail("openLibraryBooks", { kind: "hang" });
    useVirtualTimeouts();
    expect(await settleOnVirtualClock(searchCover(book, { ...fast, googleApiKey: "k" }))).toEqual({
      apiCoverUrl: WIND_COVER,
      apiSource: "google-books",
    });
    expect(endpoints()).toEqual(["openLibraryBooks", "googleVolumes"]);
  });

  test("the worst error wins: timeout over upstream_error", async () => {
    const { fail } = setup({});
    fail("openLibraryBooks", { kind: "status", status: 500 });
    fail("openLibrarySearch", { kind: "hang" });
    fail("googleVolumes", { kind: "status", status: 500 });
    useVirtualTimeouts();
    expect(await settleOnVirtualClock(searchCover(book, { ...fast, googleApiKey: "k" }))).toEqual({ reason: "timeout" });
  });

  test("an error on one step does not hide a cover found by a later step", async () => {
    const { fail } = setup({ books: [{ ...LEFT_HAND, isbn13: undefined }] });
    fail("openLibraryBooks", { kind: "status", status: 502 });
    const r = await searchCover({ title: LEFT_HAND.title, author: "Ursula K. Le Guin", isbn: "9780441478125" }, fast);
    expect(r).toMatchObject({ apiSource: "open-library" });
  });

  test("an aborted signal (the batch's time is up) ends the lookup as not_sent without requests", async () => {
    const { calls } = setup({ books: [FOX] });
    const controller = new AbortController();
    controller.abort();
    expect(await searchCover({ isbn: FOX.isbn13 }, { ...fast, signal: controller.signal })).toEqual({ reason: "not_sent" });
    expect(calls).toHaveLength(0);
  });
});

describe("searchCover: pacing and identification", () => {
  test("each request waits for its source's limiter", async () => {
    setup({ googleBooks: [WIND_GOOGLE] });
    const ol = { acquire: vi.fn(async () => {}) };
    const g = { acquire: vi.fn(async () => {}) };
    await searchCover(
      { title: "The Name of the Wind", author: "Patrick Rothfuss", isbn: "9780756404741" },
      { ...fast, openLibraryLimiter: ol, googleBooksLimiter: g, googleApiKey: "k" },
    );
    expect(ol.acquire).toHaveBeenCalledTimes(2);
    expect(g.acquire).toHaveBeenCalledTimes(1);
  });

  test("every request carries the identifying User-Agent with the contact", async () => {
    const { calls } = setup({ googleBooks: [WIND_GOOGLE] });
    await searchCover(
      { title: "The Name of the Wind", author: "Patrick Rothfuss", isbn: "9780756404741" },
      { ...fast, googleApiKey: "k", contact: "ops@example.org" },
    );
    expect(calls).toHaveLength(3);
    for (const c of calls) expect(c.headers.get("user-agent")).toMatch(/^Folio\/\S+ \(.+\) ops@example\.org$/);
  });
});
