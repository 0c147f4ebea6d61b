import type { Database } from "@/lib/db/types";
import { localFloor, nextLocal } from "@/lib/timeseries/local";
import type { KpiWindow } from "./buckets";
import { readDemandPeaks, readInterval, type DemandPeaks } from "./read";

// Peak demand as utilities bill it: the average kW over a 15-minute demand interval, i.e. the
// interval's kWh × 4, of the metering point (the scope's machines together, coincident), and the
// demand charge per kW of each billing month's peak. Readings longer than 15 minutes give no
// demand interval: those machines are left out of the peak and named.

/** kW of a 15-minute demand interval from its kWh. */
export const INTERVALS_PER_HOUR = 4;
export const demandKw = (kwh: number) => kwh * INTERVALS_PER_HOUR;

/**
 * Average demand (kW) on the peak's own basis: the kWh of the demand intervals holding readings ÷
 * their elapsed hours (0.25 h each, a partly covered interval counted whole as in its peak), so it
 * never exceeds the highest of them. The standard load factor (energy ÷ (peak demand × period
 * hours); IEEE Std 100 / utility practice) with the period's hours narrowed to the intervals metered:
 * an interval without any reading lowers neither the average nor the load factor. null without
 * intervals.
 */
export const averageDemandKw = (b: { kwh: number; intervals: number } | undefined): number | null => (b && b.intervals > 0 ? (b.kwh * INTERVALS_PER_HOUR) / b.intervals : null);

export interface MonthDemand {
  /** Local month start (epoch ms). */
  month: number;
  /** The part of the month inside the window. */
  start: number;
  end: number;
  /** That part's share of the whole month (the demand charge is prorated by it). */
  fraction: number;
  peakKw: number | null;
  peakAt: number | null;
  /** kWh of the month's demand intervals holding readings, and how many (the load factor's basis). */
  basis: { kwh: number; intervals: number } | undefined;
}

/** The local months a window touches, clipped to it. */
export function monthsOf(w: KpiWindow): { month: number; start: number; end: number; fraction: number }[] {
  const out = [];
  const a = w.starts[0]!;
  const b = w.ends.at(-1)!;
  for (let m = localFloor(a, "month", w.timeZone); m < b; ) {
    const next = nextLocal(m, "month", w.timeZone);
    const start = Math.max(m, a);
    const end = Math.min(next, b);
    out.push({ month: m, start, end, fraction: (end - start) / (next - m) });
    m = next;
  }
  return out;
}

/** The scope's coincident peak per local month of the window (the basis of demand charges). */
export async function monthlyDemand(db: Database, w: KpiWindow, ids: string[]): Promise<{ months: MonthDemand[]; tooCoarse: Set<string> }> {
  const months = monthsOf(w);
  const mw: KpiWindow = { granularity: "monthly", timeZone: w.timeZone, starts: months.map((m) => m.start), ends: months.map((m) => m.end), level: w.level };
  const { peaks, basis, tooCoarse } = await readDemandPeaks(db, mw, ids);
  return {
    tooCoarse,
    months: months.map((m) => {
      const p = peaks.get(m.month);
      return { ...m, peakKw: p ? demandKw(p.kwh) : null, peakAt: p ? p.at : null, basis: basis.get(m.month) };
    }),
  };
}

/** The scope's coincident peak per KPI bucket. */
export async function bucketDemand(db: Database, w: KpiWindow, ids: string[]): Promise<DemandPeaks> {
  return readDemandPeaks(db, w, ids);
}

/** Who made up a peak: each machine's kW in that interval and its share of the total. */
export async function peakContributors(db: Database, ids: string[], at: number, names: Map<string, string>) {
  const byMachine = await readInterval(db, ids, at);
  const total = [...byMachine.values()].reduce((s, v) => s + v, 0);
  return [...byMachine.entries()]
    .map(([id, kwh]) => ({ machine_id: id, machine_name: names.get(id) ?? id, demand_kw: demandKw(kwh), share: total > 0 ? kwh / total : null }))
    .sort((x, y) => y.demand_kw - x.demand_kw);
}
