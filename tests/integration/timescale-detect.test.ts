import { describe, expect, it } from "vitest";
import { decideTimescale, probeTimescale } from "@/lib/timeseries/timescale-detect";
import { createTestDatabase } from "../helpers/databases";

// The probe's query on a real server. This machine's PostgreSQL has no TimescaleDB: the answer
// shapes of a server that has it, preloaded or not, are unit-tested (tests/unit/ops/availability).

describe.skipIf(!process.env.TEST_DATABASE_URL)("TimescaleDB probe on PostgreSQL (skipped without TEST_DATABASE_URL)", () => {
  it("reads what the server offers and preloads, and decides plain PostgreSQL here", async () => {
    const t = await createTestDatabase("postgresql");
    try {
      const probe = await probeTimescale(t.db);
      const [settings] = await t.db.query<{ v: string }>(`SELECT setting AS v FROM pg_settings WHERE name = 'shared_preload_libraries'`);
      const [offered] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_available_extensions WHERE name = 'timescaledb'`);
      expect(probe).toEqual({ available: offered!.n > 0, installed: false, preloadLibraries: settings!.v, loaderSetting: null });
      if (offered!.n === 0) expect(decideTimescale(probe)).toEqual({ use: false, reason: "not_available" });
      expect(t.db.kind).toBe(offered!.n > 0 && /timescaledb/.test(settings!.v) ? "timescaledb" : "postgresql");
    } finally {
      await t.drop();
    }
  });
});
