/**
 * What the source clients (Open Library, Google Books) share: dependencies,
 * one paced request, and how request failures become reason codes.
 */
import { fetchJson as defaultFetchJson, type FetchJson, type FetchJsonResult } from "./http";
import { MAX_SOURCE_PAUSE_MS, REFUSED_PAUSE_MS, unlimited, type PauseCause, type RateLimiter } from "./rateLimiter";
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
  /** Send a request once more when it is still unanswered this long after it was sent. Default: never. */
  hedgeAfterMs?: number;
  /** Called when a request is sent a second time (for counting). */
  onHedge?: () => void;
  /**
   * The hedge waits for a slot like any request (for requests that answer for many books, such as
   * an ISBN batch). Default: a hedge only goes out on a slot that is free right then.
   */
  hedgeWaitsForSlot?: boolean;
}

/** A useful answer: anything but a timeout or a server error (which a second try may well beat). */
function isUseful(r: FetchJsonResult): boolean {
  return r.ok || (r.kind !== "timeout" && r.kind !== "upstream_error");
}

/** The first useful of two answers; if neither is useful, the later one. */
function firstUseful(a: Promise<FetchJsonResult>, b: Promise<FetchJsonResult>): Promise<FetchJsonResult> {
  return new Promise((resolve) => {
    let pending = 2;
    const take = (r: FetchJsonResult) => {
      pending--;
      if (isUseful(r) || pending === 0) resolve(r);
    };
    void a.then(take);
    void b.then(take);
  });
}

/**
 * Takes one slot from this source's limiter, then sends one GET through `fetchJson`. Every request
 * takes its own slot (a search, an ISBN lookup, a hedge or a retry alike). A refused slot (the
 * source is paused, or no slot is free before the caller's deadline) means the request is not sent
 * (`not_sent`); a 429/503 answer is reported to the limiter so a shared one pauses the source for
 * every client. A request the caller's signal cut short is `not_sent` (`abandoned`), not a timeout.
 *
 * With `hedgeAfterMs`, a request still unanswered that long after it was sent (the wait for its
 * slot does not count) is sent once more, through its own slot if one is free right then, and the
 * first useful answer wins.
 */
export async function requestJson(url: string, deps: SourceDeps): Promise<FetchJsonResult> {
  if (deps.signal?.aborted) return { ok: false, kind: "not_sent", cause: "abandoned" };
  const limiter = deps.limiter ?? unlimited;
  const refusal = await limiter.acquire();
  if (refusal) {
    return refusal.refused === "paused"
      ? { ok: false, kind: "not_sent", cause: "paused", retryAfterMs: refusal.retryAfterMs }
      : { ok: false, kind: "not_sent", cause: "over_budget" };
  }
  if (deps.signal?.aborted) return { ok: false, kind: "not_sent", cause: "abandoned" };
  const send = () =>
    (deps.fetchJson ?? defaultFetchJson)(url, { timeoutMs: deps.timeoutMs, contact: deps.contact, signal: deps.signal });
  const first = send();
  const r = deps.hedgeAfterMs === undefined ? await first : await hedge(first, send, limiter, deps);
  return await settle(r, limiter, deps);
}

/** Sends a second copy through its own slot when `first` is slow; see requestJson. */
async function hedge(
  first: Promise<FetchJsonResult>,
  send: () => Promise<FetchJsonResult>,
  limiter: RateLimiter,
  deps: SourceDeps,
): Promise<FetchJsonResult> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const slow = new Promise<"slow">((resolve) => {
    timer = setTimeout(() => resolve("slow"), deps.hedgeAfterMs);
  });
  const early = await Promise.race([first, slow]);
  clearTimeout(timer);
  if (early !== "slow") return early;
  // The first answer may still arrive while the second waits for its slot.
  // A hedge only goes out on a free slot: when the source's rate is fully used it would only take
  // a slot from another lookup.
  const slot = await Promise.race([limiter.acquire({ ifFree: !deps.hedgeWaitsForSlot }).then((refused) => ({ refused })), first]);
  if ("ok" in slot) return slot;
  if (slot.refused || deps.signal?.aborted) return await first;
  deps.onHedge?.();
  return await firstUseful(first, send());
}

/** Shares a 429/503 with the limiter (capped at an hour) and turns a request cut short by the caller into `not_sent`. */
async function settle(r: FetchJsonResult, limiter: RateLimiter, deps: SourceDeps): Promise<FetchJsonResult> {
  if (!r.ok && r.kind === "refused") {
    // The source refuses this client: every run leaves it alone (the pause is shared), and the
    // request counts as one never answered, like a paused source's.
    const applied = await sharePause(limiter, undefined, "refused");
    return { ok: false, kind: "not_sent", cause: "paused", retryAfterMs: applied ?? REFUSED_PAUSE_MS };
  }
  if (!r.ok && r.kind === "rate_limited") {
    let retryAfterMs = r.retryAfterMs === undefined ? undefined : Math.min(r.retryAfterMs, MAX_SOURCE_PAUSE_MS);
    // The shared pause may be longer (a growing default without Retry-After): report that one.
    const applied = await sharePause(limiter, retryAfterMs, "rate_limited");
    if (applied !== undefined) retryAfterMs = Math.max(retryAfterMs ?? 0, applied);
    return retryAfterMs === undefined ? r : { ...r, retryAfterMs };
  }
  if (!r.ok && r.kind === "timeout" && deps.signal?.aborted) return { ok: false, kind: "not_sent", cause: "abandoned" };
  return r;
}

/**
 * Tells the limiter (a shared one pauses the source for every run) and returns the pause it applied.
 * Sharing is best effort: this run stops asking the source on the answer anyway, so a failure to
 * record it is logged by its class only.
 */
async function sharePause(
  limiter: RateLimiter,
  retryAfterMs: number | undefined,
  cause: PauseCause,
): Promise<number | undefined> {
  try {
    const applied = await limiter.pause?.(retryAfterMs, cause);
    return typeof applied === "number" ? applied : undefined;
  } catch (e) {
    console.warn(JSON.stringify({ event: "cover_source_pause_not_shared", error: errorClass(e) }));
    return undefined;
  }
}

/** The class name of a thrown value (never its message, which may quote a URL with book data). */
export function errorClass(e: unknown): string {
  const name = typeof e === "object" && e !== null && "name" in e ? (e as { name: unknown }).name : undefined;
  return typeof name === "string" && /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(name) ? name : typeof e;
}

/** A failed `FetchJsonResult` as a `SourceError`. A paused source reads as `rate_limited` (it asked us to wait). */
export function toSourceError(r: Exclude<FetchJsonResult, { ok: true }>): SourceError {
  if (r.kind === "refused") return { reason: "rate_limited", retryAfterMs: REFUSED_PAUSE_MS };
  if (r.kind === "rate_limited" || (r.kind === "not_sent" && r.cause === "paused")) {
    return r.retryAfterMs === undefined ? { reason: "rate_limited" } : { reason: "rate_limited", retryAfterMs: r.retryAfterMs };
  }
  if (r.kind === "not_sent") return { reason: "not_sent" };
  return { reason: r.kind };
}

/** Severity order for reporting: rate_limited > not_sent > timeout > upstream_error. */
const ERROR_RANK: Record<SourceError["reason"], number> = { upstream_error: 1, timeout: 2, not_sent: 3, rate_limited: 4 };

/** The more severe of two errors (the first on a tie). */
export function worseError(a: SourceError | undefined, b: SourceError): SourceError {
  if (!a) return b;
  return ERROR_RANK[b.reason] > ERROR_RANK[a.reason] ? b : a;
}

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}
