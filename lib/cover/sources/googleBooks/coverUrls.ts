/**
 * Google Books' cover URL forms: volume images on books.google.com (and its regional hosts, such as
 * books.google.co.uk or books.google.ro) or books.googleusercontent.com, keyed by volume id. In the
 * offline backend's process the same path is served from its own origin.
 */
import { isOfflineCoverUrl, offlineCoverOrigin, parseWebUrl } from "../../webUrl";

export const GOOGLE_COVER_HOSTS = ["books.google.com", "books.googleusercontent.com"] as const;

/**
 * Google's regional image hosts: `books.google.<country code>`, `books.google.co.<cc>` and
 * `books.google.com.<cc>` (books.google.ro, books.google.co.uk, books.google.com.br), nothing else.
 */
export const GOOGLE_REGIONAL_HOST = /^books\.google\.(?:[a-z]{2}|co\.[a-z]{2}|com\.[a-z]{2})$/;

/** Google volume ids: letters, digits, "_" and "-" (e.g. "OtN2DwAAQBAJ", "-V3ZDwAAQBAJ"). */
const GOOGLE_VOLUME_ID = /^[A-Za-z0-9_-]{4,40}$/;

/** One of Google's image hosts (any region). */
export function isGoogleCoverHost(hostname: string): boolean {
  return (GOOGLE_COVER_HOSTS as readonly string[]).includes(hostname) || GOOGLE_REGIONAL_HOST.test(hostname);
}

/** `gb:<volume id>` for a well-formed Google volume id, else null. */
export function googleVolumeKey(volumeId: unknown): string | null {
  return typeof volumeId === "string" && GOOGLE_VOLUME_ID.test(volumeId) ? `gb:${volumeId}` : null;
}

/** `gb:<volume id>` of a Google image URL (`/books/content?id=<volume id>…`), else null. */
export function googleCoverKey(u: URL): string | null {
  if (!isGoogleCoverHost(u.hostname) && !isOfflineCoverUrl(u)) return null;
  return u.pathname === "/books/content" || u.pathname === "/books/publisher/content"
    ? googleVolumeKey(u.searchParams.get("id"))
    : null;
}

/**
 * The same image on books.google.com: a regional host (books.google.ro, …) serves the same
 * `/books/content?id=…` images as the main one, and the page's image policy lists exact hosts, so
 * Folio stores every Google image URL on the main host. Other hosts are returned unchanged.
 */
export function onMainGoogleHost(u: URL): URL {
  if (!GOOGLE_REGIONAL_HOST.test(u.hostname)) return u;
  const main = new URL(u.toString());
  main.hostname = "books.google.com";
  return main;
}

/**
 * Normalises a Google Books image link: https, on books.google.com rather than a regional host, no
 * `edge=curl` page-curl effect, no fragment. Returns
 * null unless the result is an https image URL on one of Google's hosts (or, offline, the backend's
 * own origin). The `zoom` parameter is kept as given: larger zooms often answer with an "image not
 * available" placeholder, so the caller prefers larger `imageLinks` entries instead.
 */
export function normalizeGoogleThumbnail(url: unknown): string | null {
  const u = parseWebUrl(typeof url === "string" ? url.trim() : url);
  if (u === null || u.username !== "" || u.password !== "") return null;
  const offline = u.origin === offlineCoverOrigin();
  if (!offline && (!isGoogleCoverHost(u.hostname) || u.port !== "")) return null;
  if (u.protocol === "http:" && !offline) u.protocol = "https:";
  if (u.searchParams.get("edge") === "curl") u.searchParams.delete("edge");
  u.hash = "";
  return onMainGoogleHost(u).toString();
}

/** Larger first. `thumbnail`/`smallThumbnail` are what the volumes list returns; the rest only a volume GET. */
const GOOGLE_IMAGE_LINK_PREFERENCE = ["large", "medium", "small", "thumbnail", "smallThumbnail"] as const;

/** The best allowed, normalised image from a Google `volumeInfo.imageLinks` object, or null. */
export function pickGoogleImageLink(imageLinks: unknown): string | null {
  if (typeof imageLinks !== "object" || imageLinks === null) return null;
  const links = imageLinks as Record<string, unknown>;
  for (const key of GOOGLE_IMAGE_LINK_PREFERENCE) {
    const normalized = normalizeGoogleThumbnail(links[key]);
    if (normalized) return normalized;
  }
  return null;
}
