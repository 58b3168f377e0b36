import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { internal } from "../../convex/_generated/api";
import { isAllowedCoverUrl } from "../../lib/cover/coverUrl";
import { unlimited } from "../../lib/cover/rateLimiter";
import { setLookupPacer } from "../../convex/model/sourcePacing";
import {
  coverSourceHandlers,
  failingEndpoint,
  type CatalogueBook,
  type CoverEndpoint,
  type CoverSourceRequest,
  type EndpointFailure,
  type GoogleCatalogueVolume,
} from "../msw/coverSources";
import { server } from "../msw/server";
import { newBackend } from "../support/users";

const FOX: CatalogueBook = { isbn13: "9780140328721", title: "Fantastic Mr. Fox", authors: ["Roald Dahl"], coverId: 8739161 };
const LEFT_HAND: CatalogueBook = {
  isbn13: "9780441478125",
  title: "The Left Hand of Darkness",
  authors: ["Ursula K. Le Guin"],
  workCoverId: 8232217,
};
const WIND_GOOGLE: GoogleCatalogueVolume = {
  id: "OtN2DwAAQBAJ",
  isbn13: "9780756404741",
  title: "The Name of the Wind",
  authors: ["Patrick Rothfuss"],
};

const ENV_KEYS = ["GOOGLE_BOOKS_API_KEY", "COVER_LOOKUP_CONTACT", "SITE_URL"] as const;
let savedEnv: Partial<Record<(typeof ENV_KEYS)[number], string | undefined>>;
let restorePacer: () => void;

beforeEach(() => {
  savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  for (const k of ENV_KEYS) delete process.env[k];
  // The deployment-wide pacing has its own tests (fetchMissingCovers.test.ts); here it would only add waiting.
  restorePacer = setLookupPacer(unlimited);
});

afterEach(() => {
  restorePacer();
  for (const k of ENV_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
  vi.useRealTimers();
});

function sources(options: { books?: CatalogueBook[]; googleBooks?: GoogleCatalogueVolume[]; looseSearch?: boolean } = {}) {
  const calls: CoverSourceRequest[] = [];
  const onRequest = (r: CoverSourceRequest) => calls.push(r);
  server.use(...coverSourceHandlers({ ...options, onRequest }));
  return {
    calls,
    endpoints: () => calls.map((c) => c.endpoint),
    fail: (endpoint: CoverEndpoint, failure: EndpointFailure) => server.use(failingEndpoint(endpoint, failure, onRequest)),
  };
}

describe("internal.actions.coverFetch.search", () => {
  test("ISBN hit -> https cover-id URL from Open Library", async () => {
    const { endpoints } = sources({ books: [FOX] });
    const t = newBackend();
    const r = await t.action(internal.actions.coverFetch.search, { isbn: "9780140328721" });
    expect(r).toEqual({ apiCoverUrl: "https://covers.openlibrary.org/b/id/8739161-L.jpg", apiSource: "open-library" });
    expect(endpoints()).toEqual(["openLibraryIsbnSearch"]);
  });

  test("an edition without a cover gets its work's from the same ISBN request", async () => {
    const { endpoints } = sources({ books: [LEFT_HAND] });
    const t = newBackend();
    const r = await t.action(internal.actions.coverFetch.search, {
      isbn: LEFT_HAND.isbn13,
      title: LEFT_HAND.title,
      author: "Ursula K. Le Guin",
    });
    expect(r).toEqual({ apiCoverUrl: "https://covers.openlibrary.org/b/id/8232217-L.jpg", apiSource: "open-library" });
    expect(endpoints()).toEqual(["openLibraryIsbnSearch"]);
  });

  test("an ISBN answer that is another book is not taken: the title search finds the row's book", async () => {
    const eclipse: CatalogueBook = { isbn13: "9780316160209", title: "Eclipse", authors: ["Stephenie Meyer"], coverId: 111 };
    const newMoon: CatalogueBook = { title: "New Moon", authors: ["Stephenie Meyer"], coverId: 222 };
    const { endpoints } = sources({ books: [eclipse, newMoon] });
    const t = newBackend();
    const r = await t.action(internal.actions.coverFetch.search, {
      isbn: eclipse.isbn13,
      title: "New Moon (Twilight, #2)",
      author: "Stephenie Meyer",
    });
    expect(r).toEqual({ apiCoverUrl: "https://covers.openlibrary.org/b/id/222-L.jpg", apiSource: "open-library" });
    expect(endpoints()).toEqual(["openLibraryIsbnSearch", "openLibrarySearch"]);
  });

  test("title + author hit", async () => {
    sources({ books: [LEFT_HAND] });
    const t = newBackend();
    const r = await t.action(internal.actions.coverFetch.search, {
      title: "The Left Hand of Darkness (Hainish Cycle, #4)",
      author: "Le Guin, Ursula K.",
    });
    expect(r).toEqual({ apiCoverUrl: "https://covers.openlibrary.org/b/id/8232217-L.jpg", apiSource: "open-library" });
    expect("apiCoverUrl" in r && isAllowedCoverUrl(r.apiCoverUrl)).toBe(true);
  });

  test("a same-title result by another author is rejected", async () => {
    sources({ books: [{ title: "The Left Hand of Darkness", authors: ["SparkNotes"], coverId: 99 }], looseSearch: true });
    const t = newBackend();
    const r = await t.action(internal.actions.coverFetch.search, {
      title: "The Left Hand of Darkness",
      author: "Ursula K. Le Guin",
    });
    expect(r).toEqual({ reason: "not_found" });
  });

  test("no results -> not_found; no metadata -> no_metadata", async () => {
    sources({ books: [FOX] });
    const t = newBackend();
    expect(await t.action(internal.actions.coverFetch.search, { title: "Unheard Of", author: "No Body" })).toEqual({
      reason: "not_found",
    });
    expect(await t.action(internal.actions.coverFetch.search, { title: "Only A Title" })).toEqual({ reason: "no_metadata" });
  });

  test("HTTP 500 -> upstream_error", async () => {
    const { fail } = sources({});
    fail("openLibraryIsbnSearch", { kind: "status", status: 500 });
    const t = newBackend();
    expect(await t.action(internal.actions.coverFetch.search, { isbn: "9780140328721" })).toEqual({ reason: "upstream_error" });
  });

  test("malformed JSON -> upstream_error", async () => {
    const { fail } = sources({});
    fail("openLibrarySearch", { kind: "malformed_json" });
    const t = newBackend();
    expect(await t.action(internal.actions.coverFetch.search, { title: "Dune", author: "Frank Herbert" })).toEqual({
      reason: "upstream_error",
    });
  });

  test("HTTP 429 -> rate_limited with retryAfterMs, and no further requests", async () => {
    const { fail, endpoints } = sources({ books: [FOX] });
    fail("openLibraryIsbnSearch", { kind: "rate_limited", retryAfter: "42" });
    const t = newBackend();
    const r = await t.action(internal.actions.coverFetch.search, {
      isbn: "9780140328721",
      title: "Fantastic Mr. Fox",
      author: "Roald Dahl",
    });
    expect(r).toMatchObject({ reason: "rate_limited", pausedSources: ["open-library"], allPaused: true });
    expect("retryAfterMs" in r && r.retryAfterMs).toBeGreaterThan(41_000);
    expect(endpoints()).toEqual(["openLibraryIsbnSearch"]);
  });

  test("a source that never answers -> timeout, each request sent once more after 2 s (virtual clock)", async () => {
    const { fail, endpoints } = sources({});
    fail("openLibraryIsbnSearch", { kind: "hang" });
    const t = newBackend();
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    let settled = false;
    const pending = t.action(internal.actions.coverFetch.search, { isbn: "9780140328721" }).finally(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(4000);
    expect(settled).toBe(false);
    expect(endpoints()).toEqual(["openLibraryIsbnSearch", "openLibraryIsbnSearch"]);
    await vi.advanceTimersByTimeAsync(4000);
    await expect(pending).resolves.toEqual({ reason: "timeout" });
    // The Books API, the next stage, does not know the ISBN either; the timeout is the lookup's end.
    expect(endpoints()).toEqual(["openLibraryIsbnSearch", "openLibraryIsbnSearch", "openLibraryBooks"]);
  });

  test("without GOOGLE_BOOKS_API_KEY no Google request is made", async () => {
    const { endpoints } = sources({ googleBooks: [WIND_GOOGLE] });
    const t = newBackend();
    const r = await t.action(internal.actions.coverFetch.search, {
      title: "The Name of the Wind",
      author: "Patrick Rothfuss",
      isbn: "9780756404741",
    });
    expect(r).toEqual({ reason: "not_found" });
    expect(endpoints()).toEqual(["openLibraryIsbnSearch", "openLibraryBooks", "openLibrarySearch"]);
  });

  test("with GOOGLE_BOOKS_API_KEY Google is used when Open Library has nothing", async () => {
    process.env.GOOGLE_BOOKS_API_KEY = "test-key-123";
    process.env.COVER_LOOKUP_CONTACT = "ops@example.org";
    const { calls, endpoints } = sources({ googleBooks: [WIND_GOOGLE] });
    const t = newBackend();
    const r = await t.action(internal.actions.coverFetch.search, {
      title: "The Name of the Wind",
      author: "Patrick Rothfuss",
      isbn: "9780756404741",
    });
    expect(r).toEqual({
      apiCoverUrl: "https://books.google.com/books/content?id=OtN2DwAAQBAJ&printsec=frontcover&img=1&zoom=1&source=gbs_api",
      apiSource: "google-books",
    });
    expect("apiCoverUrl" in r && isAllowedCoverUrl(r.apiCoverUrl)).toBe(true);
    expect(endpoints()).toEqual(["openLibraryIsbnSearch", "openLibraryBooks", "openLibrarySearch", "googleVolumes"]);
    expect(calls[3].url.searchParams.get("key")).toBe("test-key-123");
    for (const c of calls) expect(c.headers.get("user-agent")).toContain("ops@example.org");
  });

  test("without COVER_LOOKUP_CONTACT the User-Agent names the deployment's SITE_URL as its contact", async () => {
    process.env.SITE_URL = "https://folio.example.org";
    const { calls } = sources({ books: [FOX] });
    const t = newBackend();
    await t.action(internal.actions.coverFetch.search, { isbn: FOX.isbn13, title: FOX.title, author: FOX.authors[0] });
    expect(calls.length).toBeGreaterThan(0);
    for (const c of calls) expect(c.headers.get("user-agent")).toContain("https://folio.example.org");
    process.env.COVER_LOOKUP_CONTACT = "ops@example.org";
    await t.action(internal.actions.coverFetch.search, { title: FOX.title, author: FOX.authors[0] });
    const last = calls.at(-1)!;
    expect(last.headers.get("user-agent")).toContain("ops@example.org");
    expect(last.headers.get("user-agent")).not.toContain("folio.example.org");
  });

  test("no title, author or ISBN appears in any log output", async () => {
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation(() => {}),
    );
    process.env.GOOGLE_BOOKS_API_KEY = "k";
    const { fail } = sources({ books: [FOX], googleBooks: [WIND_GOOGLE] });
    const t = newBackend();
    const cases = [
      { isbn: "9780140328721" },
      { title: "Zanzibar Quokka Chronicle", author: "Wilhelmina Vortigern", isbn: "9780547928227" },
    ];
    for (const args of cases) await t.action(internal.actions.coverFetch.search, args);
    fail("openLibraryBooks", { kind: "status", status: 500 });
    fail("openLibrarySearch", { kind: "malformed_json" });
    fail("googleVolumes", { kind: "rate_limited", retryAfter: "1" });
    for (const args of cases) await t.action(internal.actions.coverFetch.search, args);

    const logged = spies.flatMap((s) =>
      s.mock.calls.map((c) => c.map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join(" ")),
    );
    const text = logged.join("\n");
    for (const secret of [
      "9780140328721",
      "0140328726",
      "9780547928227",
      "Zanzibar",
      "Quokka",
      "Wilhelmina",
      "Vortigern",
      "Fantastic",
      "Dahl",
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
