import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testTargets, type TestDatabase } from "../helpers/databases";
import { addMachines, M1, M2 } from "../helpers/fixtures";
import { writeEnergy } from "../helpers/readings";
import { getMachineList } from "@/lib/plant";

// The /machines list's energy column covers the last 7 complete plant days, the overview's and
// reports' default, not a rolling 168 h. By hand, Europe/Berlin, "now" Wednesday 28 Oct 2026
// 10:00 UTC: the days are 21–27 Oct, from 21 Oct 00:00 CEST (20 Oct 22:00 UTC) to 28 Oct 00:00
// CET (27 Oct 23:00 UTC); 25 Oct has 25 hours (clocks go back), so 169 hourly readings of 1 kWh
// fall inside = 169 kWh. The rolling window would have given 168, and today's readings count
// in neither.

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 9, 28, 10);

describe.each(testTargets())("machine list (%s)", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(target);
    await addMachines(t.db);
    const start = Date.UTC(2026, 9, 19);
    const rows: [number, number, number][] = [];
    for (let at = start; at < NOW; at += HOUR) rows.push([at, 1, 3600]);
    await writeEnergy(t.db, M1, rows);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("sums the last 7 complete plant days, a clock-change day with its 25 hours", async () => {
    const { period, rows } = await getMachineList(t.db, "Europe/Berlin", NOW);
    expect(period).toEqual({ from: Date.UTC(2026, 9, 20, 22), to: Date.UTC(2026, 9, 27, 23) });
    expect(rows.find((r) => r.id === M1)?.energy_7d_kwh).toBeCloseTo(169, 9);
    expect(rows.find((r) => r.id === M2)?.energy_7d_kwh).toBeNull();
  });

  it("follows the plant's calendar: the same readings in UTC days give 168 kWh", async () => {
    const { period, rows } = await getMachineList(t.db, "UTC", NOW);
    expect(period).toEqual({ from: Date.UTC(2026, 9, 21), to: Date.UTC(2026, 9, 28) });
    expect(rows.find((r) => r.id === M1)?.energy_7d_kwh).toBeCloseTo(168, 9);
  });
});
