import type { Queryable } from "@/lib/db/types";

// Whether to use TimescaleDB on a PostgreSQL server, decided from what the server says before
// anything is attempted. TimescaleDB's loader refuses CREATE EXTENSION on a server that does not
// preload its library with a FATAL error ("extension "timescaledb" must be preloaded"), which ends
// the connection; so a server that has the extension installed but not preloaded is detected
// first and used as plain PostgreSQL, with one log line saying how to enable it.

export interface TimescaleProbe {
  /** pg_available_extensions lists timescaledb (its files are installed on the server). */
  available: boolean;
  /** The extension already exists in this database (pg_extension). */
  installed: boolean;
  /** shared_preload_libraries as the server reports it; null when this role may not read it (pg_read_all_settings). */
  preloadLibraries: string | null;
  /**
   * timescaledb.max_background_workers, a setting TimescaleDB's loader defines once preloaded
   * (null when undefined): the fallback signal when shared_preload_libraries is hidden.
   */
  loaderSetting: string | null;
}

export type TimescaleDecision =
  | { use: true }
  | { use: false; reason: "not_available" }
  | { use: false; reason: "not_preloaded"; message: string };

export const NOT_PRELOADED_MESSAGE =
  "TimescaleDB is installed on this PostgreSQL server but not preloaded, so it is used as plain PostgreSQL " +
  "(rollups as tables). To use TimescaleDB, add it to postgresql.conf: shared_preload_libraries = 'timescaledb' " +
  "(keep any libraries already listed), restart the server, then restart this app.";

export const INSTALLED_NOT_PRELOADED_MESSAGE =
  "This database has the timescaledb extension, but the PostgreSQL server does not preload its library, so the " +
  "database cannot be used: add shared_preload_libraries = 'timescaledb' to postgresql.conf and restart the server.";

/**
 * Whether shared_preload_libraries names TimescaleDB's loader. The setting is a comma-separated
 * list whose entries may be quoted or paths ('$libdir/timescaledb').
 */
export function preloadsTimescale(preloadLibraries: string): boolean {
  return preloadLibraries
    .split(",")
    .map((entry) => entry.trim().replace(/^["']|["']$/g, ""))
    .some((entry) => /(^|\/)timescaledb$/i.test(entry));
}

/**
 * What to do with this server. Throws when the database already has the extension but the
 * server does not preload it: its rollups are continuous aggregates that no query could read.
 */
export function decideTimescale(probe: TimescaleProbe): TimescaleDecision {
  const preloaded = probe.preloadLibraries !== null ? preloadsTimescale(probe.preloadLibraries) : probe.loaderSetting !== null;
  if (probe.installed && !preloaded) throw new Error(INSTALLED_NOT_PRELOADED_MESSAGE);
  if (!probe.available) return { use: false, reason: "not_available" };
  if (!preloaded) return { use: false, reason: "not_preloaded", message: NOT_PRELOADED_MESSAGE };
  return { use: true };
}

/** Whether an error is TimescaleDB's refusal to load without preloading (the FATAL above). */
export function isNotPreloadedError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { message, hint } = error as { message?: unknown; hint?: unknown };
  return (
    (typeof message === "string" && /timescaledb.*must be preloaded/i.test(message)) ||
    (typeof hint === "string" && /preload the timescaledb library/i.test(hint))
  );
}

/** Asks the server what decideTimescale needs (one round trip; works for any role). */
export async function probeTimescale(db: Queryable): Promise<TimescaleProbe> {
  // pg_settings, not current_setting(): it hides a setting the role may not read instead of failing.
  const rows = await db.query<{ available: boolean; installed: boolean; preload: string | null; loader: string | null }>(
    `SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') AS available,
            EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') AS installed,
            (SELECT setting FROM pg_settings WHERE name = 'shared_preload_libraries') AS preload,
            current_setting('timescaledb.max_background_workers', true) AS loader`,
  );
  const r = rows[0];
  return { available: r?.available === true, installed: r?.installed === true, preloadLibraries: r?.preload ?? null, loaderSetting: r?.loader ?? null };
}
