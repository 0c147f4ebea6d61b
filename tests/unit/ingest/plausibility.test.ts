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
    // A cycling machine sampled at 0 kW that ran at 6 kW over the minute passes.
    expect(implausibleEnergy(0.1, 60, 0, null)).toBeNull();
    // 10 × 5 kW + 100 kW = 150 kW ⇒ 2.5 kWh a minute.
    expect(implausibleEnergy(2.5, 60, 5, null)).toBeNull();
    expect(implausibleEnergy(25_567, 60, 5, null)).toContain("power_kw of 5 cannot deliver");
  });
});
