import { sumBuckets, totalOf, type ScopeBucket } from "./aggregate";
import type { MachineFigures } from "./figures";
import type { KpiContext } from "./context";


// The KPIs of the API, each as per-bucket rows (`series`, the CSV's rows) and period totals, for
// the scope and per machine. Definitions, units and sources: README "## KPIs".

export type Row = { time: string } & Record<string, number | string | null>;

export const hours = (s: number) => s / 3600;

/** The currency of the scope's tariffs, or why there is none. */
export function currencyOf(c: KpiContext): { currency: string | null; reason: string | null } {
  const currencies = [...new Set([...c.figures.settings.values()].map((s) => s.tariff?.currency).filter(Boolean))] as string[];
  if (currencies.length > 1) return { currency: null, reason: `the machines' sites bill in different currencies (${currencies.join(", ")})` };
  return { currency: currencies[0] ?? null, reason: null };
}

/** One machine's totals over the window, with its own units (also where they are not scope output). */
export function machineTotals(c: KpiContext, m: MachineFigures): ScopeBucket {
  return totalOf(c.window, sumBuckets(c.window, [m], "own"), 1);
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

/** The key a statement grouped bucket i under (its start; the window's start for the whole period). */
export function bucketKey(c: KpiContext, i: number): number {
  return c.window.granularity === "period" ? c.window.starts[0]! : c.window.starts[i]!;
}

export function pick<T extends object>(o: T, keys: (keyof T)[]): Partial<T> {
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])) as Partial<T>;
}

/** Rows' column names, in order, without `time`. */
export const columnsOf = (series: Row[]) => Object.keys(series[0] ?? {}).filter((k) => k !== "time");
