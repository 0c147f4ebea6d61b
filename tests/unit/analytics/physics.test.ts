/** The sign rule of heating and cooling terms, and its quality check. */
import { describe, expect, it } from "vitest";
import { signedTerms, signViolations } from "@/lib/analytics/baseline/physics";
import { physicalSignsCheck } from "@/lib/analytics/baseline/quality";

describe("physical sign rule", () => {
  it("signs hdd and cdd in every model type, and each change-point type's own degree columns", () => {
    expect([...signedTerms("linear", ["hdd", "cdd", "avg_outdoor_temp_c", "total_production_count"]).keys()]).toEqual(["hdd", "cdd"]);
    expect([...signedTerms("3p_heating", ["heating_degrees", "cdd"]).keys()]).toEqual(["heating_degrees", "cdd"]);
    expect([...signedTerms("4p", ["below_change_point", "above_change_point"]).keys()]).toEqual(["below_change_point", "above_change_point"]);
    expect([...signedTerms("5p", ["heating_degrees", "cooling_degrees", "running_hours"]).keys()]).toEqual(["heating_degrees", "cooling_degrees"]);
    // TOWT's spline segments are free (heating segments fall, cooling segments rise); its extra hdd is not.
    expect([...signedTerms("towt", ["temp_occ_seg1", "temp_unocc_seg2", "hdd"]).keys()]).toEqual(["hdd"]);
  });

  it("leaves a linear model's outdoor temperature unsigned: a heating machine's slope is negative", () => {
    expect(signViolations("linear", ["avg_outdoor_temp_c"], [-12.5])).toEqual([]);
  });

  it("names a negative cooling term of a heating-only machine, with its unit, and fails physical_signs citing CalTRACK", () => {
    const v = signViolations("linear", ["hdd", "cdd"], [225.8, -1079.2]);
    expect(v).toEqual([{ term: "cdd", coefficient: -1079.2, rule: "energy should rise with cooling degree-days" }]);
    const check = physicalSignsCheck(v, "daily");
    expect(check).toMatchObject({ name: "physical_signs", value: 1, passed: false, detail: "cdd = −1,079 kWh per °C·d < 0: energy should rise with cooling degree-days" });
    expect(check.source).toContain("CalTRACK 2.0 §3.4.3.2");
    expect(check.source).toContain("ASHRAE Guideline 14");
    expect(physicalSignsCheck([], "hourly")).toMatchObject({ value: 0, passed: true });
    expect(physicalSignsCheck([], "hourly").detail).toBeUndefined();
  });

  it("fails a change-point model whose heating slope is negative (energy falling as it gets colder)", () => {
    expect(signViolations("3p_heating", ["heating_degrees"], [-3]).map((x) => x.term)).toEqual(["heating_degrees"]);
    expect(signViolations("3p_heating", ["heating_degrees"], [0])).toEqual([]);
  });
});
