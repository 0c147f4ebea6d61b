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

/**
 * One machine's series, by column: epoch milliseconds of each bucket in time order and, per
 * rollup column, the values at those times (null where the bucket has none). Callers that
 * compute read the arrays; seriesPoints() turns them into rows for JSON and CSV.
 */
export interface MachineSeries {
  machineId: string;
  times: number[];
  values: Record<string, (number | null)[]>;
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

/** One kind's values for one machine: times and, per column, the values at those times. */
export interface KindSeries {
  times: number[];
  values: (number | null)[][];
}

/**
 * One statement per kind, one row per machine: the buckets in time order packed into one bytea
 * value, per bucket its time (timestamptz_send: 8 bytes, microseconds since 2000-01-01) and each
 * column as float8send (8 bytes, big-endian IEEE 754; NULL sent as NaN, which ingestion never
 * stores). A year of hourly points is then one field to decode instead of 8,760 rows × columns
 * (the per-field cost of the wire protocol dominated, on PGlite most of all), and no number is
 * formatted as text or parsed back: the doubles arrive bit for bit. The value travels as base64
 * text (Buffer decodes it natively): PGlite turns a bytea result into bytes in JavaScript, which
 * took three times as long as the query itself.
 *
 * The rows reach string_agg in the order of the subquery (an ordered index scan, where the
 * aggregate's own ORDER BY would sort again on PostgreSQL 15). PostgreSQL does not promise to
 * keep that order, so it is checked here, and a series that arrived out of order is sorted.
 */
async function readKind(db: Queryable, kind: SeriesKind, level: Level, columns: string[], q: SeriesQuery): Promise<Map<string, KindSeries>> {
  const packed = ["timestamptz_send(bucket)", ...columns.map((c) => `float8send(coalesce(${c}::float8, 'NaN'))`)].join(" || ");
  const rows = await db.query<{ id: string; v: string | null }>(
    `SELECT machine_id::text AS id, encode(string_agg(b, ''::bytea), 'base64') AS v FROM (
       SELECT machine_id, ${packed} AS b
       FROM ${rollupTable(kind, level)}
       WHERE machine_id = ANY($1::uuid[]) AND bucket >= $2::timestamptz AND bucket < $3::timestamptz
       ORDER BY machine_id, bucket) s
     GROUP BY machine_id`,
    [`{${q.machineIds.join(",")}}`, q.from.toISOString(), q.to.toISOString()],
  );
  // Keyed by the ids as the caller wrote them (the database answers in lower case).
  const asAsked = new Map(q.machineIds.map((id) => [id.toLowerCase(), id]));
  const out = new Map<string, KindSeries>();
  for (const row of rows) {
    const id = asAsked.get(row.id);
    if (id !== undefined) out.set(id, decodePacked(Buffer.from(row.v ?? "", "base64"), columns.length));
  }
  return out;
}

/** One machine's packed buckets (see readKind) as times and columns, sorted by time. */
export function decodePacked(bytes: Uint8Array, columnCount: number): KindSeries {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stride = 8 * (columnCount + 1);
  const n = Math.floor(bytes.byteLength / stride);
  const times = new Array<number>(n);
  const values = Array.from({ length: columnCount }, () => new Array<number | null>(n));
  let ordered = true;
  for (let i = 0, o = 0; i < n; i++, o += stride) {
    // Whole microseconds as two halves (exact below 2^53), then milliseconds since 1970.
    const t = (view.getInt32(o) * 4_294_967_296 + view.getUint32(o + 4)) / 1000 + PG_EPOCH_MS;
    if (i > 0 && t <= times[i - 1]!) ordered = false;
    times[i] = t;
    for (let c = 0; c < columnCount; c++) {
      const v = view.getFloat64(o + 8 + 8 * c);
      values[c]![i] = Number.isNaN(v) ? null : v;
    }
  }
  return ordered ? { times, values } : sortedByTime({ times, values });
}

/** PostgreSQL's timestamp epoch, 2000-01-01 UTC, in milliseconds since 1970. */
const PG_EPOCH_MS = 946_684_800_000;

function sortedByTime(ks: KindSeries): KindSeries {
  const order = ks.times.map((_, i) => i).sort((a, b) => ks.times[a]! - ks.times[b]!);
  return { times: order.map((i) => ks.times[i]!), values: ks.values.map((col) => order.map((i) => col[i]!)) };
}

export async function getSeries(db: Queryable, q: SeriesQuery): Promise<SeriesResult> {
  const level = chooseLevel(q.bucket, q.from, q.to);
  const groups = columnsFor(q.metrics);
  const parts = new Map<string, { ks: KindSeries; columns: string[] }[]>(q.machineIds.map((id) => [id, []]));
  for (const { kind, columns } of groups) {
    for (const [id, ks] of await readKind(db, kind, level, columns, q)) parts.get(id)?.push({ ks, columns });
  }
  const allColumns = groups.flatMap((g) => g.columns);
  return {
    bucket: level,
    from: q.from.toISOString(),
    to: q.to.toISOString(),
    columns: allColumns,
    series: q.machineIds.map((machineId) => ({ machineId, ...joinKinds(parts.get(machineId) ?? [], allColumns) })),
  };
}

/**
 * One machine's kinds side by side: the union of their bucket times (a kind may have buckets
 * the others lack), each column null where its kind has no bucket. A single kind is used as read.
 */
function joinKinds(parts: { ks: KindSeries; columns: string[] }[], allColumns: string[]): Omit<MachineSeries, "machineId"> {
  if (parts.length === 1 && parts[0]!.columns.length === allColumns.length) {
    const { ks, columns } = parts[0]!;
    return { times: ks.times, values: Object.fromEntries(columns.map((c, i) => [c, ks.values[i]!])) };
  }
  const times = unionSorted(parts.map((p) => p.ks.times));
  const values: Record<string, (number | null)[]> = {};
  for (const c of allColumns) values[c] = new Array<number | null>(times.length).fill(null);
  for (const { ks, columns } of parts) {
    let at = 0;
    for (let r = 0; r < ks.times.length; r++) {
      while (times[at]! < ks.times[r]!) at++;
      for (let c = 0; c < columns.length; c++) values[columns[c]!]![at] = ks.values[c]![r]!;
    }
  }
  return { times, values };
}

/** The sorted union of sorted lists of times. */
function unionSorted(lists: number[][]): number[] {
  return [...new Set(lists.flat())].sort((a, b) => a - b);
}

/** A machine's series as rows ({time, column: value, …}) for JSON and CSV. */
export function seriesPoints(series: MachineSeries | undefined, columns: string[]): SeriesPoint[] {
  if (!series) return [];
  const template: SeriesPoint = { time: "" };
  for (const c of columns) template[c] = null;
  const cols = columns.map((c) => series.values[c]);
  return series.times.map((t, i) => {
    // Copied from one template, every point has the same shape (and costs no shape changes).
    const p: SeriesPoint = { ...template };
    p.time = isoUtc(t);
    for (let c = 0; c < columns.length; c++) {
      const v = cols[c]?.[i];
      if (v !== undefined) p[columns[c]!] = v;
    }
    return p;
  });
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
