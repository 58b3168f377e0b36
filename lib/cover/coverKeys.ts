/**
 * Source keys for covers (DESIGN.md, `rejectedCovers`): `ol:<cover id>` for an Open Library cover,
 * `gb:<volume id>` for a Google Books volume's image. A key names the picture whatever size or
 * parameters its URL carries, so a rejected cover is recognised in any of its URLs. A cover URL with
 * neither is remembered as `url:<url>` (`rejectionKey`).
 */
import { offlineCoverOrigin, openLibraryCoverIdOf, parseOpenLibraryCoverId, parseWebUrl } from "./coverUrl";

/** How many keys a book's `rejectedCovers` keeps (the oldest are dropped first). */
export const MAX_REJECTED_COVERS = 50;

const GOOGLE_IMAGE_HOSTS = new Set(["books.google.com", "books.googleusercontent.com"]);
/** Google volume ids: letters, digits, "_" and "-" (e.g. "OtN2DwAAQBAJ", "-V3ZDwAAQBAJ"). */
const GOOGLE_VOLUME_ID = /^[A-Za-z0-9_-]{4,40}$/;

/** `ol:<id>` for a positive integer Open Library cover id, else null. */
export function openLibraryCoverKey(coverId: unknown): string | null {
  const id = parseOpenLibraryCoverId(coverId);
  return id === null ? null : `ol:${id}`;
}

/** `gb:<volume id>` for a well-formed Google volume id, else null. */
export function googleVolumeKey(volumeId: unknown): string | null {
  return typeof volumeId === "string" && GOOGLE_VOLUME_ID.test(volumeId) ? `gb:${volumeId}` : null;
}

/**
 * The source key of a stored cover URL: Open Library cover-id URLs
 * (`covers.openlibrary.org/b/id/<id>-S|M|L.jpg`) give `ol:<id>`, Google image URLs
 * (`books.google.com/books/content?id=<volume id>…`) give `gb:<volume id>`. Anything else (an
 * upload, an ISBN-keyed Open Library URL, another host) gives null.
 */
export function coverSourceKey(url: string): string | null {
  const u = parseWebUrl(url);
  if (u === null) return null;
  if (u.hostname === "covers.openlibrary.org") return openLibraryCoverKey(openLibraryCoverIdOf(url));
  // The offline backend (tests, offline development) serves its stand-in Google images in Google's shape.
  const googleImageHost = GOOGLE_IMAGE_HOSTS.has(u.hostname) || u.origin === offlineCoverOrigin();
  if (googleImageHost && u.pathname === "/books/content") return googleVolumeKey(u.searchParams.get("id"));
  return null;
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
