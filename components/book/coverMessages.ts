import type { FunctionReturnType } from "convex/server";
import type { api } from "@/convex/_generated/api";

export type FetchCoverResult = FunctionReturnType<typeof api.books.fetchCover>;
export type CoverFailureReason = Extract<FetchCoverResult, { status: "failed" }>["reason"];

/** What each lookup failure code means to a reader. Reused by bulk cover fetching. */
export const COVER_REASON_MESSAGES: Record<CoverFailureReason, string> = {
  no_metadata: "Add a title and author or an ISBN first",
  not_found: "No cover found",
  timeout: "Cover source timed out",
  rate_limited: "Cover source is busy, try again in a minute",
  upstream_error: "Cover source had a problem",
};

export const COVER_FOUND_MESSAGE = "Cover found";
export const COVER_ALREADY_PRESENT_MESSAGE = "This book already has a cover";

/** The outcome of `api.books.fetchCover` as a short sentence. */
export function fetchCoverMessage(result: FetchCoverResult): string {
  switch (result.status) {
    case "found":
      return COVER_FOUND_MESSAGE;
    case "already_has_cover":
      return COVER_ALREADY_PRESENT_MESSAGE;
    case "failed":
      return COVER_REASON_MESSAGES[result.reason] ?? COVER_REASON_MESSAGES.upstream_error;
  }
}
