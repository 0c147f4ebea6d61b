import { placeAnomalies } from "./anomalies";
import { createDemoPlant } from "./generator";
import { MINUTE_MS, PlantCalendar } from "./schedule";
import type { AnomalyLabel, DemoPlant } from "./types";

// The demo plant continued past the window it was seeded with, for the living demo.
//
// The generator simulates minute by minute from the window's start, and everything it draws
// (weather, set-points, production, noise) is a stream that depends only on the seed and the
// start, so a longer window repeats the shorter one's rows and goes on. Only the injected faults
// depend on the window's end (they sit in its last third), so the continued plant keeps the
// seeded window's faults and repeats the same placement once per window length after it: cycle k
// places faults in the last third of [start + k·L, seededEnd + k·L). The continuation is thus
// fixed by (seed, zone, start, seeded end) alone: appending up to Tuesday and then up to Friday
// gives the rows that appending up to Friday at once gives.

export interface DemoAnchor {
  seed: number;
  timeZone: string;
  /** Start and end of the seeded window. */
  start: Date;
  seededEnd: Date;
}

/** The plant of `anchor` over [anchor.start, until) (until floored to the minute), with its faults. */
export function continuedPlant(anchor: DemoAnchor, until: Date): DemoPlant {
  const startMs = anchor.start.getTime();
  const seededEndMs = anchor.seededEnd.getTime();
  const span = seededEndMs - startMs;
  const base = createDemoPlant({ days: span / 86_400_000, end: anchor.seededEnd, seed: anchor.seed, timeZone: anchor.timeZone });
  if (base.start.getTime() !== startMs) throw new RangeError("the seeded window must be whole minutes");
  const untilMs = Math.floor(until.getTime() / MINUTE_MS) * MINUTE_MS;
  if (untilMs <= seededEndMs) return base;
  const calendar = new PlantCalendar(anchor.timeZone);
  const cleanShare = base.cleanUntil.getTime() - startMs;
  const anomalies: AnomalyLabel[] = [...base.anomalies];
  for (let k = 1; seededEndMs + (k - 1) * span < untilMs; k++) {
    const shift = k * span;
    anomalies.push(...placeAnomalies(anchor.seed, startMs + shift, seededEndMs + shift, startMs + cleanShare + shift, calendar));
  }
  return { ...base, end: new Date(untilMs), anomalies: anomalies.sort((a, b) => a.start.getTime() - b.start.getTime()) };
}
