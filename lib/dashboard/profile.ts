import { zonedParts } from "@/lib/time/plant-time";

// Load profile by hour of day: the average energy of each plant-local hour over the days that
// have a reading in it. An hour the DST spring change skips has fewer days; the autumn repeat
// counts both hours as separate samples of that hour (each bucket is one sample).

export interface HourProfile {
  /** 24 values, hour 0 … 23 plant time, mean kWh per hourly bucket; null where no bucket */
  kwh: (number | null)[];
  /** buckets averaged per hour */
  samples: number[];
}

/** Mean kWh per plant-local hour of day from hourly buckets (`time` ISO, `kwh` null where missing). */
export function hourOfDayProfile(points: { time: string; kwh: number | null }[], timeZone: string): HourProfile {
  const sum = Array.from({ length: 24 }, () => 0);
  const samples = Array.from({ length: 24 }, () => 0);
  for (const p of points) {
    if (p.kwh === null || !Number.isFinite(p.kwh)) continue;
    const h = zonedParts(Date.parse(p.time), timeZone).hour;
    sum[h]! += p.kwh;
    samples[h]! += 1;
  }
  return { kwh: sum.map((s, h) => (samples[h] ? s / samples[h] : null)), samples };
}

/** Rows for a chart of several profiles: { hour, [key]: kWh } for hours 0–23. */
export function profileRows(profiles: { key: string; profile: HourProfile }[]): ({ hour: number } & Record<string, number | null>)[] {
  return Array.from({ length: 24 }, (_, hour) => {
    const row: { hour: number } & Record<string, number | null> = { hour };
    for (const p of profiles) row[p.key] = p.profile.kwh[hour] ?? null;
    return row;
  });
}
