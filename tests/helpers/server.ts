import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { openPglite } from "@/lib/db/pglite";
import { pgliteTemplate } from "./databases";

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
  log(): string;
}

/** A TCP port free on 127.0.0.1 at the moment of asking. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address ? address.port : 0;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

/** Open mode for servers started by tests, with the confirmation a production start requires. */
export const OPEN_MODE_ENV = { AUTH: "off", AUTH_OFF_CONFIRM: "anyone-who-can-reach-this-server-can-read-and-change-all-data" };

/**
 * Starts the built app with `next start` on a fresh embedded database (migrated, from the suite's
 * template, and seeded by the server on its first start)
 * and waits until /api/health (or `opts.healthPath`) answers. Requires `next build` to have run (npm test does it).
 * Runs in open mode (AUTH=off, confirmed) unless `extraEnv` sets AUTH=on, with the read cache on
 * as in production (vitest's NODE_ENV=test, which the server inherits, would turn it off).
 */
export async function startServer(
  extraEnv: Record<string, string> = {},
  opts: {
    timeoutMs?: number;
    /** When the server counts as ready; by default once the embedded demo plant is seeded. */
    ready?: (log: string) => boolean;
    /** The path that must answer 2xx first: /api/health (default; needs the database) or /api/health/live. */
    healthPath?: string;
  } = {},
): Promise<RunningServer> {
  const ready = opts.ready ?? ((log: string) => log.includes("Rollups ready"));
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), "enms-e2e-"));
  if (!extraEnv.DATABASE_URL) {
    // The embedded database starts migrated (from the suite's template) rather than from initdb:
    // the server then only migrates nothing and seeds, about 2 s less per start.
    const db = await openPglite(dir, { loadDataDir: await pgliteTemplate() });
    await db.close();
  }
  let output = "";
  const child: ChildProcess = spawn(path.join("node_modules", ".bin", "next"), ["start", "-p", String(port)], {
    env: { ...process.env, DATABASE_URL: "", PGLITE_DIR: dir, NEXT_TELEMETRY_DISABLED: "1", DEMO_DAYS: "8", LOG_LEVEL: "info", READ_CACHE_TTL_S: "10", ...OPEN_MODE_ENV, ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 150_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${url}${opts.healthPath ?? "/api/health"}`);
      if (res.ok && ready(output)) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not become ready:\n${output}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    log: () => output,
    async stop() {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
