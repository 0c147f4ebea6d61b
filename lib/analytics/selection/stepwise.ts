/**
 * Bidirectional stepwise selection of OLS drivers (forward entry by p-value
 * with adjusted-R² and VIF guards, backward removal by p-value after every
 * entry). Deterministic: ties are broken by candidate order.
 */
import { RegressionError } from "../regression";
import { driverIndex, ModelCache } from "./model-cache";
import { buildReport, type StopCause } from "./report";
import { resolveOptions, wrongSigns } from "./options";
import { screenCandidates } from "./screen";
import type { SelectionInput, SelectionOptions, SelectionResult, SelectionStep } from "./types";

export function stepwiseSelect(input: SelectionInput, options: SelectionOptions = {}): SelectionResult {
  const opts = resolveOptions(options);
  const { y, candidates } = input;
  validate(y, candidates);
  const names = candidates.map((c) => c.name);
  const cache = new ModelCache(y, names, candidates.map((c) => c.values));
  // Unusable columns are screened up front with a plain reason instead of a fit error.
  const screened = new Map<number, string>();
  candidates.forEach((c, j) => {
    if (c.values.some((v) => typeof v !== "number" || !Number.isFinite(v))) screened.set(j, "dropped: contains NaN or non-finite values");
    else if (c.values.every((v) => v === c.values[0])) screened.set(j, "dropped: constant");
  });

  let current: number[] = [];
  let currentAdj = 0;
  const steps: SelectionStep[] = [];
  // Subsets already visited: never re-enter one, so add/remove cannot loop.
  const visited = new Set<string>([key(current)]);
  const maxIterations = 4 * candidates.length + 20;
  let stop: StopCause = "converged";

  for (let iter = 0; ; iter++) {
    if (iter >= maxIterations) {
      stop = "iterations";
      break;
    }
    if (current.length >= opts.maxDrivers) {
      stop = "maxDrivers";
      break;
    }
    // Candidates in order of |t| (screened cheaply); the first that passes every entry test on
    // its full fit enters — the same choice as fitting them all, since the order is the same.
    const open = candidates.map((_, j) => j).filter((j) => !screened.has(j) && !current.includes(j) && !visited.has(key([...current, j])));
    let best: { j: number; t: number; adj: number; p: number } | null = null;
    for (const s of screenCandidates(y, cache.columnsOf(), current, open)) {
      // Slack on the screen so rounding cannot drop a candidate the full fit would accept.
      if (!(s.p < opts.pEnter * 1.001 + 1e-12 && s.adjRSquared - currentAdj >= opts.minAdjR2Gain - 1e-9)) continue;
      const trial = cache.fit([...current, s.index]);
      if (!trial.ok) continue;
      const { fit } = trial;
      const d = driverIndex(fit, names[s.index]!);
      const p = fit.pValues.drivers[d]!;
      const adj = fit.stats.adjRSquared;
      if (!(p < opts.pEnter && adj - currentAdj >= opts.minAdjR2Gain && Math.max(...fit.vif) < opts.maxVif)) continue;
      if (wrongSigns(fit, opts).length > 0) continue;
      best = { j: s.index, t: Math.abs(fit.tValues.drivers[d]!), adj, p };
      break;
    }
    if (best === null) break;
    current = [...current, best.j];
    currentAdj = best.adj;
    visited.add(key(current));
    steps.push({ action: "add", name: names[best.j]!, pValue: best.p, adjRSquared: best.adj });

    // Backward: drop a driver whose coefficient turned to the wrong sign, else the least
    // significant while any has p > pRemove.
    for (;;) {
      const trial = cache.fit(current);
      if (!trial.ok || current.length === 0) break;
      let worst: { j: number; p: number; t: number } | null = null;
      for (const j of current) {
        const d = driverIndex(trial.fit, names[j]!);
        const t = Math.abs(trial.fit.tValues.drivers[d]!);
        if (worst === null || t < worst.t) worst = { j, p: trial.fit.pValues.drivers[d]!, t };
      }
      // A driver whose coefficient has turned to the wrong sign goes first (most negative t).
      const wrong = wrongSigns(trial.fit, opts);
      if (wrong.length > 0) worst = { j: names.indexOf(wrong[0]!.name), p: wrong[0]!.p, t: -Infinity };
      else if (worst === null || !(worst.p > opts.pRemove)) break;
      const drop = worst.j;
      current = current.filter((j) => j !== drop);
      visited.add(key(current));
      currentAdj = cache.summary(current)?.adjRSquared ?? 0;
      steps.push({ action: "remove", name: names[drop]!, pValue: worst.p, adjRSquared: currentAdj });
    }
  }

  return buildReport({ y, names, cache, screened, selected: current, steps, stop, opts, values: candidates.map((c) => c.values) });
}

function validate(y: number[], candidates: SelectionInput["candidates"]): void {
  if (!Array.isArray(y) || !Array.isArray(candidates)) throw new RegressionError("invalid_input", "y and candidates must be arrays.");
  y.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new RegressionError("invalid_input", `y[${i}] is not a finite number (${String(v)}).`);
  });
  const seen = new Set<string>();
  for (const c of candidates) {
    if (seen.has(c.name)) throw new RegressionError("invalid_input", `Duplicate candidate name "${c.name}".`, [c.name]);
    seen.add(c.name);
    if (!Array.isArray(c.values) || c.values.length !== y.length) {
      throw new RegressionError("invalid_input", `Candidate "${c.name}" has ${Array.isArray(c.values) ? c.values.length : "no"} values; y has ${y.length}.`, [c.name]);
    }
  }
}

function key(indices: number[]): string {
  return [...indices].sort((a, b) => a - b).join(",");
}
