import { isoUtc } from "@/lib/timeseries/iso";
import type { Database } from "@/lib/db/types";
import { absentReasons, ratio, sumBuckets, totalOf, type ScopeBucket } from "./aggregate";
import { columnsOf, coverageWarnings, currencyOf, machineTotals, pick, type Row } from "./common";
import type { KpiContext } from "./context";
import { machineEnpis, type MachineEnpi } from "./enpi";

// CO2 and EnPI of a scope; the other KPIs live beside them (sec.ts, peak.ts, cost.ts), the shared
// pieces in common.ts. Definitions: README "## KPIs".

export { secKpi } from "./sec";
export { peakKpi } from "./peak";
export { costKpi, demandCharges } from "./cost";
export { coverageWarnings, currencyOf } from "./common";

// GET /api/v1/kpi/carbon
export function carbonKpi(c: KpiContext) {
  const scopeBuckets = sumBuckets(c.window, c.figures.machines);
  const total = totalOf(c.window, scopeBuckets, c.figures.machines.length);
  const series: Row[] = scopeBuckets.map((b, i) => ({ time: isoUtc(c.window.starts[i]!), energy_kwh: b.kwh, co2_kg: b.co2, coverage: b.coverage }));
  const sources = [...new Set([...c.figures.settings.values()].map((s) => s.emissions?.source).filter(Boolean))];
  return {
    units: { energy_kwh: "kWh", co2_kg: "kg CO2", coverage: "fraction" },
    factor_sources: sources,
    columns: columnsOf(series),
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
    columns: columnsOf(series),
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

