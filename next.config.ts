import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships a wasm file and must be loaded by Node at run time, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "postgres"],
  typedRoutes: false,
};

export default nextConfig;
