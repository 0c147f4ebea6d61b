import postgres from "postgres";
import { openPostgres } from "@/lib/db/postgres";
import { migrateDatabase } from "@/lib/db/migrate";
import { detectAnomalies } from "@/lib/anomaly";
import { seedDemo } from "@/lib/demo/seed";
import { MACHINE_SPECS } from "@/lib/demo/machines";
import type { Database } from "@/lib/db/types";
import { useDatabaseForRoutes } from "./routes";
import { dashboardRequests, type DashboardRequest } from "./load";
import { round } from "./util";

// Where a dashboard request's time goes, one request at a time, in this process (no HTTP, no
// Next): for every request group of the load test (bench/load.ts), the database round trips a
// request makes and its wall time, split into time waiting for the database and the rest (this
// process's CPU: validation, computation, serialisation). Not part of `npm run bench`; run it
// alone against a database it seeds once and keeps (the read cache is off unless READ_CACHE_TTL_S is set):
//   PROFILE_DATABASE_URL=postgres://postgres@127.0.0.1:5432/enms_profile npx tsx --conditions=react-server bench/profile-requests.ts

const TZ = "Europe/Berlin";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Counter {
  queries: number;
  dbMs: number;
  texts: Map<string, number>;
}

/** Counts every statement the process database sends (drizzle and raw SQL both go through postgres.js's unsafe()). */
function countQueries(db: Database, counter: Counter): void {
  const client = (db.orm as unknown as { $client: { unsafe: (...args: unknown[]) => Promise<unknown> } }).$client;
  const unsafe = client.unsafe.bind(client);
  client.unsafe = (...args: unknown[]) => {
    counter.queries++;
    const text = String(args[0]).replace(/\s+/g, " ").slice(0, 110);
    counter.texts.set(text, (counter.texts.get(text) ?? 0) + 1);
    const q = unsafe(...args) as Promise<unknown> & Record<string, unknown>;
    const t = performance.now();
    // postgres.js queries are lazy thenables with methods (values(), writable()): keep the object, time its settling.
    const then = q.then.bind(q);
    q.then = ((ok: (v: unknown) => unknown, ko: (e: unknown) => unknown) =>
      then(
        (v: unknown) => ((counter.dbMs += performance.now() - t), ok ? ok(v) : v),
        (e: unknown) => ((counter.dbMs += performance.now() - t), ko ? ko(e) : Promise.reject(e instanceof Error ? e : new Error(String(e)))),
      )) as typeof q.then;
    return q;
  };
}

async function handlerFor(path: string): Promise<(r: Request) => Promise<Response>> {
  const p = new URL(path, "http://x").pathname;
  let m: RegExpExecArray | null;
  if ((m = /^\/api\/v1\/machines\/([^/]+)\/series$/.exec(p))) {
    const { GET } = await import("@/app/api/v1/machines/[id]/series/route");
    const id = m[1]!;
    return (r) => GET(r, { params: Promise.resolve({ id }) });
  }
  if (p === "/api/v1/kpi/summary") return (await import("@/app/api/v1/kpi/summary/route")).GET;
  if ((m = /^\/api\/v1\/kpi\/([a-z-]+)$/.exec(p))) {
    const { GET } = await import("@/app/api/v1/kpi/[kpi]/route");
    const kpi = m[1]!;
    return (r) => GET(r, { params: Promise.resolve({ kpi }) });
  }
  if (p === "/api/v1/anomaly") return (await import("@/app/api/v1/anomaly/route")).GET;
  if ((m = /^\/api\/v1\/anomaly\/([^/]+)$/.exec(p))) {
    const { GET } = await import("@/app/api/v1/anomaly/[id]/route");
    const id = m[1]!;
    return (r) => GET(r, { params: Promise.resolve({ id }) });
  }
  if (p === "/") {
    // The overview page's server render, without React: the same lib calls its sections make.
    const { overviewKpis, overviewEnergy, overviewEnpi, overviewFreshness, overviewBucket } = await import("@/lib/dashboard/overview-data");
    const { getPlantSite } = await import("@/lib/plant-site");
    const { listMachines } = await import("@/lib/db/queries/machines");
    const { listEvents } = await import("@/lib/anomaly");
    const { listQuerySchema } = await import("@/lib/validation/anomaly");
    const { resolvePeriod } = await import("@/lib/dashboard/period");
    const { REPORT_DAYS } = await import("@/lib/dashboard/defaults");
    const { getDb } = await import("@/lib/db/client");
    return async () => {
      const db = await getDb();
      const [site] = await Promise.all([getPlantSite(db), listMachines(db)]);
      const period = resolvePeriod(null, null, REPORT_DAYS, site.timeZone);
      const out = await Promise.all([
        overviewKpis(db, period, site.timeZone),
        overviewEnergy(db, period, overviewBucket(period), site.timeZone),
        overviewEnpi(db, period),
        listEvents(db, listQuerySchema.parse({ status: "open", order: "cost", limit: 5 }), site.timeZone),
        overviewFreshness(db, site.timeZone),
      ]);
      return Response.json(out);
    };
  }
  throw new Error(`no handler for ${path}`);
}

async function main() {
  // The cost of computing each answer: the read cache off unless asked for (READ_CACHE_TTL_S=10 shows hits instead).
  process.env.READ_CACHE_TTL_S ??= "0";
  const url = process.env.PROFILE_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/enms_profile";
  const u = new URL(url);
  const name = u.pathname.slice(1);
  const adminUrl = new URL(url);
  adminUrl.pathname = "/postgres";
  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
  const [exists] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_database WHERE datname = ${name}`;
  const seededEnd = Math.floor(Date.now() / HOUR) * HOUR - 6 * HOUR;
  if (!exists!.n) {
    await admin.unsafe(`CREATE DATABASE ${name}`);
    const db = await openPostgres(url);
    await migrateDatabase(db);
    await seedDemo(db, { days: Number(process.env.BENCH_LOAD_DAYS ?? 90), seed: 42, end: new Date(seededEnd), timeZone: TZ });
    await detectAnomalies(db, { start: new Date(seededEnd - 30 * DAY), end: new Date(seededEnd) });
    await db.query("VACUUM ANALYZE");
    await db.close();
    console.log(`profile: seeded ${name}`);
  }
  await admin.end();
  const db = await openPostgres(url);
  const counter: Counter = { queries: 0, dbMs: 0, texts: new Map() };
  countQueries(db, counter);
  useDatabaseForRoutes(db);
  const events = await db.query<{ id: string }>("SELECT id::text FROM anomaly_events ORDER BY excess_kwh DESC NULLS LAST LIMIT 10");
  const requests = dashboardRequests(MACHINE_SPECS.map((s) => s.machine.id), events.map((e) => e.id), Date.now());
  const handlers = new Map<string, (r: Request) => Promise<Response>>();
  for (const r of requests) handlers.set(r.path, await handlerFor(r.path));
  const run = async (r: DashboardRequest) => {
    const res = await handlers.get(r.path)!(new Request(`http://bench${r.path}`));
    const body = await res.arrayBuffer();
    if (!res.ok) throw new Error(`${r.path}: ${res.status} ${Buffer.from(body).toString()}`);
    return body.byteLength;
  };
  for (const r of requests) await run(r); // warm-up
  const rounds = Number(process.env.PROFILE_ROUNDS ?? 3);
  const groups = new Map<string, { n: number; queries: number; ms: number; dbMs: number; bytes: number; texts: Map<string, number> }>();
  for (let k = 0; k < rounds; k++) {
    for (const r of requests) {
      counter.queries = 0;
      counter.dbMs = 0;
      counter.texts = new Map();
      const t = performance.now();
      const bytes = await run(r);
      const ms = performance.now() - t;
      const g = groups.get(r.group) ?? { n: 0, queries: 0, ms: 0, dbMs: 0, bytes: 0, texts: new Map() };
      g.n++;
      g.queries += counter.queries;
      g.ms += ms;
      g.dbMs += counter.dbMs;
      g.bytes += bytes;
      for (const [text, n] of counter.texts) g.texts.set(text, (g.texts.get(text) ?? 0) + n);
      groups.set(r.group, g);
    }
  }
  const out: Record<string, number> = {};
  let totalMs = 0;
  let totalQ = 0;
  let totalN = 0;
  for (const [group, g] of groups) {
    totalMs += g.ms;
    totalQ += g.queries;
    totalN += g.n;
    console.log(`${group.padEnd(36)} n=${g.n} queries/req=${round(g.queries / g.n)} ms/req=${round(g.ms / g.n)} (db-wait ${round(g.dbMs / g.n)}) bytes=${Math.round(g.bytes / g.n)}`);
    if (process.env.PROFILE_VERBOSE) for (const [text, n] of [...g.texts].sort((a, b) => b[1] - a[1])) console.log(`    ${round(n / g.n)} × ${text}`);
    const slug = group.replace(/[^a-z0-9]+/gi, "_").replace(/^_|_$/g, "").toLowerCase();
    out[`profile_queries_per_request_${slug}`] = round(g.queries / g.n);
    out[`profile_ms_per_request_${slug}`] = round(g.ms / g.n);
  }
  out.profile_queries_per_request = round(totalQ / totalN);
  out.profile_ms_per_request = round(totalMs / totalN);
  console.log(JSON.stringify(out));
  await db.close();
}

await main();
