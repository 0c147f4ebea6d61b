import { zonedParts } from "@/lib/time/plant-time";

// Load profile: energy by hour of day (columns) and day (rows), both in the plant's time zone.
// Hourly buckets are placed by the plant-local hour they start in; on the autumn DST change the
// repeated hour's cell is the mean of its two buckets (kWh per hour, as /compare's load profile
// averages per hourly bucket; a sum would be one cell a year at double the load, the colour
// scale's maximum), named in `repeated`; on the spring change the skipped hour stays empty.

export interface HeatmapDay {
  /** YYYY-MM-DD in plant time */
  date: string;
  weekday: number;
  /** kWh per hour by plant hour 0–23: the hour's energy, the mean of its buckets where the hour repeats. */
  cells: (number | null)[];
  /** Hours whose cell is the mean of two (or more) hourly buckets: the repeated hour of a clock change. */
  repeated: number[];
}

export interface HeatmapGrid {
  days: HeatmapDay[];
  min: number | null;
  max: number | null;
}

const pad = (n: number) => String(n).padStart(2, "0");

const HOUR_MS = 3_600_000;

/**
 * The grid of hourly buckets (`time`: ISO start, `kwh`: energy of the hour) by plant day and hour,
 * in kWh per hour, with the colour scale's min and max. The repeated hour of an autumn clock
 * change (two buckets in one plant hour) is their mean, listed in the day's `repeated`. An hour that
 * has not ended by `now` (epoch ms) is left out: its few minutes of energy would be drawn as the
 * day's lowest load and stretch the scale.
 */
export function loadProfileGrid(points: { time: string; kwh: number | null }[], timeZone: string, now = Number.POSITIVE_INFINITY): HeatmapGrid {
  const byDay = new Map<string, HeatmapDay>();
  const counts = new Map<string, number[]>();
  for (const p of points) {
    if (p.kwh === null || !Number.isFinite(p.kwh)) continue;
    const start = Date.parse(p.time);
    if (start + HOUR_MS > now) continue;
    const z = zonedParts(start, timeZone);
    const date = `${z.year}-${pad(z.month)}-${pad(z.day)}`;
    let day = byDay.get(date);
    if (!day) {
      day = { date, weekday: z.weekday, cells: Array.from({ length: 24 }, () => null), repeated: [] };
      byDay.set(date, day);
      counts.set(date, new Array<number>(24).fill(0));
    }
    day.cells[z.hour] = (day.cells[z.hour] ?? 0) + p.kwh;
    counts.get(date)![z.hour]! += 1;
  }
  for (const day of byDay.values()) {
    counts.get(day.date)!.forEach((n, h) => {
      if (n < 2) return;
      day.cells[h] = day.cells[h]! / n;
      day.repeated.push(h);
    });
  }
  const days = [...byDay.values()].sort((a, b) => a.date.localeCompare(b.date));
  const values = days.flatMap((d) => d.cells).filter((v): v is number => v !== null);
  return { days, min: values.length ? Math.min(...values) : null, max: values.length ? Math.max(...values) : null };
}

// Viridis at nine stops: perceptually uniform and readable with every common colour-vision deficiency.
const VIRIDIS = ["#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962", "#addc30", "#fde725"];

export function viridis(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS[i]!;
  const b = VIRIDIS[i + 1]!;
  const mix = (k: number) => Math.round(parseInt(a.slice(k, k + 2), 16) * (1 - f) + parseInt(b.slice(k, k + 2), 16) * f);
  return `#${[1, 3, 5].map((k) => mix(k).toString(16).padStart(2, "0")).join("")}`;
}
