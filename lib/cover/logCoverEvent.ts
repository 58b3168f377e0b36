/**
 * The one structured log line per cover run. Counts, a duration and reason codes
 * only: the type admits no free-text field, and at runtime only the known fields
 * are written, so titles, authors or ISBNs cannot reach the log.
 */
import { COVER_FAILURE_REASONS, type CoverFailureReason } from "./types";

export type CoverTrigger = "import" | "create" | "manual";

export interface CoverEvent {
  /** A snake_case event name such as "cover_backfill" (anything else is logged as "cover_event"). */
  event: string;
  trigger: CoverTrigger;
  processed: number;
  updated: number;
  /** Number of books that ended without a cover. */
  failures: number;
  durationMs: number;
  /** Failure count per reason code. */
  reasons: Partial<Record<CoverFailureReason, number>>;
}

export interface CoverEventLogger {
  info(line: string): void;
  warn(line: string): void;
}

/** Failure rate above which the line is logged at warn level. */
export const COVER_FAILURE_WARN_RATE = 0.1;

const EVENT_NAME = /^[a-z][a-z0-9_.]{0,63}$/;
const TRIGGERS: readonly CoverTrigger[] = ["import", "create", "manual"];

/** `E` with every property that `CoverEvent` lacks typed `never`: extra (free-text) fields do not compile. */
type ExactEvent<E> = E & Record<Exclude<keyof E, keyof CoverEvent>, never>;

function count(n: unknown): number {
  return typeof n === "number" && Number.isFinite(n) && n >= 0 ? n : 0;
}

/** Writes `event` as one JSON line: `logger.warn` when failures / processed > 10 %, else `logger.info`. */
export function logCoverEvent<E extends CoverEvent>(event: ExactEvent<E>, logger: CoverEventLogger = console): void {
  const reasons: Partial<Record<CoverFailureReason, number>> = {};
  for (const reason of COVER_FAILURE_REASONS) {
    const n = event.reasons?.[reason];
    if (n !== undefined) reasons[reason] = count(n);
  }
  const line = {
    event: typeof event.event === "string" && EVENT_NAME.test(event.event) ? event.event : "cover_event",
    trigger: TRIGGERS.includes(event.trigger) ? event.trigger : "manual",
    processed: count(event.processed),
    updated: count(event.updated),
    failures: count(event.failures),
    durationMs: Math.round(count(event.durationMs)),
    reasons,
  };
  const text = JSON.stringify(line);
  if (line.processed > 0 && line.failures / line.processed > COVER_FAILURE_WARN_RATE) logger.warn(text);
  else logger.info(text);
}
