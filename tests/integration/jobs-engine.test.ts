import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, testTargets, type TestDatabase } from "../helpers/databases";
import { openPostgres } from "@/lib/db/postgres";
import type { Database } from "@/lib/db/types";
import { JobScheduler, type TickResult } from "@/lib/jobs/engine";
import { jobDefinitions } from "@/lib/jobs/registry";
import { resolveSchedules } from "@/lib/jobs/schedules";
import type { JobDeps } from "@/lib/jobs/types";

// The scheduler against real databases: each slot runs once (two schedulers on one PostgreSQL
// included), a missed slot runs once at start-up, a run left `running` by a stopped instance is
// failed and retried, and detection windows tile time. The anomaly work is a test double (the
// only one: lib/anomaly is another module), counting its calls.

const TZ = "Europe/Berlin";
const JOB = "detect-anomalies";

/** A detectAnomalies double: records each window, optionally slow, answers a count. */
function detector(delayMs = 0) {
  const windows: { start: string; end: string }[] = [];
  const deps: JobDeps = {
    detectAnomalies: async (_db, w) => {
      windows.push({ start: w.start.toISOString(), end: w.end.toISOString() });
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      return { events: 2 };
    },
    raiseSilentMeters: () => Promise.resolve([]),
  };
  return { deps, windows };
}

/** Only the detection job, hourly at :10 (the default). */
function scheduler(db: Database, deps: JobDeps, clock: () => Date): JobScheduler {
  const schedules = resolveSchedules({ "refresh-rollups": null, "living-demo": null, "freshness-check": null, "kpi-snapshots": null, "retrain-baselines": null });
  return new JobScheduler(db, { jobs: jobDefinitions.filter((j) => j.name === JOB), schedules, timeZone: TZ, deps, clock, log: () => {} });
}

const settle = (results: TickResult[]) => Promise.all(results.map((r) => r.done ?? Promise.resolve(null)));

async function runs(db: Database) {
  return db.query<{ id: string; trigger: string; status: string; scheduled_for: Date | null; error: string | null; details: Record<string, unknown> | null; items_processed: number | null }>(
    `SELECT id::text, trigger, status, scheduled_for, error, details, items_processed FROM job_runs WHERE job = $1 ORDER BY started_at`,
    [JOB],
  );
}

describe.each(testTargets())("job scheduler on %s", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(target);
  });
  afterAll(async () => {
    await t.drop();
  });
  beforeEach(async () => {
    await t.db.query(`TRUNCATE job_runs`);
  });

  it("runs a slot once however often it is asked, and records items and the window", async () => {
    let now = new Date("2026-03-02T10:10:00Z"); // 11:10 Berlin: a slot of "10 * * * *"
    const { deps, windows } = detector();
    const s = scheduler(t.db, deps, () => now);
    await settle(await s.tick());
    await settle(await s.tick());
    now = new Date("2026-03-02T10:10:40Z");
    await settle(await s.tick());
    const rows = await runs(t.db);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ trigger: "schedule", status: "succeeded", items_processed: 2 });
    expect(new Date(rows[0]!.scheduled_for!).toISOString()).toBe("2026-03-02T10:10:00.000Z");
    // No successful run before: the hour before the current whole hour.
    expect(windows).toEqual([{ start: "2026-03-02T09:00:00.000Z", end: "2026-03-02T10:00:00.000Z" }]);
  });

  it("detection windows tile time: the next run starts where the last successful one ended", async () => {
    let now = new Date("2026-03-02T10:10:00Z");
    const { deps, windows } = detector();
    const s = scheduler(t.db, deps, () => now);
    await settle(await s.tick());
    // A manual rerun within the same hour has no whole hour left to look at: the detector is not called.
    const { startRun } = await import("@/lib/jobs/runner");
    const rerun = await startRun(t.db, jobDefinitions.find((j) => j.name === JOB)!, { deps, timeZone: TZ, trigger: "manual", clock: () => new Date("2026-03-02T10:40:00Z") });
    expect(rerun.outcome).toBe("started");
    if (rerun.outcome === "started") expect(await rerun.done).toMatchObject({ status: "succeeded", itemsProcessed: 0 });
    now = new Date("2026-03-02T13:10:00Z");
    await settle(await s.tick());
    expect(windows).toEqual([
      { start: "2026-03-02T09:00:00.000Z", end: "2026-03-02T10:00:00.000Z" },
      { start: "2026-03-02T10:00:00.000Z", end: "2026-03-02T13:00:00.000Z" },
    ]);
  });

  it("after downtime, runs the latest missed slot once at start-up (catch-up), not one per slot", async () => {
    // History: the 07:10 UTC slot ran; the app was down until 10:25.
    await t.db.query(
      `INSERT INTO job_runs (job, trigger, scheduled_for, started_at, finished_at, status, details, instance) VALUES ($1, 'schedule', $2, $2, $2, 'succeeded', $3::jsonb, 'old:1')`,
      [JOB, "2026-03-02T07:10:00Z", JSON.stringify({ window_end: "2026-03-02T07:00:00.000Z" })],
    );
    const now = new Date("2026-03-02T10:25:00Z");
    const { deps, windows } = detector();
    const s = scheduler(t.db, deps, () => now);
    await settle(await s.start());
    await s.stop();
    await settle(await s.tick());
    const rows = await runs(t.db);
    expect(rows.map((r) => r.trigger)).toEqual(["schedule", "catch_up"]);
    expect(new Date(rows[1]!.scheduled_for!).toISOString()).toBe("2026-03-02T10:10:00.000Z");
    // The caught-up run covers the whole gap since the last success.
    expect(windows).toEqual([{ start: "2026-03-02T07:00:00.000Z", end: "2026-03-02T10:00:00.000Z" }]);
  });

  it("a fresh install does not run past slots at start-up; it waits for the next one", async () => {
    let now = new Date("2026-03-02T10:25:00Z");
    const { deps } = detector();
    const s = scheduler(t.db, deps, () => now);
    expect(await s.start()).toEqual([]);
    await s.stop();
    now = new Date("2026-03-02T11:10:00Z");
    await settle(await s.tick());
    expect((await runs(t.db)).map((r) => r.trigger)).toEqual(["schedule"]);
  });

  it("a run left running by a stopped instance is marked failed at the next start and retried", async () => {
    // The crashed run: status running, no lock held by anyone (its process is gone).
    const [crashed] = await t.db.query<{ id: string }>(
      `INSERT INTO job_runs (job, trigger, scheduled_for, started_at, status, instance) VALUES ($1, 'schedule', $2, $2, 'running', 'dead-host:4242') RETURNING id::text`,
      [JOB, "2026-03-02T10:10:00Z"],
    );
    const now = new Date("2026-03-02T10:12:00Z");
    const { deps, windows } = detector();
    const s = scheduler(t.db, deps, () => now);
    await settle(await s.start());
    await s.stop();
    const rows = await runs(t.db);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ id: crashed!.id, status: "failed" });
    expect(rows[0]!.error).toMatch(/interrupted/);
    expect(rows[1]).toMatchObject({ trigger: "retry", status: "succeeded" });
    expect(rows[1]!.details?.retry_of).toEqual([crashed!.id]);
    // The slot itself is not run a second time beside its retry.
    expect(windows).toHaveLength(1);
  });

  it("a failing job is recorded failed with its error, and the next slot runs again", async () => {
    let now = new Date("2026-03-02T10:10:00Z");
    let fail = true;
    const deps: JobDeps = { detectAnomalies: () => (fail ? Promise.reject(new Error("detector exploded")) : Promise.resolve(1)) };
    const s = scheduler(t.db, deps, () => now);
    await settle(await s.tick());
    fail = false;
    now = new Date("2026-03-02T11:10:00Z");
    await settle(await s.tick());
    const rows = await runs(t.db);
    expect(rows.map((r) => [r.status, r.error])).toEqual([
      ["failed", "detector exploded"],
      ["succeeded", null],
    ]);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)("two schedulers on one PostgreSQL database", () => {
  let t: TestDatabase;
  let other: Database;
  beforeAll(async () => {
    t = await createTestDatabase("postgresql");
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${t.name}`;
    other = await openPostgres(url.toString(), { max: 4 });
  });
  afterAll(async () => {
    await other.close();
    await t.drop();
  });

  it("each scheduled run happens once: concurrently, and when the second asks after the first finished", async () => {
    let now = new Date("2026-03-02T10:10:00Z");
    const a = detector(300);
    const b = detector(300);
    const sa = scheduler(t.db, a.deps, () => now);
    const sb = scheduler(other, b.deps, () => now);
    const [ra, rb] = await Promise.all([sa.tick(), sb.tick()]);
    await Promise.all([settle(ra), settle(rb)]);
    // The one that lost found the job locked (or its slot taken).
    expect([...ra, ...rb].map((r) => r.outcome).sort()).toEqual([expect.stringMatching(/busy|already_ran/), "started"].sort());
    await Promise.all([settle(await sa.tick()), settle(await sb.tick())]);
    for (const slot of ["2026-03-02T11:10:00Z", "2026-03-02T12:10:00Z"]) {
      now = new Date(slot);
      const both = await Promise.all([sa.tick(), sb.tick()]);
      await Promise.all(both.map(settle));
      // The loser may still be "busy" while the winner runs; a minute later it finds the slot taken.
      now = new Date(Date.parse(slot) + 60_000);
      await Promise.all([settle(await sa.tick()), settle(await sb.tick())]);
    }
    const rows = await runs(t.db);
    expect(rows.map((r) => new Date(r.scheduled_for!).toISOString())).toEqual(["2026-03-02T10:10:00.000Z", "2026-03-02T11:10:00.000Z", "2026-03-02T12:10:00.000Z"]);
    expect(a.windows.length + b.windows.length).toBe(3);
  });

  it("a job running in one instance is busy for the other (the advisory lock), and free once it ends", async () => {
    await t.db.query(`TRUNCATE job_runs`);
    const { startRun } = await import("@/lib/jobs/runner");
    const def = jobDefinitions.find((j) => j.name === JOB)!;
    const slow = detector(300);
    const first = await startRun(t.db, def, { deps: slow.deps, timeZone: TZ, trigger: "manual" });
    expect(first.outcome).toBe("started");
    expect((await startRun(other, def, { deps: slow.deps, timeZone: TZ, trigger: "manual" })).outcome).toBe("busy");
    if (first.outcome === "started") await first.done;
    const again = await startRun(other, def, { deps: slow.deps, timeZone: TZ, trigger: "manual" });
    expect(again.outcome).toBe("started");
    if (again.outcome === "started") expect((await again.done).status).toBe("succeeded");
  });
});
