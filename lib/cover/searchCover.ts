/**
 * One book -> one cover or a reason code.
 *
 * Order: Open Library by ISBN, Open Library by title + author, then (only with an
 * API key) Google Books by ISBN and by title + author. Every request takes its own slot
 * from its source's limiter. A source that answers 429/503 (or whose shared pause is
 * running) is skipped for the rest of the lookup while the others go on; if none finds
 * the cover the answer is `rate_limited` (deferred, not a failure). A request that was
 * never sent (no slot before the deadline, or the signal aborted) makes the answer
 * `not_sent`. Otherwise, when nothing is found, the worst request error wins (timeout
 * over upstream_error), else `not_found`. Title/author search needs both a title and an
 * author; a book with neither a valid ISBN nor both is `no_metadata`.
 * A cover whose source key is in `book.rejected` is never returned: each step takes its next match instead.
 */
import { normalizeIsbn } from "../books/isbn";
import { normalizeAuthor, normalizeTitle } from "../books/text";
import { isRejectedCover } from "./coverKeys";
import { isAllowedCoverUrl } from "./coverUrl";
import { lookupGoogleCoverByIsbn, searchGoogleCover } from "./googleBooks";
import type { FetchJson } from "./http";
import { lookupOpenLibraryCoverByIsbn, searchOpenLibraryCover } from "./openLibrary";
import {
  createRateLimiter,
  GOOGLE_BOOKS_REQUESTS_PER_SECOND,
  createSlidingWindowLimiter,
  OPEN_LIBRARY_WINDOW,
  type RateLimiter,
} from "./rateLimiter";
import { worseError, type SourceDeps } from "./source";
import type { CoverQuery, CoverSource, SearchCoverResult, SourceError, SourceOutcome } from "./types";

export interface SearchCoverDeps {
  /** Google Books API key; without it Google is never asked. */
  googleApiKey?: string;
  /** Operator contact appended to the User-Agent. */
  contact?: string;
  /** Paces Open Library. Default: one limiter per process, at most 3 requests in any 1.1 s. */
  openLibraryLimiter?: RateLimiter;
  /** Paces Google Books. Default: one limiter per process at 2 requests/second. */
  googleBooksLimiter?: RateLimiter;
  /** Per-request timeout. Default 5000 ms. */
  timeoutMs?: number;
  /** Abandons the lookup (reported as `timeout`) when aborted, e.g. at the end of a batch budget. */
  signal?: AbortSignal;
  /** The JSON fetcher. Default `fetchJson` (global fetch). */
  fetchJson?: FetchJson;
  /** Open Library's Books API already answered "no cover" for this ISBN (a batch prefetch): skip that step. */
  openLibraryIsbnChecked?: boolean;
  /** A request still unanswered this long after it was sent goes out once more (its own slot). Default: never. */
  hedgeAfterMs?: number;
  /** The hedge waits for a slot (default: it goes out only on a slot free right then). See SourceDeps. */
  hedgeWaitsForSlot?: boolean;
}

let sharedOpenLibraryLimiter: RateLimiter | undefined;
let sharedGoogleBooksLimiter: RateLimiter | undefined;

/** The process-wide Open Library limiter used when none is injected. */
export function defaultOpenLibraryLimiter(): RateLimiter {
  sharedOpenLibraryLimiter ??= createSlidingWindowLimiter(OPEN_LIBRARY_WINDOW);
  return sharedOpenLibraryLimiter;
}

/** The process-wide Google Books limiter used when none is injected. */
export function defaultGoogleBooksLimiter(): RateLimiter {
  sharedGoogleBooksLimiter ??= createRateLimiter({ requestsPerSecond: GOOGLE_BOOKS_REQUESTS_PER_SECOND });
  return sharedGoogleBooksLimiter;
}

/**
 * Replaces the process-wide default limiters (for tests and benchmarks that drive
 * the Convex action, which cannot inject them). Returns a function that restores
 * the previous ones.
 */
export function setDefaultLimiters(limiters: { openLibrary?: RateLimiter; googleBooks?: RateLimiter }): () => void {
  const previous = { openLibrary: sharedOpenLibraryLimiter, googleBooks: sharedGoogleBooksLimiter };
  if (limiters.openLibrary) sharedOpenLibraryLimiter = limiters.openLibrary;
  if (limiters.googleBooks) sharedGoogleBooksLimiter = limiters.googleBooks;
  return () => {
    sharedOpenLibraryLimiter = previous.openLibrary;
    sharedGoogleBooksLimiter = previous.googleBooks;
  };
}

interface Step {
  source: CoverSource;
  run: () => Promise<SourceOutcome>;
}

export async function searchCover(book: CoverQuery, deps: SearchCoverDeps = {}): Promise<SearchCoverResult> {
  const isbn = normalizeIsbn(book.isbn);
  const title = book.title?.trim() ?? "";
  const author = book.author?.trim() ?? "";
  const canSearch = normalizeTitle(title) !== "" && normalizeAuthor(author) !== "";
  if (!isbn && !canSearch) return { reason: "no_metadata" };
  const rejected = book.rejected ?? [];

  const common = {
    contact: deps.contact,
    timeoutMs: deps.timeoutMs,
    signal: deps.signal,
    fetchJson: deps.fetchJson,
    hedgeAfterMs: deps.hedgeAfterMs,
    hedgeWaitsForSlot: deps.hedgeWaitsForSlot,
  };
  const olDeps: SourceDeps = { ...common, limiter: deps.openLibraryLimiter ?? defaultOpenLibraryLimiter() };
  const apiKey = deps.googleApiKey?.trim();

  const steps: Step[] = [];
  if (isbn && !deps.openLibraryIsbnChecked) {
    steps.push({ source: "open-library", run: () => lookupOpenLibraryCoverByIsbn(isbn, olDeps, rejected) });
  }
  if (canSearch) steps.push({ source: "open-library", run: () => searchOpenLibraryCover({ title, author, rejected }, olDeps) });
  if (apiKey) {
    const gDeps = { ...common, apiKey, limiter: deps.googleBooksLimiter ?? defaultGoogleBooksLimiter() };
    if (isbn) {
      steps.push({ source: "google-books", run: () => lookupGoogleCoverByIsbn(isbn, gDeps, { title, author, rejected }) });
    }
    if (canSearch) steps.push({ source: "google-books", run: () => searchGoogleCover({ title, author, rejected }, gDeps) });
  }

  let error: SourceError | undefined;
  const timedOutSources = new Set<CoverSource>();
  /** Sources that answered 429/503, or whose pause (shared by the deployment) was running: skipped for this book. */
  const pausedSources = new Set<CoverSource>();
  let pauseMs: number | undefined;
  let notSent = false;
  for (const step of steps) {
    if (deps.signal?.aborted) {
      notSent = true;
      break;
    }
    // A source that just timed out or is paused is not asked again for this book.
    if (timedOutSources.has(step.source) || pausedSources.has(step.source)) continue;
    const outcome = await step.run();
    if (outcome.status === "found") {
      if (isAllowedCoverUrl(outcome.url) && !isRejectedCover(outcome.url, rejected)) {
        return { apiCoverUrl: outcome.url, apiSource: step.source };
      }
      continue;
    }
    if (outcome.status === "error") {
      if (outcome.reason === "rate_limited") {
        // This source asked to slow down: skip it, the other sources go on.
        pausedSources.add(step.source);
        if (outcome.retryAfterMs !== undefined) pauseMs = Math.max(pauseMs ?? 0, outcome.retryAfterMs);
        continue;
      }
      if (outcome.reason === "not_sent") {
        // No slot before the deadline (or the budget ran out): nothing more will be sent either.
        notSent = true;
        break;
      }
      if (outcome.reason === "timeout") timedOutSources.add(step.source);
      error = worseError(error, { reason: outcome.reason });
    }
  }
  if (pausedSources.size > 0) {
    // A source that might have had the cover was paused: the book is not a failure, only deferred.
    const asked = new Set(steps.map((s) => s.source));
    return {
      reason: "rate_limited",
      ...(pauseMs !== undefined ? { retryAfterMs: pauseMs } : {}),
      pausedSources: [...pausedSources],
      allPaused: [...asked].every((source) => pausedSources.has(source)),
    };
  }
  if (notSent) return { reason: "not_sent" };
  return { reason: error ? (error.reason as Exclude<SourceError["reason"], "rate_limited" | "not_sent">) : "not_found" };
}
