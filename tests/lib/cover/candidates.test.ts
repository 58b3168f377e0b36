import { describe, expect, test, vi } from "vitest";
import { gatherCoverCandidates, MAX_COVER_CANDIDATES, type CoverCandidate } from "@/lib/cover/candidates";
import { validateChosenCoverUrl } from "@/lib/cover/chosenCover";
import { unlimited } from "@/lib/cover/rateLimiter";
import editionSabriel from "../../fixtures/openlibrary/edition-sabriel.json";
import editionsSabriel from "../../fixtures/openlibrary/editions-sabriel.json";
import workSabriel from "../../fixtures/openlibrary/work-sabriel.json";
import {
  failingEndpoint,
  googleVolume,
  jsonEndpoint,
  searchBody,
  searchDoc,
  volumesBody,
  type CoverEndpoint,
  type CoverSourceRequest,
} from "../../msw/coverSources";
import { server } from "../../msw/server";

const fast = { limiter: () => unlimited, env: {}, timeoutMs: 60_000 };
const withGoogleKey = { env: { GOOGLE_BOOKS_API_KEY: "k" } };
const ISBN = "0064471837"; // the 1996 Harper Trophy edition of Sabriel (edition-sabriel.json)
const ISBN13 = "9780064471831";
const ol = (id: number) => `https://covers.openlibrary.org/b/id/${id}-L.jpg`;
const keys = (cs: CoverCandidate[]) => cs.map((c) => c.key);

/** The work's covers, then its editions' (real answers), in their order, duplicates once. */
const WORK_AND_EDITIONS = [6796986, 3843137, 5014078, 10070, 10069, 6419775, 2309591, 589207, 24365].map((id) => `ol:${id}`);

function serve(bodies: Partial<Record<CoverEndpoint, unknown>>) {
  const calls: CoverSourceRequest[] = [];
  for (const [endpoint, body] of Object.entries(bodies)) {
    server.use(jsonEndpoint(endpoint as CoverEndpoint, body, (r) => calls.push(r)));
  }
  return calls;
}

const sabrielDoc = (coverId: number, index: number, authors = ["Garth Nix"]) => ({
  ...searchDoc({ title: "Sabriel", authors, coverId }, index),
  key: index === 0 ? "/works/OL15832982W" : `/works/OL${9000 + index}W`,
});

describe("gatherCoverCandidates: Open Library", () => {
  test("by ISBN: the edition's work, its covers and its editions' covers, in three requests", async () => {
    const calls = serve({ openLibraryIsbn: editionSabriel, openLibraryWork: workSabriel, openLibraryEditions: editionsSabriel });
    const { candidates, error } = await gatherCoverCandidates({ isbn: ISBN }, fast);
    expect(error).toBeUndefined();
    expect(keys(candidates)).toEqual(WORK_AND_EDITIONS);
    expect(calls.map((c) => c.url.pathname)).toEqual([
      `/isbn/${ISBN13}.json`,
      "/works/OL15832982W.json",
      "/works/OL15832982W/editions.json",
    ]);
    expect(candidates[0]).toEqual({ url: ol(6796986), source: "open-library", key: "ol:6796986", label: "Open Library · work" });
    expect(candidates.find((c) => c.key === "ol:5014078")?.label).toBe("Open Library · 1999 edition (School & Library Binding)");
    expect(candidates.find((c) => c.key === "ol:10070")?.label).toBe("Open Library · 2002 edition");
  });

  test("by title and author: the best search result first, then the work, its editions, the other matching results", async () => {
    const docs = [sabrielDoc(6796986, 0), sabrielDoc(777, 1), sabrielDoc(888, 2, ["Someone Else"])];
    const calls = serve({
      openLibrarySearch: searchBody(docs),
      openLibraryWork: workSabriel,
      openLibraryEditions: editionsSabriel,
    });
    const { candidates } = await gatherCoverCandidates(
      { title: "Sabriel (Abhorsen, #1)", author: "Nix, Garth", isbn: ISBN },
      fast,
    );
    expect(keys(candidates)).toEqual([...WORK_AND_EDITIONS, "ol:777"]);
    expect(candidates[0].label).toBe("Open Library · search result");
    expect(candidates.at(-1)?.label).toBe("Open Library · search result");
    expect(calls.map((c) => c.endpoint)).toEqual(["openLibrarySearch", "openLibraryWork", "openLibraryEditions"]);
  });

  test("rejected covers are left out, wherever they appear", async () => {
    serve({ openLibraryIsbn: editionSabriel, openLibraryWork: workSabriel, openLibraryEditions: editionsSabriel });
    const rejected = ["ol:6796986", "ol:10069"];
    const { candidates } = await gatherCoverCandidates({ isbn: ISBN, rejected }, fast);
    expect(keys(candidates)).toEqual(WORK_AND_EDITIONS.filter((k) => !rejected.includes(k)));
  });

  test("labels carry no book data, every URL passes the chooseCover validator", async () => {
    serve({ openLibraryIsbn: editionSabriel, openLibraryWork: workSabriel, openLibraryEditions: editionsSabriel });
    const { candidates } = await gatherCoverCandidates({ isbn: ISBN }, fast);
    for (const c of candidates) {
      expect(c.label).toMatch(/^Open Library · (work|search result|(\d{4} )?edition( \([^)]*\))?)$/);
      expect(c.label).not.toMatch(/sabriel|nix/i);
      expect(validateChosenCoverUrl(c.url)).toEqual({ ok: true, url: c.url, source: c.source, key: c.key });
    }
  });

  test("an ISBN Open Library does not know (404) gives no candidates and no error", async () => {
    server.use(failingEndpoint("openLibraryIsbn", { kind: "status", status: 404 }));
    expect(await gatherCoverCandidates({ isbn: ISBN }, fast)).toEqual({ candidates: [] });
  });

  test("a failed editions request keeps what was found and reports the error", async () => {
    serve({ openLibraryIsbn: editionSabriel, openLibraryWork: workSabriel });
    server.use(failingEndpoint("openLibraryEditions", { kind: "status", status: 500 }));
    const r = await gatherCoverCandidates({ isbn: ISBN }, fast);
    expect(keys(r.candidates)).toEqual(["ol:6796986", "ol:3843137"]);
    expect(r.error).toEqual({ reason: "upstream_error" });
  });

  test("a rate-limited answer stops Open Library at once", async () => {
    const calls: CoverSourceRequest[] = [];
    server.use(failingEndpoint("openLibraryIsbn", { kind: "rate_limited", retryAfter: "30" }, (r) => calls.push(r)));
    server.use(jsonEndpoint("openLibraryWork", workSabriel, (r) => calls.push(r)));
    const r = await gatherCoverCandidates({ isbn: ISBN }, fast);
    expect(r).toEqual({ candidates: [], error: { reason: "rate_limited", retryAfterMs: 30_000 } });
    expect(calls).toHaveLength(1);
  });

  test("no ISBN and no title + author: no candidates, no request", async () => {
    const calls = serve({ openLibrarySearch: searchBody([]) });
    expect(await gatherCoverCandidates({ title: "Sabriel" }, fast)).toEqual({ candidates: [] });
    expect(calls).toHaveLength(0);
  });

  test("every request waits for the source's limiter", async () => {
    serve({ openLibraryIsbn: editionSabriel, openLibraryWork: workSabriel, openLibraryEditions: editionsSabriel });
    serve({ googleVolumes: volumesBody([]) });
    const openLibraryLimiter = { acquire: vi.fn(async () => {}) };
    const googleBooksLimiter = { acquire: vi.fn(async () => {}) };
    const limiter = (source: string) => (source === "open-library" ? openLibraryLimiter : googleBooksLimiter);
    await gatherCoverCandidates({ isbn: ISBN }, { ...fast, ...withGoogleKey, limiter });
    expect(openLibraryLimiter.acquire).toHaveBeenCalledTimes(3);
    expect(googleBooksLimiter.acquire).toHaveBeenCalledTimes(1);
  });
});

describe("gatherCoverCandidates: Google Books", () => {
  const volumes = (n: number) =>
    volumesBody(
      Array.from({ length: n }, (_, i) =>
        googleVolume({ id: `sabriel${i}AAAA`, isbn13: ISBN13, title: "Sabriel", authors: ["Garth Nix"] }, i),
      ),
    );

  test("with a key: one request by ISBN, volumes listing it after Open Library's, capped at 12 in all", async () => {
    const calls = serve({
      openLibraryIsbn: editionSabriel,
      openLibraryWork: workSabriel,
      openLibraryEditions: editionsSabriel,
      googleVolumes: volumes(5),
    });
    const { candidates } = await gatherCoverCandidates({ isbn: ISBN }, { ...fast, ...withGoogleKey });
    expect(candidates).toHaveLength(MAX_COVER_CANDIDATES);
    expect(keys(candidates)).toEqual([...WORK_AND_EDITIONS, "gb:sabriel0AAAA", "gb:sabriel1AAAA", "gb:sabriel2AAAA"]);
    expect(candidates[9]).toMatchObject({ source: "google-books", label: "Google Books · 2001" });
    expect(candidates[9].url).toMatch(/^https:\/\/books\.google\.com\/books\/content\?id=sabriel0AAAA/);
    const google = calls.filter((c) => c.endpoint === "googleVolumes");
    expect(google).toHaveLength(1);
    expect(google[0].url.searchParams.get("q")).toBe(`isbn:${ISBN13}`);
  });

  test("without a key Google is never asked", async () => {
    const calls = serve({
      openLibraryIsbn: editionSabriel,
      openLibraryWork: workSabriel,
      openLibraryEditions: editionsSabriel,
      googleVolumes: volumes(1),
    });
    await gatherCoverCandidates({ isbn: ISBN }, fast);
    expect(calls.some((c) => c.endpoint === "googleVolumes")).toBe(false);
  });

  test("rejected Google volumes are left out", async () => {
    server.use(failingEndpoint("openLibraryIsbn", { kind: "status", status: 404 }));
    serve({ googleVolumes: volumes(3) });
    const { candidates } = await gatherCoverCandidates(
      { isbn: ISBN, rejected: ["gb:sabriel1AAAA"] },
      { ...fast, ...withGoogleKey },
    );
    expect(keys(candidates)).toEqual(["gb:sabriel0AAAA", "gb:sabriel2AAAA"]);
  });
});
