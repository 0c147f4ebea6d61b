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

export async function getSeries(db: Queryable, q: SeriesQuery): Promise<SeriesResult> {
  const level = chooseLevel(q.bucket, q.from, q.to);
  const groups = columnsFor(q.metrics);
  const allColumns = groups.flatMap((g) => g.columns);
  const byMachine = new Map<string, Built>(q.machineIds.map((id) => [id, { times: [], points: [] }]));
  for (const [g, { kind, columns }] of groups.entries()) {
    const rows = await db.query<Record<string, unknown>>(
      // Epoch milliseconds as float8: parsing timestamps into Dates costs more than the query.
      // The machine as its position in the id list: a small integer parses faster than a uuid.
      `SELECT (extract(epoch FROM bucket) * 1000)::float8 AS t, array_position($1::uuid[], machine_id) AS m, ${columns.map((c) => `${c}::float8 AS ${c}`).join(", ")}
       FROM ${rollupTable(kind, level)}
       WHERE machine_id = ANY($1::uuid[]) AND bucket >= $2::timestamptz AND bucket < $3::timestamptz
       ORDER BY machine_id, bucket`,
      [`{${q.machineIds.join(",")}}`, q.from.toISOString(), q.to.toISOString()],
    );
    if (g === 0) {
      // Rows arrive sorted by machine and time: points are appended in order.
      let current = -1;
      let built: Built | undefined;
      for (const row of rows) {
        const m = row.m as number;
        if (m !== current) {
          current = m;
          built = byMachine.get(q.machineIds[m - 1]!);
        }
        if (!built) continue;
        const t = row.t as number;
        const p: SeriesPoint = { time: isoUtc(t) };
        for (const c of allColumns) p[c] = null;
        for (const c of columns) p[c] = row[c] as number | null;
        built.points.push(p);
        built.times.push(t);
      }
    } else {
      mergeKind(byMachine, q.machineIds, rows, columns, allColumns);
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
 * Merges the rows of a further kind into the points (a kind may have buckets the others lack):
 * both are sorted by time, so one linear pass per machine.
 */
function mergeKind(byMachine: Map<string, Built>, ids: string[], rows: Record<string, unknown>[], columns: string[], allColumns: string[]): void {
  let i = 0;
  while (i < rows.length) {
    const m = rows[i]!.m as number;
    let end = i;
    while (end < rows.length && rows[end]!.m === m) end++;
    const id = ids[m - 1]!;
    const built = byMachine.get(id);
    if (built) byMachine.set(id, mergeSorted(built, rows, i, end, columns, allColumns));
    i = end;
  }
}

function mergeSorted(built: Built, rows: Record<string, unknown>[], from: number, to: number, columns: string[], allColumns: string[]): Built {
  const { times, points } = built;
  const out: Built = { times: [], points: [] };
  let a = 0;
  for (let r = from; r < to; r++) {
    const row = rows[r]!;
    const t = row.t as number;
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
    for (const c of columns) p[c] = row[c] as number | null;
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
