import postgres from "postgres";
import { openPostgres } from "@/lib/db/postgres";
import { migrateDatabase } from "@/lib/db/migrate";
import { rebuildRollups } from "@/lib/timeseries/refresh";

// Bytes on disk per machine-year of 1-minute energy readings on plain PostgreSQL (raw rows,
// their indexes, and the 1min/15min/1hour/1day rollups), measured on 10 machines × 30 days and
// scaled to a year: `npx tsx --conditions=react-server bench/storage.ts` (BENCH_DATABASE_URL or
// the local server). Creates and drops its own database.

const admin = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const name = `enms_storage_${Date.now()}`;
const MACHINES = 10;
const DAYS = 30;

const a = postgres(admin, { max: 1, onnotice: () => {} });
await a.unsafe(`CREATE DATABASE ${name}`);
const url = new URL(admin);
url.pathname = `/${name}`;
const db = await openPostgres(url.toString());
try {
  await migrateDatabase(db);
  await db.query(
    `INSERT INTO machines (id, site_id, name, type) SELECT ('d0000000-0000-0000-0000-' || lpad(i::text, 12, '0'))::uuid, '5e000000-0000-0000-0000-000000000001', 'M' || i, 'motor' FROM generate_series(1, $1::int) i`,
    [MACHINES],
  );
  await db.query(
    `INSERT INTO energy_readings (time, machine_id, power_kw, energy_kwh, interval_s)
     SELECT t, ('d0000000-0000-0000-0000-' || lpad(i::text, 12, '0'))::uuid, 50 + random() * 10, (50 + random() * 10) / 60, 60
     FROM generate_series(1, $1::int) i, generate_series(timestamptz '2025-01-01', timestamptz '2025-01-01' + make_interval(days => $2::int) - interval '1 minute', interval '1 minute') t`,
    [MACHINES, DAYS],
  );
  await rebuildRollups(db, ["energy"]);
  await db.query("VACUUM ANALYZE");
  const rows = await db.query<{ rel: string; bytes: string }>(
    `SELECT c.relname AS rel, pg_total_relation_size(c.oid)::text AS bytes FROM pg_class c
      WHERE c.relkind = 'r' AND c.relname LIKE 'energy_readings%' ORDER BY 1`,
  );
  const perMachineYear = (bytes: number) => (bytes / MACHINES / DAYS) * 365;
  let total = 0;
  for (const r of rows) {
    total += Number(r.bytes);
    console.log(`${r.rel.padEnd(24)} ${(perMachineYear(Number(r.bytes)) / 2 ** 20).toFixed(1)} MiB per machine-year`);
  }
  console.log(`${"all".padEnd(24)} ${(perMachineYear(total) / 2 ** 20).toFixed(1)} MiB per machine-year (${MACHINES * DAYS * 1440} raw rows measured)`);
} finally {
  await db.close();
  await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await a.end();
}
