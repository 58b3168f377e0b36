/**
 * URL primitives the cover code shares (and the source adapters use): parsing an http(s) URL
 * without throwing, and the offline backend's own cover origin.
 */

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

/** The URL is on the offline backend's own origin (only ever true in that process). */
export function isOfflineCoverUrl(u: URL): boolean {
  const offline = offlineCoverOrigin();
  return offline !== null && u.origin === offline;
}
