import type { PGlite, Transaction } from "@electric-sql/pglite";
import type { Database, Queryable, Row } from "@/lib/db/types";
import { DEFAULT_SITE_ID } from "@/lib/db/schema/core";
import { levels, rollupTable, seriesKinds } from "@/lib/timeseries/definitions";
import { rebuildRollups } from "@/lib/timeseries/refresh";
import {
  BinaryCopyWriter,
  ENERGY_COLUMNS,
  ENVIRONMENTAL_COLUMNS,
  PRODUCTION_COLUMNS,
  energyCsv,
  environmentalCsv,
  productionCsv,
  writeEnergy,
  writeEnvironmental,
  writeProduction,
} from "./copy";
import { createDemoPlant, generateDemoDays } from "./generator";
import { recordDemoState } from "./state";
import { PLAN_LEAD_DAYS, PLAN_REVISION_SHARE, demoPlannedDrivers } from "./plan";
import { writePlannedDrivers } from "@/lib/forecast/plans";
import type { DemoDayChunk, DemoPlant } from "./types";

// Loads the demo plant into an empty database: machines, the readings day by day (memory stays
// flat and progress can be shown), then one full rollup build.
//
// The embedded database gets a bulk load in one transaction: machines, readings, rollups. The
// keys, indexes and foreign keys of the raw and rollup tables are dropped while rows go in and
// built once afterwards (checked as before: a duplicate or an unknown machine still fails the
// load), readings go in as binary COPY, and the rollup build aggregates by sorting, which is
// cheaper here than hashing with spills to disk. An interrupted load leaves no machines, so the
// next start seeds again. Other PostgreSQL servers get CSV COPY per day and table.

export type SeedPhase = "readings" | "indexes" | "rollups";

export interface SeedOptions {
  days: number;
  seed: number;
  end?: Date;
  timeZone?: string;
  /** Record the plant as a living demo: the living-demo job appends its readings up to the present. */
  living?: boolean;
  /** "readings": done/total days; "indexes" and "rollups": 0/1 when started, 1/1 when finished. */
  onProgress?: (done: number, total: number, phase: SeedPhase) => void;
}

/** Machine types whose production rows are loaded (elsewhere energy does not follow output). */
export const productionTypes: ReadonlySet<string> = new Set(["compressor", "oven", "injection_molding", "conveyor", "pump"]);
const RAW_TABLES = ["energy_readings", "production_data", "environmental_data"] as const;

export async function isEmpty(db: Database): Promise<boolean> {
  const rows = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM machines");
  return (rows[0]?.n ?? 0) === 0;
}

type Exec = Pick<Transaction, "query">;

async function insertPlant(run: (sql: string, params: unknown[]) => Promise<unknown>, plant: DemoPlant): Promise<void> {
  await run(`UPDATE sites SET time_zone = $1 WHERE id = $2`, [plant.timeZone, DEFAULT_SITE_ID]);
  for (const m of plant.machines) {
    await run(
      `INSERT INTO machines (id, site_id, name, type, area, rated_power_kw, counts_output) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
      [m.id, DEFAULT_SITE_ID, m.name, m.type, m.area, m.ratedPowerKw, m.countsOutput],
    );
  }
}

/** The PGlite instance behind a database, when it is one (drizzle keeps its client as $client). */
function pgliteOf(db: Database): PGlite | null {
  if (db.kind !== "pglite") return null;
  const client = (db.orm as unknown as { $client?: unknown }).$client;
  const ok = typeof client === "object" && client !== null && "transaction" in client && typeof client.transaction === "function";
  return ok ? (client as PGlite) : null;
}

/**
 * Drops the keys, indexes and foreign keys of `tables` (inside the caller's transaction) and
 * returns the statements that recreate them: primary keys and unique constraints first, then
 * the other indexes, then foreign keys (validated against the rows loaded in between).
 */
async function dropIndexes(tx: Exec, tables: readonly string[]): Promise<string[]> {
  const keys: string[] = [];
  const indexes: string[] = [];
  const foreign: string[] = [];
  for (const table of tables) {
    const rel = `public.${table}`;
    const constraints = await tx.query<{ name: string; type: string; def: string }>(
      `SELECT conname AS name, contype AS type, pg_get_constraintdef(oid) AS def FROM pg_constraint
       WHERE conrelid = $1::regclass AND contype IN ('p', 'u', 'f', 'x') ORDER BY contype = 'f' DESC, conname`,
      [rel],
    );
    for (const c of constraints.rows) {
      await tx.query(`ALTER TABLE ${rel} DROP CONSTRAINT "${c.name}"`);
      (c.type === "f" ? foreign : keys).push(`ALTER TABLE ${rel} ADD CONSTRAINT "${c.name}" ${c.def}`);
    }
    const rest = await tx.query<{ name: string; def: string }>(
      `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
       WHERE x.indrelid = $1::regclass ORDER BY i.relname`,
      [rel],
    );
    for (const i of rest.rows) {
      await tx.query(`DROP INDEX public."${i.name}"`);
      indexes.push(i.def);
    }
  }
  return [...keys, ...indexes, ...foreign];
}

const ROLLUP_TABLES = seriesKinds.flatMap((kind) => levels.map((level) => rollupTable(kind, level)));

/**
 * The database seen from inside a PGlite transaction, for code written against Database (the
 * rollup build): its own transactions run as part of the enclosing one. PGlite serialises
 * transactions, so the outer connection must not be used meanwhile (orm, COPY: not offered).
 */
function insideTransaction(db: Database, tx: Transaction): Database {
  const unavailable = (what: string) => new Error(`${what} is not available inside the demo bulk load`);
  const q: Queryable = {
    query: async <T extends Row = Row>(text: string, params: unknown[] = []) => (await tx.query<T>(text, params)).rows,
    execute: async (text: string, params: unknown[] = []) => (await tx.query(text, params)).affectedRows ?? 0,
    copyFrom: () => Promise.reject(unavailable("copyFrom")),
    copyStream: () => Promise.reject(unavailable("copyStream")),
    savepoint: () => Promise.reject(unavailable("savepoint")),
  };
  return {
    ...q,
    kind: db.kind,
    get orm(): never {
      throw unavailable("orm");
    },
    transaction: (fn) => fn(q),
    close: () => Promise.reject(unavailable("close")),
  };
}

async function bulkLoadPglite(db: Database, tx: Transaction, plant: DemoPlant, chunks: Iterable<DemoDayChunk>, options: SeedOptions, keep: (id: string) => boolean) {
  // For this transaction only: sorts of the index and rollup builds stay in memory (the rollup
  // build itself chooses sorted aggregation; it keeps this larger work_mem).
  await tx.query(`SET LOCAL maintenance_work_mem = '256MB'`);
  await tx.query(`SET LOCAL work_mem = '256MB'`);
  await insertPlant((sql, params) => tx.query(sql, params), plant);

  const rawIndexes = await dropIndexes(tx, RAW_TABLES);
  const writer = new BinaryCopyWriter(4 << 20);
  const copy = async (columns: string, fill: (w: BinaryCopyWriter) => void) => {
    writer.reset();
    fill(writer);
    await tx.query(`COPY ${columns} FROM '/dev/blob' WITH (FORMAT binary)`, [], { blob: new Blob([writer.finish()]) });
  };
  for (const chunk of chunks) {
    await copy(ENERGY_COLUMNS, (w) => writeEnergy(w, chunk.energy));
    await copy(PRODUCTION_COLUMNS, (w) => writeProduction(w, chunk.production, keep));
    await copy(ENVIRONMENTAL_COLUMNS, (w) => writeEnvironmental(w, chunk.environmental));
    options.onProgress?.(chunk.day + 1, chunk.totalDays, "readings");
    // PGlite works in this thread and its promises settle without I/O: let timers, pipes and
    // child processes (npm run demo's build) be served between days.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  options.onProgress?.(0, 1, "indexes");
  for (const statement of rawIndexes) await tx.query(statement);
  options.onProgress?.(1, 1, "indexes");

  options.onProgress?.(0, 1, "rollups");
  const rollupIndexes = await dropIndexes(tx, ROLLUP_TABLES);
  await rebuildRollups(insideTransaction(db, tx));
  for (const statement of rollupIndexes) await tx.query(statement);
  options.onProgress?.(1, 1, "rollups");
  await writePlannedDrivers({ query: async (text, params) => (await tx.query(text, params)).rows as never }, publishedPlan(plant));
}

/**
 * What the plant had published by the end of its window: the production plan up to a week past
 * it and the temperature forecasts issued in it (lib/demo/plan.ts), so a forecast from the last
 * reading has the plan a plant would have.
 */
export function publishedPlan(plant: DemoPlant, revisionShare: number = PLAN_REVISION_SHARE) {
  const endMs = plant.end.getTime();
  return demoPlannedDrivers(plant, new Date(endMs + PLAN_LEAD_DAYS * 86_400_000), revisionShare).filter((r) => r.issuedAt.getTime() <= endMs);
}

async function loadCsv(db: Database, plant: DemoPlant, chunks: Iterable<DemoDayChunk>, options: SeedOptions, keep: (id: string) => boolean) {
  await insertPlant((sql, params) => db.query(sql, params), plant);
  for (const chunk of chunks) {
    await db.transaction(async (tx) => {
      await tx.copyFrom(`COPY ${ENERGY_COLUMNS} FROM STDIN WITH (FORMAT csv)`, energyCsv(chunk.energy));
      await tx.copyFrom(`COPY ${PRODUCTION_COLUMNS} FROM STDIN WITH (FORMAT csv)`, productionCsv(chunk.production, keep));
      await tx.copyFrom(`COPY ${ENVIRONMENTAL_COLUMNS} FROM STDIN WITH (FORMAT csv)`, environmentalCsv(chunk.environmental));
    });
    options.onProgress?.(chunk.day + 1, chunk.totalDays, "readings");
  }
}

export interface SeedInternals {
  /** Force the CSV path (tests compare it with the binary bulk load). */
  csv?: boolean;
}

export async function seedDemo(db: Database, options: SeedOptions, internals: SeedInternals = {}): Promise<DemoPlant> {
  const end = options.end ?? new Date();
  const plant = createDemoPlant({ days: options.days, end, seed: options.seed, timeZone: options.timeZone });
  // Production counts matter only where energy follows output; other machines' rows are skipped.
  const withProduction = new Set(plant.machines.filter((m) => productionTypes.has(m.type)).map((m) => m.id));
  const keep = (id: string) => withProduction.has(id);
  const chunks = generateDemoDays(plant);
  const pg = internals.csv ? null : pgliteOf(db);
  if (pg) {
    await pg.transaction((tx) => bulkLoadPglite(db, tx, plant, chunks, options, keep));
    await recordDemoState(db, plant, options.living ?? false);
    return plant;
  }
  await loadCsv(db, plant, chunks, options, keep);
  await db.transaction((tx) => writePlannedDrivers(tx, publishedPlan(plant)));
  options.onProgress?.(0, 1, "rollups");
  await rebuildRollups(db);
  options.onProgress?.(1, 1, "rollups");
  await recordDemoState(db, plant, options.living ?? false);
  return plant;
}
