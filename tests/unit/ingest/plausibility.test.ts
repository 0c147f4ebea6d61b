import { describe, expect, it } from "vitest";
import { implausibleEnergy, powerCeilingKw } from "@/lib/ingest/plausibility";

describe("plausibility of interval energy", () => {
  it("the ceiling is max_plausible_power_kw, else 3 × rated power, else none", () => {
    expect(powerCeilingKw({ max_plausible_power_kw: 40, rated_power_kw: 5 })).toBe(40);
    expect(powerCeilingKw({ max_plausible_power_kw: null, rated_power_kw: 5 })).toBe(15);
    expect(powerCeilingKw({ max_plausible_power_kw: null, rated_power_kw: null })).toBeNull();
  });

  it("rejects energy implying an average above the ceiling: a register total sent as a minute's energy", () => {
    expect(implausibleEnergy(25_567, 60, null, 15)).toContain("average of 1,534,020 kW, above the machine's plausible maximum of 15 kW");
    // 0.25 kWh in a minute is exactly 15 kW: allowed.
    expect(implausibleEnergy(0.25, 60, null, 15)).toBeNull();
    expect(implausibleEnergy(0.2501, 60, null, 15)).not.toBeNull();
    // A day at 15 kW.
    expect(implausibleEnergy(360, 86_400, null, 15)).toBeNull();
  });

  it("checks energy against the row's own power loosely: power may be an instantaneous sample", () => {
    // A cycling machine sampled at 0.7 kW that averaged 113 kW over the minute passes.
    expect(implausibleEnergy(1.879, 60, 0.7, null)).toBeNull();
    // 100 × max(5, 10) kW = 1,000 kW ⇒ 16.67 kWh a minute.
    expect(implausibleEnergy(16.6, 60, 5, null)).toBeNull();
    expect(implausibleEnergy(16.7, 60, 5, null)).not.toBeNull();
    // 100 × 50 kW = 5,000 kW.
    expect(implausibleEnergy(83, 60, 50, null)).toBeNull();
    expect(implausibleEnergy(25_567, 60, 5, null)).toContain("power_kw of 5 cannot deliver");
  });
});
