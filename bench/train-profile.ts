import postgres from "postgres";
import { openPostgres } from "@/lib/db/postgres";
import { migrateDatabase } from "@/lib/db/migrate";
import { buildFrame } from "@/lib/analytics/drivers/frame";
import { trainBaseline } from "@/lib/analytics/baseline/train";
import { trainSchema } from "@/lib/validation/baseline";
import { getSeries } from "@/lib/timeseries/series";
import { fillYear, MACHINE, START, END } from "./baseline";

const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const name = `enms_prof_${process.pid}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`CREATE DATABASE ${name}`);
const u = new URL(adminUrl);
u.pathname = `/${name}`;
const db = await openPostgres(u.toString());
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function time(label: string, f: () => Promise<unknown>, n = 9) {
  const xs: number[] = [];
  for (let i = 0; i < n + 2; i++) {
    const t = performance.now();
    await f();
    if (i >= 2) xs.push(performance.now() - t);
  }
  console.log(label.padEnd(40), median(xs).toFixed(1), "ms");
}
try {
  await migrateDatabase(db);
  await fillYear(db);
  const drivers = ["total_production_count", "avg_outdoor_temp_c", "avg_pressure_bar"];
  const tz = "Europe/Berlin";
  await time("series read (3 kinds, hourly)", () => getSeries(db, { machineIds: [MACHINE], metrics: ["energy", "production", "outdoor_temp", "pressure"], from: new Date(START), to: new Date(END), bucket: "hourly", coverageInputs: true }));
  await time("frame", () => buildFrame(db, { machineId: MACHINE, start: new Date(START), end: new Date(END), granularity: "hourly", drivers, timeZone: tz }));
  await time("train (lib, stored)", () => trainBaseline(db, trainSchema.parse({ machine_id: MACHINE, start_date: START, end_date: END, drivers })));
  await time("train (lib, not stored)", () => trainBaseline(db, trainSchema.parse({ machine_id: MACHINE, start_date: START, end_date: END, drivers }), (_d, m) => Promise.resolve(m as never)));
  const rows = await db.query<{ s: number; st: number }>(`SELECT length(statistics::text) AS s, length(state::text) AS st FROM baseline_models ORDER BY created_at DESC LIMIT 1`);
  console.log("stored statistics / state characters", rows[0]);
} finally {
  await db.close();
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
