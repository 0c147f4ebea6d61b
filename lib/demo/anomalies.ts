// Injected faults with labels. All of them lie in the last third of the window, so the first
// two thirds are clean training data; positions scale with the window length.
import { MACHINE_SPECS, machineId } from "./machines";
import { Rng } from "./random";
import { DAY_MS, HOUR_MS, MINUTE_MS, PlantCalendar } from "./schedule";
import type { AnomalyLabel, DemoPlant } from "./types";

const COMPRESSOR_1 = machineId(1);
const BOILER_1 = machineId(5);
const OVEN_1 = machineId(6);
const PUMP_1 = machineId(10);

const ceilHour = (ms: number) => Math.ceil(ms / HOUR_MS) * HOUR_MS;

/** First instant ≥ `fromMs` (on a whole UTC hour) that is 07:00 local on a working day. */
function nextMorning(calendar: PlantCalendar, fromMs: number, limitMs: number): number | null {
  for (let ms = ceilHour(fromMs); ms < limitMs; ms += HOUR_MS) {
    const local = calendar.localMs(ms);
    const dayNumber = Math.floor(local / DAY_MS);
    if (Math.floor((local - dayNumber * DAY_MS) / HOUR_MS) === 7 && calendar.day(dayNumber).workday) return ms;
  }
  return null;
}

function pumpRunningKw(): number {
  const truth = MACHINE_SPECS.find((s) => s.machine.id === PUMP_1)?.truth;
  return (truth?.intercept ?? 0) + (truth?.coefficients.running_hours ?? 0);
}

export function placeAnomalies(seed: number, startMs: number, endMs: number, cleanUntilMs: number, calendar: PlantCalendar): AnomalyLabel[] {
  const rng = Rng.derive(seed, "anomalies");
  const third = endMs - cleanUntilMs;
  // Start at a fraction of the last third, jittered by up to a few hours, on a whole hour.
  const at = (fraction: number) => Math.min(endMs - HOUR_MS, ceilHour(cleanUntilMs + fraction * third + rng.int(0, 5) * HOUR_MS));
  const span = (startMs2: number, nominalMs: number, fraction: number) =>
    Math.min(endMs, startMs2 + Math.max(HOUR_MS, Math.min(nominalMs, Math.floor((fraction * third) / HOUR_MS) * HOUR_MS)));
  const labels: AnomalyLabel[] = [];

  const leakStart = at(0.1);
  labels.push({
    machineId: COMPRESSOR_1,
    kind: "air_leak",
    start: new Date(leakStart),
    end: new Date(span(leakStart, 7 * DAY_MS, 0.25)),
    description: "Compressed-air leak: extra load while production is off (nights, weekends, holidays).",
    magnitudeKw: 8,
  });

  const spikeKw = Math.round(9 * pumpRunningKw() * 10) / 10; // ≈10× the running pump's power
  for (const fraction of [0.2, 0.75]) {
    const target = at(fraction);
    const morning = nextMorning(calendar, target, endMs - HOUR_MS) ?? target;
    const spikeStart = morning + rng.int(10, 50) * MINUTE_MS;
    labels.push({
      machineId: PUMP_1,
      kind: "sensor_spike",
      start: new Date(spikeStart),
      end: new Date(Math.min(endMs, spikeStart + 3 * MINUTE_MS)),
      description: "Current transformer glitch: three minutes of ~10× the real power.",
      magnitudeKw: spikeKw,
    });
  }

  const stepStart = at(0.4);
  labels.push({
    machineId: BOILER_1,
    kind: "step_change",
    start: new Date(stepStart),
    end: new Date(span(stepStart, 4 * DAY_MS, 0.15)),
    description: "Stuck bypass valve: constant extra heating load until repaired.",
    magnitudeKw: 18,
  });

  const driftStart = at(0.6);
  labels.push({
    machineId: OVEN_1,
    kind: "drift",
    start: new Date(driftStart),
    end: new Date(span(driftStart, 10 * DAY_MS, 0.33)),
    description: "Door seal wearing out: extra heat loss growing linearly until the seal is replaced.",
    magnitudeKw: 12,
  });
  return labels.sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** Extra kW of one label at an instant (0 outside it). */
export function extraKw(label: AnomalyLabel, ms: number, plantInShift: boolean): number {
  const s = label.start.getTime();
  const e = label.end.getTime();
  if (ms < s || ms >= e) return 0;
  switch (label.kind) {
    case "air_leak":
      return plantInShift ? 0 : label.magnitudeKw;
    case "drift":
      return (label.magnitudeKw * (ms - s + MINUTE_MS)) / (e - s);
    default:
      return label.magnitudeKw;
  }
}

const calendars = new Map<string, PlantCalendar>();

/** True when an injected fault changes this machine's energy at this minute. */
export function isInAnomaly(plant: DemoPlant, machineIdToCheck: string, time: Date): boolean {
  const ms = Math.floor(time.getTime() / MINUTE_MS) * MINUTE_MS;
  for (const label of plant.anomalies) {
    if (label.machineId !== machineIdToCheck || ms < label.start.getTime() || ms >= label.end.getTime()) continue;
    if (label.kind !== "air_leak") return true;
    let calendar = calendars.get(plant.timeZone);
    if (!calendar) calendars.set(plant.timeZone, (calendar = new PlantCalendar(plant.timeZone)));
    if (!calendar.inShift(ms)) return true;
  }
  return false;
}
