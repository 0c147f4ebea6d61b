import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testTargets, type TestDatabase } from "../helpers/databases";
import { addMachines, M1, M2 } from "../helpers/fixtures";
import { writeEnergy } from "../helpers/readings";
import { overviewFreshness } from "@/lib/dashboard/overview-data";

// The overview's freshness table is about the meters the plant expects to report: the active
// machines, as the KPIs' plant scope and the silent-meter job (lib/anomaly/silent.ts) count them.
// A machine taken out of service (is_active false) stopped reporting on purpose.

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 30, 10);

describe.each(testTargets())("overview freshness (%s)", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(target);
    await addMachines(t.db);
    const live: [number, number, number][] = [];
    for (let at = NOW - 48 * HOUR; at < NOW - HOUR; at += HOUR) live.push([at, 1, 3600]);
    await writeEnergy(t.db, M1, live);
    await writeEnergy(t.db, M2, [[NOW - 30 * 24 * HOUR, 1, 3600]]);
    await t.db.query("UPDATE machines SET is_active = false WHERE id = $1", [M2]);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("lists the active meters only: a machine out of service is not called silent", async () => {
    const { rows } = await overviewFreshness(t.db, "Europe/Berlin", NOW);
    expect(rows.map((r) => r.machineId)).toEqual([M1]);
    expect(rows[0]!.freshness.status).toBe("live");
  });
});
