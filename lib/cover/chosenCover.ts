/**
 * Validation of the URL a reader picks with "Choose a cover" (`books.chooseCover`) before it becomes
 * their own `coverUrl`: an https URL on the cover allowlist, in one of the two candidate shapes that
 * `gatherCoverCandidates` produces. Pure; says why it refuses, with a code (no URL in it).
 */
import { coverSourceKey } from "./coverKeys";
import { isAllowedCoverUrl, offlineCoverOrigin } from "./coverUrl";
import type { CoverSource } from "./types";

export type ChosenCoverRefusal = "not_a_url" | "not_https" | "host_not_allowed" | "not_a_candidate";

export type ChosenCoverCheck =
  { ok: true; url: string; source: CoverSource; key: string } | { ok: false; reason: ChosenCoverRefusal };

/** Longest URL accepted (Google image links are ~130 characters). */
export const MAX_CHOSEN_COVER_URL_LENGTH = 2048;

const OPEN_LIBRARY_CANDIDATE_PATH = /^\/b\/id\/[1-9]\d*-L\.jpg$/;

/**
 * Accepts `https://covers.openlibrary.org/b/id/<id>-L.jpg` and
 * `https://books.google.com/books/content?id=<volume id>…` (or books.googleusercontent.com), with
 * no credentials, port or fragment. Returns the URL as given, its source and its key.
 */
export function validateChosenCoverUrl(url: unknown): ChosenCoverCheck {
  if (typeof url !== "string" || url.length > MAX_CHOSEN_COVER_URL_LENGTH || url.trim() !== url) {
    return { ok: false, reason: "not_a_url" };
  }
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, reason: "not_a_url" };
  }
  // Only the offline backend's own origin (tests, offline development) may be plain http.
  if (u.protocol !== "https:" && u.origin !== offlineCoverOrigin()) return { ok: false, reason: "not_https" };
  if (!isAllowedCoverUrl(url)) return { ok: false, reason: "host_not_allowed" };
  if (u.hash) return { ok: false, reason: "not_a_candidate" };
  const key = coverSourceKey(url);
  if (u.hostname === "covers.openlibrary.org") {
    return key && OPEN_LIBRARY_CANDIDATE_PATH.test(u.pathname) && u.search === ""
      ? { ok: true, url, source: "open-library", key }
      : { ok: false, reason: "not_a_candidate" };
  }
  return key?.startsWith("gb:") ? { ok: true, url, source: "google-books", key } : { ok: false, reason: "not_a_candidate" };
}
