import { isoUtc } from "@/lib/timeseries/iso";
import type { Database } from "@/lib/db/types";
import { ratio, sumBuckets, totalOf } from "./aggregate";
import { bucketKey, columnsOf, coverageWarnings, type Row } from "./common";
import type { KpiContext } from "./context";
import { averageDemandKw, bucketDemand, demandKw, peakContributors } from "./demand";

// Peak demand (coincident, 15-minute demand intervals) with who made it up, and load factor over
// the whole period. Definitions: README "## KPIs".

/** Machines that can give a demand interval (readings of 15 minutes or shorter). */
function peakMachines(c: KpiContext, tooCoarse: Set<string>) {
  return c.figures.machines.filter((m) => !m.coarse && !tooCoarse.has(m.id) && !m.absent.energy);
}

function peakAbsence(c: KpiContext, tooCoarse: Set<string>) {
  return c.figures.machines
    .filter((m) => m.coarse || tooCoarse.has(m.id) || m.absent.energy)
    .map((m) => ({
      machine_id: m.id,
      machine_name: m.name,
      reason: m.absent.energy ?? (m.billedPeakKw !== null ? "readings are longer than a 15-minute demand interval; its billed peak demand is given instead" : "readings are longer than a 15-minute demand interval, and no bill in the period carries a peak demand reading"),
      billed_peak_kw: m.billedPeakKw,
    }));
}

/**
 * GET /api/v1/kpi/peak-demand and /load-factor: per bucket and over the period the coincident peak
 * (highest 15-minute demand interval, kWh × 4, kW) and, with `withLoadFactor`, the average demand
 * (kW) and load factor (fraction) = average ÷ peak, both from the same demand intervals: the
 * average is their kWh ÷ their elapsed hours (`averageDemandKw`), so a partly covered interval
 * counts as a whole 15 minutes in both and the factor never exceeds 1. Definitions: README "## KPIs".
 */
export async function peakKpi(db: Database, c: KpiContext, withLoadFactor: boolean) {
  const ids = c.figures.machines.map((m) => m.id);
  const { peaks, basis, tooCoarse } = await bucketDemand(db, c.window, ids);
  const metered = peakMachines(c, tooCoarse);
  const names = new Map(c.figures.machines.map((m) => [m.id, m.name]));
  const series: Row[] = c.window.starts.map((start, i) => {
    const p = peaks.get(bucketKey(c, i));
    const row: Row = { time: isoUtc(start), peak_demand_kw: p ? demandKw(p.kwh) : null, peak_demand_at: p ? isoUtc(p.at) : null };
    if (withLoadFactor) {
      const avg = averageDemandKw(basis.get(bucketKey(c, i)));
      row.average_demand_kw = avg;
      row.load_factor = p ? ratio(avg, demandKw(p.kwh)) : null;
    }
    return row;
  });
  let top: { at: number; kwh: number } | null = null;
  for (const p of peaks.values()) if (!top || p.kwh > top.kwh || (p.kwh === top.kwh && p.at < top.at)) top = p;
  // The whole period's average on the same basis (not an average of per-bucket factors).
  let whole: { kwh: number; intervals: number } | undefined;
  for (const b of basis.values()) whole = { kwh: (whole?.kwh ?? 0) + b.kwh, intervals: (whole?.intervals ?? 0) + b.intervals };
  const avg = averageDemandKw(whole);
  const peakKw = top ? demandKw(top.kwh) : null;
  return {
    units: { peak_demand_kw: "kW (15-minute demand interval)", average_demand_kw: "kW", load_factor: "fraction" },
    columns: columnsOf(series),
    series,
    totals: {
      peak_demand_kw: peakKw,
      peak_demand_at: top ? isoUtc(top.at) : null,
      ...(withLoadFactor ? { average_demand_kw: avg, load_factor: ratio(avg, peakKw) } : {}),
      // Who made up the scope's peak: each machine's demand in that interval.
      contributors: top ? await peakContributors(db, metered.map((m) => m.id), top.at, names) : [],
      machines_in_peak: metered.length,
      machines_without_peak: peakAbsence(c, tooCoarse),
    },
    warnings: coverageWarnings(c, totalOf(c.window, sumBuckets(c.window, c.figures.machines), c.figures.machines.length)),
  };
}
