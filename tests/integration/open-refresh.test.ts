/** A process that stopped between an import's commit and its refresh leaves ranges pending: the next start refreshes them. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openMigrated } from "@/lib/db/client";
import { DEFAULT_SITE_ID } from "@/lib/db/schema/core";
import type { Database } from "@/lib/db/types";
import { copyLine } from "@/lib/ingest/columns";
import { writeBatch } from "@/lib/ingest/writer";
import { createTestDatabase, databaseUrl, testTargets, type TestDatabase } from "../helpers/databases";

const M = "a1000000-0000-0000-0000-000000000001";
const T0 = Date.UTC(2026, 3, 1, 6);

async function writeWithoutRefresh(db: Database): Promise<void> {
  await db.query(`INSERT INTO machines (id, site_id, name) VALUES ($1, $2, 'Interrupted')`, [M, DEFAULT_SITE_ID]);
  const lines = [0, 1, 2].map((i) => copyLine("energy", { time: new Date(T0 + i * 60_000), machine_id: M, power_kw: 30 + i, energy_kwh: 0.5 }));
  await writeBatch(db, "energy", (w) => w.write(lines), { refresh: false });
}

async function expectRefreshed(db: Database): Promise<void> {
  const pending = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM rollup_pending`);
  expect(pending[0]?.n).toBe(0);
  const hour = await db.query<{ e: number; p: number; n: string }>(`SELECT total_energy_kwh AS e, avg_power_kw AS p, sample_count::text AS n FROM energy_readings_1hour WHERE machine_id = $1`, [M]);
  expect(hour).toEqual([{ e: 1.5, p: 31, n: "3" }]);
}

describe.each(testTargets())("opening the database (%s)", (target) => {
  const dirs: string[] = [];
  let server: TestDatabase | undefined;
  afterAll(async () => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    await server?.drop();
  });

  it("refreshes the ranges an interrupted ingest left pending", async () => {
    let url: string | undefined;
    let dir: string | undefined;
    if (target === "pglite") {
      dir = mkdtempSync(path.join(tmpdir(), "enms-open-"));
      dirs.push(dir);
      const first = await openMigrated(undefined, dir);
      await writeWithoutRefresh(first);
      await first.close();
    } else {
      server = await createTestDatabase(target);
      await writeWithoutRefresh(server.db);
      url = databaseUrl(target, server.name);
    }
    const db = await openMigrated(url, dir);
    try {
      await expectRefreshed(db);
    } finally {
      await db.close();
    }
  }, 60_000);
});
