/**
 * What the source clients (Open Library, Google Books) share: dependencies,
 * one paced request, and how request failures become reason codes.
 */
import { fetchJson as defaultFetchJson, type FetchJson, type FetchJsonResult } from "./http";
import { unlimited, type RateLimiter } from "./rateLimiter";
import type { SourceError } from "./types";

export interface SourceDeps {
  /** Paces requests to this source. Default: none (the caller paces). */
  limiter?: RateLimiter;
  /** Operator contact appended to the User-Agent. */
  contact?: string;
  /** Per-request timeout. Default 5000 ms. */
  timeoutMs?: number;
  /** Abandons requests (reported as `timeout`) when aborted. */
  signal?: AbortSignal;
  /** The JSON fetcher; tests and benchmarks may swap it. Default `fetchJson`. */
  fetchJson?: FetchJson;
}

/** Waits for the limiter, then sends one GET through `fetchJson`. */
export async function requestJson(url: string, deps: SourceDeps): Promise<FetchJsonResult> {
  if (deps.signal?.aborted) return { ok: false, kind: "timeout" };
  await (deps.limiter ?? unlimited).acquire();
  if (deps.signal?.aborted) return { ok: false, kind: "timeout" };
  return (deps.fetchJson ?? defaultFetchJson)(url, {
    timeoutMs: deps.timeoutMs,
    contact: deps.contact,
    signal: deps.signal,
  });
}

/** A failed `FetchJsonResult` as a `SourceError`. */
export function toSourceError(r: Exclude<FetchJsonResult, { ok: true }>): SourceError {
  if (r.kind === "rate_limited") {
    return r.retryAfterMs === undefined ? { reason: "rate_limited" } : { reason: "rate_limited", retryAfterMs: r.retryAfterMs };
  }
  return { reason: r.kind };
}

/** Severity order for reporting: rate_limited > timeout > upstream_error. */
const ERROR_RANK: Record<SourceError["reason"], number> = { upstream_error: 1, timeout: 2, rate_limited: 3 };

/** The more severe of two errors (the first on a tie). */
export function worseError(a: SourceError | undefined, b: SourceError): SourceError {
  if (!a) return b;
  return ERROR_RANK[b.reason] > ERROR_RANK[a.reason] ? b : a;
}

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}
