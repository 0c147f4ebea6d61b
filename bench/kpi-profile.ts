import postgres from "postgres";
import { openPostgres } from "@/lib/db/postgres";
import { migrateDatabase } from "@/lib/db/migrate";
import { kpiBenches } from "./kpi";

// npx tsx --conditions=react-server bench/kpi-profile.ts – leaves a database enms_kpi_profile with
// the KPI bench's 10 machines for EXPLAIN ANALYZE by hand (dropped and rebuilt on each run).
const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`DROP DATABASE IF EXISTS enms_kpi_profile WITH (FORCE)`);
await admin.unsafe(`CREATE DATABASE enms_kpi_profile`);
await admin.end();
const u = new URL(adminUrl);
u.pathname = "/enms_kpi_profile";
const db = await openPostgres(u.toString());
await migrateDatabase(db);
const results: Record<string, number> = {};
await kpiBenches(db, "pg", results, false);
console.log(results);
await db.close();
