import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testTargets, type TestDatabase } from "../helpers/databases";
import { migrateDatabase } from "@/lib/db/migrate";
import { columnsOf, levels, rollupTable, seriesKinds, storedColumnNames } from "@/lib/timeseries/definitions";
import { DEFAULT_SITE_ID } from "@/lib/db/schema/core";
import { ingestJson } from "@/lib/ingest/json";

describe.each(testTargets())("migrations on %s", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(target, { fresh: true });
  });
  afterAll(async () => t?.drop());

  it("creates the default site and every rollup relation", async () => {
    const sites = await t.db.query<{ name: string }>("SELECT name FROM sites");
    expect(sites.map((s) => s.name)).toEqual(["Main plant"]);
    for (const kind of seriesKinds) {
      for (const level of levels) {
        const rows = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${rollupTable(kind, level)}`);
        expect(rows[0]?.n).toBe(0);
      }
    }
  });

  it("runs again without error or duplicates (idempotent)", async () => {
    await migrateDatabase(t.db);
    const sites = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM sites");
    expect(sites[0]?.n).toBe(1);
  });

  // Rollup tables of older installs (timescale-migration.test.ts covers TimescaleDB's aggregates).
  it.skipIf(target === "timescaledb")("gives rollups of an older install (key plus a covering index) a key that includes the columns, keeping their rows", async () => {
    const upper = levels.filter((l) => l !== "1min");
    const machine = "d0000000-0000-0000-0000-000000000001";
    await t.db.query(`INSERT INTO machines (id, site_id, name) VALUES ($1, $2, 'Old-shape')`, [machine, DEFAULT_SITE_ID]);
    for (const kind of seriesKinds) {
      for (const level of upper) {
        const table = rollupTable(kind, level);
        const names = columnsOf(kind).map((c) => c.name);
        await t.db.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_pkey, ADD CONSTRAINT ${table}_pkey PRIMARY KEY (machine_id, bucket)`);
        await t.db.query(`CREATE INDEX ${table}_covering ON ${table} (machine_id, bucket) INCLUDE (${names.join(", ")})`);
        await t.db.query(
          `INSERT INTO ${table} (bucket, machine_id, ${names.join(", ")}) VALUES ('2025-01-01T00:00:00Z', $1, ${names.map((_, i) => i + 1).join(", ")})`,
          [machine],
        );
      }
    }
    await migrateDatabase(t.db);
    for (const kind of seriesKinds) {
      for (const level of upper) {
        const table = rollupTable(kind, level);
        const indexes = await t.db.query<{ name: string; def: string }>(`SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = $1`, [table]);
        // The key, and the (bucket) index of plant-wide reads (KPIs).
        expect(indexes.map((i) => i.name).sort()).toEqual([`${table}_bucket_idx`, `${table}_pkey`]);
        expect(indexes.find((i) => i.name === `${table}_pkey`)!.def).toContain(`(machine_id, bucket) INCLUDE (${storedColumnNames(kind, level).join(", ")})`);
        const rows = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE machine_id = $1 AND sample_count = $2`, [machine, columnsOf(kind).length]);
        expect(rows[0]?.n).toBe(1);
      }
    }
    // Series reads stay index-only scans, now of the key.
    const plan = await t.db.transaction(async (tx) => {
      await tx.query(`SET LOCAL enable_seqscan = off`);
      await tx.query(`SET LOCAL enable_bitmapscan = off`);
      return tx.query<{ "QUERY PLAN": string }>(
        `EXPLAIN SELECT bucket, total_energy_kwh FROM energy_readings_1hour WHERE machine_id = ANY($1::uuid[]) AND bucket >= $2 ORDER BY machine_id, bucket`,
        [`{${machine}}`, "2025-01-01T00:00:00Z"],
      );
    });
    expect(plan.map((r) => r["QUERY PLAN"]).join("\n")).toContain("Index Only Scan using energy_readings_1hour_pkey");
  });

  it.skipIf(target === "timescaledb")("adds the per-column sample counts to an older install's rollups and recomputes them from the raw rows", async () => {
    const machine = "d0000000-0000-0000-0000-000000000002";
    await t.db.query(`INSERT INTO machines (id, site_id, name) VALUES ($1, $2, 'Two-sensors')`, [machine, DEFAULT_SITE_ID]);
    const at = (m: number) => new Date(Date.UTC(2025, 2, 1, 0, m)).toISOString();
    await ingestJson(t.db, "environmental", [
      { time: at(0), machine_id: machine, outdoor_temp_c: 10 },
      { time: at(1), machine_id: machine, humidity_pct: 50 },
      { time: at(2), machine_id: machine, outdoor_temp_c: 20 },
    ], { on_error: "abort" });
    // The environmental rollups as they were before the sample counts, with what they held then.
    const old = ["avg_outdoor_temp_c", "min_outdoor_temp_c", "max_outdoor_temp_c", "avg_indoor_temp_c", "avg_humidity_pct", "avg_pressure_bar"];
    for (const level of levels) {
      const table = rollupTable("environmental", level);
      await t.db.query(`DROP TABLE ${table}`);
      await t.db.query(`CREATE TABLE ${table} (bucket timestamptz NOT NULL, machine_id uuid NOT NULL, ${old.map((c) => `${c} double precision`).join(", ")}, sample_count bigint NOT NULL, PRIMARY KEY (machine_id, bucket))`);
      await t.db.query(`INSERT INTO ${table} VALUES ('2025-03-01T00:00:00Z', $1, 10, 10, 20, NULL, 50, NULL, 3)`, [machine]);
    }
    await migrateDatabase(t.db);
    for (const level of ["15min", "1hour", "1day"] as const) {
      const rows = await t.db.query<{ t: number; h: number; n: string; ts: string }>(
        `SELECT avg_outdoor_temp_c AS t, avg_humidity_pct AS h, sample_count::text AS n, outdoor_temp_samples::text AS ts FROM ${rollupTable("environmental", level)} WHERE machine_id = $1`,
        [machine],
      );
      expect(rows).toEqual([{ t: 15, h: 50, n: "3", ts: "2" }]);
    }
  });
});
