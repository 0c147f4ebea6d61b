import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres } from "@/lib/db/postgres";
import { migrateDatabase } from "@/lib/db/migrate";
import type { Database } from "@/lib/db/types";
import { rebuildRollups } from "@/lib/timeseries/refresh";
import { levels, rollupTable, seriesKinds } from "@/lib/timeseries/definitions";
import { addMachines, allRows } from "../helpers/fixtures";
import { appEnv, hasPgBinaries, startPgCluster, type PgCluster } from "../helpers/pg-cluster";
import { startServer, type RunningServer } from "../helpers/server";

// The app process is SIGKILLed while a job runs (a manual run of refresh-rollups over a month of
// minute data for 8 machines, written straight into the raw table with its ranges pending): on
// the next start the run is marked failed ("interrupted") and run again (trigger `retry`, naming
// the run it retries), and the rollups end equal to a recompute. On a private cluster of its own.

const MACHINES = Array.from({ length: 8 }, (_, i) => `f1000000-0000-0000-0000-00000000000${i + 1}`);
const T0 = "2026-01-01T00:00:00Z";
const DAYS = 30;

interface RunJson {
  id: string;
  status: string;
  trigger: string;
  error: string | null;
  instance: string;
  details: { retry_of?: string[] } | null;
}

async function runs(url: string): Promise<RunJson[]> {
  const res = await fetch(`${url}/api/v1/jobs/refresh-rollups/runs?limit=50`);
  return ((await res.json()) as { runs: RunJson[] }).runs;
}

describe.skipIf(!hasPgBinaries())("the app killed during a job (private PostgreSQL cluster)", () => {
  let cluster: PgCluster;
  let db: Database;
  let first: RunningServer;
  let second: RunningServer | undefined;

  beforeAll(async () => {
    cluster = await startPgCluster();
    await cluster.createDatabase("enms_fault");
    db = await openPostgres(cluster.url("enms_fault"), { max: 2 });
    await migrateDatabase(db);
    await addMachines(db, MACHINES);
    first = await startServer(appEnv(cluster.url("enms_fault")), { ready: () => true });
  }, 240_000);
  afterAll(async () => {
    await second?.stop();
    await first?.stop();
    await db?.close();
    cluster?.destroy();
  });

  it("marks the interrupted run failed and runs it again on the next start", async () => {
    // Written after the server's start-up refresh, so only the job will apply them.
    await db.query(
      `INSERT INTO energy_readings (time, machine_id, energy_kwh, power_kw)
       SELECT t, m::uuid, 0.5 + (extract(minute FROM t) % 7) / 10.0, 30 FROM unnest($1::text[]) AS m,
         generate_series($2::timestamptz, $2::timestamptz + make_interval(days => $3) - interval '1 minute', interval '1 minute') AS t`,
      [MACHINES, T0, DAYS],
    );
    await db.query(
      `INSERT INTO rollup_pending (kind, machine_id, start_time, end_time)
       SELECT 'energy', m::uuid, $2::timestamptz, $2::timestamptz + make_interval(days => $3) - interval '1 minute' FROM unnest($1::text[]) AS m`,
      [MACHINES, T0, DAYS],
    );
    const res = await fetch(`${first.url}/api/v1/jobs/refresh-rollups/run`, { method: "POST" });
    expect(res.status).toBe(202);
    const { run } = (await res.json()) as { run: RunJson };
    // The run is recorded with the pid of the process running it: kill that process mid-run.
    const pid = Number(run.instance.split(":").at(-1));
    expect(pid).toBeGreaterThan(0);
    process.kill(pid, "SIGKILL");
    const [left] = await db.query<{ status: string }>(`SELECT status FROM job_runs WHERE id = $1`, [run.id]);
    // Caught mid-run (else this test would prove nothing).
    expect(left?.status).toBe("running");

    second = await startServer(appEnv(cluster.url("enms_fault"), { SCHEDULER: "on" }), { ready: () => true });
    await expect
      .poll(async () => (await runs(second!.url)).find((r) => r.trigger === "retry")?.status, { timeout: 120_000, interval: 1_000 })
      .toBe("succeeded");
    const all = await runs(second.url);
    const interrupted = all.find((r) => r.id === run.id);
    expect(interrupted?.status).toBe("failed");
    expect(interrupted?.error).toMatch(/interrupted/);
    const retry = all.find((r) => r.trigger === "retry");
    expect(retry?.details?.retry_of).toEqual([run.id]);
    expect((await (await fetch(`${second.url}/api/v1/jobs`)).json()) as unknown).toMatchObject({ scheduler: "on" });

    // Whoever applied the ranges (the start-up refresh or the retry), nothing is pending and the
    // rollups are those of a full recompute.
    const [pending] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM rollup_pending`);
    expect(pending!.n).toBe(0);
    const snapshot = async () => {
      const out: Record<string, unknown[]> = {};
      for (const kind of seriesKinds) for (const level of levels) out[rollupTable(kind, level)] = await allRows(db, rollupTable(kind, level));
      return out;
    };
    const incremental = await snapshot();
    expect(incremental[rollupTable("energy", "1hour")]!.length).toBe(MACHINES.length * DAYS * 24);
    await rebuildRollups(db);
    expect(await snapshot()).toEqual(incremental);
  }, 300_000);
});
