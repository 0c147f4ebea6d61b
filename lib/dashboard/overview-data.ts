import "server-only";
import type { Database } from "@/lib/db/types";
import { getKpiSummary } from "@/lib/kpi";
import { kpiContext } from "@/lib/kpi/context";
import { carbonKpi, enpiKpi } from "@/lib/kpi/kpis";
import { getSeries, seriesPoints } from "@/lib/timeseries/series";
import { latestReadings } from "@/lib/db/queries/freshness";
import { addPlantDays, startOfPlantDay } from "@/lib/time/plant-time";
import { byUrgency, dayCoverage, meterFreshness } from "./freshness";
import { paretoRows } from "./pareto";
import { previousPeriod, type Period } from "./period";
import { stackRows } from "./stack";
import { tooLongSentence } from "./too-long";
import type { Granularity } from "@/lib/timeseries/granularity";

// What the overview shows, read through the same lib functions as the API (so every number on the
// page is the one GET /api/v1/kpi/... answers for the same period), shaped for the page.

export type KpiSummary = Awaited<ReturnType<typeof getKpiSummary>>;

/** The plant's KPI summary over the period and over the previous period of the same length. */
export async function overviewKpis(db: Database, p: Period, timeZone: string) {
  const prev = previousPeriod(p, timeZone);
  // One after the other: the embedded database runs one statement at a time anyway.
  const current = await getKpiSummary(db, { start_date: new Date(p.from), end_date: new Date(p.to) });
  const previous = await getKpiSummary(db, { start_date: new Date(prev.from), end_date: new Date(prev.to) });
  return { current, previous, previousPeriod: prev };
}

/** The overview's chart bucket for a period: hours up to two days, days up to ~4 months, then weeks. */
export function overviewBucket(p: Period): Granularity {
  const days = (p.to - p.from) / 86_400_000;
  return days <= 2 ? "hourly" : days <= 124 ? "daily" : "weekly";
}

/**
 * Energy per bucket of every active machine (stacked), and the Pareto of consumers from the
 * carbon KPI's per-machine energy (GET /api/v1/kpi/carbon, by_machine.energy_kwh over the
 * period's whole local days). A machine whose readings are longer than the bucket (monthly bills
 * in daily buckets) is left out of the stack and named in `absent` with a sentence in plant time,
 * as the KPI endpoints' `absent` does.
 */
export async function overviewEnergy(db: Database, p: Period, bucket: Granularity, timeZone: string) {
  const kpi = carbonKpi(await kpiContext(db, { start_date: new Date(p.from), end_date: new Date(p.to), granularity: "daily" }, { byDayFor: "carbon" }));
  const machines = kpi.by_machine.map((m) => ({ id: m.machine_id, name: m.machine_name, kwh: m.energy_kwh }));
  const series = await getSeries(db, { machineIds: machines.map((m) => m.id), metrics: ["energy"], from: new Date(p.from), to: new Date(p.to), bucket, leaveOutTooLong: true });
  const left = new Set((series.absent ?? []).map((a) => a.machineId));
  const nameOf = new Map(machines.map((m) => [m.id, m.name]));
  const absent = (series.absent ?? []).map((a) => ({ id: a.machineId, name: nameOf.get(a.machineId) ?? a.machineId, reason: tooLongSentence(nameOf.get(a.machineId) ?? a.machineId, { granularity: series.bucket, bucketStart: a.bucketStart, supported: a.supported }, timeZone) }));
  const stacked = machines.filter((m) => !left.has(m.id));
  const rows = stackRows(
    stacked.map((m) => ({
      id: m.id,
      points: seriesPoints(series.series.find((s) => s.machineId === m.id), ["total_energy_kwh"]).map((x) => ({ time: x.time, kwh: typeof x.total_energy_kwh === "number" ? x.total_energy_kwh : null })),
    })),
  );
  return { machines: stacked, absent, rows, bucket: series.bucket, pareto: paretoRows(machines.map((m) => ({ id: m.id, name: m.name, value: m.kwh }))), totalKwh: kpi.totals.energy_kwh };
}

/** Per machine, its active baseline's EnPI over the period (GET /api/v1/kpi/enpi, by_machine). */
export async function overviewEnpi(db: Database, p: Period) {
  const c = await kpiContext(db, { start_date: new Date(p.from), end_date: new Date(p.to), granularity: "daily" });
  const kpi = await enpiKpi(db, c);
  return { machines: kpi.by_machine, totals: kpi.totals, currency: kpi.currency };
}

export const FRESHNESS_DAYS = 7;

/**
 * Every machine's latest reading, its freshness, and the coverage of each of the last
 * FRESHNESS_DAYS plant days (today against its elapsed part), problems first.
 */
export async function overviewFreshness(db: Database, timeZone: string, now = Date.now()) {
  // The meters the plant expects to report: its active machines (as the KPIs' plant scope and the
  // silent-meter job count them); one taken out of service is not "silent".
  const latest = (await latestReadings(db)).filter((m) => m.isActive);
  const today = startOfPlantDay(now, timeZone);
  const days: Period[] = [];
  for (let i = FRESHNESS_DAYS - 1; i >= 0; i--) {
    const from = addPlantDays(today, -i, timeZone);
    days.push({ from, to: addPlantDays(from, 1, timeZone) });
  }
  const series =
    latest.length === 0
      ? { series: [] }
      : await getSeries(db, { machineIds: latest.map((m) => m.machineId), metrics: ["energy"], from: new Date(days[0]!.from), to: new Date(days.at(-1)!.to), bucket: "daily", coverageInputs: true });
  const rows = latest.map((m) => {
    const s = series.series.find((x) => x.machineId === m.machineId);
    const covered = new Map<number, number | null>();
    s?.times.forEach((t, i) => covered.set(t, s.values.covered_s?.[i] ?? null));
    return {
      machineId: m.machineId,
      name: m.name,
      isActive: m.isActive,
      lastEndMs: m.lastEndMs,
      intervalS: m.intervalS,
      freshness: meterFreshness(m.lastEndMs, m.intervalS, now),
      coverage: days.map((d) => dayCoverage(covered.get(d.from) ?? null, d.from, d.to, now)),
    };
  });
  return { days: days.map((d) => d.from), rows: byUrgency(rows), now };
}
