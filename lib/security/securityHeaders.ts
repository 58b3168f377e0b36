/**
 * The browser security headers of every page, as one pure function of what a request knows: its
 * nonce, the configured Convex URL and whether this is `next dev`. `proxy.ts` sends them.
 *
 * Content-Security-Policy:
 *   - scripts from the app only: its own files ('self') and the inline scripts Next.js writes into
 *     each page, which carry this request's nonce (Next reads it from the request's policy);
 *   - styles from the app's stylesheets and nonce-carrying <style> elements (Next's, and those the
 *     dialogs add while open, which read the nonce through `get-nonce`);
 *   - connections to the app and to the Convex deployment only (https and wss, or http and ws for
 *     a local one), images from the app, the deployment's file storage (stored cover copies and
 *     uploads) and the cover hosts of the cover allowlist (`coverImageOrigins`: link-only covers
 *     and "Choose a cover" previews);
 *   - no plugins, no frames in or around the app, forms and <base> kept to the app.
 * `next dev` differs only where development needs it: React rebuilds server error stacks with
 * `eval`, and the dev server injects styles without a nonce.
 */
import { coverImageOrigins } from "../cover/coverUrl";

export interface SecurityHeaderOptions {
  /** Fresh for every request (base64); see `newNonce`. */
  nonce: string;
  /** NEXT_PUBLIC_CONVEX_URL: the deployment the page talks to. Unset: the page talks to no backend. */
  convexUrl: string | undefined;
  /** `next dev`: allow what the development server needs. */
  development: boolean;
}

/** Browser features Folio never uses, turned off for the page and anything it could embed. */
export const DISABLED_FEATURES = [
  "accelerometer",
  "autoplay",
  "browsing-topics",
  "camera",
  "display-capture",
  "encrypted-media",
  "fullscreen",
  "geolocation",
  "gyroscope",
  "hid",
  "idle-detection",
  "magnetometer",
  "microphone",
  "midi",
  "payment",
  "picture-in-picture",
  "publickey-credentials-get",
  "screen-wake-lock",
  "serial",
  "usb",
  "xr-spatial-tracking",
] as const;

/** The Convex deployment's origins: `https://x` -> [`https://x`, `wss://x`] (`http` -> `ws` for a local one). */
export function convexOrigins(convexUrl: string | undefined): { http: string; socket: string } | null {
  if (!convexUrl) return null;
  let url: URL;
  try {
    url = new URL(convexUrl);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  return { http: url.origin, socket: `${url.protocol === "https:" ? "wss:" : "ws:"}//${url.host}` };
}

/** The Content-Security-Policy value for one request. */
export function contentSecurityPolicy({ nonce, convexUrl, development }: SecurityHeaderOptions): string {
  const convex = convexOrigins(convexUrl);
  const nonceSource = `'nonce-${nonce}'`;
  const directives: [string, string[]][] = [
    ["default-src", ["'self'"]],
    ["script-src", ["'self'", nonceSource, ...(development ? ["'unsafe-eval'"] : [])]],
    // A nonce in the list would make browsers ignore 'unsafe-inline', so dev has none.
    ["style-src", ["'self'", development ? "'unsafe-inline'" : nonceSource]],
    ["img-src", ["'self'", ...(convex ? [convex.http] : []), ...coverImageOrigins()]],
    ["font-src", ["'self'"]],
    ["connect-src", ["'self'", ...(convex ? [convex.http, convex.socket] : [])]],
    ["media-src", ["'none'"]],
    ["object-src", ["'none'"]],
    ["frame-src", ["'none'"]],
    ["worker-src", ["'self'"]],
    ["manifest-src", ["'self'"]],
    ["base-uri", ["'none'"]],
    ["form-action", ["'self'"]],
    ["frame-ancestors", ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${[...new Set(sources)].join(" ")}`).join("; ");
}

/** Every security header of a page (the policy included). */
export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(options),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": DISABLED_FEATURES.map((feature) => `${feature}=()`).join(", "),
  };
}

/** A fresh nonce: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
