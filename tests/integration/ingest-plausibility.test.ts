import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, testTargets, type TestDatabase } from "../helpers/databases";
import { M1, M2, addMachines } from "../helpers/fixtures";
import { body, csvRequest, jsonRequest, params, useDatabase } from "../helpers/routes";
import { POST as ingestJsonRoute } from "@/app/api/v1/ingest/[kind]/route";
import { POST as ingestCsvRoute } from "@/app/api/v1/ingest/csv/route";
import { rebuildRollups } from "@/lib/timeseries/refresh";

const at = (min: number) => new Date(Date.UTC(2026, 4, 1) + min * 60_000).toISOString();

describe.each(testTargets())("plausibility on %s", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(target);
    await addMachines(t.db);
    // M1: a 5 kW machine (ceiling 15 kW); M2: no rating, a ceiling set by hand.
    await t.db.query("UPDATE machines SET sample_interval = '1min', rated_power_kw = 5 WHERE id = $1", [M1]);
    await t.db.query("UPDATE machines SET sample_interval = '1min', max_plausible_power_kw = 30 WHERE id = $1", [M2]);
    useDatabase(t.db);
  });
  afterAll(async () => t?.drop());
  beforeEach(async () => {
    await t.db.query("TRUNCATE energy_readings, rollup_pending");
    await rebuildRollups(t.db);
  });

  const csv = ["time,machine_id,power_kw,energy_kwh", `${at(0)},${M1},4,0.07`, `${at(1)},${M1},5,25567`, `${at(2)},${M2},20,0.4`, `${at(3)},${M2},20,0.6`].join("\n");

  it("rejects a 5 kW machine's 25,567 kWh in one minute with line, field and reason, and writes nothing", async () => {
    const res = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=energy", csv));
    expect(res.status).toBe(400);
    const b = await body(res);
    expect(b.errors).toMatchObject([
      { line: 3, column: "energy_kwh", message: expect.stringContaining("above the machine's plausible maximum of 15 kW") as unknown },
      // 0.6 kWh a minute is 36 kW, above M2's 30 kW.
      { line: 5, column: "energy_kwh", message: expect.stringContaining("plausible maximum of 30 kW") as unknown },
    ]);
    expect(await t.db.query("SELECT 1 FROM energy_readings")).toHaveLength(0);
  });

  it("with on_error=skip stores the plausible rows only and lists the others; nothing implausible reaches the rollups", async () => {
    const res = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=energy&on_error=skip", csv));
    expect(res.status).toBe(207);
    expect(await body(res)).toMatchObject({ written: 2, rejected_count: 2, rejected: [{ line: 3 }, { line: 5 }] });
    const total = await t.db.query<{ e: number }>("SELECT sum(total_energy_kwh)::float8 AS e FROM energy_readings_1day");
    expect(total[0]?.e).toBeCloseTo(0.47, 12);
  });

  it("a machine without a ceiling still has its rows checked against their own power", async () => {
    await t.db.query("UPDATE machines SET rated_power_kw = NULL WHERE id = $1", [M1]);
    try {
      const res = await ingestJsonRoute(jsonRequest("/api/v1/ingest/energy", [{ time: at(0), machine_id: M1, power_kw: 5, energy_kwh: 25_567 }]), params({ kind: "energy" }));
      expect(res.status).toBe(400);
      expect((await body(res)).errors).toMatchObject([{ index: 0, field: "energy_kwh", message: expect.stringContaining("cannot deliver") as unknown }]);
      // Without power and without a ceiling nothing tells: it is stored.
      const ok = await ingestJsonRoute(jsonRequest("/api/v1/ingest/energy", [{ time: at(0), machine_id: M1, energy_kwh: 25_567 }]), params({ kind: "energy" }));
      expect(ok.status).toBe(200);
    } finally {
      await t.db.query("UPDATE machines SET rated_power_kw = 5 WHERE id = $1", [M1]);
    }
  });
});
