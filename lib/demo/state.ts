import type { Database } from "@/lib/db/types";
import { MACHINE_SPECS } from "./machines";
import type { DemoPlant } from "./types";

// The demo plant a database holds (table demo_state, one row): what the living demo needs to go
// on generating it.

export interface DemoState {
  seed: number;
  timeZone: string;
  start: Date;
  seededEnd: Date;
  generatedUntil: Date;
  living: boolean;
}

/** Records the seeded plant; `living`: the living-demo job keeps appending its readings. */
export async function recordDemoState(db: Database, plant: Pick<DemoPlant, "seed" | "timeZone" | "start" | "end">, living: boolean): Promise<void> {
  await db.query(
    `INSERT INTO demo_state (id, seed, time_zone, start, seeded_end, generated_until, living, updated_at) VALUES (1, $1, $2, $3, $4, $4, $5, now())
     ON CONFLICT (id) DO UPDATE SET seed = EXCLUDED.seed, time_zone = EXCLUDED.time_zone, start = EXCLUDED.start, seeded_end = EXCLUDED.seeded_end,
       generated_until = EXCLUDED.generated_until, living = EXCLUDED.living, updated_at = now()`,
    [plant.seed, plant.timeZone, plant.start.toISOString(), plant.end.toISOString(), living],
  );
}

/** Switches the living demo on or off (the setting); false when the database holds no demo plant. */
export async function setDemoLiving(db: Database, living: boolean): Promise<boolean> {
  return (await db.execute(`UPDATE demo_state SET living = $1, updated_at = now() WHERE id = 1`, [living])) > 0;
}

export async function getDemoState(db: Pick<Database, "query">): Promise<DemoState | null> {
  const [row] = await db.query<{ seed: string | number; time_zone: string; start: Date | string; seeded_end: Date | string; generated_until: Date | string; living: boolean }>(
    `SELECT seed, time_zone, start, seeded_end, generated_until, living FROM demo_state WHERE id = 1`,
  );
  if (!row) return null;
  return {
    seed: Number(row.seed),
    timeZone: row.time_zone,
    start: new Date(row.start),
    seededEnd: new Date(row.seeded_end),
    generatedUntil: new Date(row.generated_until),
    living: row.living,
  };
}

/**
 * A demo plant seeded before demo_state existed: when the database holds exactly the demo
 * machines and no demo_state row, records it from its readings (start = the first reading, seeded
 * end = one minute after the last, the given seed and the site's zone). True when it adopted one.
 */
export async function adoptDemoPlant(db: Database, seed: number, living: boolean): Promise<boolean> {
  if (await getDemoState(db)) return false;
  const ids = MACHINE_SPECS.map((s) => s.machine.id);
  const [row] = await db.query<{ demo: number; others: number; start: Date | string | null; last: Date | string | null; tz: string | null }>(
    `SELECT (SELECT count(*)::int FROM machines WHERE id = ANY($1::uuid[])) AS demo, (SELECT count(*)::int FROM machines WHERE NOT id = ANY($1::uuid[])) AS others,
            (SELECT min(time) FROM energy_readings) AS start, (SELECT max(time) FROM energy_readings) AS last,
            (SELECT s.time_zone FROM machines m JOIN sites s ON s.id = m.site_id WHERE m.id = $2::uuid) AS tz`,
    [`{${ids.join(",")}}`, ids[0]],
  );
  if (!row || row.demo !== ids.length || row.others !== 0 || !row.start || !row.last || !row.tz) return false;
  const start = new Date(row.start);
  const end = new Date(new Date(row.last).getTime() + 60_000);
  await recordDemoState(db, { seed, timeZone: row.tz, start, end }, living);
  return true;
}
