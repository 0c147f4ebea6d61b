/**
 * Per-candidate report against the final set: what each selected driver
 * contributes (remove it and refit) and what each rejected one would have
 * added (add it and refit), with the reason in words a non-statistician can act on.
 */
import { fitOls, type OlsFit } from "../regression";
import { driverIndex, type ModelCache } from "./model-cache";
import { wrongSigns, type ResolvedOptions } from "./options";
import type { CandidateReport, SelectionResult, SelectionStep } from "./types";

export type StopCause = "converged" | "maxDrivers" | "iterations";

export interface ReportInput {
  y: number[];
  names: string[];
  values: number[][];
  cache: ModelCache;
  screened: Map<number, string>;
  selected: number[];
  steps: SelectionStep[];
  stop: StopCause;
  opts: ResolvedOptions;
}

type Row = Omit<CandidateReport, "rank">;

export function buildReport(r: ReportInput): SelectionResult {
  const { names, cache, selected, opts } = r;
  const base = cache.summary(selected);
  const finalTrial = selected.length > 0 ? cache.fit(selected) : null;
  const rows: Row[] = names.map((name, j): Row => {
    const screenReason = r.screened.get(j);
    if (screenReason !== undefined) return unfittable(name, screenReason);
    if (selected.includes(j) && finalTrial?.ok && base) {
      const fit = finalTrial.fit;
      const d = driverIndex(fit, name);
      const without = cache.summary(selected.filter((k) => k !== j)) ?? { rSquared: 0, adjRSquared: 0 };
      const dR2 = base.rSquared - without.rSquared;
      const p = fit.pValues.drivers[d]!;
      return {
        name,
        selected: true,
        pValue: p,
        deltaRSquared: dR2,
        deltaAdjRSquared: base.adjRSquared - without.adjRSquared,
        vif: fit.vif[d]!,
        reason: `kept: p ${fmtP(p)} ≤ ${opts.pRemove}; removing it lowers R² by ${fmt(dR2)}`,
      };
    }
    const trial = cache.fit([...selected, j]);
    if (!trial.ok) {
      const others = trial.error.drivers.filter((d) => d !== name);
      const reason =
        trial.error.code === "rank_deficient"
          ? `dropped: ${others.length > 0 ? `exactly collinear with ${others.join(", ")}` : "rank-deficient (collinear with the intercept)"}`
          : trial.error.code === "ill_conditioned"
            ? `dropped: nearly collinear with ${others.join(", ") || "the selected drivers"} (ill-conditioned design)`
            : `dropped: ${trial.error.message}`;
      return unfittable(name, reason);
    }
    return rejected(r, j, trial.fit, base ?? { rSquared: 0, adjRSquared: 0 });
  });

  // Selected first by contribution, then by how close they came to entering (p-value), unfittable last.
  const order = rows
    .map((row, j) => ({ row, j }))
    .sort((a, b) => {
      if (a.row.selected !== b.row.selected) return a.row.selected ? -1 : 1;
      if (a.row.selected) return b.row.deltaRSquared - a.row.deltaRSquared || a.j - b.j;
      const pa = a.row.pValue ?? Infinity;
      const pb = b.row.pValue ?? Infinity;
      return pa - pb || b.row.deltaAdjRSquared - a.row.deltaAdjRSquared || a.j - b.j;
    });
  const candidates = order.map(({ row }, i) => ({ ...row, rank: i + 1 }));
  const chosen = candidates.filter((c) => c.selected).map((c) => c.name);
  return { selected: chosen, steps: r.steps, candidates, final: chosen.length > 0 ? refit(r, chosen) : null };
}

function rejected(r: ReportInput, j: number, fit: OlsFit, base: { rSquared: number; adjRSquared: number }): Row {
  const { names, selected, opts } = r;
  const name = names[j]!;
  const d = driverIndex(fit, name);
  const p = fit.pValues.drivers[d]!;
  const vif = fit.vif[d]!;
  const dR2 = fit.stats.rSquared - base.rSquared;
  const dAdj = fit.stats.adjRSquared - base.adjRSquared;
  const into = selected.length > 0 ? `[${selected.map((k) => names[k]!).join(", ")}]` : "the intercept-only model";
  const maxVif = Math.max(...fit.vif);
  const wrong = wrongSigns(fit, opts);
  let reason: string;
  if (wrong.length > 0) {
    // The sign rule before any statistic: a wrong-sign heating or cooling term is a wrong model.
    const own = wrong.find((w) => w.name === name);
    const w = own ?? wrong[0]!;
    reason = own
      ? `dropped: coefficient ${fmt(w.coefficient)} < 0 when added to ${into}, but ${opts.nonNegative[w.name]}`
      : `dropped: adding it turns ${w.name}'s coefficient negative (${fmt(w.coefficient)}), but ${opts.nonNegative[w.name]}`;
  } else if (maxVif >= opts.maxVif) {
    // Name the partner: the selected driver most correlated with it (or whose VIF it inflated).
    const worst = fit.names[fit.vif.indexOf(maxVif)]!;
    const partner = worst !== name ? worst : mostCorrelated(r, j);
    reason = `dropped: collinear with ${partner} (VIF ${fmtVif(maxVif)} ≥ ${opts.maxVif})`;
  } else if (!(p < opts.pEnter)) {
    reason = `dropped: p ${fmtP(p)} > ${opts.pEnter} when added to ${into}`;
  } else if (dAdj < opts.minAdjR2Gain) {
    reason = `dropped: adjusted R² gain ${fmt(dAdj)} < ${opts.minAdjR2Gain} when added to ${into}`;
  } else if (r.stop === "maxDrivers") {
    reason = `not added: maxDrivers (${opts.maxDrivers}) reached`;
  } else if (r.stop === "iterations") {
    reason = "not added: iteration limit reached";
  } else {
    // Eligible but adding it would revisit a subset already visited (anti-cycling guard).
    reason = `not added: adding it would return to an earlier model (cycle guard); p ${fmtP(p)}`;
  }
  return { name, selected: false, pValue: p, deltaRSquared: dR2, deltaAdjRSquared: dAdj, vif, reason };
}

function unfittable(name: string, reason: string): Row {
  return { name, selected: false, pValue: null, deltaRSquared: 0, deltaAdjRSquared: 0, vif: null, reason };
}

function mostCorrelated(r: ReportInput, j: number): string {
  let best = { name: "the selected drivers", c: -1 };
  for (const k of r.selected) {
    const c = Math.abs(correlation(r.values[j]!, r.values[k]!));
    if (c > best.c) best = { name: r.names[k]!, c };
  }
  return best.name;
}

function correlation(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/** Final model with its drivers in importance order (cached fits use candidate order). */
function refit(r: ReportInput, chosen: string[]): OlsFit {
  const cols = chosen.map((nm) => r.values[r.names.indexOf(nm)]!);
  return fitOls(r.y.map((_, i) => cols.map((c) => c[i]!)), r.y, chosen);
}

function fmt(v: number): string {
  return Number(v.toPrecision(3)).toString();
}

function fmtVif(v: number): string {
  return v >= 100 ? Math.round(v).toString() : v.toFixed(1);
}

function fmtP(p: number): string {
  if (p === 0) return "< 1e-300"; // below what a double holds
  return `= ${p < 0.001 ? p.toExponential(1) : p.toFixed(3)}`;
}
