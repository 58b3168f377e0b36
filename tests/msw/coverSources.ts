/**
 * msw handlers that stand in for the cover sources, driven by a small in-memory
 * catalogue and answering in the real response shapes:
 *
 * - Open Library Books API  GET https://openlibrary.org/api/books?bibkeys=ISBN:…&format=json&jscmd=data
 * - Open Library search     GET https://openlibrary.org/search.json?title=…&author=…&fields=…&limit=…
 * - Open Library ISBN batch GET https://openlibrary.org/search.json?q=isbn:(A OR B …)&fields=…  (recorded as
 *   `openLibraryIsbnSearch`: one work doc per ISBN with the matched edition, in the shape of the captured
 *   tests/fixtures/openlibrary/search-isbn-batch.json)
 * - Google Books volumes    GET https://www.googleapis.com/books/v1/volumes?q=isbn:… | q=intitle:"…" inauthor:"…"
 *
 * Usage:
 *
 * ```ts
 * const calls: CoverSourceRequest[] = [];
 * server.use(
 *   ...coverSourceHandlers({
 *     books: [{ isbn13: "9780140328721", title: "Fantastic Mr. Fox", authors: ["Roald Dahl"], coverId: 8739161 }],
 *     onRequest: (r) => calls.push(r),
 *   }),
 * );
 * // make one endpoint misbehave (handlers given first win):
 * server.use(failingEndpoint("openLibrarySearch", { kind: "rate_limited", retryAfter: "30" }));
 * ```
 *
 * The search emulation is deliberately literal: every word of the `title` query
 * must occur in the title, and the surname of the `author` query in an author
 * name (unless `looseSearch`, which ignores the author like a fuzzy upstream, so
 * tests can check that the client itself rejects other authors' books).
 */
import { delay, http, HttpResponse, type HttpHandler } from "msw";
import { isbn13To10, parseIsbn } from "../../lib/books/isbn";

export const COVER_ENDPOINTS = {
  openLibraryBooks: "https://openlibrary.org/api/books",
  openLibrarySearch: "https://openlibrary.org/search.json",
  /** The same URL as `openLibrarySearch`, asked `q=isbn:(…)`: many ISBNs in one request. */
  openLibraryIsbnSearch: "https://openlibrary.org/search.json",
  googleVolumes: "https://www.googleapis.com/books/v1/volumes",
  /** `/works/<id>.json` (msw path pattern; only `jsonEndpoint`/`failingEndpoint` serve it). */
  openLibraryWork: "https://openlibrary.org/works/:work",
  /** `/works/<id>/editions.json` (msw path pattern; only `jsonEndpoint`/`failingEndpoint` serve it). */
  openLibraryEditions: "https://openlibrary.org/works/:work/editions.json",
  /** `/isbn/<isbn>.json` (msw path pattern; only `jsonEndpoint`/`failingEndpoint` serve it). */
  openLibraryIsbn: "https://openlibrary.org/isbn/:isbn",
} as const;

export type CoverEndpoint = keyof typeof COVER_ENDPOINTS;

/** One request seen by a handler (for asserting what was asked, and how often). */
export interface CoverSourceRequest {
  endpoint: CoverEndpoint;
  url: URL;
  headers: Headers;
}

/** An Open Library edition (and its work, for search). */
export interface CatalogueBook {
  /** The edition's ISBN-13; the Books API also finds it by the equivalent ISBN-10. */
  isbn13?: string;
  title: string;
  subtitle?: string;
  authors: string[];
  /** The edition's cover id (Books API `cover`); null or absent = no cover. */
  coverId?: number | null;
  /** The work's cover id in search results (`cover_i`); defaults to `coverId`. */
  workCoverId?: number | null;
  /** Leave the book out of search results, ISBN batches included (the Books API still knows it). */
  unsearchable?: boolean;
}

/** A Google Books volume. */
export interface GoogleCatalogueVolume {
  id?: string;
  isbn13?: string;
  title: string;
  subtitle?: string;
  authors: string[];
  /**
   * `imageLinks.thumbnail` as Google sends it. Default: an http books.google.com
   * URL with `edge=curl`; null = the volume has no `imageLinks`.
   */
  thumbnail?: string | null;
}

export interface CoverSourceOptions {
  books?: CatalogueBook[];
  googleBooks?: GoogleCatalogueVolume[];
  /** Called for every request to any of the three endpoints. */
  onRequest?: (request: CoverSourceRequest) => void;
  /** Open Library search ignores the `author` parameter. */
  looseSearch?: boolean;
}

/* ----------------------------------------------------------------- helpers */

function words(s: string): string[] {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .split(" ")
    .filter(Boolean);
}

function titleHas(query: string, title: string, subtitle?: string): boolean {
  const have = new Set(words(`${title} ${subtitle ?? ""}`));
  return words(query).every((w) => have.has(w));
}

function authorHas(query: string, authors: string[]): boolean {
  const q = words(query).filter((w) => w.length > 1);
  if (q.length === 0) return false;
  // Surname of "First Last" or of "Last, First".
  const surname = query.includes(",") ? q[0] : q[q.length - 1];
  return authors.some((a) => words(a).includes(surname));
}

function isbnVariants(isbn: string): string[] {
  const parsed = parseIsbn(isbn);
  if (!parsed.ok) return [];
  const ten = isbn13To10(parsed.isbn13);
  return ten ? [parsed.isbn13, ten] : [parsed.isbn13];
}

function sameIsbn(a: string, b: string): boolean {
  const x = parseIsbn(a);
  const y = parseIsbn(b);
  return x.ok && y.ok && x.isbn13 === y.isbn13;
}

const slug = (s: string) => s.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_|_$/g, "");

function record(endpoint: CoverEndpoint, request: Request, onRequest?: CoverSourceOptions["onRequest"]) {
  onRequest?.({ endpoint, url: new URL(request.url), headers: request.headers });
}

/* -------------------------------------------------------- response shapes */

/** A Books API `jscmd=data` record for a catalogue edition. */
export function booksApiRecord(book: CatalogueBook, index = 0): Record<string, unknown> {
  const olid = `OL${1000 + index}M`;
  const [isbn13, isbn10] = book.isbn13 ? isbnVariants(book.isbn13) : [];
  const rec: Record<string, unknown> = {
    url: `https://openlibrary.org/books/${olid}/${slug(book.title)}`,
    key: `/books/${olid}`,
    title: book.title,
    ...(book.subtitle ? { subtitle: book.subtitle } : {}),
    authors: book.authors.map((name, i) => ({
      url: `https://openlibrary.org/authors/OL${2000 + index * 10 + i}A/${slug(name)}`,
      name,
    })),
    identifiers: {
      ...(isbn10 ? { isbn_10: [isbn10] } : {}),
      ...(isbn13 ? { isbn_13: [isbn13] } : {}),
      openlibrary: [olid],
    },
    publishers: [{ name: "Example House" }],
    publish_date: "2001",
  };
  if (book.coverId != null) {
    rec.cover = {
      small: `https://covers.openlibrary.org/b/id/${book.coverId}-S.jpg`,
      medium: `https://covers.openlibrary.org/b/id/${book.coverId}-M.jpg`,
      large: `https://covers.openlibrary.org/b/id/${book.coverId}-L.jpg`,
    };
  }
  return rec;
}

/** A search.json doc (a work) for a catalogue book, with every field the fake knows. */
export function searchDoc(book: CatalogueBook, index = 0): Record<string, unknown> {
  const coverId = book.workCoverId !== undefined ? book.workCoverId : book.coverId;
  return {
    key: `/works/OL${1000 + index}W`,
    title: book.title,
    ...(book.subtitle ? { subtitle: book.subtitle } : {}),
    author_name: book.authors,
    ...(coverId != null ? { cover_i: coverId } : {}),
    edition_count: 1,
    ...(book.isbn13 ? { isbn: isbnVariants(book.isbn13) } : {}),
  };
}

/** The ISBN-13s of a `q=isbn:(A OR B …)` query, or null for another query. */
export function isbnBatchQuery(q: string | null): string[] | null {
  const m = q ? /^isbn:\((.*)\)$/.exec(q.trim()) : null;
  return m
    ? m[1]
        .split(/\s+OR\s+/)
        .map((s) => s.trim())
        .filter(Boolean)
    : null;
}

/**
 * A work doc of a `q=isbn:(…)` answer (the captured shape: the work's key, title and `cover_i`, and
 * under `editions.docs` the edition that matched, with its key, title, `cover_i` and ISBNs), keeping
 * only the `fields` asked for (`editions.<field>` for the edition's).
 */
export function isbnBatchDoc(
  work: { key: string; title: string; coverId: number | null },
  edition: { key: string; title: string; coverId: number | null; isbns: string[] },
  fields: string | null,
): Record<string, unknown> {
  const all = fields === null || fields === "*";
  const want = new Set((fields ?? "").split(","));
  const keep = (name: string) => all || want.has(name);
  const ed: Record<string, unknown> = {};
  if (keep("editions.key")) ed.key = edition.key;
  if (keep("editions.title")) ed.title = edition.title;
  if (keep("editions.cover_i") && edition.coverId !== null) ed.cover_i = edition.coverId;
  if (keep("editions.isbn")) ed.isbn = edition.isbns;
  const doc: Record<string, unknown> = {};
  if (keep("cover_i") && work.coverId !== null) doc.cover_i = work.coverId;
  if (keep("key")) doc.key = work.key;
  if (keep("title")) doc.title = work.title;
  if (keep("editions")) doc.editions = { numFound: 1, start: 0, numFoundExact: true, docs: [ed] };
  return doc;
}

/** A search.json body. */
export function searchBody(docs: Record<string, unknown>[], numFound = docs.length) {
  return {
    numFound,
    start: 0,
    numFoundExact: true,
    num_found: numFound,
    documentation_url: "https://openlibrary.org/dev/docs/api/search",
    q: "",
    offset: null,
    docs,
  };
}

/** A Google Books volume resource. */
export function googleVolume(v: GoogleCatalogueVolume, index = 0): Record<string, unknown> {
  const id = v.id ?? `vol${String(index).padStart(8, "0")}AAAA`;
  const thumbnail =
    v.thumbnail === undefined
      ? `http://books.google.com/books/content?id=${id}&printsec=frontcover&img=1&zoom=1&edge=curl&source=gbs_api`
      : v.thumbnail;
  const [isbn13, isbn10] = v.isbn13 ? isbnVariants(v.isbn13) : [];
  return {
    kind: "books#volume",
    id,
    etag: `etag${index}`,
    selfLink: `https://www.googleapis.com/books/v1/volumes/${id}`,
    volumeInfo: {
      title: v.title,
      ...(v.subtitle ? { subtitle: v.subtitle } : {}),
      authors: v.authors,
      publisher: "Example House",
      publishedDate: "2001",
      industryIdentifiers: [
        ...(isbn13 ? [{ type: "ISBN_13", identifier: isbn13 }] : []),
        ...(isbn10 ? [{ type: "ISBN_10", identifier: isbn10 }] : []),
      ],
      printType: "BOOK",
      ...(thumbnail ? { imageLinks: { smallThumbnail: thumbnail.replace("zoom=1", "zoom=5"), thumbnail } } : {}),
      language: "en",
    },
  };
}

/** A volumes list body; no `items` key when empty, like Google. */
export function volumesBody(items: Record<string, unknown>[]) {
  return items.length === 0
    ? { kind: "books#volumes", totalItems: 0 }
    : { kind: "books#volumes", totalItems: items.length, items };
}

/* ---------------------------------------------------------------- handlers */

/** Handlers for all three endpoints, answering from the catalogue. */
export function coverSourceHandlers(options: CoverSourceOptions = {}): HttpHandler[] {
  const books = options.books ?? [];
  const volumes = options.googleBooks ?? [];
  const { onRequest } = options;

  const booksApi = http.get(COVER_ENDPOINTS.openLibraryBooks, ({ request }) => {
    record("openLibraryBooks", request, onRequest);
    const url = new URL(request.url);
    const bibkeys = (url.searchParams.get("bibkeys") ?? "").split(",").filter(Boolean);
    const body: Record<string, unknown> = {};
    for (const bibkey of bibkeys) {
      const m = /^ISBN:?(.+)$/i.exec(bibkey.trim());
      if (!m) continue;
      const index = books.findIndex((b) => b.isbn13 && sameIsbn(b.isbn13, m[1].replace(/-/g, "")));
      if (index === -1) continue;
      body[bibkey] =
        url.searchParams.get("jscmd") === "data"
          ? booksApiRecord(books[index], index)
          : { bib_key: bibkey, info_url: `https://openlibrary.org/books/OL${1000 + index}M`, preview: "noview" };
    }
    if (url.searchParams.get("format") !== "json") {
      // Without format=json the Books API answers with JavaScript.
      return new HttpResponse(`var _OLBookInfo = ${JSON.stringify(body)};`, {
        headers: { "Content-Type": "application/javascript" },
      });
    }
    return HttpResponse.json(body);
  });

  const search = http.get(COVER_ENDPOINTS.openLibrarySearch, ({ request }) => {
    const url = new URL(request.url);
    const asked = isbnBatchQuery(url.searchParams.get("q"));
    if (asked) {
      record("openLibraryIsbnSearch", request, onRequest);
      const fields = url.searchParams.get("fields");
      const docs = books.flatMap((b, i) => {
        if (b.unsearchable || !b.isbn13 || !asked.some((isbn) => sameIsbn(isbn, b.isbn13!))) return [];
        const workCover = b.workCoverId !== undefined ? b.workCoverId : (b.coverId ?? null);
        return [
          isbnBatchDoc(
            { key: `/works/OL${1000 + i}W`, title: b.title, coverId: workCover },
            {
              key: `/books/OL${1000 + i}M`,
              title: b.subtitle ? `${b.title}: ${b.subtitle}` : b.title,
              coverId: b.coverId ?? null,
              isbns: isbnVariants(b.isbn13),
            },
            fields,
          ),
        ];
      });
      return HttpResponse.json({ ...searchBody(docs), q: url.searchParams.get("q") ?? "" });
    }
    record("openLibrarySearch", request, onRequest);
    const title = url.searchParams.get("title") ?? "";
    const author = url.searchParams.get("author") ?? "";
    const limit = Number(url.searchParams.get("limit") ?? "100");
    const fields = url.searchParams.get("fields");
    const hits = books
      .map((b, i) => ({ b, i }))
      .filter(({ b }) => !b.unsearchable)
      .filter(({ b }) => (title ? titleHas(title, b.title, b.subtitle) : true))
      .filter(({ b }) => options.looseSearch || (author ? authorHas(author, b.authors) : true));
    const docs = hits.slice(0, limit).map(({ b, i }) => {
      const doc = searchDoc(b, i);
      if (!fields || fields === "*") return doc;
      const keep = new Set(fields.split(","));
      return Object.fromEntries(Object.entries(doc).filter(([k]) => keep.has(k)));
    });
    return HttpResponse.json(searchBody(docs, hits.length));
  });

  const google = http.get(COVER_ENDPOINTS.googleVolumes, ({ request }) => {
    record("googleVolumes", request, onRequest);
    const q = new URL(request.url).searchParams.get("q") ?? "";
    const isbn = /isbn:\s*([\dXx-]+)/.exec(q)?.[1];
    const intitle = /intitle:(?:"([^"]*)"|(\S+))/.exec(q);
    const inauthor = /inauthor:(?:"([^"]*)"|(\S+))/.exec(q);
    const hits = volumes
      .map((v, i) => ({ v, i }))
      .filter(({ v }) => {
        if (isbn) return !!v.isbn13 && sameIsbn(v.isbn13, isbn.replace(/-/g, ""));
        if (intitle && !titleHas(intitle[1] ?? intitle[2], v.title, v.subtitle)) return false;
        if (inauthor && !authorHas(inauthor[1] ?? inauthor[2], v.authors)) return false;
        return !!(intitle || inauthor);
      });
    return HttpResponse.json(volumesBody(hits.map(({ v, i }) => googleVolume(v, i))));
  });

  return [booksApi, search, google];
}

/* ---------------------------------------------------------------- failures */

export type EndpointFailure =
  /** Never answers: only the client's timeout ends the request. */
  | { kind: "hang" }
  /** Answers `body` (default `{}`) after `ms` milliseconds. */
  | { kind: "delay"; ms: number; body?: unknown }
  /** An HTTP error status with a small JSON error body. */
  | { kind: "status"; status: number }
  /** 429 (or 503) with an optional `Retry-After` header (seconds or HTTP-date). */
  | { kind: "rate_limited"; status?: 429 | 503; retryAfter?: string }
  /** 200 with a body that is not JSON. */
  | { kind: "malformed_json" }
  /** The connection fails (fetch rejects with a TypeError). */
  | { kind: "network_error" };

/** Whether a request to search.json is the endpoint's kind (`openLibraryIsbnSearch`: an ISBN batch; `openLibrarySearch`: a title search). */
function isEndpoint(endpoint: CoverEndpoint, request: Request): boolean {
  if (endpoint !== "openLibrarySearch" && endpoint !== "openLibraryIsbnSearch") return true;
  const batch = isbnBatchQuery(new URL(request.url).searchParams.get("q")) !== null;
  return endpoint === "openLibraryIsbnSearch" ? batch : !batch;
}

/**
 * A handler that makes one endpoint misbehave. Put it before `coverSourceHandlers` (or `server.use`
 * it later). `openLibrarySearch` and `openLibraryIsbnSearch` share search.json: each fails only its
 * own kind of request.
 */
export function failingEndpoint(
  endpoint: CoverEndpoint,
  failure: EndpointFailure,
  onRequest?: CoverSourceOptions["onRequest"],
): HttpHandler {
  return http.get(COVER_ENDPOINTS[endpoint], async ({ request }) => {
    if (!isEndpoint(endpoint, request)) return undefined;
    record(endpoint, request, onRequest);
    switch (failure.kind) {
      case "hang":
        await delay("infinite");
        return HttpResponse.json({});
      case "delay":
        await delay(failure.ms);
        return HttpResponse.json((failure.body ?? {}) as Record<string, unknown>);
      case "status":
        return HttpResponse.json({ error: "upstream failure" }, { status: failure.status });
      case "rate_limited":
        return HttpResponse.json(
          { error: { code: failure.status ?? 429, message: "Too many requests" } },
          {
            status: failure.status ?? 429,
            headers: failure.retryAfter !== undefined ? { "Retry-After": failure.retryAfter } : {},
          },
        );
      case "malformed_json":
        return new HttpResponse('{"docs": [ {"title": "trunc', {
          headers: { "Content-Type": "application/json" },
        });
      case "network_error":
        return HttpResponse.error();
    }
  });
}

/** A handler that answers one endpoint with a fixed JSON body (e.g. a captured fixture). */
export function jsonEndpoint(endpoint: CoverEndpoint, body: unknown, onRequest?: CoverSourceOptions["onRequest"]): HttpHandler {
  return http.get(COVER_ENDPOINTS[endpoint], ({ request }) => {
    if (!isEndpoint(endpoint, request)) return undefined;
    record(endpoint, request, onRequest);
    return HttpResponse.json(body as Record<string, unknown>);
  });
}
