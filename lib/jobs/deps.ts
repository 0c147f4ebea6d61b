import type { JobDeps } from "./types";

// The work functions the jobs get from other modules. The anomaly jobs (detect-anomalies,
// freshness-check) stay disabled until lib/anomaly's functions are wired here:
//   import { detectAnomalies, raiseSilentMeters } from "@/lib/anomaly";
//   export const wiredJobDeps: JobDeps = { detectAnomalies, raiseSilentMeters };
export const wiredJobDeps: JobDeps = {};
