import postgres from "postgres";
import { openPostgres } from "@/lib/db/postgres";
import { migrateDatabase } from "@/lib/db/migrate";
import { rebuildRollups } from "@/lib/timeseries/refresh";
import { getSeries } from "@/lib/timeseries/series";
import { addBenchMachines, benchMachines, fillHistory } from "./data";
import { round, timeMedian } from "./util";

// The 1-year hourly series read on its own, for side-by-side comparisons of two versions of the
// code (README "Performance"): `SERIES_DB=<name> npx tsx bench/series-read.ts` keeps the database
// it fills (the same year of 1-minute history as `npm run bench`, 10 machines) so that runs of
// two checkouts, each against its own database, can be alternated without reloading 5 M rows.
// Prints one JSON line: the median of 21 reads after 5 warm-up reads, and the load average.
// SERIES_DROP=1 drops the database afterwards.

const HOUR = 3_600_000;
const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const name = process.env.SERIES_DB ?? "enms_series_read";
if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`SERIES_DB: ${name} is not a plain database name`);

const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
const exists = await admin`SELECT 1 FROM pg_database WHERE datname = ${name}`;
if (exists.length === 0) await admin.unsafe(`CREATE DATABASE ${name}`);
const u = new URL(adminUrl);
u.pathname = `/${name}`;
const db = await openPostgres(u.toString());
const end = new Date(Date.UTC(2026, 0, 1));
try {
  await migrateDatabase(db);
  const loaded = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM energy_readings_1hour`);
  if ((loaded[0]?.n ?? 0) === 0) {
    await addBenchMachines(db);
    await fillHistory(db, end, 365 * 24 * 60);
    await rebuildRollups(db);
    await db.query("VACUUM ANALYZE");
  }
  const from = new Date(end.getTime() - 365 * 24 * HOUR);
  const one = [benchMachines[0]!];
  const ms = await timeMedian(21, () => getSeries(db, { machineIds: one, metrics: ["energy", "power"], from, to: end, bucket: "hourly" }), 5);
  const load = await import("node:os").then((os) => os.loadavg()[0]!);
  console.log(JSON.stringify({ db: name, series_1y_hourly_1machine_ms: round(ms), load: round(load, 2) }));
} finally {
  await db.close();
  if (process.env.SERIES_DROP === "1") await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
