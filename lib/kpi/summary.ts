import type { Database } from "@/lib/db/types";
import { sumBuckets, totalOf, ratio } from "./aggregate";
import { kpiScopeWindow, type KpiRequest } from "./context";
import { markNoDemandInterval, readFigures } from "./figures";
import { machineEnpis } from "./enpi";
import { coverageWarnings, currencyOf, demandCharges, scopeEnpi } from "./kpis";
import { isoUtc } from "@/lib/timeseries/iso";
import { averageDemandKw, monthlyDemand } from "./demand";

/**
 * Every KPI of a scope over one period (GET /api/v1/kpi/summary): energy, production, SEC, the
 * coincident 15-minute peak and its time, load factor, cost (energy and demand charges) and
 * currency, CO2, EnPI and savings, base-load share, operating hours and coverage. Figures a scope's
 * data cannot support are null, with the reasons in `absent`.
 */
export async function getKpiSummary(db: Database, q: Omit<KpiRequest, "granularity">) {
  const sw = await kpiScopeWindow(db, { ...q, granularity: "period" });
  const ids = sw.scope.machines.map((m) => m.id);
  // Side by side: the hourly figures, the 15-minute demand peaks of each month (the demand
  // charges' basis; the period's peak is the highest of them) and the baselines' EnPI.
  const [figures, monthly, enpis] = await Promise.all([readFigures(db, sw.scope, sw.window), monthlyDemand(db, sw.window, ids), machineEnpis(db, sw.window, sw.scope.machines)]);
  const c = { ...sw, figures };
  const buckets = sumBuckets(c.window, c.figures.machines);
  const total = totalOf(c.window, buckets, ids.length);
  const { currency, reason: currencyReason } = currencyOf(c);
  const demand = await demandCharges(db, c, monthly);
  let peakKw: number | null = null;
  let peakAt: number | null = null;
  for (const m of monthly.months) if (m.peakKw !== null && (peakKw === null || m.peakKw > peakKw)) [peakKw, peakAt] = [m.peakKw, m.peakAt];
  const tooCoarse = monthly.tooCoarse;
  for (const m of c.figures.machines) if (tooCoarse.has(m.id) && !m.absent.peak_demand) markNoDemandInterval(m);
  let peakSource: "15min_interval" | "billed" | null = peakKw === null ? null : "15min_interval";
  const only = c.figures.machines.length === 1 ? c.figures.machines[0]! : null;
  if (peakKw === null && only?.billedPeakKw != null) {
    // A bill's own peak demand reading: its time is not known.
    [peakKw, peakSource] = [only.billedPeakKw, "billed"];
  }
  // The load factor's average demand on its peak's basis: the months' demand intervals with readings.
  let basis: { kwh: number; intervals: number } | undefined;
  for (const m of monthly.months) if (m.basis) basis = { kwh: (basis?.kwh ?? 0) + m.basis.kwh, intervals: (basis?.intervals ?? 0) + m.basis.intervals };
  const avgKw = averageDemandKw(basis);
  const energyCost = currency ? total.cost : null;
  const cost = energyCost === null ? null : energyCost + (demand.total ?? 0);
  const e = scopeEnpi(c, enpis, total, currency ? ratio(total.cost, total.kwh) : null);
  const absent: Record<string, string[]> = {};
  const note = (kpi: string, why: string) => (absent[kpi] ??= []).push(why);
  for (const m of c.figures.machines) for (const [k, why] of Object.entries(m.absent)) note(k, `${m.name}: ${why}`);
  if (currencyReason) note("cost", currencyReason);
  for (const x of enpis) if (x.form === "ratio") note("enpi", `${x.machine_name}: ${x.reason} (ratio EnPI in kWh per unit instead)`);
  return {
    machine_id: c.scope.machineId,
    area: c.scope.area,
    scope: c.scope.machineId ? "machine" : c.scope.area ? "area" : "plant",
    machines: ids.length,
    time_zone: c.scope.timeZone,
    start_date: isoUtc(c.from),
    end_date: isoUtc(c.to),
    window: { start: isoUtc(c.window.starts[0]!), end: isoUtc(c.window.ends[0]!) },
    total_energy_kwh: total.kwh,
    total_production_count: total.units,
    sec_kwh_per_unit: ratio(total.kwh, total.units),
    peak_demand_kw: peakKw,
    peak_demand_at: peakAt === null ? null : isoUtc(peakAt),
    peak_demand_source: peakSource,
    load_factor: peakSource === "15min_interval" ? ratio(avgKw, peakKw) : null,
    cost,
    energy_cost: energyCost,
    demand_cost: demand.total,
    currency,
    co2_kg: total.co2,
    enpi: e.enpi,
    enpi_form: e.form,
    expected_kwh: e.expected_kwh,
    savings_kwh: e.savings_kwh,
    savings_pct: e.savings_pct,
    savings_cost: e.savings_cost,
    ratio_enpi_kwh_per_unit: e.ratio_enpi_kwh_per_unit,
    base_load_kwh: total.baseKwh,
    base_load_share: ratio(total.baseKwh, total.kwh),
    operating_hours: total.runningMinutes === null ? null : total.runningMinutes / 60,
    coverage: total.coverage,
    absent,
    warnings: [...coverageWarnings(c, total), ...demand.warnings],
  };
}
