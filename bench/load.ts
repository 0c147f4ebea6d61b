import { loadavg } from "node:os";
import autocannon from "autocannon";
import postgres from "postgres";
import { openPostgres } from "@/lib/db/postgres";
import { migrateDatabase } from "@/lib/db/migrate";
import { detectAnomalies } from "@/lib/anomaly";
import { seedDemo } from "@/lib/demo/seed";
import { MACHINE_SPECS } from "@/lib/demo/machines";
import { completeDays, previousPeriod } from "@/lib/dashboard/period";
import { EXPLORER_DAYS, REPORT_DAYS, ANOMALY_VIEW_DAYS } from "@/lib/dashboard/defaults";
import { defaultRange, toPlantIso } from "@/lib/time/plant-time";
import { startServer, type RunningServer } from "../tests/helpers/server";
import { round } from "./util";

// Load test (part `load`): `next start` on a fresh PostgreSQL database seeded with the demo plant
// (AUTH=off, SCHEDULER=off), 50 autocannon connections rotating through the requests the
// dashboard's pages make (overview HTML, the machine explorer's series/KPI/anomaly calls, the
// anomaly viewer's list, timeline and details, the reports' and compare page's KPI calls), while
// 10 meters post their next minute readings through POST /api/v1/ingest/energy. Afterwards checks
// that ingestion kept up: every posted row committed, no range left pending, the rollups of the
// posted hours equal to a recompute from the raw rows. Needs `next build` first. The server's
// read cache is on as in production (READ_CACHE_TTL_S, passed through; 0 measures without it).

const TZ = "Europe/Berlin";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.BENCH_LOAD_CONNECTIONS ?? 50);
const DAYS = Number(process.env.BENCH_LOAD_DAYS ?? 90);
/** Meters posting: each sends its next ROWS_PER_POST minute readings every POST_EVERY_MS. */
const METERS = 10;
const POST_EVERY_MS = 2_000;
const ROWS_PER_POST = 10;
const AUTH_OFF_CONFIRM = "anyone-who-can-reach-this-server-can-read-and-change-all-data";

export interface DashboardRequest {
  group: string;
  path: string;
}

const percentile = (sorted: number[], p: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);

/** A deterministic shuffle (so every run sends the same mix in the same order). */
function shuffled<T>(items: T[], seed = 7): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * The requests of the dashboard's pages with the query parameters they send by default (and the
 * quick ranges of the explorer), as read from components/** and lib/api-client/**.
 */
export function dashboardRequests(machines: string[], eventIds: string[], now: number): DashboardRequest[] {
  const iso = (ms: number) => toPlantIso(ms, TZ);
  const q = (params: Record<string, string>) => new URLSearchParams(params).toString();
  const out: DashboardRequest[] = [];
  // Overview: server-rendered (KPI cards, energy chart, EnPI, freshness, anomalies), one HTML request.
  out.push({ group: "overview page /", path: "/" }, { group: "overview page /", path: "/" });
  // Machine explorer (components/machines/machine-explorer.tsx, machine-kpis.tsx): the 7-day
  // default and the quick ranges Today / 30 days.
  for (const id of machines) {
    for (const days of [EXPLORER_DAYS, 1, 30]) {
      const r = defaultRange(now, days, TZ);
      const range = { from: iso(r.from), to: iso(r.to) };
      out.push({ group: "series (explorer chart)", path: `/api/v1/machines/${id}/series?${q({ metrics: "energy,production,outdoor_temp", ...range, bucket: "auto", format: "json" })}` });
      if (days === EXPLORER_DAYS) {
        out.push({ group: "series (load heatmap)", path: `/api/v1/machines/${id}/series?${q({ metrics: "energy", ...range, bucket: "hourly", format: "json" })}` });
        out.push({ group: "kpi/summary (machine)", path: `/api/v1/kpi/summary?${q({ machine_id: id, start_date: range.from, end_date: range.to })}` });
        out.push({ group: "anomaly (machine, costliest)", path: `/api/v1/anomaly?${q({ machine_id: id, from: range.from, to: range.to, order: "cost", limit: "10" })}` });
      }
    }
  }
  // Anomaly viewer (components/anomalies/anomaly-viewer.tsx): list, timeline, an open event.
  const view = defaultRange(now, ANOMALY_VIEW_DAYS, TZ);
  const window = { from: iso(view.from), to: iso(view.to) };
  out.push({ group: "anomaly list", path: `/api/v1/anomaly?${q({ ...window, order: "cost", limit: "25" })}` });
  out.push({ group: "anomaly list", path: `/api/v1/anomaly?${q({ ...window, status: "open", order: "time", limit: "25" })}` });
  out.push({ group: "anomaly timeline", path: `/api/v1/anomaly?${q({ ...window, order: "time", limit: "500" })}` });
  for (const id of eventIds) out.push({ group: "anomaly detail", path: `/api/v1/anomaly/${id}` });
  // Reports and compare (components/reports/report-view.tsx, compare-view.tsx): the last 7
  // complete plant days, the plant's summary and series, per-machine summaries, the week before.
  const week = completeDays(now, REPORT_DAYS, TZ);
  const before = previousPeriod(week, TZ);
  const dates = { start_date: iso(week.from), end_date: iso(week.to) };
  out.push({ group: "kpi/summary (plant)", path: `/api/v1/kpi/summary?${q(dates)}` });
  for (const kpi of ["sec", "cost", "carbon"]) out.push({ group: "kpi/sec|cost|carbon (plant, daily)", path: `/api/v1/kpi/${kpi}?${q({ ...dates, granularity: "daily" })}` });
  for (const id of machines.slice(0, 4)) {
    out.push({ group: "kpi/summary (machine)", path: `/api/v1/kpi/summary?${q({ machine_id: id, ...dates })}` });
    out.push({ group: "kpi/summary (machine)", path: `/api/v1/kpi/summary?${q({ machine_id: id, start_date: iso(before.from), end_date: iso(before.to) })}` });
  }
  out.push({ group: "kpi/summary (area)", path: `/api/v1/kpi/summary?${q({ area: "Production Hall B", ...dates })}` });
  return shuffled(out);
}

/** One meter's next readings (minute energy with power), plausible for its rated power. */
function meterRows(id: string, ratedKw: number, from: number, n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => {
    const t = from + i * 60_000;
    const kw = ratedKw * (0.45 + 0.1 * Math.sin(t / 600_000));
    return { time: new Date(t).toISOString(), machine_id: id, energy_kwh: Number((kw / 60).toFixed(6)), power_kw: Number(kw.toFixed(4)), interval_s: 60 };
  });
}

interface IngestStats {
  offered: number;
  posted: number;
  committed: number;
  failed: number;
  latencies: number[];
  statuses: Record<string, number>;
}

/**
 * 10 meters, each posting its next ROWS_PER_POST readings every POST_EVERY_MS (staggered), one
 * request at a time (a late answer delays its next post, as a gateway's would) until `stopAt`.
 */
async function ingestLoop(url: string, start: number, t0: number, stopAt: number, stats: IngestStats): Promise<void> {
  const meters = MACHINE_SPECS.slice(0, METERS).map((s) => ({ id: s.machine.id, ratedKw: s.machine.ratedPowerKw }));
  await Promise.all(
    meters.map(async (m, i) => {
      let next = start;
      for (let k = 0; ; k++) {
        const due = t0 + (i * POST_EVERY_MS) / METERS + k * POST_EVERY_MS;
        if (due >= stopAt) break;
        stats.offered += ROWS_PER_POST;
        const wait = due - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const body = JSON.stringify(meterRows(m.id, m.ratedKw, next, ROWS_PER_POST));
        next += ROWS_PER_POST * 60_000;
        const t = performance.now();
        const res = await fetch(`${url}/api/v1/ingest/energy`, { method: "POST", headers: { "content-type": "application/json" }, body }).catch(() => null);
        stats.latencies.push(performance.now() - t);
        const status = res ? String(res.status) : "error";
        stats.statuses[status] = (stats.statuses[status] ?? 0) + 1;
        const answer = res ? ((await res.json().catch(() => null)) as { written?: number; inserted_count?: number } | null) : null;
        if (res?.status === 200) stats.posted += ROWS_PER_POST;
        else {
          stats.failed += ROWS_PER_POST;
          console.error(`load: ingest ${status} ${JSON.stringify(answer)}`);
        }
      }
    }),
  );
}

/** Whether the rollups over [from, to) of `machines` equal sums of the raw rows (count and energy, every level up to hourly). */
async function rollupsCurrent(sql: postgres.Sql, machines: string[], from: Date, to: Date): Promise<{ ok: boolean; detail: string }> {
  const [raw] = await sql<{ n: number; kwh: number }[]>`
    SELECT count(*)::int AS n, coalesce(sum(energy_kwh), 0)::float8 AS kwh FROM energy_readings
    WHERE machine_id = ANY(${machines}::uuid[]) AND time >= ${from} AND time < ${to}`;
  const lines: string[] = [`raw ${raw!.n} rows ${raw!.kwh.toFixed(4)} kWh`];
  let ok = true;
  for (const level of ["1min", "15min", "1hour"]) {
    const [r] = await sql<{ n: number; kwh: number }[]>`
      SELECT coalesce(sum(sample_count), 0)::int AS n, coalesce(sum(total_energy_kwh), 0)::float8 AS kwh FROM ${sql(`energy_readings_${level}`)}
      WHERE machine_id = ANY(${machines}::uuid[]) AND bucket >= ${from} AND bucket < ${to}`;
    lines.push(`${level} ${r!.n} rows ${r!.kwh.toFixed(4)} kWh`);
    if (r!.n !== raw!.n || Math.abs(r!.kwh - raw!.kwh) > 1e-6 * Math.max(1, raw!.kwh)) ok = false;
  }
  const [pending] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM rollup_pending`;
  lines.push(`pending ranges ${pending!.n}`);
  if (pending!.n !== 0) ok = false;
  return { ok, detail: lines.join(", ") };
}

export async function loadBench(adminUrl: string, results: Record<string, number>): Promise<void> {
  const name = `enms_bench_load_${process.pid}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  let server: RunningServer | undefined;
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  try {
    // The demo plant up to a few hours ago; the meters go on from there.
    const seededEnd = Math.floor(Date.now() / HOUR) * HOUR - 6 * HOUR;
    let t = performance.now();
    const db = await openPostgres(url);
    try {
      await migrateDatabase(db);
      await seedDemo(db, { days: DAYS, seed: 42, end: new Date(seededEnd), timeZone: TZ });
      results.load_seed_s = round((performance.now() - t) / 1000);
      t = performance.now();
      await detectAnomalies(db, { start: new Date(seededEnd - 30 * DAY), end: new Date(seededEnd) });
      results.load_detect_s = round((performance.now() - t) / 1000);
      await db.query("VACUUM ANALYZE");
    } finally {
      await db.close();
    }
    console.log(`load: seeded ${DAYS} days in ${results.load_seed_s} s, anomalies detected in ${results.load_detect_s} s`);

    server = await startServer(
      { DATABASE_URL: url, AUTH: "off", AUTH_OFF_CONFIRM, SCHEDULER: "off", PLANT_TZ: TZ, LOG_LEVEL: "warn" },
      { ready: () => true, timeoutMs: 300_000 },
    );
    const machines = MACHINE_SPECS.map((s) => s.machine.id);
    const events = (await (await fetch(`${server.url}/api/v1/anomaly?order=cost&limit=10`)).json()) as { items: { id: string }[] };
    const requests = dashboardRequests(machines, events.items.map((e) => e.id), Date.now());
    // Warm-up: each request once, in turn (caches, JIT, the pool's connections).
    for (const r of requests) await (await fetch(`${server.url}${r.path}`)).arrayBuffer();

    const latencies = new Map<string, number[]>();
    const statuses = new Map<string, Map<number, number>>();
    let answered: DashboardRequest | undefined;
    const load = [loadavg()[0]!];
    const ingest: IngestStats = { offered: 0, posted: 0, committed: 0, failed: 0, latencies: [], statuses: {} };
    const t0 = Date.now();
    const ingesting = ingestLoop(server.url, seededEnd, t0, t0 + SECONDS * 1000, ingest);
    const sampler = setInterval(() => load.push(loadavg()[0]!), 10_000);
    let finish!: (r: autocannon.Result) => void;
    let failRun!: (e: unknown) => void;
    const finished = new Promise<autocannon.Result>((resolve, reject) => ((finish = resolve), (failRun = reject)));
    const instance = autocannon({
      url: server.url,
      connections: CONNECTIONS,
      duration: SECONDS,
      timeout: 30,
      // onResponse runs just before the instance's "response" event, for the request answered.
      requests: requests.map((r) => ({ method: "GET" as const, path: r.path, onResponse: () => void (answered = r) })),
    }, (error: unknown, result: autocannon.Result) => (error ? failRun(error) : finish(result)));
    // The event's first argument is the client (autocannon 8–9 lib/run.js; @types/autocannon omits it).
    const onResponse = (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (!answered) return;
      const list = latencies.get(answered.group) ?? [];
      list.push(ms);
      latencies.set(answered.group, list);
      const byStatus = statuses.get(answered.group) ?? new Map<number, number>();
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
      statuses.set(answered.group, byStatus);
      answered = undefined;
    };
    (instance as NodeJS.EventEmitter).on("response", onResponse);
    const result = await finished;
    await ingesting;
    clearInterval(sampler);
    load.push(loadavg()[0]!);

    const all = [...latencies.values()].flat().sort((a, b) => a - b);
    const statusTotals = new Map<number, number>();
    for (const s of statuses.values()) for (const [code, n] of s) statusTotals.set(code, (statusTotals.get(code) ?? 0) + n);
    let fiveXx = 0;
    let non2xx = 0;
    for (const [code, n] of statusTotals) {
      if (code >= 500) fiveXx += n;
      if (code < 200 || code >= 300) {
        non2xx += n;
        results[`load_dashboard_status_${code}_count`] = n;
      }
    }
    results.load_connections = CONNECTIONS;
    // The server's read cache (lib/api/read-cache.ts): READ_CACHE_TTL_S=0 measures without it.
    results.load_read_cache_ttl_s = Number(process.env.READ_CACHE_TTL_S || 10);
    results.load_seconds = SECONDS;
    results.load_dashboard_requests = all.length;
    results.load_dashboard_requests_per_s = round(result.requests.average);
    results.load_dashboard_p50_ms = round(percentile(all, 50));
    results.load_dashboard_p95_ms = round(percentile(all, 95));
    results.load_dashboard_p99_ms = round(percentile(all, 99));
    results.load_dashboard_5xx_count = fiveXx;
    results.load_dashboard_non2xx_count = non2xx;
    results.load_dashboard_errors = result.errors;
    results.load_dashboard_timeouts = result.timeouts;
    const slug = (g: string) => g.replace(/[^a-z0-9]+/gi, "_").replace(/^_|_$/g, "").toLowerCase();
    console.log("load: per request group (count, p50, p95, p99 ms)");
    for (const [group, list] of [...latencies].sort((a, b) => percentile(b[1].sort((x, y) => x - y), 95) - percentile(a[1], 95))) {
      list.sort((a, b) => a - b);
      results[`load_p50_ms_${slug(group)}`] = round(percentile(list, 50));
      results[`load_p95_ms_${slug(group)}`] = round(percentile(list, 95));
      results[`load_count_${slug(group)}`] = list.length;
      console.log(`  ${group.padEnd(36)} ${String(list.length).padStart(6)} ${round(percentile(list, 50))} ${round(percentile(list, 95))} ${round(percentile(list, 99))}`);
    }

    // Ingestion kept up: all posted rows committed, nothing pending, rollups equal to the raw rows.
    const ingestTo = seededEnd + (ingest.offered / METERS) * 60_000;
    const meters = machines.slice(0, METERS);
    const [committed] = await sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM energy_readings WHERE machine_id = ANY(${meters}::uuid[]) AND time >= ${new Date(seededEnd)}`;
    ingest.committed = committed!.n;
    const current = await rollupsCurrent(sql, meters, new Date(seededEnd), new Date(Math.ceil(ingestTo / HOUR) * HOUR));
    const ingestLat = [...ingest.latencies].sort((a, b) => a - b);
    results.load_ingest_requests = ingestLat.length;
    results.load_ingest_rows_offered_per_s = round(ingest.offered / SECONDS);
    results.load_ingest_rows_committed_per_s = round(ingest.committed / SECONDS);
    results.load_ingest_rows_offered = ingest.offered;
    results.load_ingest_rows_committed = ingest.committed;
    results.load_ingest_rows_failed = ingest.failed;
    results.load_ingest_p50_ms = round(percentile(ingestLat, 50));
    results.load_ingest_p95_ms = round(percentile(ingestLat, 95));
    results.load_ingest_max_ms = round(ingestLat.at(-1) ?? NaN);
    results.load_ingest_kept_up = ingest.committed === ingest.offered && ingest.failed === 0 && current.ok ? 1 : 0;
    results.load_loadavg_1m_min = round(Math.min(...load));
    results.load_loadavg_1m_max = round(Math.max(...load));
    console.log(`load: ${current.detail}; ingest statuses ${JSON.stringify(ingest.statuses)}`);
    console.log(
      `load: ${all.length} dashboard requests, ${results.load_dashboard_requests_per_s} req/s, p50/p95/p99 ${results.load_dashboard_p50_ms}/${results.load_dashboard_p95_ms}/${results.load_dashboard_p99_ms} ms (target p95 ≤ 300), ` +
        `5xx ${fiveXx} (target 0), non-2xx ${JSON.stringify(Object.fromEntries([...statusTotals].filter(([c]) => c < 200 || c >= 300)))}; ` +
        `ingest ${ingest.offered} rows offered, ${ingest.committed} committed (${results.load_ingest_rows_committed_per_s} rows/s), p50/p95/max ${results.load_ingest_p50_ms}/${results.load_ingest_p95_ms}/${results.load_ingest_max_ms} ms, kept up: ${results.load_ingest_kept_up === 1}; load average ${results.load_loadavg_1m_min}–${results.load_loadavg_1m_max}`,
    );
  } finally {
    if (server) {
      const log = server.log();
      if (/"level":(50|60)/.test(log)) console.error(`load: server errors:\n${log.split("\n").filter((l) => /"level":(50|60)/.test(l)).slice(0, 5).join("\n")}`);
      await server.stop();
    }
    await sql.end();
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
