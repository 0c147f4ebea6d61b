import type { Queryable } from "@/lib/db/types";
import { levelMs, levels, rollupTable, type Level, type SeriesKind } from "./definitions";
import { metricColumns, type Metric } from "./metrics";

// "Series for machines × metrics × range × bucket", read from the rollup of that bucket width
// (the coarsest relation that answers it) on every database alike.

export const buckets = ["auto", ...levels] as const;
export type Bucket = (typeof buckets)[number];

export interface SeriesQuery {
  machineIds: string[];
  metrics: Metric[];
  from: Date;
  to: Date;
  bucket: Bucket;
}

export type SeriesPoint = { time: string } & Record<string, number | null | string>;

export interface MachineSeries {
  machineId: string;
  points: SeriesPoint[];
}

export interface SeriesResult {
  bucket: Level;
  from: string;
  to: string;
  columns: string[];
  series: MachineSeries[];
}

/** Auto picks the finest level that keeps a chart under ~1,500 points. */
export function chooseLevel(bucket: Bucket, from: Date, to: Date): Level {
  if (bucket !== "auto") return bucket;
  const span = to.getTime() - from.getTime();
  for (const level of levels) if (span / levelMs[level] <= 1500) return level;
  return "1day";
}

export function columnsFor(metrics: Metric[]): { kind: SeriesKind; columns: string[] }[] {
  const byKind = new Map<SeriesKind, string[]>();
  for (const m of metrics) {
    const { kind, columns } = metricColumns[m];
    const list = byKind.get(kind) ?? [];
    for (const c of columns) if (!list.includes(c)) list.push(c);
    byKind.set(kind, list);
  }
  return [...byKind.entries()].map(([kind, columns]) => ({ kind, columns }));
}

export async function getSeries(db: Queryable, q: SeriesQuery): Promise<SeriesResult> {
  const level = chooseLevel(q.bucket, q.from, q.to);
  const groups = columnsFor(q.metrics);
  const allColumns = groups.flatMap((g) => g.columns);
  const byMachine = new Map<string, Map<number, SeriesPoint>>(q.machineIds.map((id) => [id, new Map()]));
  for (const { kind, columns } of groups) {
    const rows = await db.query<Record<string, unknown>>(
      // Epoch milliseconds as float8: parsing timestamps into Dates costs more than the query.
      `SELECT (extract(epoch FROM bucket) * 1000)::float8 AS t, machine_id::text AS machine_id, ${columns.map((c) => `${c}::float8 AS ${c}`).join(", ")}
       FROM ${rollupTable(kind, level)}
       WHERE machine_id = ANY($1::uuid[]) AND bucket >= $2::timestamptz AND bucket < $3::timestamptz
       ORDER BY machine_id, bucket`,
      [`{${q.machineIds.join(",")}}`, q.from.toISOString(), q.to.toISOString()],
    );
    for (const row of rows) {
      const points = byMachine.get(String(row.machine_id));
      if (!points) continue;
      const t = row.t as number;
      let p = points.get(t);
      if (!p) {
        p = { time: new Date(t).toISOString() };
        for (const c of allColumns) p[c] = null;
        points.set(t, p);
      }
      for (const c of columns) p[c] = row[c] as number | null;
    }
  }
  return {
    bucket: level,
    from: q.from.toISOString(),
    to: q.to.toISOString(),
    columns: allColumns,
    series: q.machineIds.map((machineId) => ({
      machineId,
      // Numeric keys: rows of one kind arrive sorted; several kinds are merged by time here.
      points: [...(byMachine.get(machineId)?.entries() ?? [])].sort((a, b) => a[0] - b[0]).map((e) => e[1]),
    })),
  };
}

/** The newest raw timestamp of each kind, for the health check. */
export async function latestTimes(db: Queryable): Promise<Record<SeriesKind, string | null>> {
  const rows = await db.query<{ e: Date | null; p: Date | null; v: Date | null }>(
    `SELECT (SELECT max(time) FROM energy_readings) AS e,
            (SELECT max(time) FROM production_data) AS p,
            (SELECT max(time) FROM environmental_data) AS v`,
  );
  const r = rows[0];
  const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
  return { energy: iso(r?.e), production: iso(r?.p), environmental: iso(r?.v) };
}
