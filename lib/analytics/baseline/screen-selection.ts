import { resolveWindow } from "@/lib/validation/dates";
import { buildFrame } from "@/lib/analytics/drivers/frame";
import { driverCatalogue, granularityMs, HOUR_OF_WEEK } from "@/lib/analytics/drivers/catalogue";
import { fitOls, RegressionError } from "@/lib/analytics/regression";
import { AppError } from "@/lib/errors";
import type { Database } from "@/lib/db/types";
import { getMachine } from "@/lib/db/queries/machines";
import type { ScreenInput } from "@/lib/validation/baseline";
import { siteTimeZone } from "./train";

// What the driver picker shows beside each candidate for the user's current selection: its
// correlation with energy, and what toggling it does to R² (added if not selected, removed if
// selected), with its p-value and VIF in the model that contains it. Unlike suggestion
// (stepwise selection's own path), every figure is relative to the drivers the user ticked.

/** A candidate needs data in this share of the buckets to be screened (as for suggestion). */
const MIN_CANDIDATE_COVERAGE = 0.9;

export interface ScreenedDriver {
  name: string;
  unit: string;
  selected: boolean;
  /** Share of the window's energy buckets with a value for this driver (0–1). */
  coverage: number;
  /** Pearson r of energy (the frame's y: kWh per bucket, or kWh/d from daily up) and the driver; null when either is constant or the driver lacks data. */
  correlation: number | null;
  /** R² with the driver toggled minus R² of the selection (R² of no drivers is 0); null when that model cannot be fitted. */
  delta_r_squared: number | null;
  /** p-value and VIF of the driver in the model that contains it (the selection, or the selection plus it). */
  p_value: number | null;
  vif: number | null;
  /** Why a figure is absent (too little data, collinear with the selection). */
  note: string | null;
}

export interface ScreenResult {
  machine_id: string;
  granularity: string;
  start_date: string;
  end_date: string;
  /** Buckets screened: those with energy and every candidate that has enough data. */
  samples: number;
  /** R² of the selection over those buckets (null: nothing selected, or not fittable). */
  r_squared: number | null;
  candidates: ScreenedDriver[];
}

/** Pearson correlation of two equal-length series; null when either has zero variance. */
export function pearson(a: number[], b: number[]): number | null {
  const n = a.length;
  if (n < 2) return null;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]! / n;
    mb += b[i]! / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : null;
}

type Fit = ReturnType<typeof fitOls>;

function tryFit(y: number[], columns: Map<string, number[]>, names: string[]): Fit | null {
  if (names.length === 0) return null;
  const X = y.map((_, i) => names.map((d) => columns.get(d)![i]!));
  try {
    return fitOls(X, y, names);
  } catch (error) {
    if (error instanceof RegressionError) return null;
    throw error;
  }
}

/**
 * Screens every candidate driver (the catalogue but hour_of_week) against the selection
 * `input.drivers` over the training window: correlation with energy, ΔR² of toggling it, and its
 * p-value and VIF where it is in the model. OLS on the buckets that have energy (coverage ≥ 90 %,
 * as training) and every candidate with data in ≥ 90 % of them, so every ΔR² compares models fitted
 * on the same rows (R² may then differ slightly from the fit's, which drops only what its own
 * drivers lack). Degree-days at the request's bases or the defaults.
 * Throws AppError 404 (machine), 422 (no energy, or fewer than 10 usable buckets), 400 (window).
 */
export async function screenSelection(db: Database, input: ScreenInput): Promise<ScreenResult> {
  const machine = await getMachine(db, input.machine_id);
  const timeZone = await siteTimeZone(db, machine.siteId);
  const window = resolveWindow(input.start_date, input.end_date, timeZone, granularityMs[input.granularity]);
  const names = driverCatalogue.map((d) => d.name).filter((d) => d !== HOUR_OF_WEEK);
  const frame = await buildFrame(db, {
    machineId: machine.id,
    start: window.start,
    end: window.end,
    granularity: input.granularity,
    drivers: names,
    timeZone,
    keepIncomplete: true,
    hddBaseC: input.hdd_base_c,
    cddBaseC: input.cdd_base_c,
  });
  if (frame.y.length === 0) throw new AppError("unprocessable", `No ${input.granularity} energy data for ${machine.name} in that window`);
  const coverage = new Map(names.map((d) => [d, frame.X[d]!.filter(Number.isFinite).length / frame.y.length]));
  const usable = names.filter((d) => coverage.get(d)! >= MIN_CANDIDATE_COVERAGE);
  const rows = frame.y.map((_, i) => i).filter((i) => usable.every((d) => Number.isFinite(frame.X[d]![i])));
  if (rows.length < 10) throw new AppError("unprocessable", `Only ${rows.length} ${input.granularity} buckets have energy and driver data: choose a longer window`);
  const y = rows.map((i) => frame.y[i]!);
  const columns = new Map(usable.map((d) => [d, rows.map((i) => frame.X[d]![i]!)]));
  const selection = input.drivers.filter((d) => usable.includes(d));
  const current = tryFit(y, columns, selection);
  const r2 = selection.length === 0 ? 0 : (current?.stats.rSquared ?? null);

  const candidates = driverCatalogue
    .filter((d) => d.name !== HOUR_OF_WEEK)
    .map((info): ScreenedDriver => {
      const d = info.name;
      const selected = input.drivers.includes(d);
      const base = { name: d, unit: info.unit, selected, coverage: coverage.get(d)! };
      if (!usable.includes(d)) {
        const note = `data in only ${Math.round(100 * coverage.get(d)!)} % of buckets (needs ${100 * MIN_CANDIDATE_COVERAGE} %)`;
        return { ...base, correlation: null, delta_r_squared: null, p_value: null, vif: null, note };
      }
      const toggled = selected ? selection.filter((s) => s !== d) : [...selection, d];
      const other = tryFit(y, columns, toggled);
      const r2Toggled = toggled.length === 0 ? 0 : (other?.stats.rSquared ?? null);
      const withIt = selected ? current : other;
      const j = withIt ? withIt.names.indexOf(d) : -1;
      const fitted = withIt !== null && j >= 0;
      return {
        ...base,
        correlation: pearson(y, columns.get(d)!),
        delta_r_squared: r2 === null || r2Toggled === null ? null : r2Toggled - r2,
        p_value: fitted ? withIt.pValues.drivers[j]! : null,
        vif: fitted ? withIt.vif[j]! : null,
        note: fitted ? null : "cannot be fitted with the selection (collinear or constant)",
      };
    });
  return {
    machine_id: machine.id,
    granularity: input.granularity,
    start_date: window.start.toISOString(),
    end_date: window.end.toISOString(),
    samples: rows.length,
    r_squared: selection.length === 0 ? null : r2,
    candidates,
  };
}
