/** Seeded synthetic weather/energy data shared by the analytics tests. */
import { mulberry32, normal } from "../regression/helpers";

export { mulberry32, normal };

export const hdd = (t: number, b: number): number => Math.max(0, b - t);
export const cdd = (t: number, b: number): number => Math.max(0, t - b);

/**
 * Daily (perDay = 1) or hourly (perDay = 24) outdoor temperature with a seasonal
 * cycle of roughly −5…30 °C, a diurnal swing for hourly data, weather noise, and
 * y = f(T) + N(0, sigma²).
 */
export function weatherSeries(
  n: number,
  f: (t: number, i: number) => number,
  opts: { seed?: number; perDay?: number; sigma?: number } = {},
): { y: number[]; temperature: number[] } {
  const { seed = 1, perDay = 1, sigma = 3 } = opts;
  const z = normal(mulberry32(seed));
  const temperature: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const day = i / perDay;
    const diurnal = perDay > 1 ? 4 * Math.sin((2 * Math.PI * (i % perDay)) / perDay) : 0;
    const t = 12.5 + 12 * Math.sin((2 * Math.PI * (day - 110)) / 365) + diurnal + 3 * z();
    temperature.push(t);
    y.push(f(t, i) + sigma * z());
  }
  return { y, temperature };
}
