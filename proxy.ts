/**
 * Next.js proxy (runs before every request): gives each response the browser security headers of
 * lib/security/securityHeaders.ts with a fresh nonce, and passes the policy and the nonce on with
 * the request. Next.js takes the nonce from the request's policy and puts it on the scripts and
 * styles it writes into the page; the root layout reads `x-nonce` for the styles dialogs add.
 * Pages are rendered per request (the root layout reads the request), so every page gets its own.
 */
import { NextResponse, type NextRequest } from "next/server";
import { newNonce, securityHeaders } from "@/lib/security/securityHeaders";

export function proxy(request: NextRequest): NextResponse {
  const nonce = newNonce();
  const headers = securityHeaders({
    nonce,
    convexUrl: process.env.NEXT_PUBLIC_CONVEX_URL,
    development: process.env.NODE_ENV === "development",
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", headers["Content-Security-Policy"]);
  requestHeaders.set("x-nonce", nonce);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}
