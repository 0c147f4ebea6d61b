// Seeding writes exactly the generator's rows: the embedded database's binary bulk load and the
// CSV path (other PostgreSQL servers) store the same values, restore every key, index and
// foreign key, reset the session settings, and report progress.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPglite } from "@/lib/db/pglite";
import { createTestDatabase } from "../../helpers/databases";
import type { Database } from "@/lib/db/types";
import { createDemoPlant, generateDemoDays } from "@/lib/demo";
import { isEmpty, publishedPlan, seedDemo, type SeedPhase } from "@/lib/demo/seed";
import { BinaryCopyWriter, energyCsv } from "@/lib/demo/copy";

const END = new Date("2025-11-25T07:30:00Z");
const OPTIONS = { days: 2.5, seed: 42, end: END, timeZone: "Europe/Berlin" };
const PRODUCTION_TYPES = new Set(["compressor", "oven", "injection_molding", "conveyor", "pump"]);

/** Every stored value as text in a fixed order (float8 prints the shortest exact form). */
const DUMP = {
  energy: `SELECT machine_id, (extract(epoch FROM time) * 1000)::float8 AS ms, power_kw, energy_kwh, voltage_v, current_a, power_factor FROM energy_readings ORDER BY machine_id, time`,
  production: `SELECT machine_id, (extract(epoch FROM time) * 1000)::float8 AS ms, production_count, good_count, reject_count, throughput_units_per_hour, product_id, machine_state::text FROM production_data ORDER BY machine_id, time`,
  environmental: `SELECT machine_id, (extract(epoch FROM time) * 1000)::float8 AS ms, outdoor_temp_c, indoor_temp_c, humidity_pct, pressure_bar FROM environmental_data ORDER BY machine_id, time`,
};

const SCHEMA = `SELECT c.relname AS t, x.conname AS name, pg_get_constraintdef(x.oid) AS def, x.convalidated AS ok FROM pg_constraint x JOIN pg_class c ON c.oid = x.conrelid
  WHERE c.relname IN ('energy_readings', 'production_data', 'environmental_data') UNION ALL
  SELECT tablename, indexname, indexdef, true FROM pg_indexes WHERE tablename IN ('energy_readings', 'production_data', 'environmental_data') ORDER BY 1, 2, 3`;

/** A number as PostgreSQL stores it from either path (−0 becomes 0). */
const v = (x: number | null) => (x === null ? null : x === 0 ? 0 : x);
const byKey = (a: { machineId: string; time: Date }, b: { machineId: string; time: Date }) =>
  a.machineId < b.machineId ? -1 : a.machineId > b.machineId ? 1 : a.time.getTime() - b.time.getTime();

function expectedRows() {
  const plant = createDemoPlant(OPTIONS);
  const withProduction = new Set(plant.machines.filter((m) => PRODUCTION_TYPES.has(m.type)).map((m) => m.id));
  const chunks = [...generateDemoDays(plant)];
  const energy = chunks.flatMap((c) => c.energy).sort(byKey);
  const production = chunks.flatMap((c) => c.production).filter((r) => withProduction.has(r.machineId)).sort(byKey);
  const environmental = chunks.flatMap((c) => c.environmental).sort(byKey);
  return {
    energy: energy.map((r) => [r.machineId, r.time.getTime(), v(r.powerKw), v(r.energyKwh), v(r.voltageV), v(r.currentA), v(r.powerFactor)]),
    production: production.map((r) => [
      r.machineId, r.time.getTime(), v(r.productionCount), v(r.goodCount), v(r.rejectCount), v(r.throughputUnitsPerHour), r.productId, r.machineState,
    ]),
    environmental: environmental.map((r) => [r.machineId, r.time.getTime(), v(r.outdoorTempC), v(r.indoorTempC), v(r.humidityPct), v(r.pressureBar)]),
  };
}

async function dump(db: Database, sql: string): Promise<unknown[][]> {
  return (await db.query(sql)).map((r) => Object.values(r));
}

describe.each([
  ["binary bulk load", false],
  ["CSV", true],
])("seeding the demo plant (%s)", (_label, csv) => {
  let db: Database;
  let schemaBefore: unknown[];
  const phases: string[] = [];
  let expected: ReturnType<typeof expectedRows>;

  beforeAll(async () => {
    db = (await createTestDatabase("pglite")).db;
    schemaBefore = await db.query(SCHEMA);
    expect(await isEmpty(db)).toBe(true);
    await seedDemo(db, { ...OPTIONS, onProgress: (done, total, phase: SeedPhase) => phases.push(`${phase} ${done}/${total}`) }, { csv });
    expected = expectedRows();
  }, 120_000);
  afterAll(async () => db?.close());

  it("stores exactly the generator's rows", async () => {
    for (const kind of ["energy", "production", "environmental"] as const) {
      const got = await dump(db, DUMP[kind]);
      expect(got.length, kind).toBe(expected[kind].length);
      expect(got, kind).toEqual(expected[kind]);
    }
    const machines = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM machines`);
    expect(machines[0]?.n).toBe(createDemoPlant(OPTIONS).machines.length);
  });

  it("marks the base compressor's count (the plant's output, its driver) as no output of its own: each unit counts once, at its producer", async () => {
    const rows = await db.query<{ name: string; counts_output: boolean }>("SELECT name, counts_output FROM machines ORDER BY name");
    expect(rows.filter((r) => !r.counts_output).map((r) => r.name)).toEqual(["Compressor-1"]);
    // Its count is the producers' summed, minute by minute (lib/demo/generator.ts, Role.AirMain).
    const [sums] = await db.query<{ c1: number; producers: number }>(
      `SELECT sum(p.production_count) FILTER (WHERE m.name = 'Compressor-1')::float8 AS c1,
              sum(p.production_count) FILTER (WHERE m.counts_output)::float8 AS producers
       FROM production_data p JOIN machines m ON m.id = p.machine_id`,
    );
    expect(sums!.c1).toBeGreaterThan(0);
    expect(sums!.c1).toBeCloseTo(sums!.producers, 6);
  });

  it("stores the plan published by the window's end: each row of lib/demo/plan.ts, none issued later", async () => {
    const plant = createDemoPlant(OPTIONS);
    const plan = publishedPlan(plant);
    expect(plan.length).toBeGreaterThan(0);
    const rows = await db.query<{ machine_id: string; driver: string; t: string; issued: string; value: number }>(
      `SELECT machine_id, driver, to_char(time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS t, to_char(issued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS issued, value FROM planned_drivers ORDER BY 1, 2, 3, 4`,
    );
    const key = (m: string, d: string, t: string, i: string) => `${m}|${d}|${t}|${i}`;
    const want = new Map(plan.map((r) => [key(r.machineId, r.driver, r.time.toISOString().slice(0, 16), r.issuedAt.toISOString().slice(0, 16)), r.value]));
    expect(rows.length).toBe(want.size);
    for (const r of rows) expect(r.value).toBeCloseTo(want.get(key(r.machine_id, r.driver, r.t, r.issued))!, 9);
    expect(Math.max(...plan.map((r) => r.issuedAt.getTime()))).toBeLessThanOrEqual(plant.end.getTime());
  });

  it("builds the rollups from them", async () => {
    const sums = await db.query<{ machine_id: string; kwh: number; n: number }>(
      `SELECT machine_id, sum(total_energy_kwh) AS kwh, sum(sample_count)::int AS n FROM energy_readings_1day GROUP BY 1 ORDER BY 1`,
    );
    const want = new Map<string, { kwh: number; n: number }>();
    for (const [id, , , kwh] of expected.energy as [string, number, number, number][]) {
      const w = want.get(id) ?? { kwh: 0, n: 0 };
      w.kwh += kwh;
      w.n += 1;
      want.set(id, w);
    }
    expect(sums.map((s) => s.machine_id)).toEqual([...want.keys()].sort());
    for (const s of sums) {
      const w = want.get(s.machine_id);
      expect(s.n).toBe(w?.n);
      expect(s.kwh).toBeCloseTo(w?.kwh ?? Number.NaN, 6);
    }
  });

  it("leaves keys, indexes, foreign keys and session settings as migrated", async () => {
    expect(await db.query(SCHEMA)).toEqual(schemaBefore);
    expect((await db.query<{ work_mem: string }>(`SHOW work_mem`))[0]?.work_mem).toBe("4MB");
    expect((await db.query<{ enable_hashagg: string }>(`SHOW enable_hashagg`))[0]?.enable_hashagg).toBe("on");
    await expect(db.query(`INSERT INTO energy_readings (time, machine_id, power_kw, energy_kwh) VALUES ($1, gen_random_uuid(), 1, 1)`, [END])).rejects.toThrow(
      /foreign key/,
    );
  });

  it("reports progress day by day, then the rollups", () => {
    const readings = phases.filter((p) => p.startsWith("readings"));
    expect(readings).toEqual(["readings 1/3", "readings 2/3", "readings 3/3"]);
    // The bulk load rebuilds the raw tables' indexes as a step of its own.
    expect(phases.includes("indexes 0/1") && phases.includes("indexes 1/1")).toBe(!csv);
    expect(phases.at(-2)).toBe("rollups 0/1");
    expect(phases.at(-1)).toBe("rollups 1/1");
  });
});

describe("a failed bulk load", () => {
  it("leaves the database as it was (one transaction)", async () => {
    const { db } = await createTestDatabase("pglite");
    try {
      const plant = createDemoPlant(OPTIONS);
      const m = plant.machines[0]!;
      // A reading the demo plant also writes: the primary key, rebuilt after the load, rejects it.
      await db.query(`INSERT INTO machines (id, site_id, name, type) VALUES ($1, '5e000000-0000-0000-0000-000000000001', $2, $3)`, [m.id, m.name, m.type]);
      await db.query(`INSERT INTO energy_readings (time, machine_id, power_kw, energy_kwh) VALUES ($1, $2, 1, 1)`, [plant.start, m.id]);
      await expect(seedDemo(db, OPTIONS)).rejects.toThrow(/duplicate|unique/i);
      expect(await db.query(`SELECT count(*)::int AS n FROM machines`)).toEqual([{ n: 1 }]);
      expect(await db.query(`SELECT count(*)::int AS n FROM energy_readings`)).toEqual([{ n: 1 }]);
      expect(await db.query(`SELECT count(*)::int AS n FROM energy_readings_1min`)).toEqual([{ n: 0 }]);
      expect((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_indexes WHERE tablename = 'energy_readings'`))[0]?.n).toBe(2);
    } finally {
      await db.close();
    }
  }, 60_000);
});

describe("binary COPY writer", () => {
  it("grows its buffer and matches CSV values through the database", async () => {
    const db = await openPglite(undefined);
    try {
      await db.query(`CREATE TYPE st AS ENUM ('running', 'idle', 'off')`);
      await db.query(`CREATE TABLE t (time timestamptz, id uuid, x double precision, s text, e st)`);
      const w = new BinaryCopyWriter(16);
      const values = [0.1 + 0.2, -0, 1e-300, -12345.678, Number.MAX_VALUE, null];
      for (let i = 0; i < values.length; i++) {
        w.row(5, 32 + 12 + 4 + 30 + 4 + 7);
        w.timestamptz(Date.UTC(1999, 11, 31, 23, 59, 59, 999) + i * 86_400_000 * 400);
        w.uuid(`c0000000-0000-0000-0000-00000000000${i}`);
        w.float8(values[i] ?? null);
        w.text(i % 2 ? null : `"a,b"\n${i} äöü`);
        w.text(i % 2 ? "idle" : "running");
      }
      const pg = (db.orm as unknown as { $client: { query: (q: string, p: unknown[], o: { blob: Blob }) => Promise<unknown> } }).$client;
      await pg.query(`COPY t FROM '/dev/blob' WITH (FORMAT binary)`, [], { blob: new Blob([w.finish()]) });
      const rows = await db.query<{ time: Date; id: string; x: number | null; s: string | null; e: string }>(`SELECT * FROM t`);
      expect(rows.map((r) => r.time.getTime())).toEqual(values.map((_, i) => Date.UTC(1999, 11, 31, 23, 59, 59, 999) + i * 86_400_000 * 400));
      expect(rows.map((r) => r.id)).toEqual(values.map((_, i) => `c0000000-0000-0000-0000-00000000000${i}`));
      expect(rows.map((r) => r.x)).toEqual(values.map((x) => (x === null ? null : x === 0 ? 0 : x)));
      expect(Object.is(rows[1]?.x, 0)).toBe(true);
      expect(rows.map((r) => r.s)).toEqual(values.map((_, i) => (i % 2 ? null : `"a,b"\n${i} äöü`)));
      expect(rows.map((r) => r.e)).toEqual(values.map((_, i) => (i % 2 ? "idle" : "running")));
    } finally {
      await db.close();
    }
  });

  it("CSV lines share one ISO string per minute", () => {
    const time = new Date("2025-01-01T00:00:00Z");
    const lines = energyCsv([
      { time, machineId: "m", powerKw: 1, energyKwh: -0, voltageV: null, currentA: 2, powerFactor: 0.9 },
      { time, machineId: "n", powerKw: 1e-7, energyKwh: 0.5, voltageV: 400, currentA: null, powerFactor: null },
    ]);
    expect(lines).toEqual(["2025-01-01T00:00:00.000Z,m,1,0,,2,0.9\n", "2025-01-01T00:00:00.000Z,n,1e-7,0.5,400,,\n"]);
  });
});
