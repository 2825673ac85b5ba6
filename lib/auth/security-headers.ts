/**
 * The Content-Security-Policy of every page. Scripts need a per-request nonce
 * (Next.js puts it on its own inline and bundle scripts when it finds it in the
 * request's CSP header); 'strict-dynamic' lets those scripts load the page's
 * chunks. Styles allow 'unsafe-inline' because recharts and React set style
 * attributes, which a nonce cannot cover; no script can run from them.
 */
export function contentSecurityPolicy(opts: { nonce: string; dev: boolean; https: boolean }): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${opts.nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** A fresh, unguessable nonce for one response. */
export function newNonce(): string {
  return Buffer.from(crypto.randomUUID()).toString("base64");
}
