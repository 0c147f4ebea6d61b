import { isoUtc } from "@/lib/timeseries/iso";
import type { Database } from "@/lib/db/types";
import { absentReasons, ratio, sumBuckets, totalOf } from "./aggregate";
import { bucketIndex } from "./buckets";
import { columnsOf, coverageWarnings, currencyOf, machineTotals, pick, type Row } from "./common";
import type { KpiContext } from "./context";
import { monthlyDemand } from "./demand";

// Energy cost under the site's tariff and demand charges on the monthly coincident peak.
// Definitions: README "## KPIs".

// GET /api/v1/kpi/cost
export async function costKpi(db: Database, c: KpiContext) {
  const ids = c.figures.machines.map((m) => m.id);
  const { currency, reason } = currencyOf(c);
  const scopeBuckets = sumBuckets(c.window, c.figures.machines);
  const total = totalOf(c.window, scopeBuckets, ids.length);
  const demand = await demandCharges(db, c);
  const series: Row[] = scopeBuckets.map((b, i) => {
    const energyCost = currency ? b.cost : null;
    const demandCost = demand.rate === null ? null : demand.byBucket[i]!;
    return { time: isoUtc(c.window.starts[i]!), energy_kwh: b.kwh, energy_cost: energyCost, demand_cost: demandCost, cost: energyCost === null ? null : energyCost + (demandCost ?? 0), coverage: b.coverage };
  });
  const energyCost = currency ? total.cost : null;
  return {
    currency,
    units: { energy_kwh: "kWh", energy_cost: currency ?? "currency", demand_cost: currency ?? "currency", cost: currency ?? "currency", coverage: "fraction" },
    columns: columnsOf(series),
    series,
    totals: {
      energy_kwh: total.kwh,
      energy_cost: energyCost,
      demand_cost: demand.total,
      cost: energyCost === null ? null : energyCost + (demand.total ?? 0),
      average_price_per_kwh: ratio(energyCost, total.kwh),
      demand_charge_per_kw_month: demand.rate,
      demand_months: demand.months,
      coverage: total.coverage,
    },
    absent: [...(reason ? [{ machine_id: null, machine_name: null, reason }] : []), ...absentReasons(c.figures, "cost")],
    by_machine: c.figures.machines.map((m) => {
      const t = machineTotals(c, m);
      return { machine_id: m.id, machine_name: m.name, energy_kwh: t.kwh, energy_cost: currency ? t.cost : null, coverage: t.coverage, absent: pick(m.absent, ["energy", "cost"]) };
    }),
    warnings: [...coverageWarnings(c, total), ...demand.warnings],
  };
}

/**
 * Demand charges of the scope: per local month, rate × the month's coincident 15-minute peak ×
 * the share of the month inside the period, booked in the bucket that holds the peak.
 */
export async function demandCharges(db: Database, c: KpiContext, monthly?: Awaited<ReturnType<typeof monthlyDemand>>) {
  const rates = [...new Set([...c.figures.settings.values()].map((s) => s.tariff?.demandChargePerKwMonth ?? null))];
  const rate = rates.length === 1 ? rates[0]! : null;
  const byBucket = c.window.starts.map(() => 0);
  const warnings: string[] = [];
  if (rate === null) {
    if (rates.length > 1) warnings.push("the machines' sites have different demand charges; demand charges are left out");
    return { rate, total: null as number | null, byBucket, months: [], warnings, peakKw: null as number | null, peakAt: null as number | null, tooCoarse: new Set<string>() };
  }
  const { months, tooCoarse } = monthly ?? (await monthlyDemand(db, c.window, c.figures.machines.map((m) => m.id)));
  let total = 0;
  let peakKw: number | null = null;
  let peakAt: number | null = null;
  const rows = months.map((m) => {
    const charge = m.peakKw === null ? null : rate * m.peakKw * m.fraction;
    if (charge !== null) {
      total += charge;
      const i = bucketIndex(c.window, m.peakAt!);
      if (i >= 0) byBucket[i]! += charge;
    }
    if (m.peakKw !== null && (peakKw === null || m.peakKw > peakKw)) [peakKw, peakAt] = [m.peakKw, m.peakAt];
    return { month: isoUtc(m.month), peak_demand_kw: m.peakKw, peak_demand_at: m.peakAt === null ? null : isoUtc(m.peakAt), month_fraction: m.fraction, demand_cost: charge };
  });
  if (tooCoarse.size > 0 || c.figures.machines.some((m) => m.coarse)) {
    warnings.push("machines whose readings are longer than 15 minutes have no demand interval and are left out of the demand charges (see peak-demand)");
  }
  return { rate, total: rate === 0 ? 0 : total, byBucket, months: rows, warnings, peakKw, peakAt, tooCoarse };
}

