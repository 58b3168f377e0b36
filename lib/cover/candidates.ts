/**
 * Cover candidates for "Choose a cover" (`books.coverCandidates`): up to 12 pictures that are the
 * reader's book, with where each comes from, rejected ones left out. Each enabled source adds its own
 * (its adapter's `gatherCandidates`, lib/cover/sources), in registry order, every request paced by
 * that source's limiter. Labels name the source and the edition's year, never a title or author.
 */
import { normalizeIsbn } from "../books/isbn";
import { normalizeAuthor, normalizeTitle } from "../books/text";
import { isAllowedCoverUrl } from "./coverUrl";
import { unlimited, type RateLimiter } from "./rateLimiter";
import { enabledCoverSources, type CandidateSink, type CoverSourceId } from "./sources";
import { worseError } from "./source";
import type { FetchJson } from "./http";
import type { CoverQuery, SourceError } from "./types";

export const MAX_COVER_CANDIDATES = 12;

/** One picture the reader may choose (the `books.coverCandidates` contract). */
export interface CoverCandidate {
  /** An allowlisted https cover URL (a source's cover form, e.g. an Open Library cover id). */
  url: string;
  source: CoverSourceId;
  /** Its source key (`ol:<cover id>`, `gb:<volume id>`), as stored in `rejectedCovers`. */
  key: string;
  /** Where it comes from, e.g. "Open Library · 1995 edition". No book data. */
  label?: string;
}

export interface CoverCandidatesResult {
  candidates: CoverCandidate[];
  /** The worst request failure, when a request failed (the list may then be shorter than it could be). */
  error?: SourceError;
}

export interface CoverCandidatesDeps {
  /** The limiter pacing one source's requests. Default: none (the caller paces). */
  limiter?: (sourceId: string) => RateLimiter;
  /** Where sources' keys are read (`GOOGLE_BOOKS_API_KEY`). Default `process.env`. */
  env?: Record<string, string | undefined>;
  contact?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  fetchJson?: FetchJson;
}

/** Collects candidates: deduplicated by key, rejected keys and non-allowlisted URLs left out, capped. */
class CandidateList {
  readonly items: CoverCandidate[] = [];
  private readonly seen: Set<string>;

  constructor(rejected: readonly string[]) {
    this.seen = new Set(rejected);
  }

  get full(): boolean {
    return this.items.length >= MAX_COVER_CANDIDATES;
  }

  sinkFor(source: CoverSourceId): CandidateSink {
    const add = (c: Omit<CoverCandidate, "source">) => this.add({ ...c, source });
    const isFull = () => this.full;
    return {
      add,
      get full() {
        return isFull();
      },
    };
  }

  add(candidate: CoverCandidate): void {
    if (this.full || this.seen.has(candidate.key) || !isAllowedCoverUrl(candidate.url)) return;
    this.seen.add(candidate.key);
    this.items.push(candidate);
  }
}

/**
 * Up to `MAX_COVER_CANDIDATES` covers for the book, rejected keys (`book.rejected`) left out. A book
 * with neither a valid ISBN nor both title and author gets none, without a request. Never throws; a
 * failed request shortens the list and is reported in `error`.
 */
export async function gatherCoverCandidates(book: CoverQuery, deps: CoverCandidatesDeps = {}): Promise<CoverCandidatesResult> {
  const isbn = normalizeIsbn(book.isbn) ?? null;
  const title = book.title?.trim() ?? "";
  const author = book.author?.trim() ?? "";
  const canSearch = normalizeTitle(title) !== "" && normalizeAuthor(author) !== "";
  const list = new CandidateList(book.rejected ?? []);
  if (!isbn && !canSearch) return { candidates: [] };

  let error: SourceError | undefined;
  for (const { adapter, apiKey } of enabledCoverSources(deps.env ?? process.env)) {
    if (!adapter.gatherCandidates || list.full || deps.signal?.aborted) continue;
    const sink = list.sinkFor(adapter.id as CoverSourceId);
    const failure = await adapter.gatherCandidates({ title, author, isbn, canSearch }, sink, {
      limiter: deps.limiter?.(adapter.id) ?? unlimited,
      contact: deps.contact,
      timeoutMs: deps.timeoutMs,
      signal: deps.signal,
      fetchJson: deps.fetchJson,
      apiKey,
    });
    if (failure) error = worseError(error, failure);
  }
  return error ? { candidates: list.items, error } : { candidates: list.items };
}
