import { isoUtc } from "@/lib/timeseries/iso";
import type { Database } from "@/lib/db/types";
import { ratio, sumBuckets, totalOf } from "./aggregate";
import { columnsOf, coverageWarnings, machineTotals, pick, type Row } from "./common";
import type { KpiContext } from "./context";
import { machineEnpis } from "./enpi";
import type { MachineFigures } from "./figures";
import { readStatesAndProducts } from "./read";

// SEC with base load split into idle and off-shift energy, per product, and normalised against
// the baselines (expected SEC). Definitions: README "## KPIs".

// GET /api/v1/kpi/sec
export async function secKpi(db: Database, c: KpiContext) {
  const scopeBuckets = sumBuckets(c.window, c.figures.machines);
  const total = totalOf(c.window, scopeBuckets, c.figures.machines.length);
  const ids = c.figures.machines.map((m) => m.id);
  const [{ states, products }, enpis] = await Promise.all([readStatesAndProducts(db, c.window, ids), machineEnpis(db, c.window, c.figures.machines)]);
  const split = c.window.starts.map((_, i) => {
    let idle = 0;
    let off = 0;
    for (const m of c.figures.machines) {
      const s = states.get(m.id)?.get(c.window.starts[i]!);
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
  const output = new Set(c.figures.machines.filter((m) => m.countsOutput).map((m) => m.id));
  for (const [id, list] of products) {
    if (!output.has(id)) continue;
    for (const p of list) {
      const k = p.productId ?? "(none)";
      const v = byProduct.get(k) ?? { units: 0, kwh: 0 };
      byProduct.set(k, { units: v.units + p.units, kwh: v.kwh + p.kwh });
    }
  }
  const regression = enpis.filter((e) => e.form === "regression");
  // Units made by the baseline machines: a copied count (counts_output false) is not made there.
  const unitsOf = (id: string) => (output.has(id) ? machineTotals(c, c.figures.machines.find((m) => m.id === id)!).units : 0);
  const regUnits = regression.reduce((s, e) => s + (unitsOf(e.machine_id) ?? 0), 0);
  return {
    units: { energy_kwh: "kWh", production_count: "units", sec_kwh_per_unit: "kWh per unit", base_load_kwh: "kWh", idle_kwh: "kWh", off_shift_kwh: "kWh", coverage: "fraction" },
    columns: columnsOf(series),
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

