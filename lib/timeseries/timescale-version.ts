import type { Queryable } from "@/lib/db/types";

/** A TimescaleDB extension version, e.g. [2, 28, 3] for "2.28.3". */
export type Version = readonly [number, number, number];

/** Parses `pg_extension.extversion` ("2.28.3", "2.29.0-dev"); null when it is not a version. */
export function parseVersion(text: string): Version | null {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : null;
}

/** Whether `v` is `min` or later. */
export function atLeast(v: Version, min: Version): boolean {
  for (let i = 0; i < 3; i += 1) if (v[i]! !== min[i]!) return v[i]! > min[i]!;
  return true;
}

/**
 * The oldest TimescaleDB the product runs on: migration 0004 sets and drops NOT NULL on
 * compressed hypertables, allowed from 2.18 (timescale/timescaledb#7455).
 */
export const MIN_TIMESCALE: Version = [2, 18, 0];

/**
 * `refresh_continuous_aggregate(…, options => '{"buckets_per_batch": n}')` exists from 2.28, which
 * also made manual refreshes batch by default (10 buckets a batch, one transaction each).
 */
export const REFRESH_OPTIONS_FROM: Version = [2, 28, 0];

/** The installed TimescaleDB version of the database, or null without the extension. */
export async function timescaleVersion(db: Queryable): Promise<Version | null> {
  const rows = await db.query<{ v: string }>(`SELECT extversion AS v FROM pg_extension WHERE extname = 'timescaledb'`);
  return rows[0] ? parseVersion(rows[0].v) : null;
}
