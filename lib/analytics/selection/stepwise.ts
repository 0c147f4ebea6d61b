import type { OlsFit } from "../regression";
import { ModelCache, driverIndex } from "./model-cache";
import type { CandidateReport, SelectionInput, SelectionOptions, SelectionResult, SelectionStep } from "./types";

// Bidirectional stepwise selection: each forward step adds the candidate with the lowest p-value
// if it enters (p < pEnter), improves adjusted R² enough and keeps every VIF < maxVif; after each
// addition, drivers whose p exceeds pRemove leave again. Every candidate is then reported against
// the final set: what adding or removing it does, and why it was kept or dropped.

const MAX_ITERATIONS = 100;

function pOf(fit: OlsFit, name: string): number {
  return fit.pValues.drivers[driverIndex(fit, name)] ?? 1;
}

function vifOf(fit: OlsFit, name: string): number {
  return fit.vif[driverIndex(fit, name)] ?? Number.NaN;
}

const isConstant = (v: number[]) => v.every((x) => x === v[0]);

export function stepwiseSelect(input: SelectionInput, options: SelectionOptions = {}): SelectionResult {
  const pEnter = options.pEnter ?? 0.05;
  const pRemove = Math.max(options.pRemove ?? 0.1, pEnter);
  const maxVif = options.maxVif ?? 10;
  const minGain = options.minAdjR2Gain ?? 0.001;
  const maxDrivers = options.maxDrivers ?? Number.POSITIVE_INFINITY;
  const names = input.candidates.map((c) => c.name);
  const cache = new ModelCache(input.y, names, input.candidates.map((c) => c.values));
  const constant = new Set(input.candidates.map((c, i) => (isConstant(c.values) ? i : -1)).filter((i) => i >= 0));
  let selected: number[] = [];
  const steps: SelectionStep[] = [];

  for (let iter = 0; iter < MAX_ITERATIONS && selected.length < maxDrivers; iter++) {
    const base = cache.summary(selected)!;
    let best: { index: number; p: number; adj: number } | null = null;
    for (let j = 0; j < names.length; j++) {
      if (selected.includes(j) || constant.has(j)) continue;
      const trial = cache.fit([...selected, j]);
      if (!trial.ok) continue;
      const p = pOf(trial.fit, names[j]!);
      const vifOk = trial.fit.vif.every((v) => !(v >= maxVif));
      if (p < pEnter && vifOk && trial.fit.stats.adjRSquared - base.adjRSquared >= minGain && (!best || p < best.p)) {
        best = { index: j, p, adj: trial.fit.stats.adjRSquared };
      }
    }
    if (!best) break;
    selected = [...selected, best.index];
    steps.push({ action: "add", name: names[best.index]!, pValue: best.p, adjRSquared: best.adj });
    // Backward: drop the weakest driver while one exceeds pRemove.
    for (;;) {
      const t = cache.fit(selected);
      if (!t.ok || selected.length === 0) break;
      const worst = selected.map((j) => ({ j, p: pOf(t.fit, names[j]!) })).sort((a, b) => b.p - a.p)[0]!;
      if (worst.p <= pRemove || worst.j === best.index) break;
      selected = selected.filter((j) => j !== worst.j);
      steps.push({ action: "remove", name: names[worst.j]!, pValue: worst.p, adjRSquared: cache.summary(selected)?.adjRSquared ?? Number.NaN });
    }
  }

  const finalTrial = selected.length ? cache.fit(selected) : null;
  const final = finalTrial?.ok ? finalTrial.fit : null;
  const finalSummary = cache.summary(selected)!;
  const reports: CandidateReport[] = names.map((name, j) => {
    if (constant.has(j)) return { name, selected: false, rank: 0, pValue: null, deltaRSquared: 0, deltaAdjRSquared: 0, vif: null, reason: "dropped: constant over the window" };
    if (selected.includes(j) && final) {
      const without = cache.summary(selected.filter((k) => k !== j)) ?? finalSummary;
      const p = pOf(final, name);
      return { name, selected: true, rank: 0, pValue: p, deltaRSquared: finalSummary.rSquared - without.rSquared, deltaAdjRSquared: finalSummary.adjRSquared - without.adjRSquared, vif: selected.length > 1 ? vifOf(final, name) : 1, reason: `kept: p = ${p.toPrecision(2)} ≤ ${pRemove}` };
    }
    const trial = cache.fit([...selected, j]);
    if (!trial.ok) {
      const others = trial.error.drivers.filter((d) => d !== name);
      return { name, selected: false, rank: 0, pValue: null, deltaRSquared: 0, deltaAdjRSquared: 0, vif: null, reason: `dropped: collinear with ${others.join(", ") || "the selected drivers"}` };
    }
    const p = pOf(trial.fit, name);
    const vif = vifOf(trial.fit, name);
    const gain = trial.fit.stats.adjRSquared - finalSummary.adjRSquared;
    const with_ = selected.length ? `[${selected.map((k) => names[k]).join(", ")}]` : "the intercept-only model";
    const reason =
      vif >= maxVif
        ? `dropped: collinear with the selected drivers (VIF ${vif.toFixed(1)} ≥ ${maxVif})`
        : p >= pEnter
          ? `dropped: p = ${p.toPrecision(2)} ≥ ${pEnter} when added to ${with_}`
          : gain < minGain
            ? `dropped: adjusted R² gain ${gain.toExponential(1)} < ${minGain} when added to ${with_}`
            : `dropped: limit of ${maxDrivers} drivers reached`;
    return { name, selected: false, rank: 0, pValue: p, deltaRSquared: trial.fit.stats.rSquared - finalSummary.rSquared, deltaAdjRSquared: gain, vif, reason };
  });
  const ranked = [...reports].sort((a, b) =>
    a.selected !== b.selected ? (a.selected ? -1 : 1) : a.selected ? b.deltaRSquared - a.deltaRSquared : (a.pValue ?? 2) - (b.pValue ?? 2),
  );
  ranked.forEach((r, i) => (r.rank = i + 1));
  const order = ranked.filter((r) => r.selected).map((r) => r.name);
  const orderedFinal = order.length ? cache.fit(order.map((n) => names.indexOf(n))) : null;
  return { selected: order, steps, candidates: ranked, final: orderedFinal?.ok ? orderedFinal.fit : final };
}
