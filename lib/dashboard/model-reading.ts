// A baseline read aloud for a plant manager: what the coefficients say in the units of the plant
// ("base load 8.1 kWh per hour; each 1,000 units produced add 24 kWh"), and the caveats that apply.
// Built from the model's response (coefficients, units, quality checks, p-values), nothing else,
// so the sentence and the coefficient table can never disagree.

import { formatPlantRange } from "@/lib/time/plant-time";

export interface ReadableModel {
  granularity: string;
  model_type: string;
  intercept: number;
  coefficients: Record<string, number>;
  p_values: Record<string, number | null>;
  /** Design column → unit of its coefficient (the API's `units.coefficients`). */
  coefficient_units?: Record<string, string>;
  balance_points?: { heating_balance_c: number | null; cooling_balance_c: number | null } | null;
  quality_checks: { name: string; passed: boolean; value: number | null; threshold: string; source: string }[];
  /** Drivers asked for that the fit left out, with the reason (the API's `dropped_terms`). */
  dropped_terms?: { driver: string; reason: string }[];
  /** ISO instants of the half-open training window [start, end): the API's UTC strings. */
  training_start_date: string;
  training_end_date: string;
}

export interface ModelReading {
  sentences: string[];
  caveats: string[];
}

/** What one bucket of energy is called: "kWh per hour", "kWh per day" (daily and coarser models are fitted on daily rates). */
export function energyPer(granularity: string): string {
  if (granularity === "15min") return "kWh per 15 minutes";
  if (granularity === "hourly") return "kWh per hour";
  return "kWh per day";
}

const number = (v: number, digits?: number) => {
  const d = digits ?? (Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : Math.abs(v) >= 1 ? 2 : 3);
  return v.toLocaleString("en-GB", { maximumFractionDigits: d, minimumFractionDigits: 0 });
};

/**
 * A per-unit coefficient stated over a round quantity that gives at least about 1 kWh: 0.024 kWh
 * per unit → "each 100 units … add 2.4 kWh"; [quantity, effect].
 */
export function roundQuantity(perUnit: number): [number, number] {
  const a = Math.abs(perUnit);
  if (a === 0 || a >= 1) return [1, perUnit];
  const q = 10 ** Math.ceil(-Math.log10(a));
  return [q, perUnit * q];
}

const verb = (effect: number, one: boolean) => (effect >= 0 ? (one ? "adds" : "add") : one ? "saves" : "save");

/** One sentence per design column, in the plant's words; null for columns it cannot phrase (towt effects). */
function phrase(name: string, c: number, m: ReadableModel): string | null {
  const per = energyPer(m.granularity);
  const perDay = per === "kWh per day";
  const bp = m.balance_points ?? null;
  switch (name) {
    case "total_production_count": {
      const [q, e] = roundQuantity(c);
      return q === 1 ? `each unit produced ${verb(e, true)} ${number(Math.abs(e))} kWh` : `each ${q.toLocaleString("en-GB")} units produced ${verb(e, false)} ${number(Math.abs(e))} kWh`;
    }
    case "running_hours":
      return `each hour of running ${verb(c, true)} ${number(Math.abs(c))} kWh`;
    case "avg_outdoor_temp_c":
      return `each °C warmer outside ${verb(c, true)} ${number(Math.abs(c))} ${per}`;
    case "avg_indoor_temp_c":
      return `each °C warmer inside ${verb(c, true)} ${number(Math.abs(c))} ${per}`;
    case "avg_pressure_bar":
      return `each bar more pressure ${verb(c, true)} ${number(Math.abs(c))} ${per}`;
    case "avg_humidity_pct":
      return `each percentage point of humidity ${verb(c, true)} ${number(Math.abs(c))} ${per}`;
    case "avg_throughput":
      return `each unit per hour more throughput ${verb(c, true)} ${number(Math.abs(c))} ${per}`;
    case "hdd":
      return `each heating degree-day ${verb(c, true)} ${number(Math.abs(c))} kWh`;
    case "cdd":
      return `each cooling degree-day ${verb(c, true)} ${number(Math.abs(c))} kWh`;
    case "is_weekend":
      return `a weekend ${perDay ? "day" : "bucket"} uses ${number(Math.abs(c))} ${per} ${c >= 0 ? "more" : "less"}`;
    case "shift_early":
    case "shift_late":
    case "shift_night":
      return `the ${name.slice(6)} shift uses ${number(Math.abs(c))} ${per} ${c >= 0 ? "more" : "less"} than the rest of the time`;
    case "heating_degrees":
    case "below_change_point":
      return `below ${bp?.heating_balance_c !== null && bp?.heating_balance_c !== undefined ? `${number(bp.heating_balance_c, 1)} °C` : "the change point"}, each °C colder ${verb(c, true)} ${number(Math.abs(c))} ${per}`;
    case "cooling_degrees":
    case "above_change_point":
      return `above ${bp?.cooling_balance_c !== null && bp?.cooling_balance_c !== undefined ? `${number(bp.cooling_balance_c, 1)} °C` : "the change point"}, each °C warmer ${verb(c, true)} ${number(Math.abs(c))} ${per}`;
    default: {
      const unit = m.coefficient_units?.[name];
      return unit ? `${name}: ${number(c)} ${unit}` : null;
    }
  }
}

const CHECK_MEANING: Record<string, string> = {
  r_squared: "the drivers explain too little of the energy",
  cv_rmse: "the model's typical error is too large for savings claims",
  nmbe: "the model is biased over its training period",
  model_p_value: "the model as a whole may be chance",
  driver_p_values: "a driver's effect may be chance",
  vif: "drivers move together, so their separate effects are unreliable",
  data_coverage: "too many buckets lack complete data",
  samples: "there are too few training buckets",
  physical_signs: "a coefficient has a sign physics rules out",
};

/**
 * The model in plain words, and its caveats: failed quality checks (with the check's own
 * threshold and source), drivers whose p-value exceeds 0.05, a negative base load, TOWT effects
 * that a sentence cannot carry, and that predictions hold only within the training range of the
 * drivers (ASHRAE Guideline 14 §5.2.11 warns against extrapolating a baseline). The training
 * window is named in the plant's calendar (`timeZone`), its last whole day inclusive: the API's
 * UTC instants would name the day before for a plant east of Greenwich.
 */
export function readModel(m: ReadableModel, timeZone: string): ModelReading {
  const per = energyPer(m.granularity);
  const sentences: string[] = [];
  const caveats: string[] = [];
  if (m.model_type === "towt") {
    sentences.push(`Energy follows the hour of the week and the outdoor temperature (a time-of-week-and-temperature model): its ${Object.keys(m.coefficients).length} effects are in the coefficient table.`);
  } else {
    sentences.push(m.intercept >= 0 ? `Base load ${number(m.intercept)} ${per}` : `The intercept is ${number(m.intercept)} ${per}, below zero: it is not a base load, only the line's value where every driver is zero`);
    for (const [name, c] of Object.entries(m.coefficients)) {
      const s = phrase(name, c, m);
      if (s) sentences.push(s);
      const p = m.p_values[name];
      if (p !== null && p !== undefined && p > 0.05) caveats.push(`${name} is not significant (p = ${p < 0.001 ? "<0.001" : p.toFixed(2)}): its effect may be chance.`);
    }
  }
  for (const t of m.dropped_terms ?? []) caveats.push(`${t.driver} is left out of the model: ${t.reason.replace(/^dropped: /, "")}.`);
  for (const check of m.quality_checks.filter((c) => !c.passed)) {
    const meaning = CHECK_MEANING[check.name] ?? "see the quality checks";
    caveats.push(`Fails ${check.name.replaceAll("_", " ")} (${check.value === null ? "no value" : number(check.value, 3)} against ${check.threshold}, ${check.source}): ${meaning}.`);
  }
  caveats.push(`It holds within the conditions of its training period (${formatPlantRange(Date.parse(m.training_start_date), Date.parse(m.training_end_date), timeZone)}): outside the range of its drivers there, predictions are extrapolations.`);
  return { sentences, caveats };
}

/** The sentences joined as one paragraph: "Base load 8.1 kWh per hour; each 1,000 units produced add 24 kWh." */
export function readingText(r: ModelReading): string {
  return r.sentences.length === 0 ? "" : `${r.sentences.join("; ")}.`;
}
