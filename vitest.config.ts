import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)), "server-only": fileURLToPath(new URL("./tests/server-only-stub.ts", import.meta.url)) } },
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: "forks",
    fileParallelism: true,
    maxWorkers: 2,
    // Route handlers log a line per request: keep test output to errors (servers started by tests set their own level).
    // Auth is off for tests calling route handlers directly (everyone is the open-mode admin);
    // tests of sign-in and access set AUTH=on themselves (tests/helpers/auth.ts).
    env: { LOG_LEVEL: "error", AUTH: "off" },
  },
});
