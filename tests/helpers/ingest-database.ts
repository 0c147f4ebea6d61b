import { afterAll, beforeAll, beforeEach } from "vitest";
import { createTestDatabase, type TestDatabase, type TestTarget } from "./databases";
import { addMachines } from "./fixtures";
import { useDatabase } from "./routes";
import { rebuildRollups } from "@/lib/timeseries/refresh";

/**
 * The ingest tests' database: created with the test machines before the file's tests (as
 * 1-minute meters when `oneMinuteMeters`, so tests about writing are not about inferring
 * intervals), handed to the route handlers, emptied of `truncate` and its rollups before each
 * test, dropped after. Returns an object whose `db` is that database.
 */
export function ingestDatabase(target: TestTarget, options: { truncate: string[]; oneMinuteMeters?: boolean }): { readonly db: TestDatabase["db"] } {
  let t: TestDatabase | undefined;
  beforeAll(async () => {
    t = await createTestDatabase(target);
    await addMachines(t.db);
    if (options.oneMinuteMeters) await t.db.query("UPDATE machines SET sample_interval = '1min'");
    useDatabase(t.db);
  });
  afterAll(async () => t?.drop());
  beforeEach(async () => {
    await t!.db.query(`TRUNCATE ${options.truncate.join(", ")}`);
    await rebuildRollups(t!.db);
  });
  return {
    get db() {
      return t!.db;
    },
  };
}
