/**
 * JSON over HTTP for the cover sources: identifying User-Agent, a hard timeout,
 * and a result type instead of exceptions.
 *
 * Request URLs carry book data (titles, authors, ISBNs), so no result, error or
 * log line produced here ever contains the URL or the response body.
 */

export const USER_AGENT_BASE = "Folio/0.1 (personal reading library cover lookup)";
export const DEFAULT_TIMEOUT_MS = 5000;

export type FetchJsonResult =
  | { ok: true; status: number; data: unknown }
  | { ok: false; kind: "timeout" }
  | { ok: false; kind: "rate_limited"; status: 429 | 503; retryAfterMs?: number }
  /**
   * 403: the source refuses this client (Open Library answers a User-Agent without a contact so). It
   * says nothing about the book: the source is paused for the whole deployment (see source.ts).
   */
  | { ok: false; kind: "refused"; status: 403 }
  /**
   * The request was never sent, or abandoned by the caller before it answered: the source's pause
   * was running (`paused`, with how long it still runs), no slot was free before the caller's
   * deadline (`over_budget`), or the caller's budget ended while it was in flight (`abandoned`).
   * It says nothing about the source or the book. Produced by `requestJson` (lib/cover/source.ts).
   */
  | { ok: false; kind: "not_sent"; cause: "paused" | "over_budget" | "abandoned"; retryAfterMs?: number }
  | {
      ok: false;
      kind: "upstream_error";
      /** `http_status`: a non-2xx answer; `network`: no answer; `malformed_json`: an answer that is not JSON. */
      cause: "http_status" | "network" | "malformed_json";
      status?: number;
    };

export interface FetchJsonOptions {
  /** Abort the request (including reading the body) after this long. Default 5000. */
  timeoutMs?: number;
  /** Extra request headers; `User-Agent` and `Accept` are set unless given here. */
  headers?: Record<string, string>;
  /**
   * A caller's signal (e.g. a batch time budget). When it aborts, the request is
   * abandoned and reported as `timeout`.
   */
  signal?: AbortSignal;
  /** Operator contact appended to the User-Agent (e.g. an email or URL). */
  contact?: string;
  /** The fetch implementation; defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Clock used to turn an HTTP-date `Retry-After` into milliseconds. Default `Date.now`. */
  now?: () => number;
}

export type FetchJson = (url: string, options?: FetchJsonOptions) => Promise<FetchJsonResult>;

/** Keeps a contact string header-safe: printable ASCII only, single spaces, at most 200 characters. */
function sanitizeContact(contact: string): string {
  return contact
    .replace(/[^\x20-\x7e]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 200);
}

/**
 * The contact every cover request names in its User-Agent: the operator's `COVER_LOOKUP_CONTACT`,
 * else the deployment's own `SITE_URL` (Open Library refuses a User-Agent without a contact with a
 * 403). Undefined only when neither is set.
 */
export function coverLookupContact(env: Record<string, string | undefined> = process.env): string | undefined {
  const contact = env.COVER_LOOKUP_CONTACT?.trim() || env.SITE_URL?.trim();
  return contact || undefined;
}

/** The User-Agent sent to every cover source. */
export function userAgent(contact?: string): string {
  const c = contact ? sanitizeContact(contact) : "";
  return c ? `${USER_AGENT_BASE} ${c}` : USER_AGENT_BASE;
}

/**
 * Parses a `Retry-After` header: delay-seconds or an HTTP-date.
 * Returns milliseconds (>= 0), or undefined when absent or unparseable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number = Date.now()): number | undefined {
  if (value == null) return undefined;
  const v = value.trim();
  if (v === "") return undefined;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // Only accept something that looks like an HTTP-date (has a letter), not "-5" or "1.5".
  if (!/[a-z]/i.test(v)) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

function isAbortError(e: unknown): boolean {
  return typeof e === "object" && e !== null && "name" in e && (e as { name: unknown }).name === "AbortError";
}

/**
 * GETs `url` and parses the body as JSON.
 *
 * - 2xx with a JSON body -> `{ ok: true, data }`
 * - no complete answer within `timeoutMs` (or the caller's signal aborted) -> `timeout`
 * - 429 or 503 -> `rate_limited`, with `retryAfterMs` from `Retry-After` when present
 * - 403 -> `refused`
 * - any other non-2xx, a network failure, or a body that is not JSON -> `upstream_error`
 *
 * The timeout uses `setTimeout` + `AbortController` (not `AbortSignal.timeout`) so
 * fake clocks can drive it. Never throws.
 */
export async function fetchJson(url: string, options: FetchJsonOptions = {}): Promise<FetchJsonResult> {
  const { timeoutMs = DEFAULT_TIMEOUT_MS, headers = {}, signal, contact, now = () => Date.now() } = options;
  const doFetch = options.fetch ?? fetch;

  if (signal?.aborted) return { ok: false, kind: "timeout" };

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onCallerAbort = () => controller.abort();
  signal?.addEventListener("abort", onCallerAbort, { once: true });

  // Resolves when the request is aborted, so a fetch that ignores its signal still ends on time.
  const aborted = new Promise<"aborted">((resolve) => {
    controller.signal.addEventListener("abort", () => resolve("aborted"), { once: true });
  });

  const requestHeaders: Record<string, string> = {
    Accept: "application/json",
    "User-Agent": userAgent(contact),
    ...headers,
  };

  try {
    let response: Response;
    try {
      const r = await Promise.race([doFetch(url, { headers: requestHeaders, signal: controller.signal }), aborted]);
      if (r === "aborted") return { ok: false, kind: "timeout" };
      response = r;
    } catch (e) {
      if (timedOut || controller.signal.aborted || isAbortError(e)) return { ok: false, kind: "timeout" };
      return { ok: false, kind: "upstream_error", cause: "network" };
    }

    if (response.status === 429 || response.status === 503) {
      const retryAfterMs = parseRetryAfter(response.headers.get("Retry-After"), now());
      // Free the connection; the body is irrelevant.
      void response.body?.cancel().catch(() => undefined);
      return retryAfterMs === undefined
        ? { ok: false, kind: "rate_limited", status: response.status }
        : { ok: false, kind: "rate_limited", status: response.status, retryAfterMs };
    }
    if (response.status === 403) {
      void response.body?.cancel().catch(() => undefined);
      return { ok: false, kind: "refused", status: 403 };
    }
    if (!response.ok) {
      void response.body?.cancel().catch(() => undefined);
      return { ok: false, kind: "upstream_error", cause: "http_status", status: response.status };
    }

    let text: string;
    try {
      const t = await Promise.race([response.text(), aborted]);
      if (t === "aborted") return { ok: false, kind: "timeout" };
      text = t;
    } catch (e) {
      if (timedOut || controller.signal.aborted || isAbortError(e)) return { ok: false, kind: "timeout" };
      return { ok: false, kind: "upstream_error", cause: "network", status: response.status };
    }

    try {
      return { ok: true, status: response.status, data: JSON.parse(text) as unknown };
    } catch {
      return { ok: false, kind: "upstream_error", cause: "malformed_json", status: response.status };
    }
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onCallerAbort);
  }
}
