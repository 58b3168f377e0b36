/** Back-off for books whose cover lookup failed: 1 hour, doubling per failed attempt, capped at 7 days. */

export const BACKOFF_BASE_MS = 60 * 60 * 1000;
export const BACKOFF_CAP_MS = 7 * 24 * 60 * 60 * 1000;

/** When a bulk run may try a book again after its `attempts`-th failed lookup (attempts >= 1). */
export function nextCoverRetryAt(now: number, attempts: number): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 30));
  return now + Math.min(BACKOFF_BASE_MS * 2 ** exponent, BACKOFF_CAP_MS);
}
