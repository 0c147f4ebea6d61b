import postgres from "postgres";
import { openPostgres } from "@/lib/db/postgres";
import { migrateDatabase } from "@/lib/db/migrate";
import { rebuildRollups } from "@/lib/timeseries/refresh";
import { getSeries } from "@/lib/timeseries/series";
import { addBenchMachines, benchMachines, fillHistory } from "./data";
import { median, round, timeMedian } from "./util";

// The 1-year hourly series read on its own, for side-by-side comparisons of two versions of the
// code (README "Performance"): `SERIES_DB=<name> npx tsx bench/series-read.ts` keeps the database
// it fills (the same year of 1-minute history as `npm run bench`, 10 machines) so that runs of
// two checkouts, each against its own database, can be alternated without reloading 5 M rows.
// Prints one JSON line: the median of 21 reads (SERIES_READS) after 5 warm-up reads, and the load average.
// SERIES_DROP=1 drops the database afterwards.
//
// On a shared, loaded machine two processes run seconds apart see different loads. With
// SERIES_AGAINST=<another checkout> and SERIES_AGAINST_DB=<its kept database> one process reads
// with both versions of getSeries, read by read in alternating order, and prints both medians and
// their ratio (this version ÷ the other). The other checkout's lib/timeseries/series.ts is
// imported as it is, so it must import only relative modules and types (true of commit e6cfc21);
// SERIES_AGAINST_BUCKET names the hourly bucket in its vocabulary (e6cfc21: 1hour).

const HOUR = 3_600_000;
const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const name = process.env.SERIES_DB ?? "enms_series_read";
/** SERIES_READS: how many timed reads the median is of (21 by default; more on a loaded machine). */
const reads = Number(process.env.SERIES_READS ?? 21);
if (!Number.isInteger(reads) || reads < 1) throw new Error(`SERIES_READS: ${process.env.SERIES_READS} is not a positive whole number`);
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
  const read = () => getSeries(db, { machineIds: one, metrics: ["energy", "power"], from, to: end, bucket: "hourly" });
  const loadAverage = () => import("node:os").then((os) => round(os.loadavg()[0]!, 2));
  if (process.env.SERIES_AGAINST) {
    const against = await interleaved(read, process.env.SERIES_AGAINST, process.env.SERIES_AGAINST_DB ?? "", { machineIds: one, from, to: end });
    console.log(JSON.stringify({ db: name, ...against, load: await loadAverage() }));
  } else {
    const ms = await timeMedian(reads, read, 5);
    console.log(JSON.stringify({ db: name, series_1y_hourly_1machine_ms: round(ms), load: await loadAverage() }));
  }
} finally {
  await db.close();
  if (process.env.SERIES_DROP === "1") await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

/**
 * This version's read and the other checkout's, alternately (order reversed every round, 5 warm-up
 * rounds): medians in ms of `reads` rounds and their ratio.
 */
async function interleaved(
  read: () => Promise<unknown>,
  checkout: string,
  otherDb: string,
  q: { machineIds: string[]; from: Date; to: Date },
): Promise<Record<string, number | string>> {
  if (!/^[a-z0-9_]+$/.test(otherDb)) throw new Error(`SERIES_AGAINST_DB: "${otherDb}" is not a plain database name`);
  const path = await import("node:path");
  const mod = (await import(path.resolve(checkout, "lib/timeseries/series.ts"))) as {
    getSeries: (db: unknown, query: Record<string, unknown>) => Promise<unknown>;
  };
  const url = new URL(adminUrl);
  url.pathname = `/${otherDb}`;
  const other = await openPostgres(url.toString());
  try {
    const bucket = process.env.SERIES_AGAINST_BUCKET ?? "hourly";
    const readOther = () => mod.getSeries(other, { ...q, metrics: ["energy", "power"], bucket });
    const mine: number[] = [];
    const theirs: number[] = [];
    const timed = async (fn: () => Promise<unknown>, into: number[] | null) => {
      const t = performance.now();
      await fn();
      into?.push(performance.now() - t);
    };
    for (let i = 0; i < reads + 5; i++) {
      const warm = i < 5;
      if (i % 2 === 0) {
        await timed(read, warm ? null : mine);
        await timed(readOther, warm ? null : theirs);
      } else {
        await timed(readOther, warm ? null : theirs);
        await timed(read, warm ? null : mine);
      }
    }
    const a = median(mine);
    const b = median(theirs);
    return { against: checkout, against_db: otherDb, series_1y_hourly_1machine_ms: round(a), against_ms: round(b), ratio: round(a / b) };
  } finally {
    await other.close();
  }
}
