import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, describeOn, type TestDatabase } from "../helpers/databases";
import { M1, M2, addMachines, rng } from "../helpers/fixtures";
import { DEFAULT_SITE_ID } from "@/lib/db/schema/core";
import { ingestJson } from "@/lib/ingest/json";
import { getKpi, getKpiSummary } from "@/lib/kpi";
import { kpiNames, kpiGranularities } from "@/lib/validation/kpi";

// Every KPI answers alike on PGlite and PostgreSQL: random minute data over the spring clock
// change, a time-of-use tariff with a demand charge, hourly grid factors, products and states.

const T0 = Date.parse("2025-03-28T23:00:00Z"); // Saturday 29 March 2025, Berlin

/** Numbers to 10 significant digits (sums may be added up in another order), the rest as is. */
function rounded(v: unknown): unknown {
  if (typeof v === "number") return Number(v.toPrecision(10));
  if (Array.isArray(v)) return v.map(rounded);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rounded(x)]));
  return v;
}

const serverName = { postgresql: "PostgreSQL", timescaledb: "TimescaleDB" } as const;

for (const server of ["postgresql", "timescaledb"] as const) describeOn(server, `KPIs answer alike on PGlite and ${serverName[server]}`, () => {
  let a: TestDatabase;
  let b: TestDatabase;
  beforeAll(async () => {
    [a, b] = await Promise.all([createTestDatabase("pglite"), createTestDatabase(server)]);
    const rand = rng(7);
    const energy = [];
    const production = [];
    for (let i = 0; i < 3 * 1440; i += 1) {
      for (const m of [M1, M2]) {
        const time = new Date(T0 + i * 60_000).toISOString();
        energy.push({ time, machine_id: m, power_kw: rand() * 100, energy_kwh: rand() * 2 });
        const state = rand() < 0.6 ? "running" : rand() < 0.5 ? "idle" : "off";
        production.push({ time, machine_id: m, production_count: state === "running" ? Math.floor(rand() * 10) : 0, product_id: rand() < 0.5 ? "P1" : "P2", machine_state: state });
      }
    }
    for (const t of [a, b]) {
      await addMachines(t.db);
      await ingestJson(t.db, "energy", energy, { on_error: "abort" });
      await ingestJson(t.db, "production", production, { on_error: "abort" });
      await t.db.query(`INSERT INTO site_tariffs (site_id, currency, tou_periods, demand_charge_per_kw_month) VALUES ($1, 'EUR', $2::jsonb, 9.5)`, [
        DEFAULT_SITE_ID,
        JSON.stringify([
          { name: "night", days: "all", start: "21:00", end: "07:00", price_per_kwh: 0.11 },
          { name: "day", days: "all", start: "07:00", end: "21:00", price_per_kwh: 0.29 },
        ]),
      ]);
      await t.db.query(`INSERT INTO site_emission_factors (site_id, kg_co2_per_kwh, hourly_kg_co2_per_kwh) VALUES ($1, 0.4, $2::jsonb)`, [DEFAULT_SITE_ID, JSON.stringify(Array.from({ length: 24 }, (_, h) => 0.2 + h / 100))]);
    }
  }, 180_000);
  afterAll(async () => Promise.all([a?.drop(), b?.drop()]));

  it("every KPI at every granularity, for a machine and the plant", async () => {
    const start_date = new Date(T0);
    const end_date = new Date(T0 + 3 * 86_400_000 - 3_600_000); // 3 local days, one of 23 hours
    for (const kpi of kpiNames) {
      // Three days hold no whole week or month.
      for (const granularity of kpiGranularities.filter((g) => g !== "weekly" && g !== "monthly")) {
        for (const machine_id of [M1, undefined]) {
          const q = { machine_id, start_date, end_date, granularity };
          const [x, y] = await Promise.all([getKpi(a.db, kpi, q), getKpi(b.db, kpi, q)]);
          expect({ kpi, granularity, machine_id, r: rounded(x) }).toEqual({ kpi, granularity, machine_id, r: rounded(y) });
        }
      }
    }
    const [x, y] = await Promise.all([getKpiSummary(a.db, { start_date, end_date }), getKpiSummary(b.db, { start_date, end_date })]);
    expect(rounded(x)).toEqual(rounded(y));
    expect(x.total_energy_kwh).toBeGreaterThan(0);
    expect(x.coverage).toBe(1);
  }, 120_000);
});
