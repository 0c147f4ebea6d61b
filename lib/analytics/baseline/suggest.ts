import { resolveWindow } from "@/lib/validation/dates";
import { granularityMs } from "@/lib/analytics/drivers/catalogue";
import { stepwiseSelect } from "@/lib/analytics/selection";
import { buildFrame } from "@/lib/analytics/drivers/frame";
import { DEFAULT_CDD_BASE_C, DEFAULT_HDD_BASE_C, driverCatalogue, HOUR_OF_WEEK } from "@/lib/analytics/drivers/catalogue";
import { AppError } from "@/lib/errors";
import type { Database } from "@/lib/db/types";
import { getMachine } from "@/lib/db/queries/machines";
import type { SuggestInput } from "@/lib/validation/baseline";
import { siteTimeZone } from "./train";
import { dayIndexOf, degreeDaySufficiency, insufficiencyReason } from "./degree-days";
import { SIGN_RULE_SOURCE, signMeaning } from "./physics";
import { baselineUnits } from "./units";

// Ranked driver candidates for the interactive driver picker: every catalogue driver with data
// enough in the window enters stepwise selection; each is reported with what adding or removing
// it does (ΔR², p, VIF) and why it was kept or dropped. hdd and cdd (at the default bases) are
// candidates only where the window holds enough degree-days (CalTRACK 2.0 §3.2.2.2), and never
// enter, or stay, with a negative coefficient (the sign rule, CalTRACK 2.0 §3.4.3.2).

const MIN_CANDIDATE_COVERAGE = 0.9;

export async function suggestDrivers(db: Database, input: SuggestInput) {
  const machine = await getMachine(db, input.machine_id);
  const timeZone = await siteTimeZone(db, machine.siteId);
  // Dates and times without an offset are the site's wall clock.
  const window = resolveWindow(input.start_date, input.end_date, timeZone, granularityMs[input.granularity]);
  input = { ...input, start_date: window.start, end_date: window.end };
  // hour_of_week is categorical (model_type towt), not a candidate slope.
  const names = driverCatalogue.map((d) => d.name).filter((d) => d !== HOUR_OF_WEEK);
  const frame = await buildFrame(db, {
    machineId: machine.id,
    start: input.start_date,
    end: input.end_date,
    granularity: input.granularity,
    drivers: names,
    timeZone,
    keepIncomplete: true,
    keepTemperatures: true,
  });
  if (frame.y.length === 0) throw new AppError("unprocessable", `No ${input.granularity} energy data for ${machine.name} in that window`);
  const coverage = Object.fromEntries(names.map((d) => [d, frame.X[d]!.filter(Number.isFinite).length / frame.y.length]));
  const covered = names.filter((d) => coverage[d]! >= MIN_CANDIDATE_COVERAGE);
  const rows = frame.y.map((_, i) => i).filter((i) => covered.every((d) => Number.isFinite(frame.X[d]![i])));
  if (rows.length < 10) throw new AppError("unprocessable", `Only ${rows.length} ${input.granularity} buckets have energy and driver data: choose a longer window`);
  const shortOfDegreeDays = degreeDayShortfalls(frame, rows, covered, input.granularity, timeZone);
  const usable = covered.filter((d) => shortOfDegreeDays[d] === undefined);
  const nonNegative = Object.fromEntries(usable.filter((d) => d === "hdd" || d === "cdd").map((d) => [d, `${signMeaning(d)!} (${SIGN_RULE_SOURCE})`]));
  const result = stepwiseSelect({ y: rows.map((i) => frame.y[i]!), candidates: usable.map((d) => ({ name: d, values: rows.map((i) => frame.X[d]![i]!) })) }, { nonNegative });
  const info = new Map(driverCatalogue.map((d) => [d.name, d]));
  const reported = result.candidates.map((c) => ({
    name: c.name,
    unit: info.get(c.name)?.unit,
    description: info.get(c.name)?.description,
    selected: c.selected,
    rank: c.rank,
    p_value: c.pValue,
    delta_r_squared: c.deltaRSquared,
    delta_adj_r_squared: c.deltaAdjRSquared,
    vif: c.vif,
    coverage: coverage[c.name],
    reason: c.reason,
  }));
  const unavailable = names
    .filter((d) => !usable.includes(d))
    .map((d, i) => ({
      name: d,
      unit: info.get(d)?.unit,
      description: info.get(d)?.description,
      selected: false,
      rank: reported.length + i + 1,
      p_value: null,
      delta_r_squared: 0,
      delta_adj_r_squared: 0,
      vif: null,
      coverage: coverage[d],
      reason: shortOfDegreeDays[d] ?? `dropped: data in only ${Math.round(100 * coverage[d]!)} % of buckets (needs ${100 * MIN_CANDIDATE_COVERAGE} %)`,
    }));
  return {
    machine_id: machine.id,
    machine_name: machine.name,
    granularity: input.granularity,
    start_date: input.start_date.toISOString(),
    end_date: input.end_date.toISOString(),
    samples: rows.length,
    suggested_drivers: result.selected,
    r_squared: result.final?.stats.rSquared ?? null,
    adj_r_squared: result.final?.stats.adjRSquared ?? null,
    // The suggested model's fit, in the units below (an OLS on the suggested drivers).
    coefficients: result.final ? Object.fromEntries(result.final.names.map((n, j) => [n, result.final!.coefficients[j]!])) : {},
    intercept: result.final?.intercept ?? null,
    rmse: result.final?.stats.rmse ?? null,
    mae: result.final?.stats.mae ?? null,
    units: baselineUnits(input.granularity, result.selected),
    steps: result.steps.map((s) => ({ action: s.action, driver: s.name, p_value: s.pValue, adj_r_squared: s.adjRSquared })),
    candidates: [...reported, ...unavailable],
  };
}

/**
 * hdd and cdd (at their default bases) that the window's degree-days do not support, with the
 * reason; computed over the buckets selection uses.
 */
function degreeDayShortfalls(
  frame: { times: string[]; temperatures?: number[][]; scales?: number[]; hoursPerRow: number; exposure?: number[] },
  rows: number[],
  candidates: string[],
  granularity: SuggestInput["granularity"],
  timeZone: string,
): Partial<Record<string, string>> {
  const out: Partial<Record<string, string>> = {};
  if (!frame.temperatures || !frame.scales) return out;
  const days = dayIndexOf(rows.map((i) => frame.times[i]!), granularity, timeZone);
  const input = { temperatures: rows.map((i) => frame.temperatures![i]!), scales: rows.map((i) => frame.scales![i]!), hoursPerRow: frame.hoursPerRow, ...(frame.exposure ? { exposure: rows.map((i) => frame.exposure![i]!) } : {}), ...(days ? { dayIndex: days } : {}) };
  for (const [kind, base] of [["hdd", DEFAULT_HDD_BASE_C], ["cdd", DEFAULT_CDD_BASE_C]] as const) {
    if (!candidates.includes(kind)) continue;
    const s = degreeDaySufficiency(kind, base, input);
    if (!s.sufficient) out[kind] = insufficiencyReason(kind, base, s, false);
  }
  return out;
}
