/**
 * What a cover source is to the rest of Folio: one adapter per source (`lib/cover/sources/<id>/`)
 * with its requests and their parsing, its cover URL forms and source keys, the hosts its images
 * come from, and how fast it may be asked. `registry.ts` lists them; everything else (the source
 * union, Convex validators, labels, pacing, the URL allowlist, rejection keys) is derived from there.
 */
import type { FetchJson, FetchJsonResult } from "../http";
import type { RateLimiter } from "../rateLimiter";
import type { SourceError } from "../types";

/** What one request of a lookup stage needs. Its request slot is already reserved. */
export interface StageContext {
  /** Sends one GET (timeout and User-Agent applied) and reads the JSON answer. */
  get(url: string): Promise<FetchJsonResult>;
  /** The source's key (for a source with `keyEnv`). */
  apiKey?: string;
}

/** Why a stage's request brought no answer. `rate_limited` and `refused` pause the whole source. */
export type StageError =
  { kind: "timeout" } | { kind: "upstream_error" } | { kind: "rate_limited"; retryAfterMs?: number } | { kind: "refused" };

/** One cover an ISBN answer offers, with the titles (and, for a weak answer, authors) it must agree with. */
export interface IsbnCover {
  /** An allowlisted cover URL. */
  url: string;
  /** Titles of the edition and its work (`title: subtitle` where a source keeps them apart). */
  titles: string[];
  /**
   * Present when the answer does not itself list the ISBN (a Google volume with only other
   * identifiers): then title and author must both match the book.
   */
  authors?: string[];
}

/** A source's answer for one ISBN it knows: its covers, best first (possibly none). */
export interface IsbnAnswer {
  covers: IsbnCover[];
}

/** One ISBN request: the answers by ISBN-13 (an ISBN the source does not know is absent), or why none came. */
export type IsbnStageResult = { ok: true; answers: Map<string, IsbnAnswer> } | { ok: false; error: StageError };

/** One title + author request: the covers of the results that are the book, best first, or why none came. */
export type SearchStageResult = { ok: true; covers: string[] } | { ok: false; error: StageError };

/** A lookup by ISBN, many ISBNs per request. */
export interface IsbnStage {
  kind: "isbn";
  /** Unique across sources, e.g. "ol.isbn"; names the stage's facts in the catalogue. */
  id: string;
  maxPerRequest: number;
  /** Asked only about ISBNs an earlier stage of the same source did not know. */
  onlyUnknownIsbns?: boolean;
  run(isbns: readonly string[], ctx: StageContext): Promise<IsbnStageResult>;
}

/** A lookup by title and author, one book per request. */
export interface SearchStage {
  kind: "search";
  id: string;
  run(book: { title: string; author: string }, ctx: StageContext): Promise<SearchStageResult>;
}

export type LookupStage = IsbnStage | SearchStage;

/** How fast a source may be asked, deployment-wide. */
export interface SourcePacing {
  /** The source's own limit as a token bucket: sustained requests per minute, and how many may go back to back. */
  limit: { perMinute: number; burst: number };
  /** Bulk runs stay under this (at most `maxRequests` in any `windowMs`), leaving the rest of the limit to readers waiting on one book. */
  bulkWindow: { maxRequests: number; windowMs: number };
}

/** Collects "Choose a cover" candidates (deduplicated, rejected ones and non-allowlisted URLs left out, capped). */
export interface CandidateSink {
  add(candidate: { url: string; key: string; label?: string }): void;
  readonly full: boolean;
}

/** What a source's candidate gathering needs: a paced limiter and the request settings. */
export interface CandidateContext {
  limiter: RateLimiter;
  contact?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  fetchJson?: FetchJson;
  apiKey?: string;
}

/**
 * May Folio keep its own copy of this source's covers (its terms; docs/architecture.md "Stored
 * covers"). `size`: the source's own size form the copy is fetched at (Open Library's suffix).
 */
export type CoverKeeping =
  { keep: "stored-copy"; size: string } | { keep: "link"; reason: "terms_forbid_copies" | "terms_not_reviewed" };

export interface CoverSourceAdapter<Id extends string = string> {
  readonly id: Id;
  /** How the UI names it ("Open Library"). */
  readonly label: string;
  /** The prefix of its source keys in `rejectedCovers` ("ol" for `ol:<cover id>`). */
  readonly keyPrefix: string;
  /** Hosts its cover images are served from (https, default port). */
  readonly coverHosts: readonly string[];
  /** Further cover hosts, matched whole (Google's regional hosts). */
  readonly coverHostPattern?: RegExp;
  readonly pacing: SourcePacing;
  /** Whether Folio keeps a stored copy of its covers; absent: the link stays (terms not reviewed). */
  readonly keeping?: CoverKeeping;
  /**
   * The image host's own limit, for the server's fetches of this source's cover images (stored
   * copies, re-checks of a reported cover); absent: the source's lookup pacing.
   */
  readonly imagePacing?: SourcePacing;
  /** The environment variable holding the source's key; without one it is never asked. */
  readonly keyEnv?: string;
  /** The source key (`<keyPrefix>:<id>`) of one of its cover URLs, else null. */
  coverKey(url: URL): string | null;
  /**
   * The URL Folio stores for one of its cover URLs, on a host the page's image policy lists (Google's
   * regional hosts become books.google.com). Default: the URL as given.
   */
  canonicalCoverUrl?(url: URL): string;
  /** Whether a reader may pick this URL as their own cover ("Choose a cover"). Default: it has a key. */
  isCandidateUrl?(url: URL): boolean;
  /** Its lookup stages, in the order they are tried. */
  readonly stages: readonly LookupStage[];
  /** Adds its pictures of the book to "Choose a cover"; returns the worst request failure, if any. */
  gatherCandidates?(
    book: { title: string; author: string; isbn: string | null; canSearch: boolean },
    sink: CandidateSink,
    ctx: CandidateContext,
  ): Promise<SourceError | undefined>;
}
