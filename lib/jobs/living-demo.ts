import type { Database } from "@/lib/db/types";
import { generateDemoDays } from "@/lib/demo";
import { ENERGY_COLUMNS, ENVIRONMENTAL_COLUMNS, PRODUCTION_COLUMNS, energyCsv, environmentalCsv, productionCsv } from "@/lib/demo/copy";
import { continuedPlant } from "@/lib/demo/extend";
import { demoPlannedDrivers, PLAN_LEAD_DAYS, publishedBy, type PlannedDriverRow } from "@/lib/demo/plan";
import { productionTypes } from "@/lib/demo/seed";
import { getDemoState } from "@/lib/demo/state";
import type { DemoDayChunk } from "@/lib/demo/types";
import { writePlannedDrivers } from "@/lib/forecast/plans";
import { refreshRollups } from "@/lib/timeseries/refresh";
import { seriesKinds } from "@/lib/timeseries/definitions";
import type { JobDefinition } from "./types";

// The living demo: while the demo plant is living (demo_state.living, set by `npm run demo` and
// the embedded demo's first start), append the generator's readings from where they stop up to
// the last whole minute, so the dashboard shows the present a week after seeding, and what the
// plant had published by then (its production plan a week ahead and its temperature forecasts,
// lib/demo/plan.ts), so a forecast made then reads a plan. The rows are the continued plant's
// (lib/demo/extend.ts): the same whatever the runs' timing.
//
// The generator simulates from the seeded window's start, so each run regenerates the history in
// memory (about 2 s per 90 days on this machine) and keeps only the new minutes; it yields to the
// event loop between days. Each day's rows go in with the new end of the readings in one
// transaction (a rerun never writes a minute twice), then the rollups are refreshed.

const MINUTE_MS = 60_000;

const sliceFrom = <T extends { time: Date }>(rows: readonly T[], fromMs: number): T[] => rows.filter((r) => r.time.getTime() >= fromMs);

export interface AppendResult {
  /** Energy + production + environmental rows written. */
  rows: number;
  /** Planned-driver rows (production plan, temperature forecasts) published over the span and written. */
  plannedRows: number;
  from: Date;
  until: Date;
}

/**
 * Appends the demo plant's readings over [generated_until, until floored to the minute), and the
 * planned drivers published in (generated_until, until] (demoPlanPublishedBy(until) less
 * demoPlanPublishedBy(generated_until)), and refreshes the rollups. Null when there is no demo plant.
 */
export async function appendDemoReadings(db: Database, until: Date): Promise<AppendResult | null> {
  const state = await getDemoState(db);
  if (!state) return null;
  const untilMs = Math.floor(until.getTime() / MINUTE_MS) * MINUTE_MS;
  const fromMs = state.generatedUntil.getTime();
  if (untilMs <= fromMs) return { rows: 0, plannedRows: 0, from: state.generatedUntil, until: state.generatedUntil };
  const plant = continuedPlant(state, new Date(untilMs));
  const keep = (id: string) => plant.machines.some((m) => m.id === id && productionTypes.has(m.type));
  const ids = plant.machines.map((m) => m.id);
  // Everything published up to untilMs lies in the plan generated a week past it.
  const planned = demoPlannedDrivers(plant, new Date(untilMs + PLAN_LEAD_DAYS * 86_400_000));
  const written = { rows: 0, planned: 0 };
  for (const chunk of generateDemoDays(plant)) {
    const chunkEnd = plant.start.getTime() + (chunk.day + 1) * 86_400_000;
    if (chunkEnd > fromMs) {
      const w = await writeChunk(db, chunk, fromMs, Math.min(chunkEnd, untilMs), ids, keep, planned);
      written.rows += w.rows;
      written.planned += w.planned;
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await refreshRollups(db);
  return { rows: written.rows, plannedRows: written.planned, from: new Date(fromMs), until: new Date(untilMs) };
}

async function writeChunk(
  db: Database,
  chunk: DemoDayChunk,
  fromMs: number,
  endMs: number,
  ids: string[],
  keep: (id: string) => boolean,
  planned: readonly PlannedDriverRow[],
): Promise<{ rows: number; planned: number }> {
  return db.transaction(async (tx) => {
    // The row lock orders concurrent appenders (two instances, a manual run beside a scheduled one).
    const [locked] = await tx.query<{ until: Date | string }>(`SELECT generated_until AS until FROM demo_state WHERE id = 1 FOR UPDATE`);
    const start = Math.max(fromMs, locked ? new Date(locked.until).getTime() : fromMs);
    if (start >= endMs) return { rows: 0, planned: 0 };
    const energy = sliceFrom(chunk.energy, start);
    const production = sliceFrom(chunk.production, start).filter((r) => keep(r.machineId));
    const environmental = sliceFrom(chunk.environmental, start);
    await tx.copyFrom(`COPY ${ENERGY_COLUMNS} FROM STDIN WITH (FORMAT csv)`, energyCsv(energy));
    await tx.copyFrom(`COPY ${PRODUCTION_COLUMNS} FROM STDIN WITH (FORMAT csv)`, productionCsv(production));
    await tx.copyFrom(`COPY ${ENVIRONMENTAL_COLUMNS} FROM STDIN WITH (FORMAT csv)`, environmentalCsv(environmental));
    const s = new Date(start).toISOString();
    const e = new Date(endMs).toISOString();
    await tx.query(
      `INSERT INTO rollup_pending (kind, machine_id, start_time, end_time) SELECT k, m::uuid, $2::timestamptz, $3::timestamptz FROM unnest($1::text[]) AS m, unnest($4::text[]) AS k`,
      [`{${ids.join(",")}}`, s, e, `{${seriesKinds.join(",")}}`],
    );
    // What was published over (start, endMs]: the seed wrote what was published by the seeded end.
    const plan = planned.filter((r) => publishedBy(r, endMs) && !publishedBy(r, start));
    await writePlannedDrivers(tx, plan);
    await tx.query(`UPDATE demo_state SET generated_until = $1, updated_at = now() WHERE id = 1`, [e]);
    return { rows: energy.length + production.length + environmental.length, planned: plan.length };
  });
}

export const livingDemoJob: JobDefinition = {
  name: "living-demo",
  description: "Appends the demo plant's readings up to the present, and its plan a week ahead, while the demo is living",
  unavailable: () => null,
  async run({ db, now }) {
    const state = await getDemoState(db);
    if (!state?.living) return { items: 0, details: { skipped: state ? "the demo plant is not living (demo_state.living is off)" : "no demo plant in this database" } };
    const result = await appendDemoReadings(db, now);
    return {
      items: result?.rows ?? 0,
      details: result ? { from: result.from.toISOString(), until: result.until.toISOString(), rows: result.rows, planned_rows: result.plannedRows } : {},
    };
  },
};
