import type { Database } from "@/lib/db/types";
import { seedDemo } from "@/lib/demo/seed";
import { extraKw } from "@/lib/demo/anomalies";
import { PlantCalendar, MINUTE_MS } from "@/lib/demo/schedule";
import type { AnomalyLabel, DemoPlant } from "@/lib/demo";
import { trainBaseline } from "@/lib/analytics/baseline/train";
import { suggestDrivers } from "@/lib/analytics/baseline/suggest";
import { suggestSchema, trainSchema } from "@/lib/validation/baseline";
import { detectAnomaliesDetailed, DEFAULT_DETECTORS, type DetectorName } from "@/lib/anomaly";
import { fillYear, MACHINE as YEAR_MACHINE, START as YEAR_START, END as YEAR_END } from "./baseline";
import { round, timeMedian } from "./util";

// Quality of anomaly detection against the demo plant's labelled faults (lib/demo/anomalies.ts),
// and its speed. Per seed: the demo plant (90 days to END) is seeded into a fresh database,
// every machine with a true model gets a baseline trained the way the demo's truth describes it
// (its model type and drivers, hourly, over the clean first two thirds), and detection runs over
// the last third, once per detector and once with the default combination. Reported per
// detector and for the default: recall of the labelled events above MATERIAL_KWH (an event of
// the machine overlapping the label), precision (events overlapping a label ÷ all events) and
// unlabelled events per machine-week. Targets: recall ≥ 0.9, precision ≥ 0.8, ≤ 1 unlabelled
// event per machine-week.

export const END = new Date("2025-11-25T00:00:00Z");
const DAYS = 90;
/** A labelled fault is material when it added at least this much energy (kWh). */
export const MATERIAL_KWH = 5;
const SINGLE: DetectorName[] = ["baseline_residual", "cusum", "profile", "idle_leak", "over_power", "spike", "stuck_meter", "data_gap", "isolation_forest"];

/** Energy a label added (kWh), minute by minute as the generator adds it. */
export function labelExcessKwh(label: AnomalyLabel, calendar: PlantCalendar): number {
  let kwh = 0;
  for (let t = label.start.getTime(); t < label.end.getTime(); t += MINUTE_MS) kwh += extraKw(label, t, calendar.inShift(t)) / 60;
  return kwh;
}

/**
 * Trains each machine's baseline over the clean window (activated), as an engineer would with the
 * demo: the model type of its published truth, and for linear models the drivers stepwise
 * selection suggests (Oven-1's two true drivers are collinear, VIF 24, and suggest keeps one).
 */
export async function trainDemoBaselines(db: Database, plant: DemoPlant): Promise<number> {
  let trained = 0;
  for (const m of plant.machines) {
    const truth = plant.truth[m.id]!;
    if (truth.model === "none") continue;
    const input = trainSchema.parse({
      machine_id: m.id,
      start_date: plant.start.toISOString(),
      end_date: plant.cleanUntil.toISOString(),
      drivers: truth.model === "linear" ? await suggested(db, m.id, plant) : ["avg_outdoor_temp_c"],
      model_type: truth.model,
      granularity: "hourly",
      activate: true,
    });
    await trainBaseline(db, input);
    trained++;
  }
  return trained;
}

async function suggested(db: Database, machineId: string, plant: DemoPlant): Promise<string[]> {
  const s = await suggestDrivers(db, suggestSchema.parse({ machine_id: machineId, start_date: plant.start.toISOString(), end_date: plant.cleanUntil.toISOString() }));
  return s.suggested_drivers.length > 0 ? s.suggested_drivers : plant.truth[machineId]!.drivers;
}

interface Tally {
  labels: number;
  found: number;
  events: number;
  labelled: number;
  machineWeeks: number;
}

async function score(db: Database, plant: DemoPlant, detectors: readonly DetectorName[], calendar: PlantCalendar, tally: Tally): Promise<void> {
  await db.query("TRUNCATE anomaly_events CASCADE");
  const start = plant.cleanUntil;
  await detectAnomaliesDetailed(db, { start, end: plant.end, detectors });
  const events = await db.query<{ machine_id: string; s: Date | string; e: Date | string }>(`SELECT machine_id::text AS machine_id, start_time AS s, end_time AS e FROM anomaly_events`);
  const overlaps = (ev: { machine_id: string; s: Date | string; e: Date | string }, l: AnomalyLabel) =>
    ev.machine_id === l.machineId && new Date(ev.s).getTime() < l.end.getTime() && new Date(ev.e).getTime() > l.start.getTime();
  const material = plant.anomalies.filter((l) => labelExcessKwh(l, calendar) >= MATERIAL_KWH);
  tally.labels += material.length;
  tally.found += material.filter((l) => events.some((ev) => overlaps(ev, l))).length;
  tally.events += events.length;
  tally.labelled += events.filter((ev) => plant.anomalies.some((l) => overlaps(ev, l))).length;
  tally.machineWeeks += (plant.machines.length * (plant.end.getTime() - start.getTime())) / (7 * 86_400_000);
}

export type DatabaseFactory = (tag: string) => Promise<{ db: Database; drop: () => Promise<void> }>;

/** Quality per detector and for the default combination over the seeds; adds `anomaly_*` entries to results. */
export async function anomalyQuality(open: DatabaseFactory, results: Record<string, number>, seeds = [42, 7]): Promise<void> {
  const names = ["default", ...SINGLE];
  const tallies = new Map(names.map((n) => [n, { labels: 0, found: 0, events: 0, labelled: 0, machineWeeks: 0 }]));
  for (const seed of seeds) {
    const { db, drop } = await open(`anomaly_eval_${seed}_`);
    try {
      const t = performance.now();
      const plant = await seedDemo(db, { days: DAYS, seed, end: END });
      await trainDemoBaselines(db, plant);
      console.log(`anomaly eval: seed ${seed} seeded and trained in ${round((performance.now() - t) / 1000)} s`);
      const calendar = new PlantCalendar(plant.timeZone);
      for (const name of names) await score(db, plant, name === "default" ? DEFAULT_DETECTORS : [name as DetectorName], calendar, tallies.get(name)!);
    } finally {
      await drop();
    }
  }
  for (const [name, t] of tallies) {
    results[`anomaly_${name}_recall`] = round(t.labels ? t.found / t.labels : Number.NaN);
    results[`anomaly_${name}_precision`] = round(t.events ? t.labelled / t.events : Number.NaN);
    results[`anomaly_${name}_unlabelled_per_machine_week`] = round((t.events - t.labelled) / t.machineWeeks);
    results[`anomaly_${name}_events`] = t.events;
  }
  results.anomaly_material_labels = tallies.get("default")!.labels;
}

/** Detection speed on a seeded demo plant (1 week, 10 machines) and on a year of hourly rollups (1 machine). */
export async function anomalySpeed(db: Database, label: string, results: Record<string, number>): Promise<void> {
  const plant = await seedDemo(db, { days: 60, seed: 42, end: END });
  await trainDemoBaselines(db, plant);
  const ten = plant.machines.slice(0, 10).map((m) => m.id);
  const weekStart = new Date(END.getTime() - 7 * 86_400_000);
  results[`${label}_anomaly_detect_1w_10machines_ms`] = round(
    await timeMedian(5, async () => {
      for (const id of ten) await detectAnomaliesDetailed(db, { machineId: id, start: weekStart, end: END });
    }),
  );
  await fillYear(db);
  await trainBaseline(db, trainSchema.parse({ machine_id: YEAR_MACHINE, start_date: YEAR_START, end_date: YEAR_END, drivers: ["total_production_count", "avg_outdoor_temp_c", "avg_pressure_bar"], activate: true }));
  results[`${label}_anomaly_detect_1y_1machine_ms`] = round(
    await timeMedian(5, () => detectAnomaliesDetailed(db, { machineId: YEAR_MACHINE, start: new Date(YEAR_START), end: new Date(YEAR_END) })),
  );
}
