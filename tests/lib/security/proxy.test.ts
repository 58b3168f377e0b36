// proxy.ts: every response gets the security headers with a fresh nonce, and the request carries
// the same policy on to Next.js, which takes the nonce for the scripts it writes into the page.
import { NextRequest } from "next/server";
import { proxy } from "@/proxy";

/** What NextResponse.next({ request: { headers } }) passes on to the page as its request headers. */
function forwarded(response: Response, name: string): string | null {
  return response.headers.get(`x-middleware-request-${name}`);
}

describe("proxy", () => {
  it("sends the security headers and hands the policy and its nonce to the page's rendering", () => {
    const response = proxy(new NextRequest("http://127.0.0.1:3000/library"));
    const policy = response.headers.get("Content-Security-Policy")!;
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];
    expect(nonce).toBeDefined();
    expect(policy).toContain("frame-ancestors 'none'");
    expect(response.headers.get("X-Frame-Options")).toBe("DENY");
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(response.headers.get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
    expect(response.headers.get("Permissions-Policy")).toContain("camera=()");
    expect(forwarded(response, "content-security-policy")).toBe(policy);
    expect(forwarded(response, "x-nonce")).toBe(nonce);
  });

  it("uses a new nonce for every request and ignores a nonce the request brings", () => {
    const request = () => new NextRequest("http://127.0.0.1:3000/", { headers: { "x-nonce": "chosen-by-the-client" } });
    const first = proxy(request());
    const second = proxy(request());
    expect(forwarded(first, "x-nonce")).not.toBe("chosen-by-the-client");
    expect(forwarded(first, "x-nonce")).not.toBe(forwarded(second, "x-nonce"));
  });
});
