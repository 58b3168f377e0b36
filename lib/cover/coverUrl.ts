/**
 * Cover URL allowlist and normalisation. Every URL the lookup returns passes
 * `isAllowedCoverUrl`: https, on a known cover host, nothing exotic.
 */

export const ALLOWED_COVER_HOSTS: readonly string[] = [
  "covers.openlibrary.org",
  "books.google.com",
  "books.googleusercontent.com",
];

/**
 * The origins found covers are shown from (https on each allowlisted host). The browser's image
 * policy (lib/security/securityHeaders.ts) reads them here, so a cover host added to or dropped
 * from the allowlist is allowed or refused on the page too.
 */
export function coverImageOrigins(): string[] {
  return ALLOWED_COVER_HOSTS.map((host) => `https://${host}`);
}

/**
 * The offline backend (tools/local-backend, tests and offline development only) serves generated
 * stand-in covers from its own origin and sets this variable in its own process. Only a loopback
 * origin counts, so no deployment's allowlist can be widened to another host through it.
 */
export const OFFLINE_COVER_ORIGIN_ENV = "FOLIO_OFFLINE_COVER_ORIGIN";

const LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]"];

/** `url` parsed when it is an http or https URL, else null (never throws). */
export function parseWebUrl(url: unknown): URL | null {
  if (typeof url !== "string") return null;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  return u.protocol === "https:" || u.protocol === "http:" ? u : null;
}

/** The offline backend's cover origin (`http://127.0.0.1:<port>`) when it is set and loopback, else null. */
export function offlineCoverOrigin(): string | null {
  const raw = typeof process === "undefined" ? undefined : process.env?.[OFFLINE_COVER_ORIGIN_ENV];
  if (!raw) return null;
  const u = parseWebUrl(raw);
  const plain = u !== null && u.pathname === "/" && u.search === "" && u.username === "" && u.password === "";
  return plain && LOOPBACK_HOSTS.includes(u.hostname) ? u.origin : null;
}

/**
 * True for an https URL on an allowlisted cover host, default port, no credentials; in the offline
 * backend's process also for a URL on its own origin.
 */
export function isAllowedCoverUrl(url: string): boolean {
  const u = parseWebUrl(url);
  if (u === null) return false;
  if (u.username !== "" || u.password !== "") return false;
  if (u.protocol === "https:" && ALLOWED_COVER_HOSTS.includes(u.hostname) && u.port === "") return true;
  const offline = offlineCoverOrigin();
  return offline !== null && u.origin === offline;
}

/** An Open Library cover id: a positive safe integer (Open Library uses -1 for "no cover"). */
export function parseOpenLibraryCoverId(value: unknown): number | null {
  const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === "number" && Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** `https://covers.openlibrary.org/b/id/<id>-L.jpg`. Throws RangeError for anything but a positive integer id. */
export function openLibraryCoverUrlById(id: number | string): string {
  const coverId = parseOpenLibraryCoverId(id);
  if (coverId === null) throw new RangeError("Open Library cover id must be a positive integer");
  return `https://covers.openlibrary.org/b/id/${coverId}-L.jpg`;
}

/**
 * Turns an Open Library cover URL in cover-id form (`/b/id/<id>-S|M|L.jpg`, http or
 * https) into the large https cover-id URL. ISBN-, OLID- or other-keyed cover URLs
 * (`/b/isbn/…`, `/b/olid/…`) and other hosts give null: they are rate-limited per
 * viewer and break a wall of covers.
 */
export function toOpenLibraryCoverIdUrl(url: unknown): string | null {
  const id = openLibraryCoverIdOf(url);
  return id === null ? null : openLibraryCoverUrlById(id);
}

/** The cover id of an Open Library cover URL in cover-id form (`/b/id/<id>-S|M|L.jpg`, http or https), else null. */
export function openLibraryCoverIdOf(url: unknown): number | null {
  const u = parseWebUrl(url);
  if (u === null || u.hostname !== "covers.openlibrary.org") return null;
  const m = /^\/b\/id\/(\d+)(?:-[SML])?\.jpg$/i.exec(u.pathname);
  return m ? parseOpenLibraryCoverId(m[1]) : null;
}

/**
 * Normalises a Google Books image link: https, no `edge=curl` page-curl effect,
 * no fragment. Returns null unless the result is an allowed cover URL.
 * The `zoom` parameter is kept as given: larger zooms often answer with an
 * "image not available" placeholder, so the caller prefers larger `imageLinks`
 * entries instead (see `pickGoogleImageLink`).
 */
export function normalizeGoogleThumbnail(url: unknown): string | null {
  const u = parseWebUrl(typeof url === "string" ? url.trim() : url);
  if (u === null) return null;
  if (u.protocol === "http:" && u.origin !== offlineCoverOrigin()) u.protocol = "https:";
  if (u.searchParams.get("edge") === "curl") u.searchParams.delete("edge");
  u.hash = "";
  const out = u.toString();
  return isAllowedCoverUrl(out) ? out : null;
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
