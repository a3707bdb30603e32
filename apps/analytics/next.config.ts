import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Gzip per response costs more CPU than most of our answers are worth (a session token, a few
  // hundred rows); put the server behind a compressing reverse proxy or CDN for large exports.
  compress: false,
  // The app database and the embedded warehouse run in-process (PGlite is WebAssembly that loads
  // its own files at run time), so they stay plain Node modules instead of being bundled.
  serverExternalPackages: [
    "@embed/db",
    "@embed/sample-data",
    "@electric-sql/pglite",
    "@prisma/client",
    "pglite-prisma-adapter",
    "pg",
    "@node-rs/argon2",
  ],
  // Every response, documents and API alike: a browser never guesses a type other than the one
  // declared (a JSON answer or a CSV export is never run as script or rendered as HTML).
  async headers() {
    return [{ source: "/:path*", headers: [{ key: "x-content-type-options", value: "nosniff" }] }];
  },
};

export default nextConfig;
