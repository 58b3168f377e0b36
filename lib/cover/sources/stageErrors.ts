/** How a failed request of a lookup stage reads: the `StageError` every adapter reports. */
import type { FetchJsonResult } from "../http";
import type { StageError } from "./types";

/** A failed request as a stage error. A request never sent (no slot) cannot reach a stage. */
export function stageError(r: Exclude<FetchJsonResult, { ok: true }>): StageError {
  switch (r.kind) {
    case "timeout":
      return { kind: "timeout" };
    case "rate_limited":
      return r.retryAfterMs === undefined ? { kind: "rate_limited" } : { kind: "rate_limited", retryAfterMs: r.retryAfterMs };
    case "refused":
      return { kind: "refused" };
    default:
      return { kind: "upstream_error" };
  }
}

/** An answer that is not the JSON shape the stage expects. */
export const MALFORMED_ANSWER: StageError = { kind: "upstream_error" };
