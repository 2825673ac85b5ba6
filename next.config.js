/**
 * Sent with every response, static files included. The Content-Security-Policy
 * of pages carries a per-request nonce and is set in proxy.ts; files the proxy
 * does not see get a policy that allows nothing to run or frame them.
 */
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Meeting-screen links carry their token in the URL: never send it to another site.
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Loaded by Node at run time rather than bundled: both are large CommonJS packages.
  serverExternalPackages: ["exceljs", "@googleapis/sheets", "@sparticuz/chromium"],
  // The serverless Chromium is unpacked from these at run time: the file tracer cannot see them.
  outputFileTracingIncludes: { "/api/screen/pack.pdf": ["./node_modules/@sparticuz/chromium/bin/**"] },
  poweredByHeader: false,
  reactStrictMode: true,
  // forbidden() renders app/forbidden.tsx with a real 403 status.
  experimental: { authInterrupts: true },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      ...["/_next/static/:path*", "/_next/image", "/favicon.ico"].map((source) => ({
        source,
        headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }],
      })),
    ];
  },
};

module.exports = nextConfig;
