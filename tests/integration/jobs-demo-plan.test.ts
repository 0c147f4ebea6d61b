// The living demo appends the plan as well as the readings: after appending, the planned_drivers
// table holds exactly what the plant had published by the new end (demoPlanPublishedBy of the
// continued plant, computed directly), whatever the steps; a rerun writes the same rows; and a
// forecast from a week after seeding reads a production plan for the week ahead. PGlite, and
// PostgreSQL when TEST_DATABASE_URL is set.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testTargets, type TestDatabase } from "../helpers/databases";
import { MACHINE_SPECS } from "@/lib/demo";
import { continuedPlant } from "@/lib/demo/extend";
import { demoPlanPublishedBy, PLAN_LEAD_DAYS, type PlannedDriverRow } from "@/lib/demo/plan";
import { publishedPlan, seedDemo } from "@/lib/demo/seed";
import { getDemoState } from "@/lib/demo/state";
import type { Database } from "@/lib/db/types";
import { plannedAt, readPlannedDrivers } from "@/lib/forecast/plans";
import { livingDemoJob } from "@/lib/jobs/living-demo";

const TZ = "Europe/Berlin";
const E1 = new Date("2026-03-02T00:00:00Z"); // a Monday
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ctx = (db: Database, now: Date) => ({ db, deps: {}, now, lastSuccess: null, timeZone: TZ });

const key = (r: { machineId: string; driver: string; issuedAt: Date; time: Date; value: number }) =>
  [r.machineId, r.driver, r.issuedAt.toISOString(), r.time.toISOString(), r.value.toPrecision(12)].join("|");

async function storedPlan(db: Database): Promise<string[]> {
  const rows = await db.query<{ machine_id: string; driver: string; issued_at: Date | string; time: Date | string; value: number }>(
    `SELECT machine_id::text AS machine_id, driver, issued_at, time, value FROM planned_drivers`,
  );
  return rows.map((r) => key({ machineId: r.machine_id, driver: r.driver, issuedAt: new Date(r.issued_at), time: new Date(r.time), value: Number(r.value) })).sort();
}
const expectedPlan = (rows: PlannedDriverRow[]) => rows.map(key).sort();

describe.each(testTargets())("living demo appends the published plan on %s", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(target);
    await seedDemo(t.db, { days: 3, seed: 11, end: E1, timeZone: TZ, living: true });
  });
  afterAll(async () => {
    await t.drop();
  });

  it("the seed stores what was published by the seeded end", async () => {
    const state = (await getDemoState(t.db))!;
    const plant = continuedPlant(state, E1);
    const direct = demoPlanPublishedBy(plant, E1);
    expect(expectedPlan(direct)).toEqual(expectedPlan(publishedPlan(plant)));
    expect(await storedPlan(t.db)).toEqual(expectedPlan(direct));
  });

  it("appends, in two steps, exactly the rows published by the new end; a rerun writes the same rows", async () => {
    const first = await livingDemoJob.run(ctx(t.db, new Date(E1.getTime() + 2 * DAY + 5 * HOUR + 7 * 60_000)));
    expect(first.details.planned_rows).toBeGreaterThan(0);
    // More than a week after the seeded end: past every hour the seed's plan covered.
    const e2 = new Date(E1.getTime() + 8 * DAY + 3 * HOUR + 17 * 60_000 + 42_000);
    await livingDemoJob.run(ctx(t.db, e2));
    const stored = await storedPlan(t.db);
    const state = (await getDemoState(t.db))!;
    const until = new Date(Math.floor(e2.getTime() / 60_000) * 60_000);
    expect(state.generatedUntil.toISOString()).toBe(until.toISOString());
    expect(stored).toEqual(expectedPlan(demoPlanPublishedBy(continuedPlant(state, until), until)));

    // Idempotent: a rerun at the same instant appends nothing and leaves the rows as they are; the
    // rows of a span written again (the generated_until moved back) are the same rows.
    const again = await livingDemoJob.run(ctx(t.db, e2));
    expect(again.details.planned_rows).toBe(0);
    await t.db.query(`UPDATE demo_state SET generated_until = $1`, [new Date(until.getTime() - 3 * HOUR).toISOString()]);
    await t.db.query(`DELETE FROM energy_readings WHERE time >= $1`, [new Date(until.getTime() - 3 * HOUR).toISOString()]);
    await t.db.query(`DELETE FROM production_data WHERE time >= $1`, [new Date(until.getTime() - 3 * HOUR).toISOString()]);
    await t.db.query(`DELETE FROM environmental_data WHERE time >= $1`, [new Date(until.getTime() - 3 * HOUR).toISOString()]);
    const rewrite = await livingDemoJob.run(ctx(t.db, e2));
    expect(rewrite.details.planned_rows).toBeGreaterThan(0);
    expect(await storedPlan(t.db)).toEqual(stored);
  });

  it("a forecast from a week after seeding reads a plan for every hour of the week ahead", async () => {
    const state = (await getDemoState(t.db))!;
    const origin = Math.ceil(state.generatedUntil.getTime() / HOUR) * HOUR;
    expect(origin - E1.getTime()).toBeGreaterThan(PLAN_LEAD_DAYS * DAY);
    const c1 = MACHINE_SPECS.find((s) => s.role === "air_main")!.machine.id;
    const oven = MACHINE_SPECS.find((s) => s.machine.name === "Oven-1")!.machine.id;
    for (const machine of [c1, oven]) {
      const planned = await readPlannedDrivers(t.db, machine, ["total_production_count", "running_hours"], origin, origin + 7 * DAY);
      for (let h = origin; h < origin + (PLAN_LEAD_DAYS - 1) * DAY; h += HOUR) {
        for (const driver of ["total_production_count", "running_hours"]) {
          expect(Number.isNaN(plannedAt(planned[driver], h, origin)), `${driver} at ${new Date(h).toISOString()}`).toBe(false);
        }
      }
    }
    // The temperature forecast issued at the last midnight covers the week ahead too.
    const [temp] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM planned_drivers WHERE driver = 'avg_outdoor_temp_c' AND time >= $1 AND issued_at <= $1`, [new Date(origin).toISOString()]);
    expect(temp!.n).toBeGreaterThan(0);
  });
});
