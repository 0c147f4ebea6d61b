import { AppError } from "@/lib/errors";
import type { Database } from "@/lib/db/types";
import type { BacktestInput, ForecastInput } from "@/lib/validation/forecast";
import { runBacktest, type BacktestResult } from "./backtest";
import { bandOf, CALIBRATION_ORIGINS, INTERVAL_ORIGINS, type Method } from "./engine";
import { DAY, hoursFrom, type HourlySeries } from "./hours";
import { ATTAINED, LEVEL_WINDOW_HOURS, levelCorrection, MIN_LEVEL_HOURS, rawDrivers } from "./baseline-method";
import { ARIMA_ORDER } from "./arima";
import { MIN_WEIGHT_PAIRS, WEIGHT_ORIGINS, type CombinedForecaster } from "./combine";
import { baselineUnavailable, forecasterFor, hasPlan, HISTORY_WEEKS, loadScope, type Scope } from "./service";
import { ATTAINMENT_WEEKS, MIN_ATTAINMENT_HOURS, planAttainment, planIssueAt, type PlannedSeries } from "./plans";
import { TEMPERATURE } from "@/lib/analytics/baseline/model";
import { toPlantIso } from "@/lib/time/plant-time";

// POST /api/v1/forecast and /api/v1/forecast/backtest. Hourly energy forecasts of a machine or the
// plant with 80 % and 95 % prediction intervals, and the rolling-origin backtest that scores each
// method against weekly persistence. Method definitions: README "## Forecasting".

/** Weekly origins `auto` scores the methods on before choosing. */
const AUTO_WEEKS = 2;

const iso = (ms: number) => new Date(ms).toISOString();

/** The methods a scope can be forecast with, and why the others cannot. */
function candidates(scope: Scope): { methods: Method[]; excluded: { method: Method; reason: string }[] } {
  const methods: Method[] = ["seasonal"];
  const excluded: { method: Method; reason: string }[] = [];
  // SARIMA per machine only: a plant's empirical intervals would refit it for every machine at every origin.
  if (scope.machines.length === 1) methods.push("arima");
  else excluded.push({ method: "arima", reason: "forecast per machine only" });
  const why = baselineUnavailable(scope);
  if (why === null) methods.push("baseline", "combined");
  else excluded.push({ method: "baseline", reason: why }, { method: "combined", reason: why });
  return { methods, excluded };
}

/** The last `weeks` weekly origins before the scope's origin, oldest first. */
function backtestOrigins(scope: Scope, weeks: number): number[] {
  return Array.from({ length: weeks }, (_, k) => scope.origin - (weeks - k) * 7 * DAY);
}

/** How a driver not given in the request is filled over the horizon: from the plan (which issues, scaled how) and/or assumed. */
function plannedOrAssumed(scope: Scope, planned: PlannedSeries | undefined, metered: HourlySeries | undefined, driver: string, horizon: number): string {
  const assumed = "assumed: the mean of the same plant hour of week over the last 4 weeks";
  const hours = hoursFrom(scope.origin, horizon);
  const issues = hours.map((t) => planIssueAt(planned, t, scope.origin)).filter((v) => !Number.isNaN(v));
  if (issues.length === 0) return `${driver} ${assumed}`;
  const span = `planned for ${issues.length} of ${horizon} hours (issued ${iso(Math.min(...issues))}${Math.max(...issues) > Math.min(...issues) ? ` to ${iso(Math.max(...issues))}` : ""}, the latest issues at or before the origin)`;
  const attained = ATTAINED.has(driver) ? planAttainment(planned, metered, scope.origin) : null;
  const scale =
    attained === null
      ? "used as published"
      : attained.hours >= MIN_ATTAINMENT_HOURS
        ? `× plan attainment ${attained.ratio.toFixed(3)} (metered ÷ planned over ${attained.hours} hours of the ${ATTAINMENT_WEEKS} weeks before the origin, plans as known at the origin; each hour uses the attainment measured with plans as many days old as its own, and a planned 0 the mean metered in past hours planned 0 at that lead, day type and local hour)`
        : "used as planned (too little plan history to measure attainment)";
  return `${driver} ${span}, ${scale}${issues.length < horizon ? `; other hours ${assumed}` : ""}`;
}

/** Each machine's level correction at the scope's origin (baseline-method.ts levelCorrection), for the machines with a baseline. */
function levelCorrectionsOf(scope: Scope): { machine_id: string; name: string; kwh_per_hour: number; hours: number }[] {
  return scope.machines.flatMap((m) => {
    if ("unavailable" in m.baseline) return [];
    const b = m.baseline;
    const c = levelCorrection({ spec: b.spec, timeZone: scope.timeZone, hddBaseC: b.hddBaseC, cddBaseC: b.cddBaseC, history: b.drivers, energy: m.energy }, scope.origin);
    return [{ machine_id: m.id, name: m.name, kwh_per_hour: c.kwh, hours: c.hours }];
  });
}

function assumptionsOf(scope: Scope, method: Method, given: Record<string, number[]> | undefined, horizon: number, w?: number): string[] {
  const out = [
    `Each point is the energy (kWh) of the hour starting at its time (UTC, ISO 8601); the plant's time zone is ${scope.timeZone}, and "same hour" means the same plant wall-clock hour.`,
    `The forecast starts at ${iso(scope.origin)}, the first whole hour after the last reading (which ends ${iso(scope.lastReadingEnd)}).`,
    "Energy is never negative: expected values and interval bounds are floored at 0 kWh.",
  ];
  const calibration = `then widened by how far such intervals fell short at each of the ${CALIBRATION_ORIGINS} weekly origins before this one (conformal calibration; never narrowed)`;
  const empirical = `Intervals: quantiles (10/90 %, 2.5/97.5 %) of this method's errors when run from each of the ${INTERVAL_ORIGINS} weekly origins before this one, pooled over all lead times, ${calibration}.`;
  if (method === "seasonal") {
    out.push("Seasonal: the mean of two medians, the same plant hour of week over the last 4 weeks and the same plant hour over the last 5 days of the same day type (weekday or weekend).");
    if (scope.machines.length === 1) out.push(empirical);
  }
  if (method === "arima") {
    const o = ARIMA_ORDER;
    out.push(
      `SARIMA(${o.p},${o.d},${o.q})(${o.P},${o.D},${o.Q})${o.s} (arima package) fitted to the last 3 weeks minus their plant hour-of-week profile (median of the last 4 weeks); forecast = profile + modelled remainder. Intervals: the model's forecast-error variance plus the profile's (normal quantiles).`,
    );
  }
  if (method === "combined") {
    out.push(
      `Combined: w × the baseline forecast + (1 − w) × the seasonal forecast (Bates & Granger 1969), w = ${w === undefined ? "chosen per origin" : w.toFixed(3)}, the weight in [0, 1] minimising the squared errors the two methods made over the week after each of the ${WEIGHT_ORIGINS} weekly origins before this one (1/2 with under ${MIN_WEIGHT_PAIRS} hours of paired errors). Its baseline part uses the drivers as the baseline method does, below.`,
    );
  }
  if (method === "baseline" || method === "combined") {
    const levels = new Map(levelCorrectionsOf(scope).map((l) => [l.machine_id, l]));
    for (const m of scope.machines) {
      if ("unavailable" in m.baseline) continue;
      const b = m.baseline;
      const drivers = rawDrivers(b.spec).map((d) => (given?.[d] ? `${d} given in the request` : plannedOrAssumed(scope, b.planned[d], b.drivers[d], d, horizon)));
      const dd = b.spec.inputs.filter((d) => d === "hdd" || d === "cdd").map((d) => `${d} from the hour's ${TEMPERATURE} (base ${d === "hdd" ? b.hddBaseC : b.cddBaseC} °C, ÷ 24 per hour)`);
      const level = levels.get(m.id)!;
      const correction =
        level.hours >= MIN_LEVEL_HOURS
          ? `level correction ${level.kwh_per_hour >= 0 ? "+" : "−"}${Math.abs(level.kwh_per_hour).toFixed(2)} kWh per hour added to every hour and its interval (the mean of metered − the model's prediction from the metered drivers over the ${LEVEL_WINDOW_HOURS} hours before the origin: a shift the model has not seen)`
          : `no level correction (${level.hours} of the last ${LEVEL_WINDOW_HOURS} hours have a reading and a prediction; ${MIN_LEVEL_HOURS} are needed)`;
      out.push(`${m.name}: active baseline version ${b.row.version} (${b.row.modelType}, hourly); ${[...drivers, ...dd].join("; ") || "calendar drivers only"}; ${correction}.`);
    }
    const allGiven = scope.machines.every((m) => "unavailable" in m.baseline || rawDrivers(m.baseline.spec).every((d) => given?.[d] !== undefined));
    if (method === "combined") {
      if (scope.machines.length === 1) out.push(`${empirical} (The combination's own errors: the weight and the two methods' errors are measured again at each of those origins from the weeks before it.)`);
    } else if (scope.machines.length === 1 && allGiven) out.push("Intervals: the model's prediction interval (t distribution, its residual variance), which holds for the drivers given.");
    else if (scope.machines.length === 1) out.push(`${empirical} (The model's own prediction interval would leave out the error of the planned or assumed drivers.)`);
  }
  if (scope.machines.length > 1) {
    out.push(
      `Plant: the sum of ${scope.machines.length} active machines' forecasts. Intervals are measured on the plant total: the quantiles of the summed forecast's errors against the plant's metered total at the ${INTERVAL_ORIGINS} weekly origins before this one, ${calibration}. Summing the machines' variances would assume independent errors, which shared shifts, production and weather make false, and would understate the spread.`,
    );
  }
  return out;
}

/**
 * An hourly forecast of a machine or the plant. Returns `{machine_id, method, requested_method,
 * time_zone, origin, horizon_hours, units, points: [{time, expected_kwh, lower_80, upper_80,
 * lower_95, upper_95}], assumptions, level_corrections? (baseline and combined: each machine's
 * `{machine_id, name, kwh_per_hour, hours}`, levelCorrection), selection?}` (kWh per hour). Throws AppError 404 (unknown
 * machine), 400 (a driver the model does not use, arima for the plant), 422 (too little history,
 * no usable model for the baseline method).
 */
export async function forecast(db: Database, input: ForecastInput) {
  if (input.method === "arima" && input.machine_id === "plant") {
    throw new AppError("bad_request", "method: arima forecasts one machine at a time; for the plant use seasonal, baseline or auto", { errors: [{ field: "method", message: "arima is per machine" }] });
  }
  const scope = await loadScope(db, input.machine_id);
  const { methods, excluded } = candidates(scope);
  let method: Method;
  let selection: (BacktestResult & { excluded: typeof excluded }) | undefined;
  if (input.method === "auto") {
    const result = runBacktest([forecasterFor(scope, "persistence"), ...methods.map((m) => forecasterFor(scope, m))], scope.actual, backtestOrigins(scope, AUTO_WEEKS));
    method = (result.best_method as Method | null) ?? "seasonal";
    selection = { ...result, excluded };
  } else {
    method = input.method;
    const why = excluded.find((e) => e.method === method);
    // The baseline's reasons already start with each machine's name.
    if (why) throw new AppError("unprocessable", `The ${method} method cannot forecast ${scope.id === "plant" ? "the plant: " : method === "baseline" ? "" : `${scope.machines[0]!.name}: `}${why.reason}`);
  }
  const given = checkDrivers(scope, method, input.drivers);
  const hours = hoursFrom(scope.origin, input.horizon_hours);
  const f = forecasterFor(scope, method, given);
  const band = bandOf(f, scope.actual, scope.origin, hours);
  const missing = hours.filter((_, h) => !Number.isFinite(band.expected[h]!) || !Number.isFinite(band.lower95[h]!));
  if (missing.length > 0) {
    throw new AppError("unprocessable", `The ${method} method has no forecast for ${missing.length} of the ${hours.length} hours (first ${toPlantIso(missing[0]!, scope.timeZone)}): a driver has no value there; give it in drivers`);
  }
  return {
    machine_id: scope.id,
    ...(scope.machines.length === 1 ? { machine_name: scope.machines[0]!.name } : { machines: scope.machines.map((m) => ({ machine_id: m.id, name: m.name })) }),
    method,
    requested_method: input.method,
    time_zone: scope.timeZone,
    origin: iso(scope.origin),
    last_reading_end: iso(scope.lastReadingEnd),
    horizon_hours: input.horizon_hours,
    units: { values: "kWh per hour" as const },
    points: hours.map((t, h) => ({
      time: iso(t),
      expected_kwh: band.expected[h]!,
      lower_80: band.lower80[h]!,
      upper_80: band.upper80[h]!,
      lower_95: band.lower95[h]!,
      upper_95: band.upper95[h]!,
    })),
    assumptions: assumptionsOf(scope, method, given, input.horizon_hours, "weight" in f ? (f as CombinedForecaster).weight(scope.origin) : undefined),
    ...(method === "baseline" || method === "combined" ? { level_corrections: levelCorrectionsOf(scope) } : {}),
    ...(selection ? { selection } : {}),
  };
}

/** Request drivers are for the baseline method and must be inputs of every model they feed. */
function checkDrivers(scope: Scope, method: Method, drivers: Record<string, number[]> | undefined): Record<string, number[]> | undefined {
  if (drivers === undefined || Object.keys(drivers).length === 0) return undefined;
  const bad = (name: string, message: string) => new AppError("bad_request", `drivers.${name}: ${message}`, { errors: [{ field: `drivers.${name}`, message }] });
  if (method !== "baseline" && method !== "combined") throw bad(Object.keys(drivers)[0]!, `drivers feed the baseline and combined methods only; the ${method} method reads the metered history alone`);
  if (scope.machines.length > 1) {
    const other = Object.keys(drivers).find((d) => d !== TEMPERATURE);
    if (other) throw bad(other, `a plant forecast takes only ${TEMPERATURE} (one outdoor temperature for the site); give other drivers per machine`);
  }
  for (const m of scope.machines) {
    if ("unavailable" in m.baseline) continue;
    const uses = rawDrivers(m.baseline.spec);
    const unused = Object.keys(drivers).find((d) => !uses.includes(d));
    if (unused && scope.machines.length === 1) throw bad(unused, `the active baseline of ${m.name} does not use it; it reads ${uses.join(", ") || "calendar drivers only"}`);
  }
  return drivers;
}

/**
 * Rolling weekly-origin backtest of every method a scope can use, beside weekly persistence.
 * Returns `{machine_id, time_zone, weeks, reference: "persistence", origins, skipped_origins,
 * scores: [{method, mape, cv_rmse, nmbe, weekly_total_mape, coverage_80, coverage_95, rmse_kwh,
 * skill_vs_persistence, hours}], best_method, excluded, notes}`; ratios are fractions.
 */
export async function backtest(db: Database, input: BacktestInput) {
  // Each origin needs the history a forecast reads before it.
  const scope = await loadScope(db, input.machine_id, input.weeks + HISTORY_WEEKS);
  const { methods, excluded } = candidates(scope);
  const hasBaseline = methods.includes("baseline");
  const planned = input.planned_inputs && hasBaseline && hasPlan(scope);
  const exPost = input.baseline_ex_post && hasBaseline ? [forecasterFor(scope, "baseline_ex_post")] : [];
  const withoutPlan = planned ? [forecasterFor(scope, "baseline_without_plan")] : [];
  const result = runBacktest(
    [forecasterFor(scope, "persistence"), ...methods.map((m) => forecasterFor(scope, m, undefined, input.planned_inputs)), ...withoutPlan, ...exPost],
    scope.actual,
    backtestOrigins(scope, input.weeks),
  );
  const notes = [
    "Each origin forecasts the following 168 hours from the data before it; all methods are scored on the same hours (an actual and a forecast from every method).",
    planned
      ? `The baseline method reads the stored plan and weather forecasts as published at or before each origin (never a later revision, never the metered drivers after it); planned output and running hours are scaled by the plan attainment of the ${ATTAINMENT_WEEKS} weeks before the origin; hours without a plan are assumed from history. baseline_without_plan is the same model with every driver assumed from the 4 weeks before each origin. Weeks inside a model's training window are in-sample for it.`
      : "The baseline method runs as a forecast without planned inputs would: drivers assumed from the 4 weeks before each origin. Weeks inside a model's training window are in-sample for it.",
    "MAPE skips hours whose actual is 0 kWh; skill_vs_persistence = 1 − RMSE / RMSE(persistence).",
    ...(exPost.length ? ["baseline_ex_post feeds the baseline each hour's metered drivers, as exact planned production and weather forecasts would: not a forecast, the bound one with good planned inputs approaches."] : []),
  ];
  return { machine_id: scope.id, time_zone: scope.timeZone, weeks: input.weeks, reference: "persistence" as const, ...result, excluded, notes };
}
