/**
 * Emulated cover sources as msw handlers, answering from a generated catalogue in the real
 * response shapes (the shape builders of tests/msw/coverSources.ts), with the latency, fault and
 * rate-limit model of ./model.ts. Every wait is a `setTimeout`, so under fake timers the whole
 * emulation runs on the benchmark's virtual clock.
 *
 * Endpoints (GET):
 *   openlibrary.org/api/books            Books API (bibkeys=ISBN:…, format=json, jscmd=data)   source "openlibrary"
 *   openlibrary.org/isbn/<isbn>.json     one edition (the naive ISBN lookup)                   source "openlibrary"
 *   openlibrary.org/search.json          title + author search                                 source "openlibrary"
 *   openlibrary.org/search.json?q=isbn:(A OR B …)   many ISBNs: one work doc per ISBN with the edition
 *                                        that matched (the shape of tests/fixtures/openlibrary/search-isbn-batch.json)
 *   covers.openlibrary.org/b/id/<id>-L.jpg   cover image                                        source "covers"
 *   www.googleapis.com/books/v1/volumes  q=isbn:… | intitle:"…" inauthor:"…"                   source "google"
 *   books.google.com/books/content?id=…  Google cover image                                     source "googleImages"
 *
 * Per request: after an optional network delay (`arrivalJitterMs`), Open Library's limit is checked
 * as the real one applies it: a User-Agent that names no contact (an email or URL) gets 403; beyond
 * 180 requests a minute per client with bursts of 25 (`olPerMinute`, `olBurst`), 429 without
 * `Retry-After`. Google's sliding-window limit answers 429 with `Retry-After`. Refused requests are
 * answered fast and do not count against the limit. Otherwise the fault model picks "answer after a
 * latency draw", "HTTP 500/502 after a latency draw" or "hang past the client's timeout".
 */
import { PNG } from "pngjs";
import { http, HttpResponse, type HttpHandler } from "msw";
import { isbn13To10, parseIsbn } from "../../lib/books/isbn";
import {
  booksApiRecord,
  googleVolume,
  isbnBatchDoc,
  isbnBatchQuery,
  searchBody,
  searchDoc,
  volumesBody,
} from "../../tests/msw/coverSources";
import type { Catalogue, OlWork } from "./catalogue";
import type { BenchConfig } from "./config";
import {
  createFaultModel,
  createSlidingWindowLimit,
  createTokenBucketLimit,
  lognormalFromQuantiles,
  type FaultModel,
  type Rng,
  type SlidingWindowLimit,
} from "./model";

export type EmulatedEndpoint = "booksApi" | "isbnJson" | "search" | "coverImage" | "googleVolumes" | "googleImage";
export type EmulatedSource = "openlibrary" | "covers" | "google" | "googleImages";

const SOURCE_OF: Record<EmulatedEndpoint, EmulatedSource> = {
  booksApi: "openlibrary",
  isbnJson: "openlibrary",
  search: "openlibrary",
  coverImage: "covers",
  googleVolumes: "google",
  googleImage: "googleImages",
};

export interface EmulatorStats {
  requests: number;
  byEndpoint: Record<EmulatedEndpoint, number>;
  rateLimited: number;
  rateLimitedBySource: Record<EmulatedSource, number>;
  /** Requests refused with 403 (a User-Agent without a contact). */
  refused: number;
  serverErrors: number;
  hangs: number;
  /** Most requests that arrived at one source within any rate window (accepted or not). */
  peakPerWindow: Record<EmulatedSource, number>;
  /**
   * Requests over their source's limit: for Open Library, those its token bucket refused; for the
   * others, those that arrived while the source already had its limit's worth in the trailing window.
   */
  overLimit: Record<EmulatedSource, number>;
  /** Lower-cased search titles and ISBNs of requests that hung (a timeout for such a book is a real one). */
  hungKeys: Set<string>;
  /** Every request: [arrival model ms, endpoint, what it got, how long it kept the client waiting (capped at its 5 s timeout)]. */
  log: [number, EmulatedEndpoint, "ok" | "429" | "403" | "5xx" | "hang", number][];
}

function emptyStats(): EmulatorStats {
  const zeroEndpoints = { booksApi: 0, isbnJson: 0, search: 0, coverImage: 0, googleVolumes: 0, googleImage: 0 };
  const zeroSources = { openlibrary: 0, covers: 0, google: 0, googleImages: 0 };
  return {
    requests: 0,
    byEndpoint: { ...zeroEndpoints },
    rateLimited: 0,
    rateLimitedBySource: { ...zeroSources },
    refused: 0,
    serverErrors: 0,
    hangs: 0,
    peakPerWindow: { ...zeroSources },
    overLimit: { ...zeroSources },
    hungKeys: new Set(),
    log: [],
  };
}

/** Lower-case words, accents folded. */
export function words(s: string): string[] {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** A User-Agent that names a contact: an email address or a URL (Open Library answers others with 403). */
export function namesContact(userAgent: string | null | undefined): boolean {
  return !!userAgent && /[\w.+-]+@[\w-]+\.[\w.-]+|https?:\/\/\S+/.test(userAgent);
}

/** Folio's and the baseline's per-request timeout: a request never keeps a client waiting longer. */
const CLIENT_TIMEOUT_MS = 5000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The cover image every emulated cover answers with: a real 180×270 raster image (PNG, drawn with
 * pngjs), so the server's stored-copy check (lib/coverImage) accepts it as it would a real cover.
 * A few bytes of JPEG magic, as before, were refused as unreadable, and every found cover was then
 * taken off its book and looked up again.
 */
const COVER_IMAGE_BYTES = (() => {
  const png = new PNG({ width: 180, height: 270, colorType: 2 });
  for (let i = 0; i < png.data.length; i += 4) {
    png.data[i] = (i * 7) % 256;
    png.data[i + 1] = (i * 13) % 256;
    png.data[i + 2] = 90;
    png.data[i + 3] = 255;
  }
  return new Uint8Array(PNG.sync.write(png, { colorType: 2 }));
})();

export interface Emulator {
  handlers: HttpHandler[];
  stats: EmulatorStats;
}

/** The emulated sources for one workload. `rng` draws latencies and faults; fresh rate windows per emulator. */
export function createEmulator(catalogue: Catalogue, config: BenchConfig, rng: Rng): Emulator {
  const stats = emptyStats();
  const common = { timeoutRate: config.timeoutRate, errorRate: config.errorRate, hangMs: config.hangMs };
  const lookupModel = createFaultModel({
    ...common,
    latency: lognormalFromQuantiles(config.booksApiMedianMs, config.booksApiP95Ms),
  });
  const searchModel = createFaultModel({
    ...common,
    latency: lognormalFromQuantiles(config.searchMedianMs, config.searchP95Ms),
  });
  const imageModel = createFaultModel({
    ...common,
    latency: lognormalFromQuantiles(config.imageMedianMs, config.imageP95Ms),
  });
  const models: Record<EmulatedEndpoint, FaultModel> = {
    booksApi: lookupModel,
    isbnJson: lookupModel,
    search: searchModel,
    googleVolumes: searchModel,
    coverImage: imageModel,
    googleImage: imageModel,
  };
  const limits: Record<EmulatedSource, SlidingWindowLimit> = {
    openlibrary: createTokenBucketLimit(config.olPerMinute, config.olBurst, config.rateToleranceMs),
    google: createSlidingWindowLimit(config.rateLimit, config.rateWindowMs, config.rateToleranceMs),
    covers: createSlidingWindowLimit(config.imageRateLimit, config.rateWindowMs, config.rateToleranceMs),
    googleImages: createSlidingWindowLimit(config.imageRateLimit, config.rateWindowMs, config.rateToleranceMs),
  };
  const arrivals: Record<EmulatedSource, number[]> = { openlibrary: [], covers: [], google: [], googleImages: [] };

  /**
   * Runs one request through the rate limit and the fault model; `answer` builds the 200 response.
   */
  const serve = async (
    endpoint: EmulatedEndpoint,
    answer: () => Response,
    keys: string[] = [],
    request?: Request,
  ): Promise<Response> => {
    const source = SOURCE_OF[endpoint];
    if (config.arrivalJitterMs > 0) await sleep(rng.int(0, config.arrivalJitterMs));
    const now = Date.now();
    stats.requests++;
    stats.byEndpoint[endpoint]++;
    const seen = arrivals[source];
    seen.push(now);
    while (seen.length > 0 && seen[0] <= now - config.rateWindowMs + config.rateToleranceMs) seen.shift();
    stats.peakPerWindow[source] = Math.max(stats.peakPerWindow[source], seen.length);
    const limit = source === "google" ? config.rateLimit : source === "openlibrary" ? 0 : config.imageRateLimit;
    if (limit > 0 && seen.length > limit) stats.overLimit[source]++;

    if (source === "openlibrary" && config.olRequireContact && !namesContact(request?.headers.get("user-agent"))) {
      stats.refused++;
      stats.log.push([now, endpoint, "403", config.rateLimitedLatencyMs]);
      await sleep(config.rateLimitedLatencyMs);
      return HttpResponse.json({ error: "Forbidden" }, { status: 403 });
    }
    const decision = limits[source].check(now);
    if (!decision.allowed) {
      stats.rateLimited++;
      stats.rateLimitedBySource[source]++;
      if (source === "openlibrary") stats.overLimit[source]++;
      stats.log.push([now, endpoint, "429", config.rateLimitedLatencyMs]);
      await sleep(config.rateLimitedLatencyMs);
      const retryAfter = source !== "openlibrary" || config.olRetryAfter;
      return HttpResponse.json(
        { error: "Too Many Requests" },
        { status: 429, ...(retryAfter ? { headers: { "Retry-After": String(decision.retryAfterSeconds) } } : {}) },
      );
    }
    const fate = models[endpoint].fate(rng);
    const outcome = fate.kind === "ok" ? "ok" : fate.kind === "hang" ? "hang" : "5xx";
    stats.log.push([now, endpoint, outcome, Math.min(fate.latencyMs, CLIENT_TIMEOUT_MS)]);
    await sleep(fate.latencyMs);
    if (fate.kind === "hang") {
      stats.hangs++;
      for (const key of keys) stats.hungKeys.add(key);
      return answer();
    }
    if (fate.kind === "server_error") {
      stats.serverErrors++;
      return HttpResponse.json({ error: "upstream failure" }, { status: fate.status });
    }
    return answer();
  };

  /** `serve`, remembering which books (search titles, ISBNs) a hung request was about. */
  const serveKeyed = (endpoint: EmulatedEndpoint, keys: string[], answer: () => Response, request?: Request) =>
    serve(endpoint, answer, keys, request);
  const bibkeyIsbns = (request: Request) =>
    (new URL(request.url).searchParams.get("bibkeys") ?? "")
      .split(",")
      .map((k) => isbn13Of(k.replace(/^ISBN:?/i, "")))
      .filter((x): x is string => !!x);
  const searchTitleKey = (request: Request) => [(new URL(request.url).searchParams.get("title") ?? "").toLowerCase()];

  // Indexes over the catalogue. A catalogue may grow while it is served (an open catalogue, see
  // ./openCatalogue.ts): `indexNewEntries` indexes entries added since the last request.
  const editionIndex = new Map<string, number>();
  [...catalogue.editions.keys()].forEach((isbn, i) => editionIndex.set(isbn, i));
  const workWords: Set<string>[] = [];
  /** ISBN-13 -> the index of the work whose edition it is. */
  const workByIsbn = new Map<string, number>();
  const workAuthorTokens: Set<string>[] = [];
  const googleWords: Set<string>[] = [];
  const googleAuthorTokens: Set<string>[] = [];
  const indexNewEntries = () => {
    for (const w of catalogue.works.slice(workWords.length)) {
      for (const isbn of w.isbns) workByIsbn.set(isbn, workWords.length);
      workWords.push(new Set(words(`${w.title} ${w.subtitle ?? ""}`)));
      workAuthorTokens.push(new Set(w.authors.flatMap(words).filter((t) => t.length > 1)));
    }
    for (const g of catalogue.google.slice(googleWords.length)) {
      googleWords.push(new Set(words(`${g.title} ${g.subtitle ?? ""}`)));
      googleAuthorTokens.push(new Set(g.authors.flatMap(words).filter((t) => t.length > 1)));
    }
  };
  indexNewEntries();

  const isbn13Of = (raw: string) => {
    const parsed = parseIsbn(raw);
    return parsed.ok ? parsed.isbn13 : undefined;
  };
  /** Fuzzy like a search engine: every title word present, and the author query sharing a name token. */
  const titleAndAuthorMatch = (titleQ: string, authorQ: string, have: Set<string>, authors: Set<string>) => {
    const tq = words(titleQ);
    if (tq.length === 0 || !tq.every((w) => have.has(w))) return false;
    const aq = words(authorQ).filter((t) => t.length > 1);
    return aq.length === 0 || aq.some((t) => authors.has(t));
  };

  const booksApi = http.get("https://openlibrary.org/api/books", ({ request }) =>
    serveKeyed(
      "booksApi",
      bibkeyIsbns(request),
      () => {
        const url = new URL(request.url);
        const body: Record<string, unknown> = {};
        for (const bibkey of (url.searchParams.get("bibkeys") ?? "").split(",").filter(Boolean)) {
          const isbn = isbn13Of(bibkey.replace(/^ISBN:?/i, ""));
          const edition = isbn ? catalogue.editions.get(isbn) : undefined;
          if (!edition) continue;
          body[bibkey] = booksApiRecord(
            {
              isbn13: edition.isbn13,
              title: edition.title,
              subtitle: edition.subtitle,
              authors: edition.authors,
              coverId: edition.coverId,
            },
            editionIndex.get(edition.isbn13) ?? 0,
          );
        }
        return HttpResponse.json(body);
      },
      request,
    ),
  );

  const isbnJson = http.get("https://openlibrary.org/isbn/:file", ({ params, request }) =>
    serve(
      "isbnJson",
      () => {
        const isbn = isbn13Of(String(params.file).replace(/\.json$/, ""));
        const edition = isbn ? catalogue.editions.get(isbn) : undefined;
        if (!edition) return HttpResponse.json({ error: "notfound", key: `/isbn/${String(params.file)}` }, { status: 404 });
        const record = booksApiRecord({ isbn13: edition.isbn13, title: edition.title, authors: edition.authors });
        const identifiers = record.identifiers as { isbn_10?: string[]; isbn_13?: string[] };
        return HttpResponse.json({
          key: `/books/${edition.olid}`,
          title: edition.title,
          ...(edition.subtitle ? { subtitle: edition.subtitle } : {}),
          authors: [{ key: `/authors/${edition.olid.replace(/M$/, "A")}` }],
          ...(identifiers.isbn_10 ? { isbn_10: identifiers.isbn_10 } : {}),
          isbn_13: [edition.isbn13],
          ...(edition.coverId !== null ? { covers: [edition.coverId] } : {}),
          works: [{ key: `/works/${edition.olid.replace(/M$/, "W")}` }],
          publishers: ["Example House"],
          publish_date: "2001",
          type: { key: "/type/edition" },
        });
      },
      [],
      request,
    ),
  );

  /** A `q=isbn:(…)` answer: one work doc per asked ISBN the catalogue has an edition (and work) for. */
  const isbnBatchAnswer = (url: URL, asked: string[]) => {
    indexNewEntries();
    const fields = url.searchParams.get("fields");
    const docs = asked.flatMap((raw) => {
      const isbn = isbn13Of(raw);
      const edition = isbn ? catalogue.editions.get(isbn) : undefined;
      const w = isbn ? workByIsbn.get(isbn) : undefined;
      if (!edition || w === undefined) return [];
      const work = catalogue.works[w];
      const isbn10 = isbn13To10(edition.isbn13);
      return [
        isbnBatchDoc(
          { key: work.key, title: work.title, coverId: work.coverId },
          {
            key: `/books/${edition.olid}`,
            title: edition.subtitle ? `${edition.title}: ${edition.subtitle}` : edition.title,
            coverId: edition.coverId,
            isbns: isbn10 ? [edition.isbn13, isbn10] : [edition.isbn13],
          },
          fields,
        ),
      ];
    });
    return HttpResponse.json({ ...searchBody(docs), q: url.searchParams.get("q") ?? "" });
  };

  const search = http.get("https://openlibrary.org/search.json", ({ request }) => {
    const asked = isbnBatchQuery(new URL(request.url).searchParams.get("q"));
    if (asked)
      return serveKeyed(
        "search",
        asked.map((i) => isbn13Of(i) ?? i),
        () => isbnBatchAnswer(new URL(request.url), asked),
        request,
      );
    return serveKeyed(
      "search",
      searchTitleKey(request),
      () => {
        const url = new URL(request.url);
        const title = url.searchParams.get("title") ?? url.searchParams.get("q") ?? "";
        const author = url.searchParams.get("author") ?? "";
        const limit = Number(url.searchParams.get("limit") ?? "100");
        const fields = url.searchParams.get("fields");
        const hits: { w: OlWork; i: number }[] = [];
        indexNewEntries();
        catalogue.works.forEach((w, i) => {
          if (titleAndAuthorMatch(title, author, workWords[i], workAuthorTokens[i])) hits.push({ w, i });
        });
        hits.sort((a, b) => b.w.editionCount - a.w.editionCount);
        const keep = fields && fields !== "*" ? new Set(fields.split(",")) : null;
        const docs = hits.slice(0, limit).map(({ w, i }) => {
          const doc = {
            ...searchDoc({ title: w.title, subtitle: w.subtitle, authors: w.authors, coverId: w.coverId }, i),
            key: w.key,
            edition_count: w.editionCount,
            ...(w.isbns.length ? { isbn: w.isbns } : {}),
          };
          return keep ? Object.fromEntries(Object.entries(doc).filter(([k]) => keep.has(k))) : doc;
        });
        return HttpResponse.json(searchBody(docs, hits.length));
      },
      request,
    );
  });

  const coverImage = http.get("https://covers.openlibrary.org/b/id/:file", ({ params }) =>
    serve("coverImage", () => {
      const m = /^(\d+)-[SML]\.jpg$/.exec(String(params.file));
      if (!m || !catalogue.coverIds.has(Number(m[1]))) return new HttpResponse(null, { status: 404 });
      return new HttpResponse(COVER_IMAGE_BYTES, { headers: { "Content-Type": "image/png" } });
    }),
  );

  const googleVolumes = http.get("https://www.googleapis.com/books/v1/volumes", ({ request }) =>
    serve(
      "googleVolumes",
      () => {
        const q = new URL(request.url).searchParams.get("q") ?? "";
        const isbnQ = /isbn:\s*([\dXx-]+)/.exec(q)?.[1];
        const intitle = /intitle:(?:"([^"]*)"|(\S+))/.exec(q);
        const inauthor = /inauthor:(?:"([^"]*)"|(\S+))/.exec(q);
        const isbn = isbnQ ? isbn13Of(isbnQ) : undefined;
        const items: Record<string, unknown>[] = [];
        indexNewEntries();
        catalogue.google.forEach((g, i) => {
          const hit = isbnQ
            ? !!isbn && g.isbn13 === isbn
            : !!intitle &&
              titleAndAuthorMatch(
                intitle[1] ?? intitle[2],
                inauthor ? (inauthor[1] ?? inauthor[2]) : "",
                googleWords[i],
                googleAuthorTokens[i],
              );
          if (hit && items.length < 10) {
            items.push(
              googleVolume(
                { id: g.id, isbn13: g.isbn13, title: g.title, subtitle: g.subtitle, authors: g.authors, thumbnail: g.thumbnail },
                i,
              ),
            );
          }
        });
        return HttpResponse.json(volumesBody(items));
      },
      [],
      request,
    ),
  );

  const googleImage = http.get("https://books.google.com/books/content", ({ request }) =>
    serve("googleImage", () => {
      const id = new URL(request.url).searchParams.get("id") ?? "";
      if (!catalogue.googleImageIds.has(id)) return new HttpResponse(null, { status: 404 });
      return new HttpResponse(COVER_IMAGE_BYTES, { headers: { "Content-Type": "image/png" } });
    }),
  );

  return { handlers: [booksApi, isbnJson, search, coverImage, googleVolumes, googleImage], stats };
}
