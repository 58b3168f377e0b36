import { MISSING_COVER_LABELS, missingCoverSentence, missingCoverState } from "../../../lib/books/missingCover";

const at = (ms: number) => `T${ms}`;

describe("why a book has no cover", () => {
  it("reads the cover-attempt bookkeeping", () => {
    expect(missingCoverState({})).toEqual({ reason: "not_looked_up" });
    expect(missingCoverState({ coverLastReason: "not_found", coverRetryAt: 5 })).toEqual({ reason: "not_found" });
    expect(missingCoverState({ coverLastReason: "no_metadata" })).toEqual({ reason: "no_metadata" });
    for (const reason of ["timeout", "rate_limited", "upstream_error"] as const) {
      expect(missingCoverState({ coverLastReason: reason, coverRetryAt: 9 })).toEqual({
        reason: "source_unavailable",
        retryAt: 9,
      });
    }
    expect(missingCoverState({ coverLastReason: "not_found", rejectedCovers: ["ol:1"] })).toEqual({
      reason: "not_found",
      turnedDown: true,
    });
  });

  it("says it in a sentence, with the time Folio looks again", () => {
    expect(missingCoverSentence({ reason: "source_unavailable", retryAt: 42 }, at)).toBe(
      "The cover source was unavailable. Folio looks again after T42.",
    );
    expect(missingCoverSentence({ reason: "not_found", turnedDown: true }, at)).toBe("No other cover matches this book.");
    expect(missingCoverSentence({ reason: "not_found" }, at)).toBe("No cover matching this title, author and ISBN was found.");
    expect(MISSING_COVER_LABELS.no_metadata).toBe("No ISBN or title to search by");
  });
});
