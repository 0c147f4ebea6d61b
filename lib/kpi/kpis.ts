import type { Database } from "@/lib/db/types";
import { isoUtc } from "@/lib/timeseries/iso";
import { absentReasons, bucketSeconds, ratio, sumBuckets, totalOf, type ScopeBucket } from "./aggregate";
import { bucketIndex } from "./buckets";
import { bucketDemand, demandKw, monthlyDemand, peakContributors } from "./demand";
import { machineEnpis, type MachineEnpi } from "./enpi";
import type { MachineFigures } from "./figures";
import type { KpiContext } from "./context";
import { readStatesAndProducts } from "./read";

// The KPIs of the API, each as per-bucket rows (`series`, the CSV's rows) and period totals, for
// the scope and per machine. Definitions, units and sources: README "## KPIs".

type Row = { time: string } & Record<string, number | string | null>;

const hours = (s: number) => s / 3600;

/** The currency of the scope's tariffs, or why there is none. */
export function currencyOf(c: KpiContext): { currency: string | null; reason: string | null } {
  const currencies = [...new Set([...c.figures.settings.values()].map((s) => s.tariff?.currency).filter(Boolean))] as string[];
  if (currencies.length > 1) return { currency: null, reason: `the machines' sites bill in different currencies (${currencies.join(", ")})` };
  return { currency: currencies[0] ?? null, reason: null };
}

function machineTotals(c: KpiContext, m: MachineFigures): ScopeBucket {
  return totalOf(c.window, sumBuckets(c.window, [m]), 1);
}

/** Warnings on coverage: how much of the scope's metered time is missing, and readings left out. */
export function coverageWarnings(c: KpiContext, total: ScopeBucket): string[] {
  const out: string[] = [];
  if (total.coverage < 0.999) {
    const missingH = c.figures.machines.length * hours((c.window.ends.at(-1)! - c.window.starts[0]!) / 1000) - hours(total.coveredS);
    out.push(`readings cover ${(100 * total.coverage).toFixed(1)} % of the period (${missingH.toFixed(1)} machine-hours missing); the figures are what was metered, not scaled up`);
  }
  for (const m of c.figures.machines) {
    if (m.leftOutKwh > 0) out.push(`${m.name}: ${m.leftOutKwh} kWh of readings that run past the end of the period are left out (readings are never spread)`);
    if (m.absent.energy) out.push(`${m.name}: ${m.absent.energy}`);
  }
  return out;
}

export function secKpiRows(c: KpiContext) {
  const scopeBuckets = sumBuckets(c.window, c.figures.machines);
  return { scopeBuckets, total: totalOf(c.window, scopeBuckets, c.figures.machines.length) };
}

// GET /api/v1/kpi/sec
export async function secKpi(db: Database, c: KpiContext) {
  const { scopeBuckets, total } = secKpiRows(c);
  const ids = c.figures.machines.map((m) => m.id);
  const [{ states, products }, enpis] = await Promise.all([readStatesAndProducts(db, c.window, ids), machineEnpis(db, c.window, c.figures.machines)]);
  const split = c.window.starts.map((_, i) => {
    let idle = 0;
    let off = 0;
    for (const m of c.figures.machines) {
      const s = states.get(m.id)?.get(c.window.starts[i]!) ?? states.get(m.id)?.get(bucketKey(c, i));
      if (s) [idle, off] = [idle + s.idleKwh, off + s.offShiftKwh];
    }
    return { idle, off };
  });
  const base = (m: MachineFigures) => !m.absent.base_load;
  const series: Row[] = scopeBuckets.map((b, i) => ({
    time: isoUtc(c.window.starts[i]!),
    energy_kwh: b.kwh,
    production_count: b.units,
    sec_kwh_per_unit: ratio(b.kwh, b.units),
    base_load_kwh: b.baseKwh,
    idle_kwh: b.baseKwh === null ? null : split[i]!.idle,
    off_shift_kwh: b.baseKwh === null ? null : split[i]!.off,
    coverage: b.coverage,
  }));
  const byProduct = new Map<string, { units: number; kwh: number }>();
  for (const list of products.values()) {
    for (const p of list) {
      const k = p.productId ?? "(none)";
      const v = byProduct.get(k) ?? { units: 0, kwh: 0 };
      byProduct.set(k, { units: v.units + p.units, kwh: v.kwh + p.kwh });
    }
  }
  const regression = enpis.filter((e) => e.form === "regression");
  const unitsOf = (id: string) => machineTotals(c, c.figures.machines.find((m) => m.id === id)!).units;
  const regUnits = regression.reduce((s, e) => s + (unitsOf(e.machine_id) ?? 0), 0);
  return {
    units: { energy_kwh: "kWh", production_count: "units", sec_kwh_per_unit: "kWh per unit", base_load_kwh: "kWh", idle_kwh: "kWh", off_shift_kwh: "kWh", coverage: "fraction" },
    columns: Object.keys(series[0] ?? {}).filter((k) => k !== "time"),
    series,
    totals: {
      energy_kwh: total.kwh,
      production_count: total.units,
      sec_kwh_per_unit: ratio(total.kwh, total.units),
      base_load_kwh: total.baseKwh,
      idle_kwh: total.baseKwh === null ? null : split.reduce((s, x) => s + x.idle, 0),
      off_shift_kwh: total.baseKwh === null ? null : split.reduce((s, x) => s + x.off, 0),
      // Normalised: what the baselines expect per unit under this period's conditions, beside the actual, over the machines whose baseline passes.
      baseline_machines: regression.length,
      actual_sec_of_baseline_machines: regUnits > 0 ? regression.reduce((s, e) => s + e.actual_kwh!, 0) / regUnits : null,
      expected_sec_kwh_per_unit: regUnits > 0 ? regression.reduce((s, e) => s + e.expected_kwh!, 0) / regUnits : null,
      coverage: total.coverage,
    },
    products: [...byProduct.entries()].map(([product_id, v]) => ({ product_id, production_count: v.units, energy_kwh: v.kwh, sec_kwh_per_unit: ratio(v.kwh, v.units) })).sort((a, b) => a.product_id.localeCompare(b.product_id)),
    by_machine: c.figures.machines.map((m) => {
      const t = machineTotals(c, m);
      const e = enpis.find((x) => x.machine_id === m.id);
      return {
        machine_id: m.id,
        machine_name: m.name,
        energy_kwh: t.kwh,
        production_count: t.units,
        sec_kwh_per_unit: ratio(t.kwh, t.units),
        expected_sec_kwh_per_unit: e?.form === "regression" ? ratio(e.expected_kwh, t.units) : null,
        base_load_kwh: base(m) ? t.baseKwh : null,
        coverage: t.coverage,
        absent: pick(m.absent, ["energy", "production", "base_load"]),
      };
    }),
    warnings: coverageWarnings(c, total),
  };
}

/** The key a statement grouped bucket i under (its start; the window's start for the whole period). */
function bucketKey(c: KpiContext, i: number): number {
  return c.window.granularity === "period" ? c.window.starts[0]! : c.window.starts[i]!;
}

function pick<T extends object>(o: T, keys: (keyof T)[]): Partial<T> {
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])) as Partial<T>;
}

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

// GET /api/v1/kpi/peak-demand and /load-factor
export async function peakKpi(db: Database, c: KpiContext, withLoadFactor: boolean) {
  const ids = c.figures.machines.map((m) => m.id);
  const { peaks, tooCoarse } = await bucketDemand(db, c.window, ids);
  const metered = peakMachines(c, tooCoarse);
  const names = new Map(c.figures.machines.map((m) => [m.id, m.name]));
  const series: Row[] = c.window.starts.map((start, i) => {
    const p = peaks.get(bucketKey(c, i));
    const row: Row = { time: isoUtc(start), peak_demand_kw: p ? demandKw(p.kwh) : null, peak_demand_at: p ? isoUtc(p.at) : null };
    if (withLoadFactor) {
      const avg = averageKw(c, metered, i);
      row.average_demand_kw = avg;
      row.load_factor = p ? ratio(avg, demandKw(p.kwh)) : null;
    }
    return row;
  });
  let top: { at: number; kwh: number } | null = null;
  for (const p of peaks.values()) if (!top || p.kwh > top.kwh || (p.kwh === top.kwh && p.at < top.at)) top = p;
  const avg = averageKw(c, metered, null);
  const peakKw = top ? demandKw(top.kwh) : null;
  return {
    units: { peak_demand_kw: "kW (15-minute demand interval)", average_demand_kw: "kW", load_factor: "fraction" },
    columns: Object.keys(series[0] ?? {}).filter((k) => k !== "time"),
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

/**
 * Average demand of machines over bucket i (or the whole window): Σ over machines of their kWh ÷
 * the hours their readings cover, so missing readings lower neither the average nor the load factor.
 */
function averageKw(c: KpiContext, machines: MachineFigures[], i: number | null): number | null {
  let sum = 0;
  let any = false;
  for (const m of machines) {
    const cells = i === null ? m.cells : [m.cells[i]];
    let kwh = 0;
    let s = 0;
    for (const cell of cells) if (cell) [kwh, s] = [kwh + cell.kwh, s + cell.coveredS];
    if (s > 0) [sum, any] = [sum + kwh / hours(s), true];
  }
  return any ? sum : null;
}

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
    columns: Object.keys(series[0] ?? {}).filter((k) => k !== "time"),
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

// GET /api/v1/kpi/carbon
export function carbonKpi(c: KpiContext) {
  const scopeBuckets = sumBuckets(c.window, c.figures.machines);
  const total = totalOf(c.window, scopeBuckets, c.figures.machines.length);
  const series: Row[] = scopeBuckets.map((b, i) => ({ time: isoUtc(c.window.starts[i]!), energy_kwh: b.kwh, co2_kg: b.co2, coverage: b.coverage }));
  const sources = [...new Set([...c.figures.settings.values()].map((s) => s.emissions?.source).filter(Boolean))];
  return {
    units: { energy_kwh: "kWh", co2_kg: "kg CO2", coverage: "fraction" },
    factor_sources: sources,
    columns: Object.keys(series[0] ?? {}).filter((k) => k !== "time"),
    series,
    totals: { energy_kwh: total.kwh, co2_kg: total.co2, average_kg_co2_per_kwh: ratio(total.co2, total.kwh), coverage: total.coverage },
    absent: absentReasons(c.figures, "carbon"),
    by_machine: c.figures.machines.map((m) => {
      const t = machineTotals(c, m);
      return { machine_id: m.id, machine_name: m.name, energy_kwh: t.kwh, co2_kg: t.co2, coverage: t.coverage, absent: pick(m.absent, ["energy", "carbon"]) };
    }),
    warnings: coverageWarnings(c, total),
  };
}

/** The scope's EnPI from its machines': regression where baselines pass, the ratio EnPI otherwise. */
export function scopeEnpi(c: KpiContext, enpis: MachineEnpi[], total: ScopeBucket, pricePerKwh: number | null) {
  const reg = enpis.filter((e) => e.form === "regression");
  const actual = reg.reduce((s, e) => s + e.actual_kwh!, 0);
  const expected = reg.reduce((s, e) => s + e.expected_kwh!, 0);
  const savings = expected - actual;
  return {
    form: reg.length > 0 ? ("regression" as const) : ("ratio" as const),
    machines_with_baseline: reg.length,
    machines: enpis.length,
    actual_kwh: reg.length > 0 ? actual : null,
    expected_kwh: reg.length > 0 ? expected : null,
    enpi: reg.length > 0 && expected > 0 ? actual / expected : null,
    savings_kwh: reg.length > 0 ? savings : null,
    savings_pct: reg.length > 0 && expected !== 0 ? (100 * savings) / expected : null,
    savings_cost: reg.length > 0 && pricePerKwh !== null ? savings * pricePerKwh : null,
    ratio_enpi_kwh_per_unit: ratio(total.kwh, total.units),
  };
}

// GET /api/v1/kpi/enpi
export async function enpiKpi(db: Database, c: KpiContext) {
  const enpis = await machineEnpis(db, c.window, c.figures.machines);
  const scopeBuckets = sumBuckets(c.window, c.figures.machines);
  const total = totalOf(c.window, scopeBuckets, c.figures.machines.length);
  const { currency } = currencyOf(c);
  const price = currency ? ratio(total.cost, total.kwh) : null;
  const reg = enpis.filter((e) => e.form === "regression");
  const perBucket = reg.length > 0 && reg.every((e) => e.buckets !== null);
  const series: Row[] = scopeBuckets.map((b, i) => {
    const actual = perBucket ? reg.reduce((s, e) => s + e.buckets![i]!.actual, 0) : null;
    const expected = perBucket ? reg.reduce((s, e) => s + e.buckets![i]!.expected, 0) : null;
    return {
      time: isoUtc(c.window.starts[i]!),
      actual_kwh: actual,
      expected_kwh: expected,
      enpi: expected ? actual! / expected : null,
      savings_kwh: actual === null || expected === null ? null : expected - actual,
      ratio_enpi_kwh_per_unit: ratio(b.kwh, b.units),
      coverage: b.coverage,
    };
  });
  return {
    currency,
    units: { actual_kwh: "kWh", expected_kwh: "kWh", enpi: "ratio (actual ÷ expected; < 1 is an improvement)", savings_kwh: "kWh", savings_pct: "%", savings_cost: currency ?? "currency", ratio_enpi_kwh_per_unit: "kWh per unit" },
    columns: Object.keys(series[0] ?? {}).filter((k) => k !== "time"),
    series,
    totals: { ...scopeEnpi(c, enpis, total, price), coverage: total.coverage },
    by_machine: enpis.map(({ buckets: _, ...e }) => {
      const m = c.figures.machines.find((x) => x.id === e.machine_id)!;
      const t = machineTotals(c, m);
      return { ...e, ratio_enpi_kwh_per_unit: ratio(t.kwh, t.units), savings_cost: e.savings_kwh !== null && price !== null ? e.savings_kwh * price : null };
    }),
    warnings: [...coverageWarnings(c, total), ...reg.flatMap((e) => e.warnings.map((w) => `${e.machine_name}: ${w}`))],
  };
}

export { bucketSeconds };
