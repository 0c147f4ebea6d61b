import type { KpiWindow } from "./buckets";
import type { Figures, MachineFigures } from "./figures";

// The scope's figures per bucket and in total: sums over its machines, each with the coverage that
// says how much of the scope's metered time is missing (never a smaller number passed off as whole).

export interface ScopeBucket {
  kwh: number | null;
  coveredS: number;
  /** Covered machine-time ÷ (machines × bucket length): 1 = every machine's readings cover the bucket. */
  coverage: number;
  cost: number | null;
  co2: number | null;
  baseKwh: number | null;
  units: number | null;
  runningMinutes: number | null;
}

/** Σ of values where every contributor has one; null when any contributor lacks it or none has one. */
function sumAll(values: (number | null)[], contributors: number): number | null {
  if (contributors === 0 || values.length < contributors || values.some((v) => v === null)) return null;
  return (values as number[]).reduce((s, v) => s + v, 0);
}

export function bucketSeconds(w: KpiWindow, i: number): number {
  return (w.ends[i]! - w.starts[i]!) / 1000;
}

/**
 * The scope's buckets summed over the machines given. Units are summed over the machines whose
 * count is scope output (`countsOutput`); `units: "own"` takes every machine's (one machine's own
 * figures, where a copied count is still its SEC's denominator).
 */
export function sumBuckets(w: KpiWindow, machines: MachineFigures[], units: "output" | "own" = "output"): ScopeBucket[] {
  const counted = units === "own" ? machines : machines.filter((m) => m.countsOutput);
  return w.starts.map((_, i) => {
    const cells = machines.map((m) => m.cells[i]).filter((c) => c !== null && c !== undefined);
    const units = counted.map((m) => m.units[i]).filter((u): u is number => u !== null && u !== undefined);
    const running = machines.map((m) => m.runningMinutes[i]).filter((u): u is number => u !== null && u !== undefined);
    const coveredS = cells.reduce((s, c) => s + c.coveredS, 0);
    return {
      kwh: cells.length > 0 ? cells.reduce((s, c) => s + c.kwh, 0) : null,
      coveredS,
      coverage: machines.length > 0 ? coveredS / (machines.length * bucketSeconds(w, i)) : 0,
      cost: sumAll(cells.map((c) => c.cost), cells.length),
      co2: sumAll(cells.map((c) => c.co2), cells.length),
      baseKwh: sumAll(cells.map((c) => c.baseKwh), cells.length),
      units: units.length > 0 ? units.reduce((s, u) => s + u, 0) : null,
      runningMinutes: running.length > 0 ? running.reduce((s, u) => s + u, 0) : null,
    };
  });
}

/** The buckets summed into one: the period's totals. */
export function totalOf(w: KpiWindow, buckets: ScopeBucket[], machineCount: number): ScopeBucket {
  const withData = buckets.filter((b) => b.kwh !== null);
  const seconds = (w.ends.at(-1)! - w.starts[0]!) / 1000;
  const coveredS = buckets.reduce((s, b) => s + b.coveredS, 0);
  const units = buckets.map((b) => b.units).filter((u): u is number => u !== null);
  const running = buckets.map((b) => b.runningMinutes).filter((u): u is number => u !== null);
  return {
    kwh: withData.length > 0 ? withData.reduce((s, b) => s + b.kwh!, 0) : null,
    coveredS,
    coverage: machineCount > 0 ? coveredS / (machineCount * seconds) : 0,
    cost: sumAll(withData.map((b) => b.cost), withData.length),
    co2: sumAll(withData.map((b) => b.co2), withData.length),
    baseKwh: sumAll(withData.map((b) => b.baseKwh), withData.length),
    units: units.length > 0 ? units.reduce((s, u) => s + u, 0) : null,
    runningMinutes: running.length > 0 ? running.reduce((s, u) => s + u, 0) : null,
  };
}

/** Why a scope figure is absent: the reasons of the machines that lack it, by machine name. */
export function absentReasons(fig: Figures, what: keyof MachineFigures["absent"]): { machine_id: string; machine_name: string; reason: string }[] {
  return fig.machines.flatMap((m) => (m.absent[what] ? [{ machine_id: m.id, machine_name: m.name, reason: m.absent[what] }] : []));
}

/** A ratio, null when the denominator is missing or zero. */
export const ratio = (a: number | null | undefined, b: number | null | undefined): number | null => (a === null || a === undefined || !b ? null : a / b);
