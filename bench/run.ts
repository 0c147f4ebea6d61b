import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { tmpdir } from "node:os";
import { mkdtempSync, rmSync } from "node:fs";
import postgres from "postgres";
import { openPglite } from "@/lib/db/pglite";
import { openPostgres } from "@/lib/db/postgres";
import { migrateDatabase } from "@/lib/db/migrate";
import type { Database } from "@/lib/db/types";
import { POST as csvRoute } from "@/app/api/v1/ingest/csv/route";
import { POST as jsonRoute } from "@/app/api/v1/ingest/[kind]/route";
import { rebuildRollups, refreshRollups } from "@/lib/timeseries/refresh";
import { getSeries } from "@/lib/timeseries/series";
import { writeBatch } from "@/lib/ingest/writer";
import { copyLine } from "@/lib/ingest/columns";
import { addBenchMachines, benchMachines, energyCsv, fillHistory } from "./data";
import { median, round, timeMedian } from "./util";
import { meterReadBenches } from "./meter-reads";
import { baselineBenches } from "./baseline";
import { useDatabaseForRoutes } from "./routes";
import { kpiBenches } from "./kpi";
import { uiBenches } from "./ui";
import { anomalyQuality, anomalySpeed } from "./anomaly-eval";
import { jobBenches } from "./jobs";
import { forecastBenches } from "./forecast";
import { loadBench } from "./load";

// npm run bench – medians on PostgreSQL (BENCH_DATABASE_URL, default the local server) and on
// PGlite, side by side in one run; ratios are what matter on a noisy machine. Writes
// bench/results/latest.json as {"metric": value} with units in the names.

// Route handlers are called in-process, without a session or token: as in the tests (vitest.config.ts),
// they run in open mode, where the caller is the admin. Servers the benches start set their own mode.
process.env.AUTH = "off";
// A log line per in-process request would bury the figures.
process.env.LOG_LEVEL ??= "warn";

const HOUR = 3_600_000;
const YEAR_MIN = 365 * 24 * 60;
const results: Record<string, number> = {};
const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
/** BENCH_SKIP=ingest,series,baseline,meter-reads,kpi,anomaly,jobs,forecast,ui,load leaves parts out (for a quick look at one part). */
const skip = new Set((process.env.BENCH_SKIP ?? "").split(",").filter(Boolean));
const historyMinutes = Number(process.env.BENCH_HISTORY_MINUTES ?? YEAR_MIN);

/** A request body that hands over `bytes` in pieces of `size`, each when asked for. */
function piecesOf(bytes: Buffer, size: number): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, (offset += size)));
    },
  });
}

function* chunks(lines: string[]): Iterable<string> {
  for (let i = 0; i < lines.length; i += 5000) yield lines.slice(i, i + 5000).join("");
}

/** The median of the durations `fn` returns (timeMedian times all of fn, the reset before the measured part included). */
async function medianOfReturned(runs: number, fn: () => Promise<number>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await fn());
  return median(times);
}

async function ingestBenches(db: Database, label: string): Promise<void> {
  const end = Date.UTC(2025, 0, 1);
  const perMachine = 20_000;
  const lines = energyCsv(end - perMachine * 60_000, perMachine);
  const rows = lines.length - 1;
  useDatabaseForRoutes(db);
  const reset = async () => {
    await db.query("TRUNCATE energy_readings, rollup_pending");
    await rebuildRollups(db);
  };
  const copyMs = await medianOfReturned(3, async () => {
    await reset();
    const t = performance.now();
    await db.copyFrom(`COPY energy_readings (time, machine_id, power_kw, energy_kwh, voltage_v, current_a, power_factor) FROM STDIN WITH (FORMAT csv, HEADER true)`, chunks(lines));
    return performance.now() - t;
  });
  // Through the route handler, as an upload arrives: a request body streamed in 64 kB pieces.
  const upload = Buffer.from(lines.join(""));
  const csvMs = await medianOfReturned(3, async () => {
    await reset();
    const t = performance.now();
    const res = await csvRoute(
      new Request("http://bench/api/v1/ingest/csv?kind=energy", {
        method: "POST",
        headers: { "content-type": "text/csv" },
        body: piecesOf(upload, 65_536),
        duplex: "half",
      } as RequestInit),
    );
    if (res.status !== 200) throw new Error(`CSV ingest: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    return performance.now() - t;
  });
  const jsonBatch = (start: number) =>
    energyCsv(start, 5000).slice(1).map((l) => {
      const [time, machine_id, p, e] = l.trim().split(",");
      return { time, machine_id, power_kw: Number(p), energy_kwh: Number(e) };
    });
  // Through the route handler, as a meter gateway sends them: a JSON body, parsed and validated.
  // The body is serialised before the clock starts (that is the client's work).
  const postJson = async (body: string) => {
    const res = await jsonRoute(
      new Request("http://bench/api/v1/ingest/energy", { method: "POST", headers: { "content-type": "application/json" }, body }),
      { params: Promise.resolve({ kind: "energy" }) },
    );
    if (res.status !== 200) throw new Error(`JSON ingest: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };
  const json = jsonBatch(end);
  // The same batch each time: after the first run every row is re-sent (and unchanged).
  const jsonBody = JSON.stringify(json);
  const jsonMs = await timeMedian(3, () => postJson(jsonBody), 0);
  // A batch of new rows each time (the next 5000 minutes).
  let next = end + 5000 * 60_000;
  const freshMs = await medianOfReturned(5, async () => {
    const body = JSON.stringify(jsonBatch(next));
    next += 5000 * 60_000;
    const t = performance.now();
    await postJson(body);
    return performance.now() - t;
  });
  results[`${label}_bare_copy_rows_per_s`] = round((rows / copyMs) * 1000);
  results[`${label}_csv_ingest_rows_per_s`] = round((rows / csvMs) * 1000);
  results[`${label}_csv_ingest_vs_bare_copy_ratio`] = round(copyMs / csvMs);
  results[`${label}_json_ingest_rows_per_s`] = round((json.length / jsonMs) * 1000);
  results[`${label}_json_ingest_new_rows_per_s`] = round((json.length / freshMs) * 1000);
}

async function queryBenches(db: Database, label: string): Promise<void> {
  await db.query("TRUNCATE energy_readings, rollup_pending");
  const end = new Date(Date.UTC(2026, 0, 1));
  let t = performance.now();
  await fillHistory(db, end, historyMinutes);
  await rebuildRollups(db);
  // A year-old database has long been vacuumed and analysed; without this, autovacuum works
  // through the freshly loaded millions of rows while the reads below are timed.
  await db.query("VACUUM ANALYZE");
  console.log(`${label}: history loaded`);
  results[`${label}_history_load_s`] = round((performance.now() - t) / 1000);
  results[`${label}_history_raw_rows`] = historyMinutes * benchMachines.length;

  // Append one hour for 10 machines, then time only the refresh of what it touched.
  let hour = 0;
  const refreshMs = await medianOfReturned(5, async () => {
    const start = end.getTime() + hour++ * HOUR;
    const lines = energyCsv(start, 60).slice(1).map((l) => {
      const [time, machine_id, p, e] = l.trim().split(",");
      return copyLine("energy", { time: new Date(time!), machine_id, power_kw: Number(p), energy_kwh: Number(e) });
    });
    await writeBatchNoRefresh(db, lines);
    t = performance.now();
    await refreshRollups(db);
    return performance.now() - t;
  });
  results[`${label}_refresh_after_1h_append_ms`] = round(refreshMs);

  const from = new Date(end.getTime() - 365 * 24 * HOUR);
  const one = [benchMachines[0]!];
  results[`${label}_series_1y_hourly_1machine_ms`] = round(
    // Warm-up runs: the VACUUM of millions of raw rows just went through the buffer cache, and
    // the decoding code is not yet compiled; a server answers many such requests.
    await timeMedian(21, () => getSeries(db, { machineIds: one, metrics: ["energy", "power"], from, to: end, bucket: "hourly" }), 5),
  );
  results[`${label}_series_1y_hourly_from_raw_ms`] = round(
    await timeMedian(5, () =>
      db.query(
        `SELECT date_bin('1 hour', time, '2000-01-03'::timestamptz) AS bucket, sum(energy_kwh) AS total_energy_kwh, avg(power_kw), min(power_kw), max(power_kw)
         FROM energy_readings WHERE machine_id = $1 AND time >= $2 AND time < $3 GROUP BY 1 ORDER BY 1`,
        [one[0], from.toISOString(), end.toISOString()],
      ),
    ),
  );
  results[`${label}_series_rollup_vs_raw_speedup`] = round(results[`${label}_series_1y_hourly_from_raw_ms`]! / results[`${label}_series_1y_hourly_1machine_ms`]!);
  results[`${label}_series_1y_daily_10machines_ms`] = round(
    await timeMedian(7, () => getSeries(db, { machineIds: benchMachines, metrics: ["energy", "power"], from, to: end, bucket: "daily" })),
  );
  // Local days grouped from the hourly rollup at query time, as on TimescaleDB.
  results[`${label}_series_1y_daily_10machines_query_time_ms`] = round(
    await timeMedian(7, () => getSeries(db, { machineIds: benchMachines, metrics: ["energy", "power"], from, to: end, bucket: "daily", groupAtQueryTime: true })),
  );
}

async function writeBatchNoRefresh(db: Database, lines: string[]): Promise<void> {
  // Ingestion's writer (lines without keys: staged and upserted, ranges recorded), without its
  // refresh, so the refresh can be timed on its own.
  await writeBatch(db, "energy", (w) => w.write(lines), { refresh: false });
}

/** A migrated PostgreSQL database of its own (`enms_bench_<tag>…`); `drop()` closes and drops it. */
async function ownPostgres(tag: string): Promise<{ db: Database; drop: () => Promise<void> }> {
  const name = `enms_bench_${tag}${process.pid}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const db = await openPostgres(u.toString());
  const drop = async () => {
    await db.close();
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  };
  try {
    await migrateDatabase(db);
  } catch (error) {
    await drop();
    throw error;
  }
  return { db, drop };
}

/** Runs `fn` on a migrated PostgreSQL database of its own, dropped afterwards. */
async function onOwnPostgres(tag: string, fn: (db: Database) => Promise<void>): Promise<void> {
  const { db, drop } = await ownPostgres(tag);
  try {
    await fn(db);
  } finally {
    await drop();
  }
}

async function onPostgres(): Promise<void> {
  await onOwnPostgres("", async (db) => {
    await addBenchMachines(db);
    if (!skip.has("ingest")) await ingestBenches(db, "pg");
    if (!skip.has("series")) await queryBenches(db, "pg");
    if (!skip.has("baseline")) await baselineBenches(db, "pg", results);
    if (!skip.has("meter-reads")) await meterReadBenches(db, "pg", results);
  });
}

/** KPIs in a database of their own: the plant is exactly the machines the bench adds. */
async function kpiOnPostgres(): Promise<void> {
  await onOwnPostgres("kpi_", (db) => kpiBenches(db, "pg", results, true));
}

async function kpiOnPglite(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "enms-bench-kpi-"));
  const db = await openPglite(dir);
  try {
    await migrateDatabase(db);
    // 10 machines only: the 100-machine scale is measured on PostgreSQL.
    await kpiBenches(db, "pglite", results, false);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Jobs in a database of their own: the demo plant, 10 of its machines active. */
async function jobsOnPostgres(): Promise<void> {
  await onOwnPostgres("jobs_", (db) => jobBenches(db, "pg", results));
}

async function jobsOnPglite(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "enms-bench-jobs-"));
  const db = await openPglite(dir);
  try {
    await migrateDatabase(db);
    await jobBenches(db, "pglite", results);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function onPglite(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "enms-bench-"));
  const db = await openPglite(dir);
  try {
    await migrateDatabase(db);
    await addBenchMachines(db);
    if (!skip.has("ingest")) await ingestBenches(db, "pglite");
    if (!skip.has("series")) await queryBenches(db, "pglite");
    if (!skip.has("baseline")) await baselineBenches(db, "pglite", results);
    if (!skip.has("meter-reads")) await meterReadBenches(db, "pglite", results);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Anomaly detection: quality against the demo plant's labels (BENCH_ANOMALY_SEEDS, default 42,7) and speed, on PostgreSQL. */
async function anomalyOnPostgres(): Promise<void> {
  // BENCH_ANOMALY_SEEDS= (empty) measures speed only.
  const seeds = (process.env.BENCH_ANOMALY_SEEDS ?? "42,7").split(",").filter(Boolean).map(Number);
  if (seeds.length > 0) await anomalyQuality(ownPostgres, results, seeds);
  await onOwnPostgres("anomaly_", (db) => anomalySpeed(db, "pg", results));
}

/** Forecast accuracy on the demo plant: database-independent, so measured once (PGlite, or PostgreSQL with BENCH_ONLY=pg). */
async function forecastOnce(): Promise<void> {
  if (only === "pg") return onOwnPostgres("forecast_", (db) => forecastBenches(db, "pg", results));
  const db = await openPglite(undefined);
  try {
    await migrateDatabase(db);
    await forecastBenches(db, "pglite", results);
  } finally {
    await db.close();
  }
}

const only = process.env.BENCH_ONLY;
if (only !== "pglite") await onPostgres();
if (only !== "pglite" && !skip.has("kpi")) await kpiOnPostgres();
if (only !== "pglite" && !skip.has("anomaly")) await anomalyOnPostgres();
if (only !== "pg") await onPglite();
if (only !== "pg" && !skip.has("kpi")) await kpiOnPglite();
// The dashboard in Chromium against `next start` (embedded database; needs `next build` first).
if (!skip.has("ui")) await uiBenches(results);
if (only !== "pglite" && !skip.has("jobs")) await jobsOnPostgres();
if (only !== "pg" && !skip.has("jobs")) await jobsOnPglite();
if (!skip.has("forecast")) await forecastOnce();
// 50 clients on the dashboard APIs plus 10 meters ingesting, against `next start` on PostgreSQL (needs `next build` first).
if (only !== "pglite" && !skip.has("load")) await loadBench(adminUrl, results);
for (const key of Object.keys(results).filter((k) => k.startsWith("pg_") && k.endsWith("_ms"))) {
  const other = results[key.replace(/^pg_/, "pglite_")];
  if (other !== undefined) results[key.replace(/^pg_/, "pglite_vs_pg_").replace(/_ms$/, "_ratio")] = round(other / results[key]!);
}
const width = Math.max(...Object.keys(results).map((k) => k.length));
for (const [k, v] of Object.entries(results)) console.log(`${k.padEnd(width)}  ${v}`);
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/latest.json", JSON.stringify(results, null, 2) + "\n");
console.log("wrote bench/results/latest.json");
