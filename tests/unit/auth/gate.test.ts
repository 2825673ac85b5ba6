import { describe, expect, it } from "vitest";
import { gate, isPublicPath, isWorkbookFreePath, safeNextPath, SESSION_COOKIE_PATTERN } from "@/lib/auth/gate";
import { contentSecurityPolicy } from "@/lib/auth/security-headers";

describe("the proxy's optimistic gate", () => {
  it("sends a signed-out page request to the sign-in page, keeping where it was going", () => {
    expect(gate({ pathname: "/data-health", search: "?x=1", hasSessionCookie: false })).toEqual({
      kind: "login",
      location: "/login?next=%2Fdata-health%3Fx%3D1",
    });
    expect(gate({ pathname: "/", search: "", hasSessionCookie: false })).toEqual({ kind: "login", location: "/login?next=%2F" });
  });

  it("lets through anything with a session cookie: the page decides", () => {
    expect(gate({ pathname: "/admin", search: "", hasSessionCookie: true })).toEqual({ kind: "pass" });
  });

  it("lets route handlers, the sign-in page and files through: they answer for themselves", () => {
    for (const p of ["/api/summary", "/api/health", "/api/auth/callback/oidc", "/login", "/_next/static/chunks/a.js", "/favicon.ico"]) {
      expect(isPublicPath(p)).toBe(true);
      expect(gate({ pathname: p, search: "", hasSessionCookie: false }).kind).toBe("pass");
    }
    expect(isPublicPath("/loginx")).toBe(false);
  });

  it("while the workbook is unusable, lets through only signing in, the health check and files", () => {
    for (const p of ["/login", "/api/auth/callback/credentials", "/api/auth/signout", "/api/health", "/_next/static/chunks/a.js", "/favicon.ico"])
      expect(isWorkbookFreePath(p)).toBe(true);
    for (const p of ["/", "/data-health", "/admin", "/tasks", "/api/summary", "/api/screen/pack.pdf", "/screen"]) expect(isWorkbookFreePath(p)).toBe(false);
  });

  it("forwards a token on /screen only", () => {
    expect(gate({ pathname: "/screen", search: "?token=t", hasSessionCookie: false, screenToken: "t" })).toEqual({ kind: "pass", screenToken: "t" });
    expect(gate({ pathname: "/admin", search: "?token=t", hasSessionCookie: false, screenToken: "t" }).kind).toBe("login");
    expect(gate({ pathname: "/screenx", search: "?token=t", hasSessionCookie: false, screenToken: "t" }).kind).toBe("login");
  });

  it("recognises next-auth's session cookies, plain, secure and chunked", () => {
    for (const name of ["next-auth.session-token", "__Secure-next-auth.session-token", "next-auth.session-token.0"])
      expect(SESSION_COOKIE_PATTERN.test(name)).toBe(true);
    for (const name of ["next-auth.csrf-token", "next-auth.callback-url", "lang"]) expect(SESSION_COOKIE_PATTERN.test(name)).toBe(false);
  });
});

describe("the next parameter after sign-in", () => {
  it("stays on this site", () => {
    expect(safeNextPath("/data-health?year=2026")).toBe("/data-health?year=2026");
    for (const bad of [
      "https://evil.example/",
      "//evil.example/",
      "/\\evil.example",
      "javascript:alert(1)",
      "",
      undefined,
      "/login?next=/",
      "/api/auth/signout",
    ]) {
      expect(safeNextPath(bad)).toBe("/");
    }
    expect(safeNextPath(["/admin", "/x"])).toBe("/admin");
  });
});

describe("the Content-Security-Policy", () => {
  it("allows scripts by nonce only, never inline or eval in production, and no framing", () => {
    const csp = contentSecurityPolicy({ nonce: "abc123", dev: false, https: false });
    const scriptSrc = csp.split("; ").find((d) => d.startsWith("script-src")) ?? "";
    expect(scriptSrc).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(contentSecurityPolicy({ nonce: "n", dev: true, https: true })).toMatch(/'unsafe-eval'.*upgrade-insecure-requests/u);
  });
});
