import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import postgres from "postgres";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { describeOn } from "../helpers/databases";
import { M1, M2, addMachines } from "../helpers/fixtures";
import { openPostgres } from "@/lib/db/postgres";
import { migrateDatabase, migrationsFolder } from "@/lib/db/migrate";
import type { Database } from "@/lib/db/types";
import { ingestJson } from "@/lib/ingest/json";
import { seedDemo } from "@/lib/demo/seed";
import { createRollupTables } from "@/lib/timeseries/ddl";
import { rawTable, seriesKinds } from "@/lib/timeseries/definitions";

// Bulk loads on a real TimescaleDB (TEST_TIMESCALE_URL): a database migrated on plain PostgreSQL
// and then on TimescaleDB, one from before migration 0004 whose raw tables were already
// compressed hypertables, the demo seed and a large import — each ends with the chunks past the
// compression age compressed and aggregates that equal the raw rows.

const DAY = 86_400_000;
const dbs: { db: Database; name: string }[] = [];

/** An empty database on the TimescaleDB server, not migrated, the extension not yet created. */
async function emptyDatabase(): Promise<Database> {
  const url = new URL(process.env.TEST_TIMESCALE_URL!);
  const name = `enms_test_${Math.random().toString(16).slice(2, 14)}`;
  const admin = postgres(url.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString(), { max: 4 });
  dbs.push({ db, name });
  return db;
}

afterEach(async () => {
  for (const { db, name } of dbs.splice(0)) {
    await db.close();
    const admin = postgres(process.env.TEST_TIMESCALE_URL!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
});

/** Minute energy rows for a machine over `days` days from `start` (ms). */
function minutes(machine: string, start: number, days: number) {
  return Array.from({ length: days * 1440 }, (_, i) => ({ time: new Date(start + i * 60_000).toISOString(), machine_id: machine, energy_kwh: (i % 7) / 10, power_kw: (i % 7) * 6 }));
}

/** Raw chunks past the compression age: how many, and how many of them are compressed. */
async function coldChunks(db: Database, table: string): Promise<{ cold: number; compressed: number }> {
  const rows = await db.query<{ cold: number; compressed: number }>(
    `SELECT count(*)::int AS cold, count(*) FILTER (WHERE is_compressed)::int AS compressed
       FROM timescaledb_information.chunks WHERE hypertable_name = $1 AND range_end < now() - INTERVAL '7 days'`,
    [table],
  );
  return rows[0]!;
}

/** Daily energy per machine from the 1-day aggregate and from the raw rows (UTC days). */
async function dailyAgainstRaw(db: Database) {
  const q = (sql: string) => db.query<{ m: string; b: string; e: number; n: string }>(sql);
  const [agg, raw] = await Promise.all([
    q(`SELECT machine_id::text AS m, bucket::text AS b, round(total_energy_kwh::numeric, 6)::float8 AS e, sample_count::text AS n FROM energy_readings_1day ORDER BY 1, 2`),
    q(`SELECT machine_id::text AS m, time_bucket('1 day', time)::text AS b, round(sum(energy_kwh)::numeric, 6)::float8 AS e, count(*)::text AS n FROM energy_readings GROUP BY 1, 2 ORDER BY 1, 2`),
  ]);
  return { agg, raw };
}

describeOn("timescaledb", "bulk loads and migrations on TimescaleDB", () => {
  it("a database first migrated on plain PostgreSQL becomes hypertables and aggregates, its old chunks compressed", async () => {
    const db = await emptyDatabase();
    // As a release without TimescaleDB on the server left it: drizzle's migrations and rollup tables.
    await migratePostgres(db.orm as unknown as PostgresJsDatabase, { migrationsFolder });
    await createRollupTables(db);
    await addMachines(db);
    const start = Math.floor(Date.now() / DAY) * DAY - 30 * DAY;
    await ingestJson(db, "energy", [...minutes(M1, start, 25), ...minutes(M2, start, 3)], { on_error: "abort" });
    expect(db.kind).toBe("postgresql");

    await migrateDatabase(db);
    expect(db.kind).toBe("timescaledb");
    const counts = await db.query<{ h: number; c: number }>(
      `SELECT (SELECT count(*)::int FROM timescaledb_information.hypertables) AS h, (SELECT count(*)::int FROM timescaledb_information.continuous_aggregates) AS c`,
    );
    expect(counts[0]).toEqual({ h: 3, c: 12 });
    const chunks = await coldChunks(db, "energy_readings");
    expect(chunks.cold).toBeGreaterThanOrEqual(2);
    expect(chunks.compressed).toBe(chunks.cold);
    const { agg, raw } = await dailyAgainstRaw(db);
    expect(raw).toHaveLength(28);
    expect(agg).toEqual(raw);
  });

  it("migration 0004 alters raw tables that were already compressed hypertables (TimescaleDB 2.18+)", async () => {
    const db = await emptyDatabase();
    // The drizzle migrations up to 0003, as the release before 0004 applied them.
    const folder = await mkdtemp(path.join(tmpdir(), "enms-0003-"));
    try {
      await cp(migrationsFolder, folder, { recursive: true });
      const journalPath = path.join(folder, "meta", "_journal.json");
      const journal = JSON.parse(await readFile(journalPath, "utf8")) as { entries: { tag: string }[] };
      journal.entries = journal.entries.filter((e) => e.tag < "0004");
      await writeFile(journalPath, JSON.stringify(journal));
      await db.query(`CREATE EXTENSION IF NOT EXISTS timescaledb`);
      await migratePostgres(db.orm as unknown as PostgresJsDatabase, { migrationsFolder: folder });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
    for (const kind of seriesKinds) {
      const table = rawTable[kind];
      await db.query(`SELECT create_hypertable('${table}', 'time', chunk_time_interval => INTERVAL '7 days')`);
      await db.query(`ALTER TABLE ${table} SET (timescaledb.compress, timescaledb.compress_segmentby = 'machine_id', timescaledb.compress_orderby = 'time')`);
    }
    await addMachines(db);
    const start = Math.floor(Date.now() / DAY) * DAY - 21 * DAY;
    await db.query(
      `INSERT INTO energy_readings (time, machine_id, energy_kwh, power_kw)
       SELECT t, $1::uuid, 0.5, 30 FROM generate_series($2::timestamptz, $2::timestamptz + INTERVAL '10 days' - INTERVAL '1 minute', INTERVAL '1 minute') t`,
      [M1, new Date(start).toISOString()],
    );
    await db.query(`SELECT compress_chunk(c) FROM show_chunks('energy_readings') c`);

    await migrateDatabase(db);
    expect(db.kind).toBe("timescaledb");
    const column = await db.query<{ nullable: string; dflt: string }>(
      `SELECT is_nullable AS nullable, column_default AS dflt FROM information_schema.columns WHERE table_name = 'energy_readings' AND column_name = 'interval_s'`,
    );
    expect(column).toEqual([{ nullable: "NO", dflt: "60" }]);
    const rows = await db.query<{ n: number; s: number }>(`SELECT count(*)::int AS n, sum(interval_s)::int AS s FROM energy_readings`);
    expect(rows[0]).toEqual({ n: 10 * 1440, s: 10 * 1440 * 60 });
    const { agg, raw } = await dailyAgainstRaw(db);
    expect(raw).toHaveLength(10);
    expect(agg).toEqual(raw);
  });

  it("a large import into chunks past the compression age compresses them at once", async () => {
    const db = await emptyDatabase();
    await migrateDatabase(db);
    await addMachines(db);
    const start = Math.floor(Date.now() / DAY) * DAY - 28 * DAY;
    await ingestJson(db, "energy", minutes(M1, start, 14), { on_error: "abort" });
    const chunks = await coldChunks(db, "energy_readings");
    expect(chunks.cold).toBeGreaterThanOrEqual(2);
    expect(chunks.compressed).toBe(chunks.cold);
    // A few late readings into a compressed chunk are written and aggregated, left to the policy to recompress.
    await ingestJson(db, "energy", minutes(M2, start + DAY, 1).slice(0, 30), { on_error: "abort" });
    const { agg, raw } = await dailyAgainstRaw(db);
    expect(agg).toEqual(raw);
  });

  it("seeding the demo plant compresses its chunks past the compression age", async () => {
    const db = await emptyDatabase();
    await migrateDatabase(db);
    await seedDemo(db, { days: 21, seed: 7 });
    for (const kind of seriesKinds) {
      const chunks = await coldChunks(db, rawTable[kind]);
      expect(chunks.cold, kind).toBeGreaterThanOrEqual(1);
      expect(chunks.compressed, kind).toBe(chunks.cold);
    }
    const { agg, raw } = await dailyAgainstRaw(db);
    expect(agg).toEqual(raw);
  }, 300_000);
});
