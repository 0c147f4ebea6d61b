import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testTargets, type TestDatabase } from "../helpers/databases";
import { generateDemoDays } from "@/lib/demo";
import { continuedPlant } from "@/lib/demo/extend";
import { seedDemo } from "@/lib/demo/seed";
import { adoptDemoPlant, getDemoState, setDemoLiving } from "@/lib/demo/state";
import { getKpiSummary } from "@/lib/kpi";
import { listKpiSnapshots } from "@/lib/db/queries/kpi-snapshots";
import type { Database } from "@/lib/db/types";
import { kpiSnapshotsJob } from "@/lib/jobs/kpi-snapshots";
import { livingDemoJob } from "@/lib/jobs/living-demo";
import { LocalInstant } from "@/lib/validation/dates";

// The living demo appends exactly the generator's rows (the continued plant over the longer
// window, generated directly), whatever the steps; KPI snapshots are lib/kpi's answers, and
// rerunning either job changes nothing.

const TZ = "Europe/Berlin";
const E1 = new Date("2026-01-10T00:00:00Z");
const HOUR = 3_600_000;
const ctx = (db: Database, now: Date) => ({ db, deps: {}, now, lastSuccess: null, timeZone: TZ });

type EnergyRow = { time: Date; machine_id: string; energy_kwh: number; power_kw: number; voltage_v: number; current_a: number; power_factor: number };

async function energyFrom(db: Database, from: Date): Promise<string[]> {
  const rows = await db.query<EnergyRow>(
    `SELECT time, machine_id::text AS machine_id, energy_kwh, power_kw, voltage_v, current_a, power_factor FROM energy_readings WHERE time >= $1 ORDER BY time, machine_id`,
    [from.toISOString()],
  );
  return rows.map((r) => [new Date(r.time).toISOString(), r.machine_id, r.energy_kwh, r.power_kw, r.voltage_v, r.current_a, r.power_factor].join(","));
}

describe.each(testTargets())("living demo and KPI snapshots on %s", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(target);
    await seedDemo(t.db, { days: 2, seed: 5, end: E1, timeZone: TZ, living: true });
  });
  afterAll(async () => {
    await t.drop();
  });

  it("records the seeded plant as a living demo", async () => {
    const state = await getDemoState(t.db);
    expect(state).toMatchObject({ seed: 5, timeZone: TZ, living: true });
    expect(state!.seededEnd.toISOString()).toBe(E1.toISOString());
    expect(state!.generatedUntil.toISOString()).toBe(E1.toISOString());
    // A demo database seeded before demo_state existed is recognised from its readings.
    await t.db.query(`DELETE FROM demo_state`);
    expect(await adoptDemoPlant(t.db, 5, true)).toBe(true);
    expect(await getDemoState(t.db)).toEqual(state);
    expect(await adoptDemoPlant(t.db, 5, true)).toBe(false);
  });

  it("appends, in two steps, exactly the rows the generator gives for the longer window", async () => {
    const e2 = new Date(E1.getTime() + 30 * HOUR + 17 * 60_000 + 42_000); // not on a whole minute
    const first = await livingDemoJob.run(ctx(t.db, new Date(E1.getTime() + 11 * HOUR)));
    const second = await livingDemoJob.run(ctx(t.db, e2));
    const again = await livingDemoJob.run(ctx(t.db, e2));
    expect(again.items).toBe(0);

    const until = new Date(Math.floor(e2.getTime() / 60_000) * 60_000);
    const state = await getDemoState(t.db);
    expect(state!.generatedUntil.toISOString()).toBe(until.toISOString());

    const plant = continuedPlant(state!, until);
    const expected: string[] = [];
    let production = 0;
    let environmental = 0;
    const producers = new Set(plant.machines.filter((m) => ["compressor", "oven", "injection_molding", "conveyor", "pump"].includes(m.type)).map((m) => m.id));
    for (const chunk of generateDemoDays(plant)) {
      for (const r of chunk.energy) {
        if (r.time >= E1) expected.push([r.time.toISOString(), r.machineId, r.energyKwh, r.powerKw, r.voltageV, r.currentA, r.powerFactor].join(","));
      }
      production += chunk.production.filter((r) => r.time >= E1 && producers.has(r.machineId)).length;
      environmental += chunk.environmental.filter((r) => r.time >= E1).length;
    }
    expected.sort();
    const actual = await energyFrom(t.db, E1);
    expect(actual.length).toBe(plant.machines.length * ((until.getTime() - E1.getTime()) / 60_000));
    expect(actual).toEqual(expected);
    const [counts] = await t.db.query<{ p: number; e: number }>(
      `SELECT (SELECT count(*)::int FROM production_data WHERE time >= $1) AS p, (SELECT count(*)::int FROM environmental_data WHERE time >= $1) AS e`,
      [E1.toISOString()],
    );
    expect(counts).toEqual({ p: production, e: environmental });
    expect(first.items + second.items).toBe(actual.length + production + environmental);

    // The rollups follow: the hourly energy over the appended whole hours equals the raw rows'.
    const [sums] = await t.db.query<{ raw: number; hourly: number }>(
      `SELECT (SELECT sum(energy_kwh) FROM energy_readings WHERE time >= $1 AND time < $2) AS raw,
              (SELECT sum(total_energy_kwh) FROM energy_readings_1hour WHERE bucket >= $1 AND bucket < $2) AS hourly`,
      [E1.toISOString(), new Date(E1.getTime() + 30 * HOUR).toISOString()],
    );
    expect(sums!.hourly).toBeCloseTo(sums!.raw, 6);
  });

  it("does nothing while the demo is not living", async () => {
    await setDemoLiving(t.db, false);
    const result = await livingDemoJob.run(ctx(t.db, new Date(E1.getTime() + 40 * HOUR)));
    expect(result.items).toBe(0);
    expect(result.details.skipped).toMatch(/not living/);
    await setDemoLiving(t.db, true);
  });

  it("KPI snapshots are lib/kpi's summary of each local day, per machine and for the plant; a rerun rewrites the same rows", async () => {
    const now = new Date("2026-01-11T06:00:00Z"); // 07:00 on 11 January in Berlin: yesterday is 10 January
    const run = await kpiSnapshotsJob.run(ctx(t.db, now));
    const machines = await t.db.query<{ id: string }>(`SELECT id::text AS id FROM machines WHERE is_active ORDER BY name`);
    // First run: the week before, per machine and the plant.
    expect(run.details.days).toEqual(["2026-01-04", "2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08", "2026-01-09", "2026-01-10"]);
    const day = { start_date: new LocalInstant(Date.parse("2026-01-09T00:00:00Z")), end_date: new LocalInstant(Date.parse("2026-01-10T00:00:00Z")) };
    for (const scope of [machines[0]!.id, machines[3]!.id, "plant"]) {
      const [snap] = await listKpiSnapshots(t.db, { scope, from: "2026-01-09", to: "2026-01-09" });
      const direct = await getKpiSummary(t.db, { ...day, machine_id: scope === "plant" ? undefined : scope });
      expect(snap!.summary).toEqual(JSON.parse(JSON.stringify(direct)));
      expect(snap!.totalEnergyKwh).toBe(direct.total_energy_kwh);
      expect(snap!.totalEnergyKwh).toBeGreaterThan(0);
      expect(snap!.peakDemandKw).toBe(direct.peak_demand_kw);
    }
    // The plant's energy is the sum of its machines' (lib/kpi's rule), through the snapshots.
    const all = await t.db.query<{ scope_key: string; e: number }>(`SELECT scope_key, total_energy_kwh AS e FROM kpi_snapshots WHERE day = '2026-01-09'`);
    const plant = all.find((r) => r.scope_key === "plant")!.e;
    expect(all.filter((r) => r.scope_key !== "plant").reduce((s, r) => s + r.e, 0)).toBeCloseTo(plant, 6);

    const before = await t.db.query(`SELECT scope_key, day::text, total_energy_kwh, summary FROM kpi_snapshots ORDER BY scope_key, day`);
    const rerun = await kpiSnapshotsJob.run(ctx(t.db, now));
    expect(rerun.details.days).toEqual(["2026-01-10"]); // only yesterday, recomputed
    const after = await t.db.query(`SELECT scope_key, day::text, total_energy_kwh, summary FROM kpi_snapshots ORDER BY scope_key, day`);
    expect(after).toEqual(before);
    expect(before.length).toBe((machines.length + 1) * 7);
  });
});
