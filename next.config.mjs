/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  images: { unoptimized: true },
  // The e2e journeys build into their own folder (their backend URL is inlined at build time), so
  // they never overwrite the `npm run build:local` output.
  ...(process.env.FOLIO_NEXT_DIST_DIR ? { distDir: process.env.FOLIO_NEXT_DIST_DIR } : {}),
};

export default nextConfig;
