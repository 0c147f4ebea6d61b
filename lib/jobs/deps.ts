import { detectAnomalies, raiseSilentMeters } from "@/lib/anomaly";
import type { JobDeps } from "./types";

// The work functions the jobs get from other modules: lib/anomaly's detection (hourly, over the
// window since the last successful run; idempotent on overlapping windows) and its silent-meter
// events (the freshness check). Jobs take them as parameters so their tests can count the calls.
export const wiredJobDeps: JobDeps = { detectAnomalies, raiseSilentMeters };
