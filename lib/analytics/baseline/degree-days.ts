import { applyQt, pivotedQr } from "@/lib/analytics/regression/qr";
import { bucketKey } from "@/lib/analytics/drivers/calendar";
import type { Granularity } from "@/lib/analytics/drivers/catalogue";
import { signMeaning } from "./physics";

// Base temperatures of the hdd and cdd drivers, searched when the request gives none: the base
// that leaves the least residual sum of squares in the linear model with the other drivers.
// Every candidate column is the degree-days the frame would compute at that base (hourly
// temperatures summed into the bucket), so coarse buckets are searched exactly. The other
// drivers are factored out once (Frisch–Waugh–Lovell): with z = Qᵀy and f = Qᵀc over the rows
// past the fixed design's rank, SSE(c) = ‖z‖² − (fᵀz)²/‖f‖², O(n·p) per candidate, and the
// candidate's coefficient is fᵀz/‖f‖².
//
// As in CalTRACK 2.0, a base qualifies only where the window holds enough degree-days (§3.2.2.2:
// at least 10 days with non-zero degree-days and at least 20 degree-days per year of data; the
// count of days is not applied to weekly and monthly buckets, as CalTRACK exempts billing data)
// and where the term's coefficient is not negative (§3.4.3.2). A term no base qualifies for is
// dropped with the reason; a given base with too few degree-days drops its term too. Only when
// no base leaves 5 % of buckets on each side (a window wholly below every base) does the default
// base stay, as before.

/** CalTRACK's balance-point range, 30–90 °F. */
const MIN_C = -1;
const MAX_C = 32;
const MIN_SHARE = 0.05;
/** CalTRACK 2.0 §3.2.2.2.1: days with non-zero degree-days per year (not for billing data). */
export const MIN_NONZERO_DEGREE_DAY_DAYS_PER_YEAR = 10;
/** CalTRACK 2.0 §3.2.2.2.2: degree-days per year. */
export const MIN_DEGREE_DAYS_PER_YEAR = 20;
const SUFFICIENCY_SOURCE = "CalTRACK 2.0 §3.2.2.2";

export interface DegreeDayInput {
  y: number[];
  /** Columns of the other drivers (fixed during the search). */
  fixed: number[][];
  /** Per bucket, the temperatures of the rows it was built from. */
  temperatures: number[][];
  /** Per bucket, the factor its sums were scaled by (missing hours). */
  scales: number[];
  /** Hours per row (1 hourly, 0.25 for 15min rows). */
  hoursPerRow: number;
  /** Bases to search (undefined) or keep (given). */
  hdd?: number | null;
  cdd?: number | null;
  /**
   * Per bucket, the index of the local day it lies in (15min and hourly: many buckets a day;
   * daily: one each). Omitted for weekly and coarser buckets: only the total is required then.
   */
  dayIndex?: number[];
  /**
   * Per bucket, the days a frame value stands for (daily and coarser frames hold daily rates:
   * a bucket's degree-days are its rate × its days); absent or 1 for 15-minute and hourly frames.
   */
  exposure?: number[];
}

export function degreeDayColumn(kind: "hdd" | "cdd", base: number, input: Pick<DegreeDayInput, "temperatures" | "scales" | "hoursPerRow">): number[] {
  return input.temperatures.map((ts, i) => {
    let s = 0;
    for (const t of ts) s += kind === "hdd" ? Math.max(0, base - t) : Math.max(0, t - base);
    return (s * input.hoursPerRow * input.scales[i]!) / 24;
  });
}

/** SSE of y on [1, fixed…, candidate], and the candidate's coefficient, with the fixed part factored once. */
function residualizer(y: number[], fixed: number[][]) {
  const n = y.length;
  const p = 1 + fixed.length;
  const a = new Float64Array(n * p);
  a.fill(1, 0, n);
  fixed.forEach((col, j) => a.set(col, (j + 1) * n));
  const qr = pivotedQr(a, n, p);
  const z = Float64Array.from(y);
  applyQt(qr, z);
  let zz = 0;
  for (let i = p; i < n; i++) zz += z[i]! * z[i]!;
  return (c: number[]): { sse: number; slope: number } => {
    const f = Float64Array.from(c);
    applyQt(qr, f);
    let ff = 0;
    let fz = 0;
    for (let i = p; i < n; i++) {
      ff += f[i]! * f[i]!;
      fz += f[i]! * z[i]!;
    }
    // A column the fixed drivers already explain adds nothing (and would make the fit singular).
    if (ff <= 1e-12 * (c.reduce((s, v) => s + v * v, 0) || 1)) return { sse: Infinity, slope: Number.NaN };
    return { sse: zz - (fz * fz) / ff, slope: fz / ff };
  };
}

export interface DegreeDaySufficiency {
  /** Days with non-zero degree-days; null where not counted (weekly and coarser buckets). */
  days: number | null;
  /** Degree-days in the window, °C·d. */
  degreeDays: number;
  requiredDays: number | null;
  requiredDegreeDays: number;
  sufficient: boolean;
}

/**
 * Whether the window holds enough degree-days at a base (CalTRACK 2.0 §3.2.2.2): ≥ 10 days with
 * non-zero degree-days (when dayIndex is given) and ≥ 20 °C·d, per year of data (at least one
 * year's worth: a baseline of a few weeks needs the same 10 days and 20 °C·d). Degree-days are
 * summed from the buckets' hourly temperatures (missing hours scaled), in °C·d.
 */
export function degreeDaySufficiency(kind: "hdd" | "cdd", base: number, input: Pick<DegreeDayInput, "temperatures" | "scales" | "hoursPerRow" | "dayIndex" | "exposure">): DegreeDaySufficiency {
  // Day indexes are dense (0…days−1), so a typed array holds the per-day sums.
  const dayIndex = input.dayIndex;
  const perDay = dayIndex ? new Float64Array(dayIndex.reduce((m, d) => Math.max(m, d), -1) + 1) : null;
  let total = 0;
  let hours = 0;
  input.temperatures.forEach((ts, i) => {
    let s = 0;
    for (const t of ts) if (Number.isFinite(t)) s += kind === "hdd" ? Math.max(0, base - t) : Math.max(0, t - base);
    const days = input.exposure?.[i] ?? 1;
    const dd = ((s * input.hoursPerRow * input.scales[i]!) / 24) * days;
    total += dd;
    hours += ts.length * input.hoursPerRow * input.scales[i]! * days;
    if (perDay) perDay[dayIndex![i]!]! += dd;
  });
  const years = Math.max(1, hours / 24 / 365);
  const days = perDay ? perDay.reduce((n, v) => (v > 0 ? n + 1 : n), 0) : null;
  const requiredDays = perDay ? MIN_NONZERO_DEGREE_DAY_DAYS_PER_YEAR * years : null;
  const requiredDegreeDays = MIN_DEGREE_DAYS_PER_YEAR * years;
  return { days, degreeDays: total, requiredDays, requiredDegreeDays, sufficient: total >= requiredDegreeDays && (days === null || days >= requiredDays!) };
}

const label = (kind: "hdd" | "cdd") => (kind === "hdd" ? "heating" : "cooling");
const round1 = (v: number) => Math.round(v * 10) / 10;

/** Why a window's degree-days do not suffice at a base, with the source. */
export function insufficiencyReason(kind: "hdd" | "cdd", base: number, s: DegreeDaySufficiency, searched: boolean): string {
  const need = `${s.requiredDays !== null ? `at least ${round1(s.requiredDays)} days with non-zero degree-days and ` : ""}${round1(s.requiredDegreeDays)} °C·d`;
  const have = `${s.days !== null ? `${s.days} days with non-zero degree-days and ` : ""}${round1(s.degreeDays)} °C·d`;
  return searched
    ? `dropped: at no ${label(kind)} base in ${MIN_C}…${MAX_C} °C does the window hold enough ${kind} (${SUFFICIENCY_SOURCE} needs ${need}); the most, at ${base} °C: ${have}`
    : `dropped: at the ${label(kind)} base ${base} °C the window holds ${have}; ${SUFFICIENCY_SOURCE} needs ${need}`;
}

type Best = { base: number | null; dropped?: string };

function best(kind: "hdd" | "cdd", input: DegreeDayInput, fixed: number[][], allowed: (b: number) => boolean): Best {
  const fit = residualizer(input.y, fixed);
  const n = input.y.length;
  const minActive = Math.max(3, MIN_SHARE * n);
  const seen = { sufficient: 0, spread: 0, most: null as { b: number; s: DegreeDaySufficiency } | null };
  const score = (b: number) => {
    if (!allowed(b)) return Infinity;
    const suff = degreeDaySufficiency(kind, b, input);
    if (!suff.sufficient) {
      if (seen.most === null || suff.degreeDays > seen.most.s.degreeDays) seen.most = { b, s: suff };
      return Infinity;
    }
    seen.sufficient += 1;
    const col = degreeDayColumn(kind, b, input);
    const active = col.filter((v) => v > 0).length;
    // The base is identifiable where the column is not a linear function of the buckets' mean
    // temperature: enough buckets with degree-days, and enough not wholly on the degree-day side
    // of the base (for hourly buckets: without; for a day of hourly temperatures: with an hour
    // on the other side).
    const saturated = input.temperatures.filter((ts) => ts.length > 0 && ts.every((t) => (kind === "hdd" ? t < b : t > b))).length;
    if (active < minActive || saturated > n - minActive) return Infinity;
    seen.spread += 1;
    const r = fit(col);
    // The sign rule: a base at which the term's coefficient is negative does not qualify.
    return r.slope >= 0 ? r.sse : Infinity;
  };
  let bestB: number | null = null;
  let bestS = Infinity;
  const consider = (b: number) => {
    const s = score(b);
    if (s < bestS) [bestB, bestS] = [b, s];
  };
  for (let b = MIN_C; b <= MAX_C; b += 1) consider(b);
  if (bestB === null) {
    if (seen.sufficient === 0 && seen.most !== null) return { base: null, dropped: insufficiencyReason(kind, seen.most.b, seen.most.s, true) };
    if (seen.sufficient === 0) return { base: null, dropped: `dropped: no ${label(kind)} base in ${MIN_C}…${MAX_C} °C is allowed beside the other degree-day base` };
    if (seen.spread > 0) {
      return {
        base: null,
        dropped: `dropped: at every ${label(kind)} base with enough degree-days the ${kind} coefficient is negative, but ${signMeaning(kind)} (CalTRACK 2.0 §3.4.3.2 disqualifies such models)`,
      };
    }
    // No base splits the window (it lies wholly on one side of every base): the default stays.
    return { base: null };
  }
  const coarse: number = bestB;
  for (let d = -9; d <= 9; d++) if (d !== 0) consider(Math.round((coarse + d / 10) * 10) / 10);
  return { base: bestB };
}

export interface DegreeDaySearch {
  hdd: number | null;
  cdd: number | null;
  /** Searched terms no base qualified for, with the reason (they are to be dropped). */
  dropped: Partial<Record<"hdd" | "cdd", string>>;
}

/**
 * The bases of the searched degree-day drivers (hdd and cdd alternately when both are searched,
 * the heating base kept at or below the cooling base). A base is null when no base splits the
 * window (the caller's default stays) or when the term is dropped (see `dropped`).
 */
export function searchDegreeDayBases(input: DegreeDayInput, defaults: { hdd: number; cdd: number }): DegreeDaySearch {
  const searchHdd = input.hdd === undefined;
  const searchCdd = input.cdd === undefined;
  let hdd = input.hdd ?? null;
  let cdd = input.cdd ?? null;
  const dropped: DegreeDaySearch["dropped"] = {};
  const column = (kind: "hdd" | "cdd", b: number | null) => (b === null || dropped[kind] ? [] : [degreeDayColumn(kind, b, input)]);
  const step = (kind: "hdd" | "cdd", current: number | null, fixed: number[][], allowed: (b: number) => boolean) => {
    const r = best(kind, input, fixed, allowed);
    if (r.dropped !== undefined) dropped[kind] = r.dropped;
    else delete dropped[kind];
    return r.base ?? current;
  };
  for (let round = 0; round < 3; round++) {
    const before = [hdd, cdd, dropped.hdd, dropped.cdd];
    if (searchHdd) {
      const other = searchCdd && cdd === null && round === 0 ? defaults.cdd : cdd;
      const otherCol = dropped.cdd ? [] : column("cdd", other);
      hdd = step("hdd", hdd, [...input.fixed, ...otherCol], (b) => other === null || otherCol.length === 0 || b <= other);
    }
    if (searchCdd) cdd = step("cdd", cdd, [...input.fixed, ...column("hdd", hdd)], (b) => hdd === null || dropped.hdd !== undefined || b >= hdd);
    const after = [hdd, cdd, dropped.hdd, dropped.cdd];
    if (!(searchHdd && searchCdd) || before.every((v, i) => v === after[i])) break;
  }
  return { hdd: dropped.hdd ? null : hdd, cdd: dropped.cdd ? null : cdd, dropped };
}

export interface DegreeDayBases {
  hdd_base_c: number | null;
  cdd_base_c: number | null;
  /** Which bases were searched (the others were given or are unused). */
  searched: ("hdd" | "cdd")[];
  /** Terms dropped from the model, with the reason (too few degree-days, or no base with the physical sign). */
  dropped: { driver: "hdd" | "cdd"; reason: string }[];
}

/** Per bucket, the index of its local day (15min, hourly, daily); undefined for weekly and coarser. */
export function dayIndexOf(times: readonly string[], granularity: Granularity, timeZone: string): number[] | undefined {
  if (granularity === "daily") return times.map((_, i) => i);
  if (granularity !== "15min" && granularity !== "hourly") return undefined;
  const ids = new Map<string, number>();
  return times.map((t) => {
    const key = bucketKey(Date.parse(t), "daily", timeZone);
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    return id;
  });
}

/**
 * For a frame built with keepTemperatures: searches the bases of the hdd/cdd drivers the request
 * gave none for, rewrites those frame columns at the bases found, and lists the degree-day terms
 * to drop: searched ones no base qualifies for, and any whose base leaves the window too few
 * degree-days (CalTRACK 2.0 §3.2.2.2). Bases of drivers the model does not use, or drops, are null.
 * `where` gives the days of the buckets (without it only the total degree-days are required).
 */
export function fitDegreeDayBases(
  frame: { y: number[]; X: Record<string, number[]>; times?: string[]; temperatures?: number[][]; scales?: number[]; hoursPerRow: number; exposure?: number[] },
  drivers: string[],
  given: { hdd?: number; cdd?: number },
  defaults: { hdd: number; cdd: number },
  where?: { granularity: Granularity; timeZone: string },
): DegreeDayBases {
  const uses = { hdd: drivers.includes("hdd"), cdd: drivers.includes("cdd") };
  const searched = (["hdd", "cdd"] as const).filter((k) => uses[k] && given[k] === undefined);
  const bases = { hdd: uses.hdd ? (given.hdd ?? defaults.hdd) : null, cdd: uses.cdd ? (given.cdd ?? defaults.cdd) : null };
  const dropped: DegreeDayBases["dropped"] = [];
  if (!frame.temperatures || !frame.scales || frame.y.length === 0) return { hdd_base_c: bases.hdd, cdd_base_c: bases.cdd, searched, dropped };
  const dayIndex = where && frame.times ? dayIndexOf(frame.times, where.granularity, where.timeZone) : undefined;
  const input = { y: frame.y, temperatures: frame.temperatures, scales: frame.scales, hoursPerRow: frame.hoursPerRow, ...(frame.exposure ? { exposure: frame.exposure } : {}), ...(dayIndex ? { dayIndex } : {}) };
  if (searched.length > 0) {
    const found = searchDegreeDayBases(
      {
        ...input,
        fixed: drivers.filter((d) => d !== "hdd" && d !== "cdd").map((d) => frame.X[d]!),
        hdd: !uses.hdd ? null : searched.includes("hdd") ? undefined : bases.hdd,
        cdd: !uses.cdd ? null : searched.includes("cdd") ? undefined : bases.cdd,
      },
      defaults,
    );
    for (const k of searched) {
      const reason = found.dropped[k];
      if (reason !== undefined) {
        dropped.push({ driver: k, reason });
        bases[k] = null;
        continue;
      }
      bases[k] = found[k] ?? bases[k];
      frame.X[k] = degreeDayColumn(k, bases[k]!, input);
    }
  }
  // Given bases, and defaults kept, need enough degree-days too.
  for (const k of ["hdd", "cdd"] as const) {
    const b = bases[k];
    if (b === null) continue;
    const s = degreeDaySufficiency(k, b, input);
    if (!s.sufficient) {
      dropped.push({ driver: k, reason: insufficiencyReason(k, b, s, false) });
      bases[k] = null;
    }
  }
  return { hdd_base_c: bases.hdd, cdd_base_c: bases.cdd, searched, dropped };
}
