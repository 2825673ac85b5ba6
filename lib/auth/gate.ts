/**
 * The proxy's optimistic check, as pure functions: it only decides whether a
 * signed-out page request goes to the sign-in page. Every page, route handler
 * and action still checks the viewer itself.
 */

/** The request header the proxy forwards a /screen `token` in (any client-sent copy is removed). */
export const SCREEN_TOKEN_HEADER = "x-dutyboard-screen-token";

/** next-auth's session cookie, plain and `__Secure-` (https), possibly split into chunks. */
export const SESSION_COOKIE_PATTERN = /^(__Secure-)?next-auth\.session-token(\.\d+)?$/u;

export function isScreenPath(pathname: string): boolean {
  return pathname === "/screen" || pathname.startsWith("/screen/");
}

/** Paths the proxy never redirects: route handlers answer 401 themselves; static files; the sign-in page. */
export function isPublicPath(pathname: string): boolean {
  if (pathname === "/login" || pathname.startsWith("/login/")) return true;
  if (pathname === "/api" || pathname.startsWith("/api/")) return true;
  // A 述职评议 ballot: its code is the credential (app/ballot/[code]/page.tsx checks it).
  if (pathname.startsWith("/ballot/")) return true;
  if (pathname.startsWith("/_next/")) return true;
  // Files from public/ (favicon.ico, robots.txt, …).
  return /\/[^/]+\.[a-z0-9]+$/iu.test(pathname);
}

/**
 * Paths that work without the workbook: signing in and out, the health check
 * (it reports the fault itself), static files. Everything else answers 503
 * while the workbook cannot be used.
 */
export function isWorkbookFreePath(pathname: string): boolean {
  if (pathname === "/login" || pathname.startsWith("/login/")) return true;
  if (pathname.startsWith("/api/auth/") || pathname === "/api/health") return true;
  if (pathname.startsWith("/_next/")) return true;
  return /\/[^/]+\.[a-z0-9]+$/iu.test(pathname) && !pathname.startsWith("/api/");
}

/** Where to send a signed-out visitor: back here after signing in. */
export function loginPath(nextPath: string): string {
  return `/login?next=${encodeURIComponent(nextPath)}`;
}

/** A `next` parameter that can only lead back into this site (no `//host`, no `\`, no scheme). */
export function safeNextPath(value: string | string[] | null | undefined, fallback = "/"): string {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v?.startsWith("/") || v.startsWith("//") || v.includes("\\") || /[\u0000-\u001f]/u.test(v)) return fallback;
  if (v === "/login" || v.startsWith("/login?") || v.startsWith("/api/auth")) return fallback;
  return v;
}

export type GateDecision = { kind: "pass"; screenToken?: string } | { kind: "login"; location: string };

export function gate(request: { pathname: string; search: string; hasSessionCookie: boolean; screenToken?: string | null }): GateDecision {
  const { pathname, search, hasSessionCookie, screenToken } = request;
  if (isScreenPath(pathname) && screenToken) return { kind: "pass", screenToken };
  if (isPublicPath(pathname) || hasSessionCookie) return { kind: "pass" };
  return { kind: "login", location: loginPath(`${pathname}${search}`) };
}
