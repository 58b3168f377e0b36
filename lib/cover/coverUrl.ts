/**
 * Cover URL allowlist. Every URL a lookup stores passes `isAllowedCoverUrl`: https, on a host one of
 * the registered sources serves covers from (lib/cover/sources), default port, no credentials. The
 * sources' own URL forms live in their folders and are re-exported here for existing importers.
 */
import { coverHosts, isCoverHost } from "./sources";
import { offlineCoverOrigin, parseWebUrl } from "./webUrl";

export { OFFLINE_COVER_ORIGIN_ENV, offlineCoverOrigin, parseWebUrl } from "./webUrl";
export {
  openLibraryCoverIdOf,
  openLibraryCoverUrlById,
  parseOpenLibraryCoverId,
  toOpenLibraryCoverIdUrl,
} from "./sources/openLibrary/coverUrls";
export { normalizeGoogleThumbnail, pickGoogleImageLink } from "./sources/googleBooks/coverUrls";

/** The exact cover hosts of every registered source (Google's regional hosts are allowed by pattern too). */
export const ALLOWED_COVER_HOSTS: readonly string[] = coverHosts();

/**
/**
 * The source origins a page may load cover images from (https on each registered source's exact
 * cover host): a link-only source's covers on the wall (Google Books, whose terms forbid copies)
 * and the candidates "Choose a cover" previews. Covers Folio keeps copies of (Open Library) are
 * shown from the deployment's storage instead. The browser's image policy
 * (lib/security/securityHeaders.ts) reads them here, so a cover host added to or dropped from a
 * source is allowed or refused on the page too.
 */
export function coverImageOrigins(): string[] {
  return ALLOWED_COVER_HOSTS.map((host) => `https://${host}`);
}

/**
 * True for an https URL on a registered source's cover host, default port, no credentials; in the
 * offline backend's process also for a URL on its own origin.
 */
export function isAllowedCoverUrl(url: string): boolean {
  const u = parseWebUrl(url);
  if (u === null) return false;
  if (u.username !== "" || u.password !== "") return false;
  if (u.protocol === "https:" && u.port === "" && isCoverHost(u.hostname)) return true;
  const offline = offlineCoverOrigin();
  return offline !== null && u.origin === offline;
}
