import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { SCREEN_TOKEN_HEADER, SESSION_COOKIE_PATTERN, gate } from "@/lib/auth/gate";
import { contentSecurityPolicy, newNonce } from "@/lib/auth/security-headers";

/**
 * Optimistic only: a page request without a session cookie goes to the sign-in
 * page (a meeting-screen token on /screen counts as a reason to try). Pages,
 * route handlers and actions check the viewer themselves. Also sets the
 * per-request CSP nonce.
 */
export function proxy(request: NextRequest) {
  const e = env();
  const https = (e.NEXTAUTH_URL ?? request.nextUrl.origin).startsWith("https://");
  const nonce = newNonce();
  const csp = contentSecurityPolicy({ nonce, dev: e.NODE_ENV === "development", https });

  const requestHeaders = new Headers(request.headers);
  // Only the proxy may say which token came with a /screen request.
  requestHeaders.delete(SCREEN_TOKEN_HEADER);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);

  const { pathname, search, searchParams } = request.nextUrl;
  const decision = gate({
    pathname,
    search,
    hasSessionCookie: request.cookies.getAll().some((c) => SESSION_COOKIE_PATTERN.test(c.name)),
    screenToken: searchParams.get("token"),
  });

  let response: NextResponse;
  if (decision.kind === "login") {
    response = NextResponse.redirect(new URL(decision.location, request.url));
  } else {
    if (decision.screenToken) requestHeaders.set(SCREEN_TOKEN_HEADER, decision.screenToken);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  response.headers.set("Content-Security-Policy", csp);
  if (https) response.headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
