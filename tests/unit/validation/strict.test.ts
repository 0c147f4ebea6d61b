import { describe, expect, it } from "vitest";
import { fromZod } from "@/lib/errors";
import { closestName } from "@/lib/validation/strict";
import { rowSchemas } from "@/lib/validation/ingest";
import { createMachineSchema, updateMachineSchema } from "@/lib/validation/machines";
import { emissionsSchema, tariffSchema } from "@/lib/validation/kpi";
import { importProfileSchema } from "@/lib/validation/import-profiles";
import { backtestSchema, forecastSchema } from "@/lib/validation/forecast";
import { deviationSchema, trainSchema } from "@/lib/validation/baseline";
import type { ZodType } from "zod";

// Request bodies are strict: an unknown field is a 400 naming it, with the close known name.

const M = "c0000000-0000-0000-0000-000000000001";
const NOW = Date.UTC(2026, 11, 1, 12);

function problem(schema: ZodType, value: unknown): string {
  const r = schema.safeParse(value);
  if (r.success) return "accepted";
  return fromZod(r.error, "body").message;
}

describe("strict request bodies", () => {
  it("suggests the known name a misspelling stands for", () => {
    expect(closestName("power_kW", ["power_kw", "energy_kwh"])).toBe("power_kw");
    expect(closestName("nmae", ["name", "area"])).toBe("name");
    expect(closestName("demand_charge_per_kw_mnth", ["currency", "demand_charge_per_kw_month"])).toBe("demand_charge_per_kw_month");
    expect(closestName("date_fromat", ["date_format", "tz"])).toBe("date_format");
    expect(closestName("register_kwh", ["time", "machine_id", "energy_register_kwh"])).toBe("energy_register_kwh");
    expect(closestName("zzz", ["time", "machine_id"])).toBeUndefined();
  });

  it("names unknown fields of each body, with the field and a suggestion", () => {
    const energy = rowSchemas(undefined, NOW).energy;
    expect(problem(energy, { time: "2026-11-30T10:00:00Z", machine_id: M, energy_kwh: 1, power_kW: 60 })).toBe("Invalid body: power_kW: unknown field power_kW; did you mean power_kw?");
    expect(problem(updateMachineSchema, { nmae: "Press-8", area: "Hall C" })).toBe("Invalid body: nmae: unknown field nmae; did you mean name?");
    expect(problem(updateMachineSchema, { rated_power_kW: 100 })).toContain("unknown field rated_power_kW; did you mean rated_power_kw?");
    expect(problem(createMachineSchema, { name: "X", colour: "red" })).toMatch(/^Invalid body: colour: unknown field colour; fields: name, type, area, rated_power_kw, .*site_id, id$/);
    expect(problem(tariffSchema, { currency: "EUR", flat_price_per_kwh: 0.2, demand_charge_per_kw_mnth: 12 })).toContain("unknown field demand_charge_per_kw_mnth; did you mean demand_charge_per_kw_month?");
    expect(problem(tariffSchema, { currency: "EUR", periods: [{ name: "day", days: "all", start: "00:00", end: "24:00", price_per_kwh: 0.2, prize: 1 }] })).toContain("periods.0.prize: unknown field prize; fields: name, days, start, end, price_per_kwh");
    expect(problem(emissionsSchema, { kg_co2_per_kwh: 0.4, sorce: "x" })).toContain("sorce: unknown field sorce; did you mean source?");
    expect(problem(importProfileSchema, { name: "p", kind: "energy", columns: { time: "a", energy_kwh: "b" }, machine_id: M, date_fromat: "day_first" })).toContain("unknown field date_fromat; did you mean date_format?");
    expect(problem(deviationSchema, { machine_id: M, start_date: "2026-11-01", end_date: "2026-11-08", granularity: "daily" })).toContain("granularity: unknown field granularity");
    expect(problem(backtestSchema, { folds: 1000 })).toContain("folds: unknown field folds");
    expect(problem(forecastSchema, { horizon_hours: 24, origin: "2026-12-01T10:00:00" })).toContain("origin: unknown field origin");
    // The old service's training body works unchanged.
    expect(problem(trainSchema, { machine_id: M, start_date: "2026-11-01", end_date: "2026-11-08", drivers: ["total_production_count"] })).toBe("accepted");
  });

  it("rejects an environmental row that measures nothing, and names machine_state's values when the case is wrong", () => {
    const s = rowSchemas(undefined, NOW);
    expect(problem(s.environmental, { time: "2026-11-30T10:00:00Z", machine_id: M })).toBe("Invalid body: (body): holds no measurement: give at least one of outdoor_temp_c, indoor_temp_c, humidity_pct, pressure_bar");
    expect(problem(s.environmental, { time: "2026-11-30T10:00:00Z", machine_id: M, humidity_pct: null, pressure_bar: 1.01 })).toBe("accepted");
    expect(problem(s.production, { time: "2026-11-30T10:00:00Z", machine_id: M, production_count: 1, machine_state: "RUNNING" })).toBe('Invalid body: machine_state: must be running, idle or off, in lower case (not "RUNNING")');
  });
});
