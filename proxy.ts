import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { SCREEN_TOKEN_HEADER, SESSION_COOKIE_PATTERN, gate, isWorkbookFreePath } from "@/lib/auth/gate";
import { normalizeLogin } from "@/lib/auth/normalize";
import { authSecret } from "@/lib/auth/secret";
import { contentSecurityPolicy, newNonce } from "@/lib/auth/security-headers";
import { blocksPages, faultText, latestBackup, workbookHealth } from "@/lib/data/workbook-health";
import { faultPageHtml, requestLocale } from "@/lib/data/workbook-fault-page";
import { LOCALE_COOKIE, messagesFor } from "@/lib/i18n";

/**
 * While the workbook cannot be used, every page answers 503 with what
 * happened and what to do, instead of an error page or "not authorised" for
 * everyone. Admins named in ADMIN_LOGINS (they need no 用户 tab) still reach
 * 数据体检 and /admin, which show the same cause.
 */
async function workbookUnavailable(request: NextRequest, csp: string): Promise<NextResponse | undefined> {
  const { pathname } = request.nextUrl;
  // Google Sheets: a failed read keeps the last good one under a stale banner, and the
  // shared data cache the reads go through belongs to pages and handlers, not the proxy.
  if (env().SHEETS_BACKEND !== "xlsx" || isWorkbookFreePath(pathname)) return undefined;
  const health = await workbookHealth();
  if (!blocksPages(health)) return undefined;
  const token = await getToken({ req: request, secret: authSecret() }).catch(() => null);
  const login = typeof token?.login === "string" ? normalizeLogin(token.login) : undefined;
  const adminPath = ["/data-health", "/admin"].some((p) => pathname === p || pathname.startsWith(`${p}/`));
  if (adminPath && login && env().ADMIN_LOGINS.includes(login)) return undefined;
  const locale = requestLocale(request.cookies.get(LOCALE_COOKIE)?.value, request.headers.get("accept-language"));
  const text = faultText(health.fault, await latestBackup(), messagesFor(locale));
  const headers = { "Retry-After": "60", "Cache-Control": "no-store", "Content-Security-Policy": csp };
  if (pathname === "/api" || pathname.startsWith("/api/")) {
    return NextResponse.json(
      { error: "workbook-unavailable", code: health.fault.code, message: `${text.title}${locale === "en" ? ": " : "："}${text.action}` },
      { status: 503, headers },
    );
  }
  return new NextResponse(faultPageHtml(text, { code: health.fault.code, signedIn: Boolean(login), locale }), {
    status: 503,
    headers: { ...headers, "Content-Type": "text/html; charset=utf-8" },
  });
}

/**
 * Optimistic only: a page request without a session cookie goes to the sign-in
 * page (a meeting-screen token on /screen counts as a reason to try). Pages,
 * route handlers and actions check the viewer themselves. Also sets the
 * per-request CSP nonce.
 */
export async function proxy(request: NextRequest) {
  const e = env();
  const https = (e.NEXTAUTH_URL ?? request.nextUrl.origin).startsWith("https://");
  const nonce = newNonce();
  const csp = contentSecurityPolicy({ nonce, dev: e.NODE_ENV === "development", https });

  const requestHeaders = new Headers(request.headers);
  // Only the proxy may say which token came with a /screen request.
  requestHeaders.delete(SCREEN_TOKEN_HEADER);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);

  const unavailable = await workbookUnavailable(request, csp);
  if (unavailable) return unavailable;

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
