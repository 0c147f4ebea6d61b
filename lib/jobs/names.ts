// The allow list of job names: API paths, JOB_SCHEDULES and job_runs rows use these and only these.

export const jobNames = ["retrain-baselines", "detect-anomalies", "kpi-snapshots", "refresh-rollups", "freshness-check", "living-demo"] as const;
export type JobName = (typeof jobNames)[number];

export function isJobName(name: string): name is JobName {
  return (jobNames as readonly string[]).includes(name);
}

/**
 * Default schedules (cron, 5 fields, in the plant's time zone PLANT_TZ). Minutes are staggered so
 * jobs that read what another writes run after it: rollups first, then detection and snapshots.
 */
export const defaultSchedules: Record<JobName, string> = {
  "retrain-baselines": "30 3 * * 1", // Mondays 03:30: a week of new data per retraining
  "detect-anomalies": "10 * * * *", // hourly, after the rollups are current
  "kpi-snapshots": "20 0 * * *", // daily 00:20, for the local day just ended
  "refresh-rollups": "*/5 * * * *", // every 5 minutes: ranges a stopped import left pending
  "freshness-check": "*/15 * * * *", // a silent meter is noticed within a quarter of an hour
  "living-demo": "*/15 * * * *", // the demo's readings follow the clock quarter-hour by quarter-hour
};
