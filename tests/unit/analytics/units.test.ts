/** Units of coefficients, intercept, RMSE and MAE by granularity, from the driver catalogue. */
import { describe, expect, it } from "vitest";
import { baselineUnits, coefficientUnit, fittedPerDay } from "@/lib/analytics/baseline/units";

describe("baseline units", () => {
  it("fits 15min and hourly models per bucket (kWh), daily and coarser per day (kWh/d)", () => {
    expect(["15min", "hourly"].map(fittedPerDay)).toEqual([false, false]);
    expect(["daily", "weekly", "monthly", "billing_period"].map(fittedPerDay)).toEqual([true, true, true, true]);
    expect(baselineUnits("hourly", [])).toMatchObject({ energy: "kWh", basis: "bucket", intercept: "kWh", rmse: "kWh", mae: "kWh" });
    expect(baselineUnits("monthly", [])).toMatchObject({ energy: "kWh/d", basis: "day", intercept: "kWh/d", rmse: "kWh/d", mae: "kWh/d" });
  });

  it("gives a summed driver the same coefficient unit at every granularity (kWh/d ÷ units/d = kWh per unit)", () => {
    for (const g of ["15min", "hourly", "daily", "weekly", "monthly"]) {
      expect(coefficientUnit("total_production_count", g)).toBe("kWh per unit");
      expect(coefficientUnit("hdd", g)).toBe("kWh per °C·d");
      expect(coefficientUnit("cdd", g)).toBe("kWh per °C·d");
      expect(coefficientUnit("running_hours", g)).toBe("kWh per h");
    }
  });

  it("gives an average driver the y unit per its own unit", () => {
    expect(coefficientUnit("avg_outdoor_temp_c", "hourly")).toBe("kWh per °C");
    expect(coefficientUnit("avg_outdoor_temp_c", "daily")).toBe("kWh/d per °C");
    expect(coefficientUnit("avg_pressure_bar", "15min")).toBe("kWh per bar");
    expect(coefficientUnit("avg_humidity_pct", "weekly")).toBe("kWh/d per %");
    expect(coefficientUnit("avg_throughput", "hourly")).toBe("kWh per (units/h)");
  });

  it("gives shares (dimensionless) the y unit, and change-point and TOWT temperature columns the y unit per °C", () => {
    expect(coefficientUnit("is_weekend", "hourly")).toBe("kWh");
    expect(coefficientUnit("shift_night", "daily")).toBe("kWh/d");
    expect(coefficientUnit("heating_degrees", "daily")).toBe("kWh/d per °C");
    expect(coefficientUnit("above_change_point", "hourly")).toBe("kWh per °C");
    expect(coefficientUnit("temp_occ_seg3", "hourly")).toBe("kWh per °C");
    expect(coefficientUnit("no_such_driver", "hourly")).toBe("kWh per unit of no_such_driver");
  });

  it("lists a unit for every design column of a model", () => {
    const u = baselineUnits("daily", ["heating_degrees", "total_production_count"]);
    expect(u.coefficients).toEqual({ heating_degrees: "kWh/d per °C", total_production_count: "kWh per unit" });
    expect(u.ratios).toContain("_pct are percent");
  });
});
