import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testTargets, type TestDatabase } from "../helpers/databases";
import { migrateDatabase } from "@/lib/db/migrate";
import { levels, rollupTable, seriesKinds } from "@/lib/timeseries/definitions";

describe.each(testTargets())("migrations on %s", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(target);
  });
  afterAll(async () => t?.drop());

  it("creates the default site and every rollup relation", async () => {
    const sites = await t.db.query<{ name: string }>("SELECT name FROM sites");
    expect(sites.map((s) => s.name)).toEqual(["Main plant"]);
    for (const kind of seriesKinds) {
      for (const level of levels) {
        const rows = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${rollupTable(kind, level)}`);
        expect(rows[0]?.n).toBe(0);
      }
    }
  });

  it("runs again without error or duplicates (idempotent)", async () => {
    await migrateDatabase(t.db);
    const sites = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM sites");
    expect(sites[0]?.n).toBe(1);
  });
});
