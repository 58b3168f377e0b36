/**
 * Shared types of the cover lookup. Reason codes mirror the Convex validator `coverFailureReason`
 * (convex/schema.ts); sources come from the registry (lib/cover/sources/registry.ts).
 */
import type { CoverSourceId } from "./sources";

/** Where a found cover came from: a registered source's id. */
export type CoverSource = CoverSourceId;

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

/**
 * One lookup's answer. Besides the failure codes, two answers say nothing about the book and are
 * never recorded as failures:
 * - `rate_limited`: a source it needed is paused (429/503, or a pause another run received);
 *   `pausedSources` names them and `allPaused` says whether every source this lookup would ask was
 *   paused (then no other book can be looked up either until `retryAfterMs` has passed).
 * - `not_sent`: a request it needed was never sent (no slot before the batch's deadline) or was
 *   abandoned when the batch's time ran out.
 */
export type SearchCoverResult =
  | { apiCoverUrl: string; apiSource: CoverSource }
  | { reason: Exclude<CoverFailureReason, "rate_limited"> }
  | { reason: "rate_limited"; retryAfterMs?: number; pausedSources?: CoverSource[]; allPaused?: boolean }
  | { reason: "not_sent" };

/** A request-level failure of one source (`not_sent`: never sent or abandoned, see FetchJsonResult). */
export type SourceErrorReason = "timeout" | "rate_limited" | "upstream_error" | "not_sent";

export interface SourceError {
  reason: SourceErrorReason;
  /** Only for `rate_limited`, when the source said how long to wait. */
  retryAfterMs?: number;
}

/** The outcome of one lookup step against one source. */
export type SourceOutcome = { status: "found"; url: string } | { status: "not_found" } | ({ status: "error" } & SourceError);
