import type { Database } from "@/lib/db/types";
import { latestTimes } from "@/lib/timeseries/series";
import { timescaleStatus } from "@/lib/timeseries/timescale";

export async function getHealth(db: Database) {
  const version = await db.query<{ v: string }>("SELECT current_setting('server_version') AS v");
  return {
    status: "ok" as const,
    database: db.kind,
    version: version[0]?.v ?? "unknown",
    latest: await latestTimes(db),
    ...(db.kind === "timescaledb" ? { timescaledb: await timescaleStatus(db) } : {}),
  };
}
