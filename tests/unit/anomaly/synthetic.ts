import type { MachineBuckets } from "@/lib/anomaly/types";
import { mulberry32 } from "@/lib/analytics/random";

export const H = 3_600_000;
/** Monday 6 January 2025 00:00 UTC: hour of week = index mod 168 (a UTC plant). */
export const T0 = Date.UTC(2025, 0, 6);

/** Normal noise (Box–Muller) from a seeded generator. */
export function normals(n: number, seed: number, sd = 1): number[] {
  const rnd = mulberry32(seed);
  return Array.from({ length: n }, () => sd * Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd()));
}

/** Hand-made buckets: energy and expected given, every bucket fully covered unless overridden. */
type Series = "coverage" | "avgPowerKw" | "minPowerKw" | "maxPowerKw" | "production" | "runningMinutes" | "expected";
type Options = Partial<Omit<MachineBuckets, "energy" | Series>> & Partial<Record<Series, ArrayLike<number>>>;

export function buckets(energy: number[], o: Options = {}): MachineBuckets {
  const n = energy.length;
  const arr = (v: ArrayLike<number> | undefined, fill: number) => (v ? Float64Array.from(v) : new Float64Array(n).fill(fill));
  return {
    times: Array.from({ length: n }, (_, i) => T0 + i * H),
    stepMs: H,
    from: o.from ?? 0,
    energy: Float64Array.from(energy),
    coverage: arr(o.coverage, 1),
    avgPowerKw: arr(o.avgPowerKw, Number.NaN),
    minPowerKw: arr(o.minPowerKw, Number.NaN),
    maxPowerKw: arr(o.maxPowerKw, Number.NaN),
    production: arr(o.production, Number.NaN),
    runningMinutes: arr(o.runningMinutes, Number.NaN),
    hourOfWeek: o.hourOfWeek ?? Int16Array.from({ length: n }, (_, i) => i % 168),
    expected: arr(o.expected, Number.NaN),
    drivers: o.drivers ?? {},
    ratedPowerKw: o.ratedPowerKw ?? null,
    hasProduction: o.hasProduction ?? false,
  };
}
