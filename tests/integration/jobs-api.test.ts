import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, testTargets, type TestDatabase } from "../helpers/databases";
import { body, params, useDatabase } from "../helpers/routes";
import { GET as listJobs } from "@/app/api/v1/jobs/route";
import { POST as runJob } from "@/app/api/v1/jobs/[name]/run/route";
import { GET as listRuns } from "@/app/api/v1/jobs/[name]/runs/route";
import { jobsConfig, listJobs as jobsOf, setJobDeps, startScheduler } from "@/lib/jobs/service";
import { jobNames } from "@/lib/jobs/names";

// The jobs API through its route handlers on real databases: the job list, manual runs (409 while
// one runs, 404 and 400 for names outside the allow list, 422 for a job that cannot run here),
// and the paginated run history. detectAnomalies is a test double (lib/anomaly is another module).

const post = (name: string) => runJob(new Request(`http://localhost/api/v1/jobs/${name}/run`, { method: "POST" }), params({ name }));
const runsOf = (name: string, query = "") => listRuns(new Request(`http://localhost/api/v1/jobs/${name}/runs${query}`), params({ name }));

async function waitIdle(name: string) {
  for (let i = 0; i < 200; i++) {
    const res = await body(await runsOf(name, "?limit=1"));
    const [latest] = res.runs as { status: string }[];
    if (latest && latest.status !== "running") return latest;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("run did not finish");
}

describe.each(testTargets())("jobs API on %s", (target) => {
  let t: TestDatabase;
  let calls = 0;
  let release: () => void = () => {};
  beforeAll(async () => {
    t = await createTestDatabase(target);
    useDatabase(t.db);
  });
  afterAll(async () => {
    setJobDeps(undefined);
    await t.drop();
  });
  beforeEach(async () => {
    await t.db.query(`TRUNCATE job_runs`);
    calls = 0;
    setJobDeps({
      // Holds the run until the test releases it.
      detectAnomalies: () => {
        calls++;
        return new Promise((resolve) => (release = () => resolve({ events: 3 })));
      },
      raiseSilentMeters: () => Promise.resolve({ raised: 0 }),
    });
  });

  it("GET /api/v1/jobs lists every job with schedule, enabled, last and next run, status", async () => {
    const res = await listJobs();
    expect(res.status).toBe(200);
    const { jobs } = (await res.json()) as { jobs: Record<string, unknown>[] };
    expect(jobs.map((j) => j.name).sort()).toEqual([...jobNames].sort());
    const detect = jobs.find((j) => j.name === "detect-anomalies")!;
    expect(detect).toMatchObject({ schedule: "10 * * * *", enabled: true, last_run: null, status: "never_run", time_zone: "Europe/Berlin" });
    expect(Date.parse(detect.next_run as string)).toBeGreaterThan(Date.now());
    expect(new Date(detect.next_run as string).getUTCMinutes()).toBe(10);
  });

  it("SCHEDULER=off: no scheduler starts, jobs are listed not enabled and without a next run", async () => {
    const off = { ...jobsConfig(), scheduler: false };
    expect(await startScheduler(t.db, off)).toBeNull();
    const jobs = await jobsOf(t.db, off);
    expect(jobs.every((j) => !j.enabled && j.next_run === null)).toBe(true);
    const detect = jobs.find((j) => j.name === "detect-anomalies")!;
    expect(detect.runnable).toBe(true);
    expect(detect.unavailable).toMatch(/SCHEDULER=off/);
  });

  it("POST /api/v1/jobs/{name}/run starts a run (202), answers 409 while it runs, and records its end", async () => {
    const first = await post("detect-anomalies");
    expect(first.status).toBe(202);
    const run = (await body(first)).run as { id: string; status: string; trigger: string };
    expect(run).toMatchObject({ status: "running", trigger: "manual" });
    const second = await post("detect-anomalies");
    expect(second.status).toBe(409);
    expect((await body(second)).message).toMatch(/already running/);
    const listed = (await body(await listJobs())).jobs as { name: string; status: string }[];
    expect(listed.find((j) => j.name === "detect-anomalies")!.status).toBe("running");
    release();
    const done = await waitIdle("detect-anomalies");
    expect(done).toMatchObject({ id: run.id, status: "succeeded", items_processed: 3 });
    expect(calls).toBe(1);
    // Free again once it ended.
    const third = await post("detect-anomalies");
    expect(third.status).toBe(202);
    release();
    await waitIdle("detect-anomalies");
  });

  it("unknown and malformed job names are a 404 and a 400; a job without its work function is a 422", async () => {
    const unknown = await post("delete-everything");
    expect(unknown.status).toBe(404);
    expect((await body(unknown)).message).toMatch(/No job named "delete-everything"; jobs: retrain-baselines/);
    expect((await runsOf("nope")).status).toBe(404);
    const malformed = await post("Robert'); DROP TABLE job_runs;--");
    expect(malformed.status).toBe(400);
    expect((await body(malformed)).errors).toEqual([expect.objectContaining({ field: "name" })]);
    setJobDeps({});
    const unwired = await post("freshness-check");
    expect(unwired.status).toBe(422);
    expect((await body(unwired)).message).toMatch(/raiseSilentMeters is not wired/);
    const [count] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM job_runs`);
    expect(count!.n).toBe(0);
  });

  it("GET /api/v1/jobs/{name}/runs pages through the runs, newest first; bad paging is a 400", async () => {
    for (let i = 0; i < 5; i++) {
      await t.db.query(`INSERT INTO job_runs (job, trigger, started_at, finished_at, status, duration_ms, items_processed, instance) VALUES ('kpi-snapshots', 'manual', $1, $1, 'succeeded', 5, $2, 'test:1')`, [
        new Date(Date.UTC(2026, 0, 1, i)).toISOString(),
        i,
      ]);
    }
    const seen: number[] = [];
    let query = "?limit=2";
    for (let page = 0; page < 5; page++) {
      const res = await body(await runsOf("kpi-snapshots", query));
      seen.push(...(res.runs as { items_processed: number }[]).map((r) => r.items_processed));
      if (!res.next_before) break;
      query = `?limit=2&before=${encodeURIComponent(res.next_before as string)}`;
    }
    expect(seen).toEqual([4, 3, 2, 1, 0]);
    for (const bad of ["?limit=0", "?limit=abc", "?before=yesterday"]) {
      const res = await runsOf("kpi-snapshots", bad);
      expect(res.status).toBe(400);
    }
    const tooMany = await body(await runsOf("kpi-snapshots", "?limit=1000"));
    expect(tooMany.errors).toEqual([expect.objectContaining({ field: "limit", message: "must be at most 200" })]);
  });
});
