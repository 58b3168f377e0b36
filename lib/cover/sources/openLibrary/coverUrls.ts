/**
 * Open Library's cover URL forms. Covers are stored by cover id
 * (`https://covers.openlibrary.org/b/id/<id>-L.jpg`): ISBN- or OLID-keyed cover URLs are rate limited
 * per viewer and break a wall of covers. In the offline backend's process (tests and offline
 * development) the same path is served from its own origin, since a browser offline cannot reach
 * covers.openlibrary.org.
 */
import { isOfflineCoverUrl, offlineCoverOrigin, parseWebUrl } from "../../webUrl";

export const OPEN_LIBRARY_COVER_HOST = "covers.openlibrary.org";

/** An Open Library cover id: a positive safe integer (Open Library uses -1 for "no cover"). */
export function parseOpenLibraryCoverId(value: unknown): number | null {
  const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === "number" && Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** `https://covers.openlibrary.org/b/id/<id>-L.jpg`. Throws RangeError for anything but a positive integer id. */
export function openLibraryCoverUrlById(id: number | string): string {
  const coverId = parseOpenLibraryCoverId(id);
  if (coverId === null) throw new RangeError("Open Library cover id must be a positive integer");
  return `${offlineCoverOrigin() ?? `https://${OPEN_LIBRARY_COVER_HOST}`}/b/id/${coverId}-L.jpg`;
}

/** The cover id of an Open Library cover URL in cover-id form (`/b/id/<id>-S|M|L.jpg`, http or https), else null. */
export function openLibraryCoverIdOf(url: unknown): number | null {
  const u = url instanceof URL ? url : parseWebUrl(url);
  if (u === null || (u.hostname !== OPEN_LIBRARY_COVER_HOST && !isOfflineCoverUrl(u))) return null;
  const m = /^\/b\/id\/(\d+)(?:-[SML])?\.jpg$/i.exec(u.pathname);
  return m ? parseOpenLibraryCoverId(m[1]) : null;
}

/**
 * Turns an Open Library cover URL in cover-id form (`/b/id/<id>-S|M|L.jpg`, http or https) into the
 * large https cover-id URL. ISBN-, OLID- or other-keyed cover URLs (`/b/isbn/…`, `/b/olid/…`) and
 * other hosts give null.
 */
export function toOpenLibraryCoverIdUrl(url: unknown): string | null {
  const id = openLibraryCoverIdOf(url);
  return id === null ? null : openLibraryCoverUrlById(id);
}

/** `ol:<id>` for a positive integer Open Library cover id, else null. */
export function openLibraryCoverKey(coverId: unknown): string | null {
  const id = parseOpenLibraryCoverId(coverId);
  return id === null ? null : `ol:${id}`;
}

/** The large cover-id form a reader may pick: `/b/id/<id>-L.jpg`, no query. */
export function isOpenLibraryCandidateUrl(u: URL): boolean {
  return /^\/b\/id\/[1-9]\d*-L\.jpg$/.test(u.pathname) && u.search === "";
}
