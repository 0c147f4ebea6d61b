import { changeTone, periodChange, type Change } from "./period";

// The overview's KPI cards from two GET /api/v1/kpi/summary answers (the period and the one
// before it): value, unit, the change, whether that change is good news, and why a figure is
// missing. Definitions of every figure: README "## KPIs".

/** The fields of a summary the cards read. */
export interface SummaryFigures {
  total_energy_kwh: number | null;
  cost: number | null;
  currency: string | null;
  co2_kg: number | null;
  sec_kwh_per_unit: number | null;
  peak_demand_kw: number | null;
  peak_demand_at: string | null;
  load_factor: number | null;
  enpi: number | null;
  enpi_form: "regression" | "ratio";
  savings_kwh: number | null;
  savings_pct: number | null;
  ratio_enpi_kwh_per_unit: number | null;
  coverage: number;
  absent: Record<string, string[]>;
}

export interface KpiCard {
  key: "energy" | "cost" | "co2" | "sec" | "peak_demand" | "load_factor" | "enpi";
  label: string;
  value: number | null;
  previous: number | null;
  unit: string;
  /** digits shown (and in the CSV, which is rounded as shown) */
  digits: number;
  /** values are fractions shown as percent */
  percent?: boolean;
  change: Change | null;
  tone: "better" | "worse" | "neutral";
  /** why the figure is missing, from the summary's `absent` */
  absent: string | null;
  note: string | null;
  /** peak demand: the start of its 15-minute interval (ISO) */
  at?: string | null;
}

/** "Boiler-1: no tariff …" for 11 machines → "no tariff … (11 machines)": one line for a card. */
export function absentLine(reasons: string[] | undefined): string | null {
  if (!reasons || reasons.length === 0) return null;
  const stripped = reasons.map((r) => r.replace(/^[^:]+: /, ""));
  const distinct = [...new Set(stripped)];
  if (distinct.length === 1) return reasons.length === 1 ? reasons[0]! : `${distinct[0]} (${reasons.length} machines)`;
  return `${reasons[0]} (and ${reasons.length - 1} more)`;
}

/**
 * The line under the cards when readings miss part of either period (coverage: the summaries'
 * share 0–1 of machine-hours with readings), or null when both are whole. The previous period
 * counts too: its gaps alone can make every change look large (a demo or a meter started inside
 * it), and the figures are what was metered, not scaled up.
 */
export function coverageNote(cur: Pick<SummaryFigures, "coverage">, prev: Pick<SummaryFigures, "coverage">): string | null {
  if (cur.coverage >= 0.999 && prev.coverage >= 0.999) return null;
  return `Readings cover ${(100 * cur.coverage).toFixed(1)} % of the period (${(100 * prev.coverage).toFixed(1)} % of the previous one): figures are what was metered, not scaled up.`;
}

function card(key: KpiCard["key"], label: string, cur: number | null, prev: number | null, unit: string, digits: number, lowerIsBetter: boolean, absent: string | null, extra: Partial<KpiCard> = {}): KpiCard {
  const change = periodChange(cur, prev);
  return { key, label, value: cur, previous: prev, unit, digits, change, tone: changeTone(change, lowerIsBetter), absent: cur === null ? absent : null, note: null, ...extra };
}

export function kpiCards(cur: SummaryFigures, prev: SummaryFigures): KpiCard[] {
  const regression = cur.enpi_form === "regression";
  const currency = cur.currency ?? "";
  const peakAt = cur.peak_demand_at;
  return [
    card("energy", "Energy", cur.total_energy_kwh, prev.total_energy_kwh, "kWh", 0, true, absentLine(cur.absent.energy)),
    card("cost", "Cost", cur.cost, prev.currency === cur.currency ? prev.cost : null, currency, 0, true, absentLine(cur.absent.cost)),
    card("co2", "CO₂", cur.co2_kg, prev.co2_kg, "kg CO₂", 0, true, absentLine(cur.absent.carbon)),
    card("sec", "Specific energy (SEC)", cur.sec_kwh_per_unit, prev.sec_kwh_per_unit, "kWh per unit", 3, true, absentLine(cur.absent.sec) ?? "no units produced in the period"),
    card("peak_demand", "Peak demand", cur.peak_demand_kw, prev.peak_demand_kw, "kW", 1, true, absentLine(cur.absent.peak_demand), { at: peakAt }),
    card("load_factor", "Load factor", cur.load_factor, prev.load_factor, "%", 1, false, absentLine(cur.absent.load_factor) ?? absentLine(cur.absent.peak_demand), { percent: true }),
    regression
      ? card("enpi", "EnPI (actual ÷ expected)", cur.enpi, prev.enpi_form === "regression" ? prev.enpi : null, "ratio", 3, true, absentLine(cur.absent.enpi), {
          note: cur.savings_kwh === null ? null : `savings ${Math.round(cur.savings_kwh).toLocaleString("en-GB")} kWh${cur.savings_pct === null ? "" : ` (${cur.savings_pct.toFixed(1)} % of expected)`} against the baselines`,
        })
      : card("enpi", "EnPI (ratio: energy ÷ units)", cur.ratio_enpi_kwh_per_unit, prev.ratio_enpi_kwh_per_unit, "kWh per unit", 3, true, "no units produced in the period", {
          note: "no active baseline passes its checks: the ratio EnPI (ISO 50006) is shown; train a baseline for savings",
        }),
  ];
}
