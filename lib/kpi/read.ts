import type { Queryable } from "@/lib/db/types";
import { bucketSql, type KpiWindow } from "./buckets";

// What the KPIs read, in as few statements as the window needs: per machine and KPI bucket the
// energy, its cost and CO2 priced hour by hour at local time, the energy of hours without
// production, and the production rollups; the scope's 15-minute demand peaks; raw readings only
// for machines whose readings are longer than an hour (daily reads, bills: a few rows a month).

export interface EnergyCell {
  kwh: number;
  coveredS: number;
  /** Σ kWh × the price of its local hour of week (currency). */
  cost: number;
  /** Σ kWh × the grid factor of its local hour (kg). */
  co2: number;
  /** kWh of hours in which no unit was counted (base load). */
  baseKwh: number;
  /** Some reading ends after its hour (daily reads, bills): hourly figures are not available. */
  overhang: boolean;
}

export interface ProductionCell {
  units: number;
  runningMinutes: number;
  samples: number;
}

/** One site's pricing, by local hour: 168 energy prices (0 = Monday 00:00) and 24 grid factors. */
export interface Pricing {
  prices: number[];
  factors: number[];
}

const toMs = (v: unknown) => Number(v);
type Keyed<T> = Map<string, Map<number, T>>;

function put<T>(m: Keyed<T>, id: string, ob: number, v: T) {
  let inner = m.get(id);
  if (!inner) m.set(id, (inner = new Map<number, T>()));
  inner.set(ob, v);
}

const windowParams = (w: KpiWindow, ids: string[]) => [`{${ids.join(",")}}`, new Date(w.starts[0]!).toISOString(), new Date(w.ends.at(-1)!).toISOString(), w.timeZone];

/**
 * Energy and production by machine and KPI bucket, in one pass over the hourly (or 15-minute)
 * rollups of both, joined by hour: an hour with energy and no unit counted (or no production row)
 * is base load. Prices and grid factors are looked up by the local hour of week the row starts in.
 */
export async function readEnergy(db: Queryable, w: KpiWindow, ids: string[], pricing: Pricing): Promise<{ energy: Keyed<EnergyCell>; production: Keyed<ProductionCell> }> {
  // Where a row's bucket ends: fixed lengths, or the next local midnight (23–25 h) for days.
  const endS = w.level === "1day" ? `date_part('epoch', (l + interval '1 day') AT TIME ZONE $4)` : `date_part('epoch', bucket) + ${w.level === "1hour" ? 3600 : 900}`;
  const ob = bucketSql(w, "coalesce(e.bucket, p.bucket)", "$2", "$4");
  const window = `machine_id = ANY($1::uuid[]) AND bucket >= $2::timestamptz AND bucket < $3::timestamptz`;
  // date_part, not extract(): extract computes in numeric since PostgreSQL 14, several times slower.
  const rows = await db.query<{
    id: string;
    ob: number;
    kwh: number | null;
    covered_s: number | null;
    cost: number | null;
    co2: number | null;
    base_kwh: number | null;
    overhang: boolean | null;
    units: number | null;
    running: number | null;
    samples: number | null;
  }>(
    // Grouped by the uuid and the bucket's timestamptz, converted once per group: casting each
    // row's id to text and its time to epoch cost a third of the statement.
    `SELECT id::text AS id, date_part('epoch', ob) * 1000 AS ob, kwh, covered_s, cost, co2, base_kwh, overhang, units, running, samples FROM (
     SELECT coalesce(e.machine_id, p.machine_id) AS id, ${ob} AS ob,
            sum(e.total_energy_kwh)::float8 AS kwh, sum(e.covered_s)::float8 AS covered_s,
            sum(e.total_energy_kwh * ($5::float8[])[e.how])::float8 AS cost,
            sum(e.total_energy_kwh * ($6::float8[])[e.hod])::float8 AS co2,
            (sum(e.total_energy_kwh) FILTER (WHERE coalesce(p.total_production_count, 0) = 0))::float8 AS base_kwh,
            bool_or(e.max_reading_end_s > e.end_s) AS overhang,
            sum(p.total_production_count)::float8 AS units, sum(p.running_minutes)::float8 AS running, sum(p.sample_count)::float8 AS samples
     FROM (SELECT machine_id, bucket, total_energy_kwh, covered_s, max_reading_end_s,
                  ${endS} AS end_s,
                  (date_part('isodow', l)::int - 1) * 24 + date_part('hour', l)::int + 1 AS how,
                  date_part('hour', l)::int + 1 AS hod
           FROM (SELECT *, bucket AT TIME ZONE $4 AS l FROM energy_readings_${w.level} WHERE ${window}) r) e
     FULL JOIN (SELECT machine_id, bucket, total_production_count, running_minutes, sample_count FROM production_data_${w.level} WHERE ${window}) p
       ON p.machine_id = e.machine_id AND p.bucket = e.bucket
     GROUP BY 1, 2) g`,
    [...windowParams(w, ids), `{${pricing.prices.join(",")}}`, `{${pricing.factors.join(",")}}`],
  );
  const energy: Keyed<EnergyCell> = new Map();
  const production: Keyed<ProductionCell> = new Map();
  for (const r of rows) {
    const ob = toMs(r.ob);
    if (r.kwh !== null) put(energy, r.id, ob, { kwh: r.kwh, coveredS: r.covered_s ?? 0, cost: r.cost ?? 0, co2: r.co2 ?? 0, baseKwh: r.base_kwh ?? 0, overhang: r.overhang ?? false });
    if (r.samples !== null) put(production, r.id, ob, { units: r.units ?? 0, runningMinutes: r.running ?? 0, samples: r.samples });
  }
  return { energy, production };
}

export interface RawReading {
  start: number;
  end: number;
  kwh: number;
  peakKw: number | null;
}

/** Raw readings of machines read daily or billed (few rows), starting in the window. */
export async function readRawReadings(db: Queryable, w: KpiWindow, ids: string[]): Promise<Map<string, RawReading[]>> {
  const out = new Map<string, RawReading[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await db.query<{ id: string; t: string; s: number; e: number; p: number | null }>(
    `SELECT machine_id::text AS id, date_part('epoch', time) * 1000 AS t, interval_s AS s, energy_kwh AS e, peak_demand_kw AS p
     FROM energy_readings WHERE machine_id = ANY($1::uuid[]) AND time >= $2::timestamptz AND time < $3::timestamptz ORDER BY machine_id, time`,
    windowParams(w, ids).slice(0, 3),
  );
  for (const r of rows) {
    const start = toMs(r.t);
    out.get(ids.find((i) => i.toLowerCase() === r.id) ?? r.id)?.push({ start, end: start + r.s * 1000, kwh: r.e, peakKw: r.p });
  }
  return out;
}

export interface DemandPeaks {
  /** Per KPI bucket with data: the highest 15-minute demand interval of the machines together. */
  peaks: Map<number, { at: number; kwh: number }>;
  /**
   * Per KPI bucket with data: the kWh of the same machines and the number of 15-minute demand
   * intervals holding any of their readings (the load factor's average demand is on this basis).
   */
  basis: Map<number, { kwh: number; intervals: number }>;
  /** Machines whose readings are longer than 15 minutes somewhere in the window: no demand interval. */
  tooCoarse: Set<string>;
}

/**
 * The scope's demand peaks: per 15-minute interval the machines' energy summed (coincident
 * demand, as a utility meter at the site's connection sees it), and per KPI bucket its largest
 * interval with its start, and the basis of the average demand beside it (the load factor's):
 * the kWh of those intervals and how many there are. Machines with readings longer than 15
 * minutes are left out of both and named.
 */
type PeakRow = { k: string; id: string | null; ob: string | null; at: string | null; e: number | null; n: number | null; total: number | null };

export async function readDemandPeaks(db: Queryable, w: KpiWindow, ids: string[]): Promise<DemandPeaks> {
  // Quarter-hour rows, whatever level the window's other figures are read from.
  const ob = bucketSql({ ...w, level: "15min" }, "bucket", "$2", "$4");
  // Per KPI bucket its largest interval and, from the very same intervals, their energy and count:
  // one sort, one reference to the sums (a CTE named twice is materialized, which cost the
  // one-year summary about a third more).
  const top = (sums: string) => `
     r AS (SELECT ob, bucket, e, row_number() OVER o AS rn, count(*) OVER a AS n, sum(e) OVER a AS total
           FROM (SELECT ${ob} AS ob, bucket, e FROM ${sums}) x
           WINDOW o AS (PARTITION BY ob ORDER BY e DESC, bucket), a AS (o ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING))
     SELECT 'peak' AS k, NULL::text AS id, date_part('epoch', ob) * 1000 AS ob, date_part('epoch', bucket) * 1000 AS at, e::float8 AS e, n::float8 AS n, total::float8 AS total FROM r WHERE rn = 1`;
  const window = `machine_id = ANY($1::uuid[]) AND bucket >= $2::timestamptz AND bucket < $3::timestamptz AND $4::text IS NOT NULL`;
  // One pass over the window's 15-minute rows, summed per interval (date_part: extract() computes
  // in numeric since PostgreSQL 14, several times slower); exact when no reading is longer than 15 minutes.
  const fast = await db.query<PeakRow>(
    // The latest reading end per interval, compared once per interval rather than once per row.
    `WITH s AS MATERIALIZED (
       SELECT bucket, e, m > date_part('epoch', bucket) + 900 AS long FROM (
         SELECT bucket, sum(total_energy_kwh) AS e, max(max_reading_end_s) AS m FROM energy_readings_15min WHERE ${window} GROUP BY bucket) g),
     ${top("s")}
     UNION ALL SELECT 'long', NULL, NULL, NULL, NULL, NULL, NULL WHERE (SELECT bool_or(long) FROM s)`,
    windowParams(w, ids),
  );
  // Otherwise again, leaving out the machines with longer readings, named.
  const rows = !fast.some((r) => r.k === "long")
    ? fast
    : await db.query<PeakRow>(
        `WITH q AS MATERIALIZED (
           SELECT bucket, machine_id, total_energy_kwh AS e, max_reading_end_s > date_part('epoch', bucket) + 900 AS long FROM energy_readings_15min WHERE ${window}),
         bad AS (SELECT DISTINCT machine_id FROM q WHERE long),
         s AS (SELECT bucket, sum(e) AS e FROM q WHERE machine_id NOT IN (SELECT machine_id FROM bad) GROUP BY bucket),
         ${top("s")}
         UNION ALL SELECT 'long', machine_id::text, NULL, NULL, NULL, NULL, NULL FROM bad`,
        windowParams(w, ids),
      );
  const peaks = new Map<number, { at: number; kwh: number }>();
  const basis = new Map<number, { kwh: number; intervals: number }>();
  const tooCoarse = new Set<string>();
  for (const r of rows) {
    if (r.k === "long") tooCoarse.add(ids.find((i) => i.toLowerCase() === r.id) ?? r.id!);
    else {
      peaks.set(toMs(r.ob), { at: toMs(r.at), kwh: r.e ?? 0 });
      basis.set(toMs(r.ob), { kwh: r.total ?? 0, intervals: r.n ?? 0 });
    }
  }
  return { peaks, basis, tooCoarse };
}

/** Each machine's energy in one 15-minute interval (who made up a peak), kWh. */
export async function readInterval(db: Queryable, ids: string[], at: number): Promise<Map<string, number>> {
  const rows = await db.query<{ id: string; e: number }>(
    `SELECT machine_id::text AS id, total_energy_kwh::float8 AS e FROM energy_readings_15min WHERE machine_id = ANY($1::uuid[]) AND bucket = $2::timestamptz`,
    [`{${ids.join(",")}}`, new Date(at).toISOString()],
  );
  return new Map(rows.map((r) => [ids.find((i) => i.toLowerCase() === r.id) ?? r.id, r.e]));
}

export interface StateSplit {
  /** kWh of hours without units whose production samples mostly say "off" (or that have none). */
  offShiftKwh: number;
  /** kWh of hours without units in which the machine reported idle or running states (on shift, waiting). */
  idleKwh: number;
}

export interface ProductShare {
  productId: string | null;
  units: number;
  /** The energy of producing hours, shared among their products by units counted. */
  kwh: number;
}

/**
 * Idle and off-shift energy and energy per product, from the raw production rows (the rollups
 * carry neither states nor products): each hour (quarter hour at 15-minute level) is classified by
 * its own production rows; a producing hour's energy is shared among its products in proportion to
 * their units. Costs a scan of the window's raw production rows: offered by the SEC endpoint only.
 */
export async function readStatesAndProducts(db: Queryable, w: KpiWindow, ids: string[]): Promise<{ states: Keyed<StateSplit>; products: Map<string, ProductShare[]> }> {
  const step = w.level === "1hour" ? "1 hour" : "15 minutes";
  const ob = bucketSql(w, "e.bucket", "$2", "$4");
  const rows = await db.query<{ k: string; id: string; ob: string; product: string | null; a: number | null; b: number | null }>(
    `WITH h AS (
       SELECT machine_id, date_bin('${step}', time, TIMESTAMPTZ '2000-01-03 00:00:00+00') AS bucket, product_id,
              sum(production_count) AS units, count(*) FILTER (WHERE machine_state = 'off') AS off_n, count(*) AS n
       FROM production_data WHERE machine_id = ANY($1::uuid[]) AND time >= $2::timestamptz AND time < $3::timestamptz GROUP BY 1, 2, 3),
     t AS (SELECT machine_id, bucket, sum(units) AS units, sum(off_n) AS off_n, sum(n) AS n FROM h GROUP BY 1, 2),
     e AS (SELECT machine_id, bucket, total_energy_kwh AS kwh FROM energy_readings_${w.level}
           WHERE machine_id = ANY($1::uuid[]) AND bucket >= $2::timestamptz AND bucket < $3::timestamptz AND $4::text IS NOT NULL)
     SELECT 'state' AS k, e.machine_id::text AS id, date_part('epoch', ${ob}) * 1000 AS ob, NULL::text AS product,
            (sum(e.kwh) FILTER (WHERE coalesce(t.units, 0) = 0 AND (t.n IS NULL OR 2 * t.off_n >= t.n)))::float8 AS a,
            (sum(e.kwh) FILTER (WHERE coalesce(t.units, 0) = 0 AND t.n IS NOT NULL AND 2 * t.off_n < t.n))::float8 AS b
     FROM e LEFT JOIN t ON t.machine_id = e.machine_id AND t.bucket = e.bucket GROUP BY 2, 3
     UNION ALL
     SELECT 'product', h.machine_id::text, 0, h.product_id, sum(h.units)::float8, sum(e.kwh * h.units / t.units)::float8
     FROM h JOIN t ON t.machine_id = h.machine_id AND t.bucket = h.bucket
            JOIN e ON e.machine_id = h.machine_id AND e.bucket = h.bucket
     WHERE t.units > 0 GROUP BY 2, 4`,
    windowParams(w, ids),
  );
  const states: Keyed<StateSplit> = new Map();
  const products = new Map<string, ProductShare[]>();
  for (const r of rows) {
    const id = ids.find((i) => i.toLowerCase() === r.id) ?? r.id;
    if (r.k === "state") put(states, id, toMs(r.ob), { offShiftKwh: r.a ?? 0, idleKwh: r.b ?? 0 });
    else products.set(id, [...(products.get(id) ?? []), { productId: r.product, units: r.a ?? 0, kwh: r.b ?? 0 }]);
  }
  return { states, products };
}
