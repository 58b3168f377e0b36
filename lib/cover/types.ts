/**
 * Shared types of the cover lookup. Reason codes and sources mirror the Convex
 * validators in convex/schema.ts (`coverFailureReason`, `coverSource`).
 */

/** Where a found cover came from. */
export type CoverSource = "open-library" | "google-books";

/** Why a lookup produced no cover. Codes only: never free text with book data. */
export type CoverFailureReason = "no_metadata" | "not_found" | "timeout" | "rate_limited" | "upstream_error";

export const COVER_FAILURE_REASONS: readonly CoverFailureReason[] = [
  "no_metadata",
  "not_found",
  "timeout",
  "rate_limited",
  "upstream_error",
];

/** What the lookup knows about one book. */
export interface CoverQuery {
  title?: string;
  author?: string;
  isbn?: string;
  /** Source keys (`ol:<cover id>`, `gb:<volume id>`, see coverKeys.ts) this book must never get: the lookup takes the next match. */
  rejected?: readonly string[];
}

export type SearchCoverResult =
  { apiCoverUrl: string; apiSource: CoverSource } | { reason: CoverFailureReason; retryAfterMs?: number };

/** A request-level failure of one source. */
export type SourceErrorReason = "timeout" | "rate_limited" | "upstream_error";

export interface SourceError {
  reason: SourceErrorReason;
  /** Only for `rate_limited`, when the source said how long to wait. */
  retryAfterMs?: number;
}

/** The outcome of one lookup step against one source. */
export type SourceOutcome = { status: "found"; url: string } | { status: "not_found" } | ({ status: "error" } & SourceError);
