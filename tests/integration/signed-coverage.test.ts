import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testTargets, type TestDatabase } from "../helpers/databases";
import { M1, M2, addMachines } from "../helpers/fixtures";
import { migrateDatabase } from "@/lib/db/migrate";
import type { Database } from "@/lib/db/types";
import { AppError } from "@/lib/errors";
import { ingestJson } from "@/lib/ingest/json";
import { columnsOf, levelMs, levels, rollupTable, SIGNED_COVERED_S, type Level } from "@/lib/timeseries/definitions";
import { fixedLevel, type Granularity } from "@/lib/timeseries/granularity";
import { refreshRollups } from "@/lib/timeseries/refresh";
import { getSeries } from "@/lib/timeseries/series";
import { caggSql } from "@/lib/timeseries/timescale";

// signed_covered_s: one column per fixed-width energy bucket (1min, 15min, 1hour) holding the
// covered seconds, negated where a reading overruns the bucket; series reads of those widths use
// it instead of covered_s and max_reading_end_s. Same values on PGlite, PostgreSQL (a generated
// column) and TimescaleDB (an expression of the continuous aggregate), and older installs gain it.

const T0 = Date.UTC(2025, 2, 3); // Monday 2025-03-03 00:00 UTC
const iso = (ms: number) => new Date(ms).toISOString();
const MIN = 60_000;
const fixedLevels: Level[] = ["1min", "15min", "1hour"];

/**
 * M1: 15-minute readings, all four in hour 0, one (at 01:00) in hour 1. M2: one daily read at
 * T0 covering 24 h. Hand-computed signed covered seconds per level and bucket start.
 */
const expected: Record<string, Record<Level, [number, number][]>> = {
  [M1]: {
    "1min": [0, 15, 30, 45, 60].map((m) => [T0 + m * MIN, -900]), // a 15-minute reading overruns its minute
    "15min": [0, 15, 30, 45, 60].map((m) => [T0 + m * MIN, 900]), // ends exactly where its bucket ends
    "1hour": [[T0, 3600], [T0 + 60 * MIN, 900]],
    "1day": [],
  },
  [M2]: { "1min": [[T0, -86_400]], "15min": [[T0, -86_400]], "1hour": [[T0, -86_400]], "1day": [] },
};

async function load(db: Database): Promise<void> {
  const rows = [
    ...[0, 15, 30, 45, 60].map((m) => ({ time: iso(T0 + m * MIN), machine_id: M1, energy_kwh: 1, interval_s: 900 })),
    { time: iso(T0), machine_id: M2, energy_kwh: 240, interval_s: 86_400 },
  ];
  await ingestJson(db, "energy", rows, { on_error: "abort" });
  await refreshRollups(db);
}

async function signedRows(db: Database, level: Level): Promise<Record<string, [number, number][]>> {
  const rows = await db.query<{ m: string; b: Date | string; s: number }>(
    `SELECT machine_id::text AS m, bucket AS b, ${SIGNED_COVERED_S} AS s FROM ${rollupTable("energy", level)} ORDER BY 1, 2`,
  );
  const out: Record<string, [number, number][]> = { [M1]: [], [M2]: [] };
  for (const r of rows) out[r.m]!.push([new Date(r.b).getTime(), Number(r.s)]);
  return out;
}

async function expectSignedValues(db: Database): Promise<void> {
  for (const level of fixedLevels) {
    const got = await signedRows(db, level);
    expect(got[M1], `M1 ${level}`).toEqual(expected[M1]![level]);
    expect(got[M2], `M2 ${level}`).toEqual(expected[M2]![level]);
  }
}

async function hasColumn(db: Database, table: string, column: string): Promise<boolean> {
  const rows = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND column_name = $2`,
    [table, column],
  );
  return rows[0]!.n === 1;
}

/** Coverage and overrun as the calendar path computes them, from covered_s and max_reading_end_s. */
async function coverageFromInputs(db: Database, machine: string, g: Granularity, from: number, to: number) {
  const r = await getSeries(db, { machineIds: [machine], metrics: ["energy"], from: new Date(from), to: new Date(to), bucket: g, coverageInputs: true });
  const s = r.series[0]!;
  const width = levelMs[fixedLevel[g]!];
  return {
    times: s.times,
    coverage: s.values.covered_s!.map((c) => (c === null ? null : (c * 1000) / width)),
    overrun: s.times.some((t, i) => (s.values.max_reading_end_s![i] ?? 0) * 1000 > t + width),
  };
}

async function seriesError(db: Database, machine: string, g: Granularity): Promise<AppError | null> {
  try {
    await getSeries(db, { machineIds: [machine], metrics: ["energy"], from: new Date(T0), to: new Date(T0 + 2 * 3_600_000), bucket: g });
    return null;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}

/** Series reads that use the signed column, against hand-computed coverage and the two-column path. */
async function expectSeries(db: Database): Promise<void> {
  const hourly = await getSeries(db, { machineIds: [M1], metrics: ["energy"], from: new Date(T0), to: new Date(T0 + 2 * 3_600_000), bucket: "hourly" });
  expect(hourly.columns).toEqual(["total_energy_kwh", "coverage"]);
  expect(hourly.series[0]!.times).toEqual([T0, T0 + 3_600_000]);
  expect(hourly.series[0]!.values).toEqual({ total_energy_kwh: [4, 1], coverage: [1, 0.25] });
  const quarter = await getSeries(db, { machineIds: [M1], metrics: ["energy"], from: new Date(T0), to: new Date(T0 + 2 * 3_600_000), bucket: "15min" });
  expect(quarter.series[0]!.values.coverage).toEqual([1, 1, 1, 1, 1]);
  for (const g of ["15min", "hourly"] as const) {
    const viaInputs = await coverageFromInputs(db, M1, g, T0, T0 + 2 * 3_600_000);
    const viaSigned = await getSeries(db, { machineIds: [M1], metrics: ["energy"], from: new Date(T0), to: new Date(T0 + 2 * 3_600_000), bucket: g });
    expect(viaSigned.series[0]!.times).toEqual(viaInputs.times);
    expect(viaSigned.series[0]!.values.coverage).toEqual(viaInputs.coverage);
    expect(viaInputs.overrun).toBe(false);
  }
  // Overrunning readings: 15-minute readings in minutes, a daily read in hours and quarter hours.
  expect((await coverageFromInputs(db, M1, "1min", T0, T0 + 2 * 3_600_000)).overrun).toBe(true);
  for (const [machine, g] of [[M1, "1min"], [M2, "15min"], [M2, "hourly"]] as const) {
    const error = await seriesError(db, machine, g);
    expect(error, `${machine} ${g}`).not.toBeNull();
    expect(error!.message).toContain(`readings longer than a ${g} bucket (the bucket starting ${iso(T0)}`);
  }
  expect(await seriesError(db, M1, "15min")).toBeNull();
}

describe.each(testTargets())("signed coverage on %s", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(target);
    await addMachines(t.db);
    await load(t.db);
  });
  afterAll(async () => t?.drop());

  it("holds the covered seconds of each fixed-width energy bucket, negative where a reading overruns it", async () => {
    await expectSignedValues(t.db);
    // Local days (23–25 h) and the other kinds carry no such column.
    expect(await hasColumn(t.db, rollupTable("energy", "1day"), SIGNED_COVERED_S)).toBe(false);
    expect(await hasColumn(t.db, rollupTable("production", "1hour"), SIGNED_COVERED_S)).toBe(false);
  });

  it("gives fixed-width series the coverage and the 400 the two columns give", async () => {
    await expectSeries(t.db);
  });

  it.skipIf(target === "timescaledb")("is added to an older install's rollup tables and computed for their rows, the key including it", async () => {
    for (const level of fixedLevels) {
      const table = rollupTable("energy", level);
      // As the release before it left the table: no column, the key including the others (15min, 1hour).
      await t.db.query(`ALTER TABLE ${table} DROP COLUMN ${SIGNED_COVERED_S}`);
      await t.db.query(`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${table}_pkey`);
      const include = level === "1min" ? "" : ` INCLUDE (${columnsOf("energy").map((c) => c.name).join(", ")})`;
      await t.db.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_pkey PRIMARY KEY (machine_id, bucket)${include}`);
      expect(await hasColumn(t.db, table, SIGNED_COVERED_S)).toBe(false);
    }
    await migrateDatabase(t.db);
    for (const level of fixedLevels) {
      const table = rollupTable("energy", level);
      const key = await t.db.query<{ def: string }>(`SELECT indexdef AS def FROM pg_indexes WHERE indexname = $1`, [`${table}_pkey`]);
      expect(key[0]!.def).toContain(level === "1min" ? "(machine_id, bucket)" : `, ${SIGNED_COVERED_S})`);
    }
    await expectSignedValues(t.db);
    await expectSeries(t.db);
    // Rows written later (by the refresher) get it too.
    await ingestJson(t.db, "energy", [{ time: iso(T0 + 75 * MIN), machine_id: M1, energy_kwh: 1, interval_s: 900 }], { on_error: "abort" });
    await refreshRollups(t.db);
    expect((await signedRows(t.db, "1hour"))[M1]).toEqual([[T0, 3600], [T0 + 60 * MIN, 1800]]);
    await t.db.query(`DELETE FROM energy_readings WHERE time = $1`, [iso(T0 + 75 * MIN)]);
    await t.db.query(`INSERT INTO rollup_pending (kind, machine_id, start_time, end_time) VALUES ('energy', $1, $2, $3)`, [M1, iso(T0 + 75 * MIN), iso(T0 + 90 * MIN)]);
    await refreshRollups(t.db);
    await expectSignedValues(t.db);
  });

  it.skipIf(target !== "timescaledb")("replaces continuous aggregates of the older definition, which lacked it", async () => {
    for (const level of [...levels].reverse()) await t.db.query(`DROP MATERIALIZED VIEW ${rollupTable("energy", level)} CASCADE`);
    for (const level of levels) {
      // The older definition: the same aggregate without the signed column.
      const old = caggSql("energy", level).replace(/,\n {2}[^\n]* AS signed_covered_s/, "");
      expect(old).not.toContain(SIGNED_COVERED_S);
      await t.db.query(old);
      await t.db.query(`CALL refresh_continuous_aggregate('${rollupTable("energy", level)}', NULL, NULL)`);
    }
    expect(await hasColumn(t.db, rollupTable("energy", "1hour"), SIGNED_COVERED_S)).toBe(false);
    await migrateDatabase(t.db);
    await expectSignedValues(t.db);
    await expectSeries(t.db);
  });
});
