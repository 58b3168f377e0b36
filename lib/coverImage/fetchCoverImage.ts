/**
 * One server-side fetch of a cover image, and what its answer says about the cover. Framework-free:
 * the stored-copy fetcher and the re-check of a reported cover (convex/model/storedCovers.ts) both
 * use it, and the tests drive it through msw.
 *
 * What an answer proves (invariant 11: a cover is rejected only on the server's own evidence):
 * - 200 with bytes: the bytes decide (`checkCoverImage`): accepted, or refused with a reason.
 * - 404 or 410: the source says the cover is gone (`gone`).
 * - Anything else proves nothing about the cover (`transient`): a timeout, a network failure, 429
 *   or 503 (`rate_limited`, the host is paused), 403 (`refused`: the host refuses this client, an
 *   operator's matter), any other status (`upstream_error`).
 */
import { COVER_MAX_BYTES } from "../books/coverFile";
import { userAgent, parseRetryAfter } from "../cover/http";
import { checkCoverImage, type CoverImageCheck } from "./checkCoverImage";

export type TransientImageProblem = "timeout" | "network" | "rate_limited" | "refused" | "upstream_error";

export type CoverImageFetch =
  | { kind: "image"; bytes: Uint8Array; check: CoverImageCheck }
  | { kind: "gone"; status: number }
  | { kind: "transient"; problem: TransientImageProblem; retryAfterMs?: number };

export interface FetchCoverImageOptions {
  source: string;
  contact?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

/** A cover image fetch gives up after this long without a whole answer. */
export const COVER_IMAGE_TIMEOUT_MS = 10_000;

/** Statuses by which a host says the image does not exist. */
const GONE_STATUSES = new Set([404, 410]);

/** Reads at most `limit` + 1 bytes of a body (enough to know it is over the limit). */
async function readBody(response: Response, limit: number): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      break;
    }
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/** Fetches `url` once (timeout, Folio's User-Agent) and says what the answer proves. Never throws. */
export async function fetchCoverImage(url: string, options: FetchCoverImageOptions): Promise<CoverImageFetch> {
  const { timeoutMs = COVER_IMAGE_TIMEOUT_MS, now = () => Date.now() } = options;
  const doFetch = options.fetch ?? fetch;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const response = await doFetch(url, {
      headers: { Accept: "image/avif,image/webp,image/png,image/jpeg,image/*;q=0.8", "User-Agent": userAgent(options.contact) },
      signal: controller.signal,
      redirect: "follow",
    });
    if (response.status === 429 || response.status === 503) {
      void response.body?.cancel().catch(() => undefined);
      const retryAfterMs = parseRetryAfter(response.headers.get("Retry-After"), now());
      return { kind: "transient", problem: "rate_limited", ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
    }
    if (GONE_STATUSES.has(response.status)) {
      void response.body?.cancel().catch(() => undefined);
      return { kind: "gone", status: response.status };
    }
    if (response.status === 403) {
      void response.body?.cancel().catch(() => undefined);
      return { kind: "transient", problem: "refused" };
    }
    if (response.status !== 200) {
      void response.body?.cancel().catch(() => undefined);
      return { kind: "transient", problem: "upstream_error" };
    }
    const bytes = await readBody(response, COVER_MAX_BYTES);
    const check = await checkCoverImage({ bytes, contentType: response.headers.get("Content-Type"), source: options.source });
    return { kind: "image", bytes, check };
  } catch {
    return { kind: "transient", problem: timedOut || controller.signal.aborted ? "timeout" : "network" };
  } finally {
    clearTimeout(timer);
  }
}

/** The answer proves the cover is not one Folio may show: gone, or bytes that are not a cover. */
export function provesNoCover(fetched: CoverImageFetch): boolean {
  return fetched.kind === "gone" || (fetched.kind === "image" && fetched.check.kind === "refused");
}

/** Transient failures of a copy's fetch wait this long, doubling per attempt, at most a day. */
export function nextCopyAttemptAt(now: number, attempts: number): number {
  const minute = 60_000;
  return now + Math.min(24 * 60 * minute, minute * 2 ** Math.max(0, attempts - 1));
}
