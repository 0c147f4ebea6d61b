import type { Queryable } from "@/lib/db/types";
import { AppError } from "@/lib/errors";
import { columnsOf, levelMs, rollupTable, SIGNED_COVERED_S, type Level, type SeriesKind } from "./definitions";
import { autoGranularity, calendarUnit, fixedLevel, granularities, type Granularity } from "./granularity";
import { localCeil, localFloor, nextLocal, wholeHourOffsets, type CalendarUnit } from "./local";
import { metricColumns, type Metric } from "./metrics";
import { isoUtc } from "./iso";
import { zonesOf } from "./zones";

// "Series for machines × metrics × range × granularity", on every database alike. Fixed widths
// (1min, 15min, hourly) are read from their rollup; local days from the 1day rollup, which holds
// each machine's site-local days on PostgreSQL and PGlite; weeks and months (and, on TimescaleDB,
// whose continuous aggregates have one zone each, days too) are grouped at query time from the
// level below with date_trunc(unit, bucket, zone), per zone.

export const buckets = ["auto", ...granularities] as const;
export type Bucket = Granularity | "auto";

export interface SeriesQuery {
  machineIds: string[];
  metrics: Metric[];
  from: Date;
  to: Date;
  bucket: Bucket;
  /** Group calendar buckets at query time even where the 1day rollup holds them (tests, TimescaleDB). */
  groupAtQueryTime?: boolean;
  /**
   * Energy series keep `covered_s` and `max_reading_end_s` (epoch seconds) instead of
   * `coverage`, and readings longer than a bucket are the caller's to judge (the modelling
   * frame groups hours into days itself).
   */
  coverageInputs?: boolean;
  /** Only these rollup columns of the metrics asked for (the modelling frame reads what its drivers need). */
  onlyColumns?: readonly string[];
  /**
   * Leave out a machine whose readings are longer than the buckets (a billed machine in daily
   * buckets) and name it in `absent`, instead of failing the whole read with a 400. Ignored for
   * `auto`, which moves to a coarser granularity instead.
   */
  leaveOutTooLong?: boolean;
}

export type SeriesPoint = { time: string } & Record<string, number | null | string>;

/**
 * One machine's series, by column: epoch milliseconds of each bucket in time order and, per
 * column, the values at those times (null where the bucket has none). Energy series carry
 * `coverage`: the share of the bucket's length its readings cover. Callers that compute read the
 * arrays; seriesPoints() turns them into rows for JSON and CSV.
 */
export interface MachineSeries {
  machineId: string;
  times: number[];
  values: Record<string, (number | null)[]>;
}

export interface SeriesResult {
  bucket: Granularity;
  from: string;
  to: string;
  columns: string[];
  series: MachineSeries[];
  /** Machines left out under `leaveOutTooLong`, each with the granularities that hold its readings. */
  absent?: AbsentMachine[];
}

/** A machine left out of a series because a reading is longer than its bucket. */
export interface AbsentMachine {
  machineId: string;
  /** Start (epoch ms) of the first bucket a reading overruns. */
  bucketStart: number;
  /** Coarser granularities that hold the machine's readings whole in the window (may be empty). */
  supported: Granularity[];
}

/** Energy reads carry what coverage needs; `coverage` is derived from them. */
const COVERAGE_INPUTS = ["covered_s", "max_reading_end_s"];
/**
 * Fixed widths read their rollup's buckets as they are: one column says both how much of the
 * bucket is covered and whether a reading overruns it (definitions.ts: signed_covered_s).
 */
const SIGNED_COVERAGE = [SIGNED_COVERED_S];

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
/** Where one statement reads: a rollup, a window of its buckets, and optionally a grouping into local calendar buckets. */
interface ReadSource {
  kind: SeriesKind;
  level: Level;
  machineIds: string[];
  from: Date;
  to: Date;
  group?: { unit: CalendarUnit; tz: string };
}

async function readKind(db: Queryable, src: ReadSource, columns: string[]): Promise<Map<string, KindSeries>> {
  const packed = ["timestamptz_send(bucket)", ...columns.map((c) => `float8send(coalesce(${c}::float8, 'NaN'))`)].join(" || ");
  const params: unknown[] = [`{${src.machineIds.join(",")}}`, src.from.toISOString(), src.to.toISOString()];
  const window = `machine_id = ANY($1::uuid[]) AND bucket >= $2::timestamptz AND bucket < $3::timestamptz`;
  let from = `${rollupTable(src.kind, src.level)} WHERE ${window}`;
  if (src.group) {
    // Column names come from the rollup definitions (an allow list), never from a request.
    const defs = new Map(columnsOf(src.kind).map((c) => [c.name, c]));
    const exprs = columns.map((c) => `${defs.get(c)!.fromChild} AS ${c}`).join(", ");
    from = `(SELECT machine_id, date_trunc('${src.group.unit}', bucket, $4) AS bucket, ${exprs}
             FROM ${rollupTable(src.kind, src.level)} WHERE ${window} GROUP BY 1, 2) g`;
    params.push(src.group.tz);
  }
  const rows = await db.query<{ id: string; v: string | null }>(
    `SELECT machine_id::text AS id, encode(string_agg(b, ''::bytea), 'base64') AS v FROM (
       SELECT machine_id, ${packed} AS b FROM ${from}
       ORDER BY machine_id, bucket) s
     GROUP BY machine_id`,
    params,
  );
  // Keyed by the ids as the caller wrote them (the database answers in lower case).
  const asAsked = new Map(src.machineIds.map((id) => [id.toLowerCase(), id]));
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

/**
 * Series of machines × metrics over the buckets that start in [from, to), each bucket whole.
 * Energy series get `coverage` (covered time ÷ the bucket's length, 0…1; above 1 only where
 * readings overlap). Throws AppError 400 when a machine's readings are longer than the buckets
 * asked for (a daily read in an hourly bucket), naming the granularities that work.
 */
export async function getSeries(db: Queryable & { kind?: string }, q: SeriesQuery): Promise<SeriesResult> {
  const granularity = q.bucket === "auto" ? autoGranularity(q.from, q.to) : q.bucket;
  const only = q.onlyColumns;
  const groups = columnsFor(q.metrics)
    .map((g) => (only ? { kind: g.kind, columns: g.columns.filter((c) => only.includes(c)) } : g))
    .filter((g) => g.columns.length > 0 || g.kind === "energy");
  const unit = calendarUnit[granularity];
  const zones = unit ? await zonesOf(db, q.machineIds) : new Map<string, string>();
  const parts = new Map<string, { ks: KindSeries; columns: string[] }[]>(q.machineIds.map((id) => [id, []]));
  const coverageRead = fixedLevel[granularity] && !q.coverageInputs ? SIGNED_COVERAGE : COVERAGE_INPUTS;
  // One statement per kind (and zone), sent together: a pool runs them side by side.
  const reads = groups.flatMap(({ kind, columns }) => {
    const read = kind === "energy" ? [...columns, ...coverageRead] : columns;
    return sourcesFor(db, kind, granularity, q, zones).map(async (src) => ({ read, rows: await readKind(db, src, read) }));
  });
  for (const { read, rows } of await Promise.all(reads)) {
    for (const [id, ks] of rows) parts.get(id)?.push({ ks, columns: read });
  }
  const allColumns = groups.flatMap((g) => (g.kind === "energy" ? [...g.columns, ...(q.coverageInputs ? COVERAGE_INPUTS : ["coverage"])] : g.columns));
  const series = q.machineIds.map((machineId) => {
    const joined = joinKinds(parts.get(machineId) ?? [], groups.flatMap((g) => (g.kind === "energy" ? [...g.columns, ...coverageRead] : g.columns)));
    return { machineId, ...(q.coverageInputs ? { ...joined, overhang: null } : withCoverage(joined, granularity, zones.get(machineId) ?? "UTC")) };
  });
  const tooLong = series.find((s) => s.overhang !== null);
  if (tooLong && q.leaveOutTooLong && q.bucket !== "auto") {
    const absent: AbsentMachine[] = [];
    for (const s of series.filter((x) => x.overhang !== null)) {
      const error = await granularityTooFine(db, q, granularity, s.machineId, s.overhang!);
      absent.push({ machineId: s.machineId, bucketStart: s.overhang!, supported: (error.details.supported_granularities as Granularity[] | undefined) ?? [] });
    }
    return {
      bucket: granularity,
      from: q.from.toISOString(),
      to: q.to.toISOString(),
      columns: allColumns,
      series: series.filter((s) => s.overhang === null).map(({ machineId, times, values }) => ({ machineId, times, values })),
      absent,
    };
  }
  if (tooLong) {
    // auto: the finest granularity that holds the readings whole.
    if (q.bucket === "auto") {
      for (const coarser of granularities.slice(granularities.indexOf(granularity) + 1)) {
        try {
          return await getSeries(db, { ...q, bucket: coarser });
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
        }
      }
    }
    throw await granularityTooFine(db, q, granularity, tooLong.machineId, tooLong.overhang!);
  }
  return {
    bucket: granularity,
    from: q.from.toISOString(),
    to: q.to.toISOString(),
    columns: allColumns,
    series: series.map(({ machineId, times, values }) => ({ machineId, times, values })),
  };
}

/** The statements one kind needs: one for fixed widths, one per zone for calendar buckets. */
function sourcesFor(db: { kind?: string }, kind: SeriesKind, g: Granularity, q: SeriesQuery, zones: Map<string, string>): ReadSource[] {
  const level = fixedLevel[g];
  if (level) return [{ kind, level, machineIds: q.machineIds, from: q.from, to: q.to }];
  const unit = calendarUnit[g]!;
  const byZone = new Map<string, string[]>();
  for (const id of q.machineIds) byZone.set(zones.get(id)!, [...(byZone.get(zones.get(id)!) ?? []), id]);
  const tables = db.kind !== "timescaledb" && !q.groupAtQueryTime;
  return [...byZone.entries()].map(([tz, machineIds]) => {
    // Buckets starting in [from, to), whole: their source rows run from the first start to the end of the last.
    const from = new Date(localCeil(q.from.getTime(), unit, tz));
    const to = new Date(localCeil(q.to.getTime(), unit, tz));
    if (tables && unit === "day") return { kind, level: "1day", machineIds, from, to };
    const level: Level = tables ? "1day" : wholeHourOffsets(tz, from.getTime(), to.getTime()) ? "1hour" : "15min";
    return { kind, level, machineIds, from, to, group: { unit, tz } };
  });
}

/**
 * Replaces the coverage inputs of an energy series by `coverage`, and finds the first bucket
 * whose readings end after the bucket does (`overhang`: its start, null if none). The inputs are
 * `signed_covered_s` (fixed widths) or `covered_s` and `max_reading_end_s` (calendar buckets).
 */
function withCoverage(s: Omit<MachineSeries, "machineId">, g: Granularity, tz: string): Omit<MachineSeries, "machineId"> & { overhang: number | null } {
  const signed = s.values[SIGNED_COVERED_S];
  if (signed) return withSignedCoverage(s, signed, levelMs[fixedLevel[g]!]);
  const covered = s.values.covered_s;
  const ends = s.values.max_reading_end_s;
  if (!covered || !ends) return { ...s, overhang: null };
  const unit = calendarUnit[g];
  const fixed = fixedLevel[g];
  const n = s.times.length;
  const coverage = new Array<number | null>(n);
  let overhang: number | null = null;
  const width = fixed ? levelMs[fixed] : 0;
  for (let i = 0; i < n; i++) {
    const start = s.times[i]!;
    const end = fixed ? start + width : nextLocal(start, unit!, tz);
    const c = covered[i];
    coverage[i] = c === null || c === undefined ? null : (c * 1000) / (end - start);
    const e = ends[i];
    if (overhang === null && e !== null && e !== undefined && e * 1000 > end) overhang = start;
  }
  // A new object (no deletes): its keys stay in a fixed shape for the JSON and CSV writers.
  const values: Record<string, (number | null)[]> = {};
  for (const [k, v] of Object.entries(s.values)) if (k !== "covered_s" && k !== "max_reading_end_s") values[k] = v;
  values.coverage = coverage;
  return { times: s.times, values, overhang };
}

/** withCoverage for buckets of one width (ms), from signed covered seconds (negative: a reading overruns the bucket). */
function withSignedCoverage(s: Omit<MachineSeries, "machineId">, signed: (number | null)[], width: number): Omit<MachineSeries, "machineId"> & { overhang: number | null } {
  const n = s.times.length;
  const coverage = new Array<number | null>(n);
  let overhang: number | null = null;
  for (let i = 0; i < n; i++) {
    const c = signed[i];
    if (c === null || c === undefined) coverage[i] = null;
    else if (c < 0) {
      coverage[i] = (-c * 1000) / width;
      if (overhang === null) overhang = s.times[i]!;
    } else coverage[i] = (c * 1000) / width;
  }
  const values: Record<string, (number | null)[]> = {};
  for (const [k, v] of Object.entries(s.values)) if (k !== SIGNED_COVERED_S) values[k] = v;
  values.coverage = coverage;
  return { times: s.times, values, overhang };
}

/** The 400 for readings longer than the buckets asked for, naming the granularities that hold them. */
export async function granularityTooFine(db: Queryable & { kind?: string }, q: SeriesQuery, g: Granularity, machineId: string, at: number): Promise<AppError> {
  const coarser = granularities.slice(granularities.indexOf(g) + 1);
  const works: Granularity[] = [];
  const tz = (await zonesOf(db, [machineId])).get(machineId)!;
  for (const c of coarser) {
    // Probed over the whole buckets that hold the window, and only where they hold readings.
    const unit = calendarUnit[c];
    const level = fixedLevel[c];
    const from = unit ? localFloor(q.from.getTime(), unit, tz) : Math.floor(q.from.getTime() / levelMs[level!]) * levelMs[level!];
    const to = unit ? localCeil(q.to.getTime(), unit, tz) : Math.ceil(q.to.getTime() / levelMs[level!]) * levelMs[level!];
    try {
      const probe = await getSeries(db, { ...q, machineIds: [machineId], metrics: ["energy"], bucket: c, leaveOutTooLong: false, from: new Date(from), to: new Date(Math.max(to, from + 1)) });
      if ((probe.series[0]?.times.length ?? 0) > 0) works.push(c);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
    }
  }
  const hint = works.length > 0 ? `granularities that hold them: ${works.join(", ")}` : "no calendar granularity holds them whole (billing periods?)";
  return new AppError(
    "bad_request",
    `Machine ${machineId} has readings longer than a ${g} bucket (the bucket starting ${isoUtc(at)} holds one that ends after it); readings are never spread over buckets: ${hint}`,
    // machine_id and bucket_start let a page name the machine and the bucket in its own words.
    { errors: [{ field: "bucket", message: `too fine for these readings; use ${works.join(" or ") || "billing periods"}` }], supported_granularities: works, machine_id: machineId, bucket_start: isoUtc(at), granularity: g },
  );
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

/** The sorted union of sorted lists of times, merged pairwise in linear time. */
export function unionSorted(lists: number[][]): number[] {
  let out: number[] = [];
  for (const list of lists) {
    const merged: number[] = [];
    let i = 0;
    let j = 0;
    while (i < out.length || j < list.length) {
      const a = i < out.length ? out[i]! : Infinity;
      const b = j < list.length ? list[j]! : Infinity;
      const next = a <= b ? a : b;
      if (a === next) i++;
      if (b === next) j++;
      merged.push(next);
    }
    out = merged;
  }
  return out;
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
