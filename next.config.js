/** @type {import('next').NextConfig} */
const nextConfig = {
  // Loaded by Node at run time rather than bundled: both are large CommonJS packages.
  serverExternalPackages: ["exceljs", "@googleapis/sheets"],
  poweredByHeader: false,
  reactStrictMode: true,
  // forbidden() renders app/forbidden.tsx with a real 403 status.
  experimental: { authInterrupts: true },
};

module.exports = nextConfig;
