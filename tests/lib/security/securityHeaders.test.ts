// The page's security headers as a pure function of the nonce, the Convex URL and dev vs build.
import { coverImageOrigins, normalizeGoogleThumbnail, openLibraryCoverUrlById } from "@/lib/cover/coverUrl";
import {
  contentSecurityPolicy,
  convexOrigins,
  DISABLED_FEATURES,
  newNonce,
  securityHeaders,
  type SecurityHeaderOptions,
} from "@/lib/security/securityHeaders";

const CLOUD = "https://happy-otter-123.convex.cloud";
const build: SecurityHeaderOptions = { nonce: "bm9uY2Utb25l", convexUrl: CLOUD, development: false };

/** The policy as directive -> sources. */
function directives(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy.split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    expect(map.has(name), `${name} appears once`).toBe(false);
    map.set(name, sources);
  }
  return map;
}

describe("contentSecurityPolicy (the built app)", () => {
  const csp = directives(contentSecurityPolicy(build));

  it("runs scripts from the app only: its files and the inline scripts carrying this request's nonce", () => {
    expect(csp.get("script-src")).toEqual(["'self'", "'nonce-bm9uY2Utb25l'"]);
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.get("style-src")).toEqual(["'self'", "'nonce-bm9uY2Utb25l'"]);
    const everything = [...csp.values()].flat();
    for (const loose of ["'unsafe-inline'", "'unsafe-eval'", "'strict-dynamic'", "*", "https:", "http:", "data:", "blob:"]) {
      expect(everything).not.toContain(loose);
    }
  });

  it("connects to the app and the configured Convex deployment only, over https and wss", () => {
    expect(csp.get("connect-src")).toEqual(["'self'", CLOUD, "wss://happy-otter-123.convex.cloud"]);
  });

  it("shows images from the app, the deployment's file storage and every cover host of the allowlist", () => {
    const img = csp.get("img-src")!;
    expect(img).toEqual(["'self'", CLOUD, ...coverImageOrigins()]);
    // Covers as the lookup stores them are allowed: the policy follows the allowlist.
    const found = [openLibraryCoverUrlById(8_231_856), normalizeGoogleThumbnail("http://books.google.com/books/content?id=x")];
    for (const url of found) expect(img).toContain(new URL(url!).origin);
    expect(coverImageOrigins().length).toBeGreaterThan(0);
    for (const origin of coverImageOrigins()) expect(origin).toMatch(/^https:\/\/[a-z0-9.-]+$/);
  });

  it("is never framed, embeds nothing, and keeps forms and <base> to the app", () => {
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("frame-src")).toEqual(["'none'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("media-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'none'"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);
  });

  it("uses each request's own nonce", () => {
    const other = directives(contentSecurityPolicy({ ...build, nonce: "b3RoZXI=" }));
    expect(other.get("script-src")).toEqual(["'self'", "'nonce-b3RoZXI='"]);
  });

  it("talks to a local deployment (the offline backend) over http and ws", () => {
    const local = directives(contentSecurityPolicy({ ...build, convexUrl: "http://127.0.0.1:39301" }));
    expect(local.get("connect-src")).toEqual(["'self'", "http://127.0.0.1:39301", "ws://127.0.0.1:39301"]);
    expect(local.get("img-src")).toContain("http://127.0.0.1:39301");
  });

  it("without a usable Convex URL, connects to the app alone", () => {
    for (const convexUrl of [undefined, "", "not a url", "javascript:alert(1)"]) {
      const policy = directives(contentSecurityPolicy({ ...build, convexUrl }));
      expect(policy.get("connect-src")).toEqual(["'self'"]);
      expect(policy.get("img-src")).toEqual(["'self'", ...coverImageOrigins()]);
    }
  });
});

describe("contentSecurityPolicy (next dev)", () => {
  it("differs from the built app's only by eval for React's dev stacks and inline styles of the dev server", () => {
    const dev = directives(contentSecurityPolicy({ ...build, development: true }));
    const prod = directives(contentSecurityPolicy(build));
    expect(dev.get("script-src")).toEqual(["'self'", "'nonce-bm9uY2Utb25l'", "'unsafe-eval'"]);
    expect(dev.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
    for (const [name, sources] of prod) {
      if (name !== "script-src" && name !== "style-src") expect(dev.get(name), name).toEqual(sources);
    }
    expect([...dev.keys()]).toEqual([...prod.keys()]);
  });
});

describe("securityHeaders", () => {
  it("sends the policy, no framing, no sniffing, a strict referrer and no unused browser features", () => {
    const headers = securityHeaders(build);
    expect(headers["Content-Security-Policy"]).toBe(contentSecurityPolicy(build));
    expect(headers["X-Frame-Options"]).toBe("DENY");
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    const features = headers["Permissions-Policy"].split(", ");
    expect(features).toEqual(DISABLED_FEATURES.map((f) => `${f}=()`));
    for (const f of ["camera", "microphone", "geolocation", "payment", "usb"]) expect(features).toContain(`${f}=()`);
  });
});

describe("convexOrigins", () => {
  it("keeps the origin and its socket scheme, dropping any path", () => {
    expect(convexOrigins(`${CLOUD}/`)).toEqual({ http: CLOUD, socket: "wss://happy-otter-123.convex.cloud" });
    expect(convexOrigins("http://127.0.0.1:3210/x")).toEqual({ http: "http://127.0.0.1:3210", socket: "ws://127.0.0.1:3210" });
    expect(convexOrigins("ftp://example.com")).toBeNull();
  });
});

describe("newNonce", () => {
  it("is 128 random bits in base64, new every time", () => {
    const nonces = new Set(Array.from({ length: 100 }, () => newNonce()));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(atob(nonce)).toHaveLength(16);
    }
  });
});
