// The fit answer's buckets as columns (`POST /api/v1/baseline/fit?buckets=columns`, what the
// studio asks for): the same numbers as the rows, without each bucket repeating its field and
// driver names and without the residual, which is actual − fitted and is recomputed bit for bit
// (IEEE subtraction of the same doubles; JSON numbers round-trip exactly). A year of hourly
// buckets with three drivers: about half the bytes. Browser-safe: the studio expands them.

export interface FitBucketRow {
  time: string;
  actual: number;
  fitted: number;
  residual: number;
  drivers: Record<string, number>;
}

export interface FitBucketColumns {
  /** Bucket starts, epoch ms (the rows' `time` is their UTC ISO string). */
  time_ms: number[];
  actual: number[];
  fitted: number[];
  /** Driver name → one value per bucket. */
  drivers: Record<string, number[]>;
}

/** Rows → columns; `drivers` names the model's inputs (every row holds each of them). */
export function toColumns(rows: FitBucketRow[], drivers: string[]): FitBucketColumns {
  return {
    time_ms: rows.map((r) => Date.parse(r.time)),
    actual: rows.map((r) => r.actual),
    fitted: rows.map((r) => r.fitted),
    drivers: Object.fromEntries(drivers.map((d) => [d, rows.map((r) => r.drivers[d]!)])),
  };
}

/** Columns → the rows the fit answers by default (time as `Date#toISOString`, residual = actual − fitted). */
export function fromColumns(c: FitBucketColumns): FitBucketRow[] {
  const names = Object.keys(c.drivers);
  return c.time_ms.map((ms, i) => ({
    time: new Date(ms).toISOString(),
    actual: c.actual[i]!,
    fitted: c.fitted[i]!,
    residual: c.actual[i]! - c.fitted[i]!,
    drivers: Object.fromEntries(names.map((d) => [d, c.drivers[d]![i]!])),
  }));
}
