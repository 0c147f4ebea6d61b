// The rollup hierarchy, described once. The PostgreSQL/PGlite refresher (refresh.ts) and the
// TimescaleDB continuous aggregates (timescale.ts) are both generated from these definitions,
// so the three databases expose the same relations with the same columns and the same maths.

export const seriesKinds = ["energy", "production", "environmental"] as const;
export type SeriesKind = (typeof seriesKinds)[number];

export const levels = ["1min", "15min", "1hour", "1day"] as const;
export type Level = (typeof levels)[number];

export const levelMs: Record<Level, number> = {
  "1min": 60_000,
  "15min": 15 * 60_000,
  "1hour": 3_600_000,
  "1day": 86_400_000,
};

export const levelInterval: Record<Level, string> = {
  "1min": "1 minute",
  "15min": "15 minutes",
  "1hour": "1 hour",
  "1day": "1 day",
};

/** Raw table of each kind. */
export const rawTable: Record<SeriesKind, string> = {
  energy: "energy_readings",
  production: "production_data",
  environmental: "environmental_data",
};

export function rollupTable(kind: SeriesKind, level: Level): string {
  return `${rawTable[kind]}_${level}`;
}

/** The level a level is computed from; 1min is computed from the raw table. */
export function parentLevel(level: Level): Level | null {
  const i = levels.indexOf(level);
  return i === 0 ? null : (levels[i - 1] ?? null);
}

export interface RollupColumn {
  name: string;
  /** Aggregate over raw rows (first level). */
  fromRaw: string;
  /** Aggregate over the level below: sums and counts compose, averages are weighted by counts. */
  fromChild: string;
  /** A count of samples (bigint, never NULL) rather than a value (double precision). */
  count?: true;
}

/**
 * An average over a column rows may lack (two sensors sending separate rows, say): it keeps its
 * own count of the samples that had a value, and is weighted by that count, so a missing value is
 * never counted as a sample of the column at any level.
 */
function averageOfOptional(name: string, raw: string, samples: string): RollupColumn {
  return { name, fromRaw: `avg(${raw})`, fromChild: `sum(${name} * ${samples}) / nullif(sum(${samples}), 0)` };
}
function samplesOf(samples: string, raw: string): RollupColumn {
  return { name: samples, fromRaw: `count(${raw})::bigint`, fromChild: `sum(${samples})::bigint`, count: true };
}

export const rollupColumns: Record<SeriesKind, RollupColumn[]> = {
  energy: [
    { name: "total_energy_kwh", fromRaw: "sum(energy_kwh)", fromChild: "sum(total_energy_kwh)" },
    // Daily reads and bills carry no power: power is optional, with its own count.
    averageOfOptional("avg_power_kw", "power_kw", "power_samples"),
    { name: "min_power_kw", fromRaw: "min(power_kw)", fromChild: "min(min_power_kw)" },
    { name: "max_power_kw", fromRaw: "max(power_kw)", fromChild: "max(max_power_kw)" },
    // Seconds of time the bucket's readings cover (each reading covers [time, time + interval_s)
    // and is counted in the bucket its interval starts in). Completeness = covered_s ÷ bucket length.
    { name: "covered_s", fromRaw: "sum(interval_s)::float8", fromChild: "sum(covered_s)" },
    // The latest end of a reading in the bucket, epoch seconds: a bucket whose readings end after
    // the bucket does (a daily read in an hourly bucket) cannot be served at that width.
    // (Epoch seconds through an interval: extract() on a timestamptz is only stable, and
    // TimescaleDB's continuous aggregates accept immutable functions only.)
    { name: "max_reading_end_s", fromRaw: "max(extract(epoch from (time - '1970-01-01 00:00:00+00'::timestamptz)) + interval_s)::float8", fromChild: "max(max_reading_end_s)" },
    samplesOf("power_samples", "power_kw"),
  ],
  production: [
    { name: "total_production_count", fromRaw: "sum(production_count)", fromChild: "sum(total_production_count)" },
    averageOfOptional("avg_throughput", "throughput_units_per_hour", "throughput_samples"),
    {
      // Share of the minute's samples in state "running": minutes of running time, whatever the sampling rate.
      name: "running_minutes",
      fromRaw: "(count(*) FILTER (WHERE machine_state = 'running'))::float8 / count(*)",
      fromChild: "sum(running_minutes)",
    },
    samplesOf("throughput_samples", "throughput_units_per_hour"),
  ],
  environmental: [
    averageOfOptional("avg_outdoor_temp_c", "outdoor_temp_c", "outdoor_temp_samples"),
    { name: "min_outdoor_temp_c", fromRaw: "min(outdoor_temp_c)", fromChild: "min(min_outdoor_temp_c)" },
    { name: "max_outdoor_temp_c", fromRaw: "max(outdoor_temp_c)", fromChild: "max(max_outdoor_temp_c)" },
    averageOfOptional("avg_indoor_temp_c", "indoor_temp_c", "indoor_temp_samples"),
    averageOfOptional("avg_humidity_pct", "humidity_pct", "humidity_samples"),
    averageOfOptional("avg_pressure_bar", "pressure_bar", "pressure_samples"),
    samplesOf("outdoor_temp_samples", "outdoor_temp_c"),
    samplesOf("indoor_temp_samples", "indoor_temp_c"),
    samplesOf("humidity_samples", "humidity_pct"),
    samplesOf("pressure_samples", "pressure_bar"),
  ],
};

export const sampleCount: RollupColumn = {
  name: "sample_count",
  fromRaw: "count(*)::bigint",
  fromChild: "sum(sample_count)::bigint",
  count: true,
};

/** Every column of a rollup relation, in order, after `bucket, machine_id`. */
export function columnsOf(kind: SeriesKind): RollupColumn[] {
  return [...rollupColumns[kind], sampleCount];
}

/**
 * Signed coverage: one column that fixed-width series reads (1min, 15min, hourly) use instead of
 * `covered_s` and `max_reading_end_s`, so a year of hourly points packs one coverage value per
 * bucket instead of two (README "Performance"). It holds the bucket's covered seconds, negated
 * where a reading ends after the bucket does (overruns it: a daily read in an hourly bucket).
 * A bucket with an overrunning reading holds a reading of positive length, so its covered
 * seconds are above 0 and the sign is never lost on a zero. Computed when the bucket is written: a stored generated
 * column of the rollup tables on PostgreSQL and PGlite (whatever writes the row), an expression
 * of the continuous aggregate on TimescaleDB. Only the levels whose buckets have one width in
 * UTC carry it: the 1day tables hold local days of 23–25 hours, and grouped reads (local days,
 * weeks, months) still combine `covered_s` and `max_reading_end_s`.
 */
export const SIGNED_COVERED_S = "signed_covered_s";

/** Whether a rollup relation carries `signed_covered_s`. */
export function hasSignedCoverage(kind: SeriesKind, level: Level): boolean {
  return kind === "energy" && level !== "1day";
}

/**
 * SQL for `signed_covered_s` of one bucket, given SQL for its covered seconds, the latest end of
 * its readings (epoch seconds) and its start (a timestamptz). Immutable functions only (a
 * generated column and a continuous aggregate both require it): epoch seconds through an interval.
 */
export function signedCoveredSql(level: Level, covered: string, maxEnd: string, bucketStart: string): string {
  const end = `extract(epoch from (${bucketStart} - '1970-01-01 00:00:00+00'::timestamptz))::float8 + ${levelMs[level] / 1000}`;
  return `CASE WHEN ${maxEnd} > ${end} THEN -(${covered}) ELSE ${covered} END`;
}

/** The columns a rollup relation stores after `bucket, machine_id`, in order (aggregates, then signed coverage). */
export function storedColumnNames(kind: SeriesKind, level: Level): string[] {
  return [...columnsOf(kind).map((c) => c.name), ...(hasSignedCoverage(kind, level) ? [SIGNED_COVERED_S] : [])];
}

/** Buckets align as TimescaleDB's time_bucket aligns them (origin Monday 2000-01-03, UTC). */
export const BUCKET_ORIGIN = "2000-01-03T00:00:00Z";
const originMs = Date.parse(BUCKET_ORIGIN);

export function floorToLevel(ms: number, level: Level): number {
  const w = levelMs[level];
  return Math.floor((ms - originMs) / w) * w + originMs;
}
