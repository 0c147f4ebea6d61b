import { refreshRollups } from "@/lib/timeseries/refresh";
import type { JobDefinition } from "./types";

/**
 * Rollup refresh (PostgreSQL and PGlite): applies the ranges ingestion recorded in rollup_pending
 * and did not refresh (an import stopped between its commit and its refresh; every ingest refreshes
 * its own). TimescaleDB keeps its continuous aggregates with its own refresh policies.
 */
export const refreshRollupsJob: JobDefinition = {
  name: "refresh-rollups",
  description: "Applies pending rollup ranges (databases without TimescaleDB)",
  unavailable: (_deps, db) => (db.kind === "timescaledb" ? "TimescaleDB refreshes its continuous aggregates with its own policies" : null),
  async run({ db }) {
    const result = await refreshRollups(db);
    return { items: result.ranges, details: { ranges: result.ranges, buckets: result.buckets } };
  },
};
