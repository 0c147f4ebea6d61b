import { detectAnomaliesJob, freshnessCheckJob } from "./anomaly-jobs";
import { kpiSnapshotsJob } from "./kpi-snapshots";
import { livingDemoJob } from "./living-demo";
import type { JobName } from "./names";
import { retrainBaselinesJob } from "./retrain";
import { refreshRollupsJob } from "./rollups-job";
import type { JobDefinition } from "./types";

/** Every job, in the order the job list shows them. */
export const jobDefinitions: readonly JobDefinition[] = [
  refreshRollupsJob,
  livingDemoJob,
  detectAnomaliesJob,
  freshnessCheckJob,
  kpiSnapshotsJob,
  retrainBaselinesJob,
];

export function jobDefinition(name: JobName): JobDefinition {
  const def = jobDefinitions.find((j) => j.name === name);
  if (!def) throw new Error(`job ${name} has no definition`);
  return def;
}
