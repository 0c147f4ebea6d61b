import type { Database } from "@/lib/db/types";
import { seedDemo } from "@/lib/demo/seed";
import { trainBaseline } from "@/lib/analytics/baseline/train";
import { JobScheduler } from "@/lib/jobs/engine";
import { kpiSnapshotsJob } from "@/lib/jobs/kpi-snapshots";
import { livingDemoJob } from "@/lib/jobs/living-demo";
import { jobDefinitions } from "@/lib/jobs/registry";
import { retrainBaselinesJob } from "@/lib/jobs/retrain";
import { refreshRollupsJob } from "@/lib/jobs/rollups-job";
import { resolveSchedules } from "@/lib/jobs/schedules";
import type { JobDefinition } from "@/lib/jobs/types";
import { median, round } from "./util";

// Each job's run over 10 machines: the demo plant seeded for 30 days (its 11th machine made
// inactive, so KPIs and retraining see 10), each machine with an active hourly baseline on the
// outdoor temperature. Steady-state runs, as the schedule makes them: retraining 10 models on a
// 14-day trailing window; one day's KPI snapshots (10 machines and the plant); the rollup refresh
// of one hour of 10 machines' minute data; the living demo's 15 minutes (regenerating 30 days of
// history); one scheduler pass with nothing due. The anomaly jobs' work is lib/anomaly's and is
// measured there.

const TZ = "Europe/Berlin";
const DAY = 86_400_000;
const SEEDED_END = new Date("2026-01-31T23:00:00Z"); // midnight, 1 February, Berlin
const SEEDED_DAYS = 30;

const ctx = (db: Database, now: Date) => ({ db, deps: {}, now, lastSuccess: null, timeZone: TZ });

async function timeRuns(runs: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  await fn(-1);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    times.push(performance.now() - t);
  }
  return median(times);
}

export async function jobBenches(db: Database, label: string, results: Record<string, number>): Promise<void> {
  await seedDemo(db, { days: SEEDED_DAYS, seed: 42, end: SEEDED_END, timeZone: TZ, living: true });
  const machines = await db.query<{ id: string }>(`SELECT id::text AS id FROM machines ORDER BY name`);
  await db.query(`UPDATE machines SET is_active = false WHERE id = $1`, [machines.at(-1)!.id]);
  const active = machines.slice(0, 10);
  const start = new Date(SEEDED_END.getTime() - SEEDED_DAYS * DAY);
  for (const m of active) {
    await trainBaseline(db, {
      machine_id: m.id,
      start_date: start,
      end_date: new Date(start.getTime() + 14 * DAY),
      drivers: ["avg_outdoor_temp_c"],
      granularity: "hourly",
      model_type: "linear",
      exclude_downtime: false,
    });
  }
  const run = (job: JobDefinition, now: Date) => job.run(ctx(db, now));

  // Retraining: each run's day a day later, so each refits all 10 (a new 14-day window).
  results[`${label}_job_retrain_10_machines_ms`] = round(
    await timeRuns(3, async (i) => {
      const r = await run(retrainBaselinesJob, new Date(SEEDED_END.getTime() - (6 - i) * DAY + 3 * 3_600_000));
      const fitted = (r.details.machines as { candidate: unknown }[]).filter((m) => m.candidate !== null).length;
      if (fitted !== 10) throw new Error(`retraining fitted ${fitted} of 10 machines: ${JSON.stringify(r.details.machines)}`);
    }),
  );

  // KPI snapshots: the first run fills the week; then each daily run recomputes yesterday.
  const kpiNow = new Date(SEEDED_END.getTime() - 2 * DAY + 6 * 3_600_000);
  results[`${label}_job_kpi_snapshots_day_11_scopes_ms`] = round(await timeRuns(5, () => run(kpiSnapshotsJob, kpiNow)));

  // Rollup refresh of one hour of the 10 machines' minute data marked pending.
  const hourStart = new Date(SEEDED_END.getTime() - 5 * 3_600_000).toISOString();
  const hourEnd = new Date(SEEDED_END.getTime() - 4 * 3_600_000).toISOString();
  results[`${label}_job_refresh_rollups_1h_10_machines_ms`] = round(
    await timeRuns(5, async () => {
      await db.query(
        `INSERT INTO rollup_pending (kind, machine_id, start_time, end_time) SELECT k, m::uuid, $2::timestamptz, $3::timestamptz FROM unnest($1::text[]) AS m, unnest(ARRAY['energy', 'production', 'environmental']) AS k`,
        [`{${active.map((m) => m.id).join(",")}}`, hourStart, hourEnd],
      );
      await run(refreshRollupsJob, new Date());
    }),
  );

  // Living demo: 15 more minutes each run, after 30 days of history.
  let until = SEEDED_END.getTime();
  results[`${label}_job_living_demo_15min_ms`] = round(
    await timeRuns(3, async () => {
      until += 15 * 60_000;
      const r = await run(livingDemoJob, new Date(until));
      if (r.items === 0) throw new Error("living demo appended nothing");
    }),
  );

  // A scheduler pass when nothing is due (what every minute costs).
  const now = new Date(SEEDED_END.getTime() + 7 * 60_000);
  const scheduler = new JobScheduler(db, { jobs: jobDefinitions, schedules: resolveSchedules({}), timeZone: TZ, deps: {}, clock: () => now, log: () => {} });
  await Promise.all((await scheduler.tick()).map((r) => r.done ?? Promise.resolve(null)));
  results[`${label}_scheduler_idle_pass_ms`] = round(await timeRuns(9, () => scheduler.tick()));
}
