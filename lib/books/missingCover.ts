/**
 * Why a book has no cover yet, from its cover-attempt bookkeeping (`coverLastReason`,
 * `coverAttemptedAt`, `coverRetryAt`, `rejectedCovers`), in the words the wall and the book page
 * use. Pure functions, no framework imports.
 */

/**
 * - `not_looked_up`: no lookup has failed for it yet (new, or its title, author or ISBN changed);
 * - `not_found`: the sources have no matching cover;
 * - `no_metadata`: no ISBN or title to search by;
 * - `source_unavailable`: a source timed out or failed; a bulk run looks again after `retryAt`.
 */
export type MissingCoverReason = "not_looked_up" | "not_found" | "no_metadata" | "source_unavailable";

export interface CoverBookkeeping {
  coverLastReason?: "no_metadata" | "not_found" | "timeout" | "rate_limited" | "upstream_error";
  coverRetryAt?: number;
  rejectedCovers?: readonly string[];
}

export interface MissingCoverState {
  reason: MissingCoverReason;
  /** When a bulk run (or the import's) may look again; only for `source_unavailable`. */
  retryAt?: number;
  /** The reader turned a cover down for this book: "no other cover" rather than "no cover". */
  turnedDown?: true;
}

export function missingCoverState(book: CoverBookkeeping): MissingCoverState {
  const turnedDown = book.rejectedCovers?.length ? { turnedDown: true as const } : {};
  switch (book.coverLastReason) {
    case undefined:
      return { reason: "not_looked_up", ...turnedDown };
    case "not_found":
      return { reason: "not_found", ...turnedDown };
    case "no_metadata":
      return { reason: "no_metadata", ...turnedDown };
    default:
      return {
        reason: "source_unavailable",
        ...(book.coverRetryAt !== undefined ? { retryAt: book.coverRetryAt } : {}),
        ...turnedDown,
      };
  }
}

/** A few words for a tile. */
export const MISSING_COVER_LABELS: Record<MissingCoverReason, string> = {
  not_looked_up: "Not looked up yet",
  not_found: "No cover found",
  no_metadata: "No ISBN or title to search by",
  source_unavailable: "Cover source unavailable",
};

/** One sentence for the book page; `formatTime` writes `retryAt` the reader's way. */
export function missingCoverSentence(state: MissingCoverState, formatTime: (ms: number) => string): string {
  switch (state.reason) {
    case "not_looked_up":
      return "Folio has not looked this book up yet.";
    case "not_found":
      return state.turnedDown ? "No other cover matches this book." : "No cover matching this title, author and ISBN was found.";
    case "no_metadata":
      return "There is no ISBN or title to search by. Add one in the details below, then look again.";
    case "source_unavailable":
      return state.retryAt !== undefined
        ? `The cover source was unavailable. Folio looks again after ${formatTime(state.retryAt)}.`
        : "The cover source was unavailable.";
  }
}
