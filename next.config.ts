import type { NextConfig } from "next";
import { securityHeaders } from "./lib/security/headers";

const nextConfig: NextConfig = {
  // PGlite and arima ship wasm and must be loaded by Node at run time, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "arima"],
  typedRoutes: false,
  poweredByHeader: false,
  // NEXT_OUTPUT=standalone (the Dockerfile sets it): a self-contained server in .next/standalone
  // (README "Deployment"). Otherwise the usual build, which `next start` (demo, tests) serves
  // without its warning that standalone builds are meant for `node server.js`.
  ...(process.env.NEXT_OUTPUT === "standalone" ? { output: "standalone" as const } : {}),
  // Read from disk at run time, so not found by the standalone output's tracing.
  outputFileTracingIncludes: {
    "/api/docs/[asset]": ["./node_modules/swagger-ui-dist/swagger-ui.css", "./node_modules/swagger-ui-dist/swagger-ui-bundle.js"],
    "/api/health/ready": ["./drizzle/**/*"],
  },
  // .ci/run type-checks the whole project (`npm run typecheck`, which covers tests and benches too)
  // before `npm test` builds; it sets TYPECHECK_DONE=1 so the build does not check again (about
  // 40 s of a 2-core CI run). Everywhere else the build checks types as usual.
  typescript: { ignoreBuildErrors: process.env.TYPECHECK_DONE === "1" },
  headers() {
    const headers = securityHeaders({ dev: process.env.NODE_ENV === "development", hsts: process.env.HSTS === "on" });
    return Promise.resolve([{ source: "/:path*", headers }]);
  },
};

export default nextConfig;
