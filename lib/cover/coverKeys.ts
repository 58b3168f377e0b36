/**
 * Source keys for covers (`rejectedCovers`): `<source key prefix>:<id>`, such as `ol:<cover id>` for
 * an Open Library cover or `gb:<volume id>` for a Google Books volume's image (each source's adapter
 * reads its own URLs, lib/cover/sources). A key names the picture whatever size or parameters its URL
 * carries, so a rejected cover is recognised in any of its URLs. A cover URL without one is
 * remembered as `url:<url>` (`rejectionKey`).
 */
import { coverSourceOf } from "./sources";
import { parseWebUrl } from "./webUrl";

export { openLibraryCoverKey } from "./sources/openLibrary/coverUrls";
export { googleVolumeKey } from "./sources/googleBooks/coverUrls";

/** How many keys a book's `rejectedCovers` keeps (the oldest are dropped first). */
export const MAX_REJECTED_COVERS = 50;

/**
 * The source key of a stored cover URL (`ol:<id>` for an Open Library cover-id URL, `gb:<volume id>`
 * for a Google image URL, and so on for every registered source). Anything else (an upload, an
 * ISBN-keyed Open Library URL, another host) gives null.
 */
export function coverSourceKey(url: string): string | null {
  const u = parseWebUrl(url);
  return u === null ? null : (coverSourceOf(u)?.key ?? null);
}

/**
 * The key to remember a rejected or broken cover by: its source key, or, for a URL without one (an
 * ISBN-keyed Open Library URL, another allowlisted host), `url:<the URL>`, which matches that URL only.
 */
export function rejectionKey(url: string): string {
  return coverSourceKey(url) ?? `url:${url}`;
}

/** True when the URL's source key, or the URL itself (`url:<url>`), is among `rejected`. */
export function isRejectedCover(url: string, rejected: readonly string[] | undefined): boolean {
  if (!rejected || rejected.length === 0) return false;
  const key = coverSourceKey(url);
  return (key !== null && rejected.includes(key)) || rejected.includes(`url:${url}`);
}

/**
 * `rejected` with `key` added at the end (moved there when already present), keeping at most
 * `max` keys: the oldest are dropped. Returns a new array.
 */
export function withRejectedKey(rejected: readonly string[] | undefined, key: string, max = MAX_REJECTED_COVERS): string[] {
  const next = (rejected ?? []).filter((k) => k !== key);
  next.push(key);
  return next.slice(Math.max(0, next.length - max));
}
