import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { freePort } from "./server";

/**
 * A private PostgreSQL cluster for fault tests: initdb into a temporary directory and pg_ctl on a
 * free port of 127.0.0.1, so a test can stop, restart or crash it without disturbing any other
 * test (those use the machine's server on 5432). Binaries from PG_BIN, default
 * /usr/lib/postgresql/15/bin (Debian's PostgreSQL 15). As root (PostgreSQL refuses to run as
 * root) the cluster runs as the `postgres` user.
 */
export interface PgCluster {
  port: number;
  /** postgres://postgres@127.0.0.1:<port>/<database> (trust authentication). */
  url(database?: string): string;
  /** Creates an empty database on the cluster. */
  createDatabase(name: string): Promise<void>;
  start(): void;
  /** `fast`: backends are terminated (57P01) and the server shuts down cleanly; `immediate`: as a crash. */
  stop(mode?: "fast" | "immediate"): void;
  /** pg_ctl restart (fast shutdown, then start): connections are cut, the data stays. */
  restart(): void;
  /** The server's log (for a failing test's message). */
  log(): string;
  /** Stops the server (immediately) and deletes its directory. */
  destroy(): void;
}

export const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

/** Whether the binaries are there (tests skip, saying so, when not). */
export function hasPgBinaries(): boolean {
  return existsSync(path.join(PG_BIN, "initdb")) && existsSync(path.join(PG_BIN, "pg_ctl"));
}


/** uid and gid of `postgres` when running as root, else undefined (run as ourselves). */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
  return { uid, gid };
}

export async function startPgCluster(): Promise<PgCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), "enms-pg-"));
  const data = path.join(dir, "data");
  const logFile = path.join(dir, "server.log");
  const user = runAs();
  if (user) chownSync(dir, user.uid, user.gid);
  const port = await freePort();
  const run = (bin: string, args: string[]) => {
    const r = spawnSync(path.join(PG_BIN, bin), args, { ...user, cwd: dir, encoding: "utf8", timeout: 120_000 });
    if (r.status !== 0) throw new Error(`${bin} ${args.join(" ")} failed (${r.status ?? r.signal}): ${r.stderr}${r.stdout}\n${readLog()}`);
  };
  const readLog = () => (existsSync(logFile) ? readFileSync(logFile, "utf8") : "");
  run("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"]);
  // A test server: no durability needed (fsync off), sockets only in its own directory.
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60`;
  const start = () => run("pg_ctl", ["-D", data, "-l", logFile, "-o", options, "-w", "-t", "60", "start"]);
  const stop = (mode: "fast" | "immediate" = "fast") => run("pg_ctl", ["-D", data, "-m", mode, "-w", "-t", "60", "stop"]);
  start();
  const url = (database = "postgres") => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    port,
    url,
    async createDatabase(name) {
      const admin = postgres(url(), { max: 1, onnotice: () => {} });
      try {
        await admin.unsafe(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
    },
    start,
    stop,
    restart: () => run("pg_ctl", ["-D", data, "-l", logFile, "-o", options, "-m", "fast", "-w", "-t", "60", "restart"]),
    log: readLog,
    destroy() {
      spawnSync(path.join(PG_BIN, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], { ...user, cwd: dir, encoding: "utf8" });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The environment of a `next start` on a cluster's database (open mode, as the contract between helpers says). */
export function appEnv(databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    AUTH: "off",
    AUTH_OFF_CONFIRM: "anyone-who-can-reach-this-server-can-read-and-change-all-data",
    SCHEDULER: "off",
    LOG_LEVEL: "info",
    ...extra,
  };
}
