import type { Database } from "@/lib/db/types";
import { env } from "@/lib/env";
import { isEmpty, seedDemo, type SeedPhase } from "@/lib/demo/seed";
import { adoptDemoPlant } from "@/lib/demo/state";
import { logger } from "@/lib/log/logger";

/** Seeds the demo plant into an empty embedded database (zero-setup first start). */
export async function seedIfEmpty(db: Database, log: (line: string) => void = (line) => logger().info(line)): Promise<boolean> {
  const e = env();
  if (db.kind !== "pglite" || e.DEMO_SEED_ON_START === "off") return false;
  if (!(await isEmpty(db))) {
    // An embedded demo seeded before the living demo existed comes alive too.
    if (await adoptDemoPlant(db, e.DEMO_SEED, true)) log("Living demo: the demo plant's readings will be appended up to the present.");
    return false;
  }
  log(`Seeding ${e.DEMO_DAYS} days of demo plant data (first start of the embedded database)…`);
  await seedDemo(db, { days: e.DEMO_DAYS, seed: e.DEMO_SEED, timeZone: e.PLANT_TZ, living: true, onProgress: progressLines(log) });
  return true;
}

/** Seeding progress as plain lines (every 10 % of the days, then each phase): logs, pipes, CI. */
export function progressLines(log: (line: string) => void): (done: number, total: number, phase: SeedPhase) => void {
  let last = -1;
  return (done, total, phase) => {
    const pct = Math.floor((100 * done) / total);
    if (phase === "indexes") log(done === 0 ? "Building indexes…" : "Indexes ready.");
    else if (phase === "rollups") log(done === 0 ? "Building rollups…" : "Rollups ready.");
    else if (pct >= last + 10) {
      last = pct;
      log(`  readings ${pct}% (${done}/${total} days)`);
    }
  };
}
