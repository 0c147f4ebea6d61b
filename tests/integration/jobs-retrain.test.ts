import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testTargets, type TestDatabase } from "../helpers/databases";
import { addMachines, M1, M2, rng } from "../helpers/fixtures";
import { writeEnergy, writeTemperatures } from "../helpers/readings";
import { trainBaseline } from "@/lib/analytics/baseline/train";
import type { Database } from "@/lib/db/types";
import { retrainBaselinesJob, type RetrainOutcome } from "@/lib/jobs/retrain";

// The retraining rule on synthetic machines with known truth: hourly kWh = 20 + 1.5·T + N(0, 1).
// M1 keeps that law for 60 days; M2 follows it for 30 days, then its energy stops depending on the
// temperature (pure noise around 35 kWh), so a retrained M2 fails its quality checks.

const D0 = Date.parse("2026-01-05T00:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DAYS = 60;

async function writeMachine(db: Database, id: string, lawUntilDay: number, seed: number) {
  const rand = rng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
  const temps: [number, number][] = [];
  const energy: [number, number, number][] = [];
  for (let h = 0; h < DAYS * 24; h++) {
    const t = D0 + h * HOUR;
    const temp = 8 + 6 * Math.sin((2 * Math.PI * h) / 24) + 5 * Math.sin((2 * Math.PI * h) / (24 * 6.5));
    temps.push([t, temp]);
    const kwh = h < lawUntilDay * 24 ? 20 + 1.5 * temp + normal() : 35 + 8 * normal();
    energy.push([t, kwh, 3600]);
  }
  await writeTemperatures(db, id, temps);
  await writeEnergy(db, id, energy);
}

const setActiveCv = (db: Database, id: string, cv: number) =>
  db.query(`UPDATE baseline_models SET statistics = jsonb_set(statistics, '{cv_rmse}', to_jsonb($2::float8)) WHERE machine_id = $1 AND is_active`, [id, cv]);

const versions = (db: Database, id: string) =>
  db.query<{ version: number; is_active: boolean; training_start: Date; training_end: Date }>(
    `SELECT version, is_active, training_start, training_end FROM baseline_models WHERE machine_id = $1 ORDER BY version`,
    [id],
  );

describe.each(testTargets())("weekly retraining on %s", (target) => {
  let t: TestDatabase;
  const now = new Date(D0 + DAYS * DAY + 5 * HOUR);
  const run = async () => (await retrainBaselinesJob.run({ db: t.db, deps: {}, now, lastSuccess: null, timeZone: "UTC" })).details.machines as RetrainOutcome[];
  const of = (list: RetrainOutcome[], id: string) => list.find((m) => m.machine_id === id)!;

  beforeAll(async () => {
    t = await createTestDatabase(target);
    await t.db.query(`UPDATE sites SET time_zone = 'UTC'`);
    await addMachines(t.db);
    await writeMachine(t.db, M1, DAYS, 1);
    await writeMachine(t.db, M2, 30, 2);
    for (const id of [M1, M2]) {
      await trainBaseline(t.db, {
        machine_id: id,
        start_date: new Date(D0),
        end_date: new Date(D0 + 28 * DAY),
        drivers: ["avg_outdoor_temp_c"],
        granularity: "hourly",
        model_type: "linear",
        exclude_downtime: false,
      });
    }
  });
  afterAll(async () => {
    await t.drop();
  });

  it("does not activate (nor store) a candidate worse than the active model by CV(RMSE), and says why", async () => {
    await setActiveCv(t.db, M1, 0.001);
    const m1 = of(await run(), M1);
    expect(m1.activated).toBe(false);
    expect(m1.candidate?.meets_quality_threshold).toBe(true);
    expect(m1.reason).toMatch(/candidate CV\(RMSE\) 0\.0\d+ is worse than the active model's 0\.0010/);
    // The trailing window: as long as the active model's (28 days), ending at the start of the run's day.
    expect(m1.window).toEqual({ start: new Date(D0 + 32 * DAY).toISOString(), end: new Date(D0 + 60 * DAY).toISOString() });
    expect((await versions(t.db, M1)).map((v) => [v.version, v.is_active])).toEqual([[1, true]]);
  });

  it("activates a candidate that passes its checks and is not worse, as a new version on the trailing window", async () => {
    await setActiveCv(t.db, M1, 0.5);
    const m1 = of(await run(), M1);
    expect(m1).toMatchObject({ activated: true, new_version: 2 });
    expect(m1.reason).toMatch(/passes its quality checks and CV\(RMSE\) 0\.0\d+ ≤ active 0\.5000/);
    // The law is known: CV(RMSE) ≈ σ / mean kWh = 1 / (20 + 1.5·8) ≈ 0.031.
    expect(m1.candidate!.cv_rmse!).toBeGreaterThan(0.025);
    expect(m1.candidate!.cv_rmse!).toBeLessThan(0.037);
    const v = await versions(t.db, M1);
    expect(v.map((x) => [x.version, x.is_active])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(new Date(v[1]!.training_start).toISOString()).toBe(new Date(D0 + 32 * DAY).toISOString());
    expect(new Date(v[1]!.training_end).toISOString()).toBe(new Date(D0 + 60 * DAY).toISOString());
  });

  it("a rerun on the same day changes nothing (the active model already covers the window)", async () => {
    const m1 = of(await run(), M1);
    expect(m1.activated).toBe(false);
    expect(m1.reason).toMatch(/nothing new/);
    expect(await versions(t.db, M1)).toHaveLength(2);
  });

  it("does not activate a candidate that fails its quality checks, however bad the active model's CV(RMSE)", async () => {
    await setActiveCv(t.db, M2, 5);
    const m2 = of(await run(), M2);
    expect(m2.activated).toBe(false);
    expect(m2.candidate?.meets_quality_threshold).toBe(false);
    expect(m2.candidate?.failed_checks).toContain("r_squared");
    expect(m2.reason).toMatch(/^candidate fails its quality checks \(.*r_squared/);
    expect((await versions(t.db, M2)).map((v) => [v.version, v.is_active])).toEqual([[1, true]]);
  });
});
