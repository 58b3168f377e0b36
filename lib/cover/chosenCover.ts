/**
 * Validation of the URL a reader picks with "Choose a cover" (`books.chooseCover`) before it becomes
 * their own `coverUrl`: an https URL on the cover allowlist, in a form its source's adapter offers as
 * a candidate (lib/cover/sources). Pure; says why it refuses, with a code (no URL in it).
 */
import { isAllowedCoverUrl } from "./coverUrl";
import { coverSourceOf, type CoverSourceId } from "./sources";
import { offlineCoverOrigin } from "./webUrl";

export type ChosenCoverRefusal = "not_a_url" | "not_https" | "host_not_allowed" | "not_a_candidate";

export type ChosenCoverCheck =
  { ok: true; url: string; source: CoverSourceId; key: string } | { ok: false; reason: ChosenCoverRefusal };

/** Longest URL accepted (Google image links are ~130 characters). */
export const MAX_CHOSEN_COVER_URL_LENGTH = 2048;

/**
 * Accepts a registered source's candidate form (`https://covers.openlibrary.org/b/id/<id>-L.jpg`,
 * `https://books.google.com/books/content?id=<volume id>…`, …), with no credentials, port or
 * fragment. Returns the URL to store (as given, or on the source's main host: see
 * `canonicalCoverUrl`), its source and its key.
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
  const owner = coverSourceOf(u);
  if (!owner || owner.source.isCandidateUrl?.(u) === false) return { ok: false, reason: "not_a_candidate" };
  const stored = owner.source.canonicalCoverUrl?.(u) ?? url;
  return { ok: true, url: stored, source: owner.source.id as CoverSourceId, key: owner.key };
}
