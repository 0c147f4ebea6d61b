import type { Queryable } from "@/lib/db/types";
import { levelMs, levels, rollupTable, type Level, type SeriesKind } from "./definitions";
import { metricColumns, type Metric } from "./metrics";
import { isoUtc } from "./iso";

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
  /** Epoch milliseconds of each point, aligned with points (for callers that compute on times). */
  times: number[];
}

type Built = { times: number[]; points: SeriesPoint[] };

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

/** One kind's values for one machine: times and, per column, the values at those times. */
interface KindSeries {
  times: number[];
  values: (number | null)[][];
}

/**
 * One statement per kind, one row per machine: the buckets in time order packed into one text
 * value ("t,c1,c2,t,c1,c2,…"). A year of hourly points is then one field to decode instead of
 * 8,760 rows × columns — the per-field cost of the wire protocol dominated on PostgreSQL and
 * even more on PGlite. float8 text is the shortest exact representation (PostgreSQL ≥ 12), so
 * Number() gives back the stored double.
 */
async function readKind(db: Queryable, kind: SeriesKind, level: Level, columns: string[], q: SeriesQuery): Promise<Map<number, KindSeries>> {
  const fields = ["((extract(epoch FROM bucket) * 1000)::float8)::text", ...columns.map((c) => `coalesce(${c}::float8::text, '')`)].join(" || ',' || ");
  const rows = await db.query<{ m: number; v: string | null }>(
    `SELECT array_position($1::uuid[], machine_id) AS m, string_agg(${fields}, ',' ORDER BY bucket) AS v
     FROM ${rollupTable(kind, level)}
     WHERE machine_id = ANY($1::uuid[]) AND bucket >= $2::timestamptz AND bucket < $3::timestamptz
     GROUP BY machine_id`,
    [`{${q.machineIds.join(",")}}`, q.from.toISOString(), q.to.toISOString()],
  );
  const out = new Map<number, KindSeries>();
  const stride = columns.length + 1;
  for (const row of rows) {
    const parts = row.v === null ? [] : row.v.split(",");
    const n = parts.length / stride;
    const times = new Array<number>(n);
    const values = columns.map(() => new Array<number | null>(n));
    for (let i = 0, o = 0; i < n; i++, o += stride) {
      times[i] = Number(parts[o]);
      for (let c = 0; c < columns.length; c++) {
        const text = parts[o + c + 1]!;
        values[c]![i] = text === "" ? null : Number(text);
      }
    }
    out.set(row.m, { times, values });
  }
  return out;
}

export async function getSeries(db: Queryable, q: SeriesQuery): Promise<SeriesResult> {
  const level = chooseLevel(q.bucket, q.from, q.to);
  const groups = columnsFor(q.metrics);
  const allColumns = groups.flatMap((g) => g.columns);
  const byMachine = new Map<string, Built>(q.machineIds.map((id) => [id, { times: [], points: [] }]));
  for (const { kind, columns } of groups) {
    const kindSeries = await readKind(db, kind, level, columns, q);
    for (const [m, ks] of kindSeries) {
      const id = q.machineIds[m - 1]!;
      const built = byMachine.get(id);
      if (built) byMachine.set(id, mergeSorted(built, ks, columns, allColumns));
    }
  }
  return {
    bucket: level,
    from: q.from.toISOString(),
    to: q.to.toISOString(),
    columns: allColumns,
    series: q.machineIds.map((machineId) => ({ machineId, points: byMachine.get(machineId)?.points ?? [], times: byMachine.get(machineId)?.times ?? [] })),
  };
}

/**
 * Merges one kind's values into the points built so far (a kind may have buckets the others
 * lack); both are sorted by time, so one linear pass.
 */
function mergeSorted(built: Built, ks: KindSeries, columns: string[], allColumns: string[]): Built {
  const { times, points } = built;
  const out: Built = { times: [], points: [] };
  let a = 0;
  for (let r = 0; r < ks.times.length; r++) {
    const t = ks.times[r]!;
    while (a < times.length && times[a]! < t) {
      out.times.push(times[a]!);
      out.points.push(points[a++]!);
    }
    let p: SeriesPoint;
    if (a < times.length && times[a] === t) p = points[a++]!;
    else {
      p = { time: isoUtc(t) };
      for (const c of allColumns) p[c] = null;
    }
    for (let c = 0; c < columns.length; c++) p[columns[c]!] = ks.values[c]![r]!;
    out.times.push(t);
    out.points.push(p);
  }
  while (a < times.length) {
    out.times.push(times[a]!);
    out.points.push(points[a++]!);
  }
  return out;
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
