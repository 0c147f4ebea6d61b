import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite and arima ship wasm and must be loaded by Node at run time, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "arima"],
  typedRoutes: false,
};

export default nextConfig;
