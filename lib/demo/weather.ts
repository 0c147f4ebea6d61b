// Site weather for a central European plant: seasonal curve + diurnal cycle + weather fronts
// (AR(1) daily anomalies) + small hourly wander. Values are knots at whole UTC hours and are
// interpolated linearly inside the hour, so the mean of the 60 minute mid-points equals the
// mean of the twelve 5-minute block mid-points: the hourly average of the environmental rows
// is exactly the average temperature the energy model saw.
import { Rng } from "./random";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "./schedule";

const YEAR_DAYS = 365.2425;
/** Warmest day of the climatological year ~22 July (day 202 after 1 January 1970). */
const PEAK_DAY = 202;

/** Daily mean climatology (°C), roughly Cologne/Frankfurt: ~1 °C in January, ~19 °C in July. */
export function seasonalMeanC(ms: number): number {
  return 10 + 9 * Math.cos((2 * Math.PI * (ms / DAY_MS - PEAK_DAY)) / YEAR_DAYS);
}

/** Half the day–night swing: larger in summer (~5 °C) than in winter (~1.6 °C). */
function diurnalAmplitudeC(ms: number): number {
  return 3.3 + 1.7 * Math.cos((2 * Math.PI * (ms / DAY_MS - 190)) / YEAR_DAYS);
}

/** AR(1) series with stationary SD `sd`, one value per index. */
function ar1(rng: Rng, n: number, phi: number, sd: number): Float64Array {
  const out = new Float64Array(n);
  const innov = sd * Math.sqrt(1 - phi * phi);
  let x = sd * rng.normal();
  for (let i = 0; i < n; i++) {
    out[i] = x;
    x = phi * x + innov * rng.normal();
  }
  return out;
}

/** Smoothly interpolated daily series (values at UTC noon, cosine easing between them). */
function daily(series: Float64Array, day0: number, ms: number): number {
  const x = ms / DAY_MS - 0.5 - day0;
  const i = Math.max(0, Math.min(series.length - 2, Math.floor(x)));
  const f = Math.max(0, Math.min(1, x - i));
  const s = (1 - Math.cos(Math.PI * f)) / 2;
  const a = series[i] ?? 0;
  return a + ((series[i + 1] ?? a) - a) * s;
}

export interface Weather {
  /** UTC hour number (ms / 3 600 000) of knot 0. */
  hour0: number;
  tempC: Float64Array;
  humidityPct: Float64Array;
  ambientBar: Float64Array;
}

export function buildWeather(seed: number, startMs: number, endMs: number): Weather {
  const hour0 = Math.floor(startMs / HOUR_MS);
  const hours = Math.ceil(endMs / HOUR_MS) - hour0 + 2;
  const day0 = Math.floor(startMs / DAY_MS) - 1;
  const days = Math.ceil(endMs / DAY_MS) - day0 + 2;
  const fronts = ar1(Rng.derive(seed, "weather.fronts"), days, 0.7, 3.0); // °C, multi-day warm/cold spells
  const wetness = ar1(Rng.derive(seed, "weather.wetness"), days, 0.6, 1.0); // rainy vs dry days
  const pressure = ar1(Rng.derive(seed, "weather.pressure"), days, 0.8, 1.0); // highs and lows
  const wander = ar1(Rng.derive(seed, "weather.wander"), hours, 0.85, 0.5); // clouds, showers
  const tempC = new Float64Array(hours);
  const humidityPct = new Float64Array(hours);
  const ambientBar = new Float64Array(hours);
  for (let h = 0; h < hours; h++) {
    const ms = (hour0 + h) * HOUR_MS;
    const season = seasonalMeanC(ms);
    // Solar time ≈ UTC + 1 h in western Germany; the warmest hour is ~15:00.
    const solarHour = (ms / HOUR_MS + 1) % 24;
    const diurnal = diurnalAmplitudeC(ms) * Math.cos((2 * Math.PI * (solarHour - 15)) / 24);
    const t = season + diurnal + daily(fronts, day0, ms) + (wander[h] ?? 0);
    tempC[h] = t;
    // Relative humidity falls as air warms (same moisture, higher saturation pressure).
    const rh = 76 - 1.6 * (t - season) - 0.5 * (season - 10) + 7 * daily(wetness, day0, ms);
    humidityPct[h] = Math.max(28, Math.min(99, rh));
    ambientBar[h] = 1.001 + 0.009 * daily(pressure, day0, ms);
  }
  return { hour0, tempC, humidityPct, ambientBar };
}

/**
 * Value of an hourly knot series at `ms + midMinutes`: `midMinutes` is 0.5 for a 1-minute
 * reading and 2.5 for a 5-minute sample (both represent the middle of their interval).
 */
export function interpolate(series: Float64Array, hour0: number, ms: number, midMinutes: number): number {
  const hour = Math.floor(ms / HOUR_MS);
  const i = hour - hour0;
  const f = ((ms - hour * HOUR_MS) / MINUTE_MS + midMinutes) / 60;
  const a = series[i] ?? 0;
  return a + ((series[i + 1] ?? a) - a) * f;
}

/**
 * Compressor-1's discharge-pressure set-point per UTC hour: steps of 0.25 bar between 6.0 and
 * 7.5 bar every 2–5 days, at a random whole hour, independent of production and weather.
 */
export function buildSetpoints(seed: number, hours: number): Float64Array {
  const rng = Rng.derive(seed, "compressor.setpoint");
  const out = new Float64Array(hours);
  let value = 6 + 0.25 * rng.int(0, 6);
  let next = rng.int(0, 96);
  for (let h = 0; h < hours; h++) {
    if (h === next) {
      let v = value;
      while (v === value) v = 6 + 0.25 * rng.int(0, 6);
      value = v;
      next = h + rng.int(48, 120);
    }
    out[h] = value;
  }
  return out;
}
