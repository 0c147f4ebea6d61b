// Test helpers: the hourly rollup written out by hand (sum energy and production, average the
// 5-minute environmental samples and throughput, count running minutes) and least squares.
import { Matrix, QrDecomposition, inverse } from "ml-matrix";
import { generateDemoDays } from "@/lib/demo";
import type { DemoPlant, EnergyRow, MachineTruth } from "@/lib/demo";

const HOUR = 3_600_000;

export interface Hourly {
  /** Start of each full hour (UTC ms). */
  hourMs: number[];
  energyKwh: number[];
  production: number[];
  runningHours: number[];
  avgThroughput: number[];
  avgTemp: number[];
  avgPressure: number[];
  /** Mean over the hour's samples of max(0, Th − T) / max(0, T − Tc), filled on request. */
  samples: number[][];
}

export interface HourlyPlant {
  plant: DemoPlant;
  byMachine: Map<string, Hourly>;
}

export function aggregateHourly(plant: DemoPlant, onEnergy?: (row: EnergyRow) => void): HourlyPlant {
  const h0 = Math.floor(plant.start.getTime() / HOUR);
  const hours = Math.ceil(plant.end.getTime() / HOUR) - h0;
  type Acc = { e: Float64Array; n: Float64Array; p: Float64Array; run: Float64Array; thr: Float64Array; t: Float64Array; pr: Float64Array; s: Float64Array; samples: number[][] };
  const acc = new Map<string, Acc>();
  const z = () => new Float64Array(hours);
  for (const m of plant.machines) acc.set(m.id, { e: z(), n: z(), p: z(), run: z(), thr: z(), t: z(), pr: z(), s: z(), samples: Array.from({ length: hours }, () => []) });
  const get = (id: string) => acc.get(id) as Acc;
  for (const chunk of generateDemoDays(plant)) {
    for (const r of chunk.energy) {
      onEnergy?.(r);
      const a = get(r.machineId);
      const h = Math.floor(r.time.getTime() / HOUR) - h0;
      a.e[h] = (a.e[h] ?? 0) + r.energyKwh;
      a.n[h] = (a.n[h] ?? 0) + 1;
    }
    for (const r of chunk.production) {
      const a = get(r.machineId);
      const h = Math.floor(r.time.getTime() / HOUR) - h0;
      a.p[h] = (a.p[h] ?? 0) + r.productionCount;
      a.thr[h] = (a.thr[h] ?? 0) + r.throughputUnitsPerHour;
      if (r.machineState === "running") a.run[h] = (a.run[h] ?? 0) + 1;
    }
    for (const r of chunk.environmental) {
      const a = get(r.machineId);
      const h = Math.floor(r.time.getTime() / HOUR) - h0;
      a.t[h] = (a.t[h] ?? 0) + r.outdoorTempC;
      a.pr[h] = (a.pr[h] ?? 0) + r.pressureBar;
      a.s[h] = (a.s[h] ?? 0) + 1;
      a.samples[h]?.push(r.outdoorTempC);
    }
  }
  const byMachine = new Map<string, Hourly>();
  for (const [id, a] of acc) {
    const out: Hourly = { hourMs: [], energyKwh: [], production: [], runningHours: [], avgThroughput: [], avgTemp: [], avgPressure: [], samples: [] };
    for (let h = 0; h < hours; h++) {
      if (a.n[h] !== 60 || a.s[h] !== 12) continue; // full hours only
      out.hourMs.push((h0 + h) * HOUR);
      out.energyKwh.push(a.e[h] ?? 0);
      out.production.push(a.p[h] ?? 0);
      out.runningHours.push((a.run[h] ?? 0) / 60);
      out.avgThroughput.push((a.thr[h] ?? 0) / 60);
      out.avgTemp.push((a.t[h] ?? 0) / 12);
      out.avgPressure.push((a.pr[h] ?? 0) / 12);
      out.samples.push(a.samples[h] ?? []);
    }
    byMachine.set(id, out);
  }
  return { plant, byMachine };
}

export function driverValue(h: Hourly, name: string, i: number): number {
  const pick: Record<string, number[]> = {
    total_production_count: h.production,
    avg_outdoor_temp_c: h.avgTemp,
    avg_pressure_bar: h.avgPressure,
    avg_throughput: h.avgThroughput,
    running_hours: h.runningHours,
  };
  const v = pick[name]?.[i];
  if (v === undefined) throw new Error(`no driver ${name}`);
  return v;
}

/** Truth prediction for hour i; change-point terms averaged over the hour's 5-minute samples. */
export function predict(truth: MachineTruth, h: Hourly, i: number): number {
  let y = truth.intercept;
  for (const [name, c] of Object.entries(truth.coefficients)) y += c * driverValue(h, name, i);
  const samples = h.samples[i] ?? [];
  const mean = (f: (t: number) => number) => samples.reduce((s, t) => s + f(t), 0) / samples.length;
  if (truth.heatingSlope !== undefined && truth.heatingBalanceC !== undefined) {
    const th = truth.heatingBalanceC;
    y += truth.heatingSlope * mean((t) => Math.max(0, th - t));
  }
  if (truth.coolingSlope !== undefined && truth.coolingBalanceC !== undefined) {
    const tc = truth.coolingBalanceC;
    y += truth.coolingSlope * mean((t) => Math.max(0, t - tc));
  }
  return y;
}

export interface Fit {
  beta: number[];
  se: number[];
  r2: number;
  residualSd: number;
}

/** Ordinary least squares with an intercept column prepended. */
export function ols(columns: number[][], y: number[]): Fit {
  const n = y.length;
  const p = columns.length + 1;
  const X = new Matrix(n, p);
  for (let i = 0; i < n; i++) {
    X.set(i, 0, 1);
    columns.forEach((c, j) => X.set(i, j + 1, c[i] ?? Number.NaN));
  }
  const Y = Matrix.columnVector(y);
  const beta = new QrDecomposition(X).solve(Y).getColumn(0);
  const fitted = X.mmul(Matrix.columnVector(beta)).getColumn(0);
  const mean = y.reduce((s, v) => s + v, 0) / n;
  let sse = 0;
  let sst = 0;
  for (let i = 0; i < n; i++) {
    sse += ((y[i] ?? 0) - (fitted[i] ?? 0)) ** 2;
    sst += ((y[i] ?? 0) - mean) ** 2;
  }
  const sigma2 = sse / (n - p);
  const cov = inverse(X.transpose().mmul(X)).mul(sigma2);
  return { beta, se: beta.map((_, j) => Math.sqrt(cov.get(j, j))), r2: 1 - sse / sst, residualSd: Math.sqrt(sigma2) };
}

/** Sum of squared errors of y ~ 1 + x1 (+ x2) by the normal equations (fast, for grid searches). */
export function sse(y: number[], x1: number[], x2?: number[]): number {
  const n = y.length;
  let s1 = 0, s2 = 0, sy = 0, s11 = 0, s12 = 0, s22 = 0, s1y = 0, s2y = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const a = x1[i] ?? 0;
    const b = x2?.[i] ?? 0;
    const v = y[i] ?? 0;
    s1 += a; s2 += b; sy += v; s11 += a * a; s12 += a * b; s22 += b * b; s1y += a * v; s2y += b * v; syy += v * v;
  }
  // Centred cross-products; SSE = Syy − bᵀ Sxy.
  const c11 = s11 - (s1 * s1) / n, c12 = s12 - (s1 * s2) / n, c22 = s22 - (s2 * s2) / n;
  const c1y = s1y - (s1 * sy) / n, c2y = s2y - (s2 * sy) / n, cyy = syy - (sy * sy) / n;
  if (!x2) return c11 > 1e-9 ? cyy - (c1y * c1y) / c11 : Number.POSITIVE_INFINITY;
  const det = c11 * c22 - c12 * c12;
  if (det <= 1e-9) return Number.POSITIVE_INFINITY;
  const b1 = (c22 * c1y - c12 * c2y) / det;
  const b2 = (c11 * c2y - c12 * c1y) / det;
  return cyy - b1 * c1y - b2 * c2y;
}

export function select<T>(h: Hourly, keep: (i: number) => boolean, series: (h: Hourly) => T[]): T[] {
  return series(h).filter((_, i) => keep(i));
}

export const meanOf = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
export const sdOf = (xs: number[]) => {
  const m = meanOf(xs);
  return Math.sqrt(xs.reduce((s, v) => s + (v - m) ** 2, 0) / (xs.length - 1));
};
