import cliProgress from "cli-progress";
import { env } from "@/lib/env";
import { isEmpty, seedDemo } from "@/lib/demo/seed";
import type { Database } from "@/lib/db/types";
import { progressLines } from "@/lib/startup";
import { fail, openForScript } from "./cli";

/**
 * Seeds the demo plant into an empty database with a progress bar; returns false when not empty.
 * `living`: the living-demo job keeps appending its readings (npm run demo).
 */
export async function seedWithProgress(db: Database, living = false): Promise<boolean> {
  if (!(await isEmpty(db))) {
    console.log("Database already has machines; demo seeding skipped.");
    return false;
  }
  const e = env();
  if (!process.stdout.isTTY) {
    // No terminal to redraw a bar in (a pipe, a log, CI): one line per step instead.
    await seedDemo(db, { days: e.DEMO_DAYS, seed: e.DEMO_SEED, timeZone: e.PLANT_TZ, living, onProgress: progressLines(console.log) });
    return true;
  }
  const bar = new cliProgress.SingleBar({ format: "Seeding demo plant [{bar}] {percentage}% | {value}/{total} days | {phase}" }, cliProgress.Presets.shades_classic);
  bar.start(e.DEMO_DAYS, 0, { phase: "readings" });
  await seedDemo(db, {
    days: e.DEMO_DAYS,
    seed: e.DEMO_SEED,
    timeZone: e.PLANT_TZ,
    living,
    onProgress: (done, total, phase) => {
      if (phase === "readings") bar.update(done, { phase });
      else {
        bar.update(e.DEMO_DAYS, { phase: done === 0 ? `building ${phase}…` : phase === "rollups" ? "done" : `${phase} ready` });
        // Draw now: the database holds this thread until the step is done (no timer redraws).
        bar.render();
      }
    },
  });
  bar.stop();
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const db = await openForScript();
    await seedWithProgress(db);
    await db.close();
  } catch (error) {
    fail(error);
  }
}
