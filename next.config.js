/** @type {import('next').NextConfig} */
const nextConfig = {
  // Loaded by Node at run time rather than bundled: both are large CommonJS packages.
  serverExternalPackages: ["exceljs", "@googleapis/sheets"],
  poweredByHeader: false,
  reactStrictMode: true,
};

module.exports = nextConfig;
