import { describe, expect, it } from "vitest";
import { energyPer, readingText, readModel, roundQuantity, type ReadableModel } from "@/lib/dashboard/model-reading";
import { modelSchema } from "@/lib/api-client/baseline";

const model = (over: Partial<ReadableModel> = {}): ReadableModel => ({
  granularity: "hourly",
  model_type: "linear",
  intercept: 8.1,
  coefficients: { total_production_count: 0.024, avg_outdoor_temp_c: 0.38 },
  p_values: { total_production_count: 1e-9, avg_outdoor_temp_c: 0.001 },
  quality_checks: [{ name: "cv_rmse", passed: true, value: 0.1, threshold: "<= 0.3", source: "ASHRAE Guideline 14" }],
  training_start_date: "2025-01-01T00:00:00.000Z",
  training_end_date: "2025-12-31T00:00:00.000Z",
  ...over,
});

describe("readModel: the baseline in a plant manager's words", () => {
  it("reads base load per hour, production per round quantity of units, temperature per °C", () => {
    const r = readModel(model({ coefficients: { total_production_count: 0.024, avg_outdoor_temp_c: 0.38 } }), "UTC");
    expect(readingText(r)).toBe("Base load 8.1 kWh per hour; each 100 units produced add 2.4 kWh; each °C warmer outside adds 0.38 kWh per hour.");
  });

  it("states a round quantity that gives at least 1 kWh", () => {
    expect(roundQuantity(0.0024)).toEqual([1000, expect.closeTo(2.4, 12) as unknown as number]);
    expect(roundQuantity(0.5)).toEqual([10, 5]);
    expect(roundQuantity(3)).toEqual([1, 3]);
    expect(roundQuantity(-0.02)).toEqual([100, -2]);
  });

  it("says saves for negative effects, per day from daily up, and a negative intercept is no base load", () => {
    const r = readModel(model({ granularity: "daily", intercept: -3, coefficients: { avg_outdoor_temp_c: -12.5, hdd: 40 } }), "UTC");
    expect(r.sentences[0]).toContain("below zero: it is not a base load");
    expect(r.sentences).toContain("each °C warmer outside saves 12.5 kWh per day");
    expect(r.sentences).toContain("each heating degree-day adds 40 kWh");
    expect(energyPer("monthly")).toBe("kWh per day");
  });

  it("names the change point of a change-point model", () => {
    const r = readModel(model({ model_type: "3p_heating", coefficients: { heating_degrees: 1.5 }, balance_points: { heating_balance_c: 15.5, cooling_balance_c: null } }), "UTC");
    expect(r.sentences).toContain("below 15.5 °C, each °C colder adds 1.5 kWh per hour");
  });

  it("lists the caveats: failed checks with their threshold and source, insignificant drivers, extrapolation", () => {
    const r = readModel(
      model({
        p_values: { total_production_count: 1e-9, avg_outdoor_temp_c: 0.31 },
        quality_checks: [{ name: "cv_rmse", passed: false, value: 0.42, threshold: "<= 0.3", source: "ASHRAE Guideline 14" }],
      }),
      "UTC",
    );
    expect(r.caveats).toContain("avg_outdoor_temp_c is not significant (p = 0.31): its effect may be chance.");
    expect(r.caveats.some((c) => c.startsWith("Fails cv rmse (0.42 against <= 0.3, ASHRAE Guideline 14)"))).toBe(true);
    // [1 Jan, 31 Dec) in UTC: the last whole day is 30 Dec.
    expect(r.caveats.at(-1)).toContain("(1 Jan 2025 – 30 Dec 2025)");
    expect(readModel(model(), "UTC").caveats).toHaveLength(1);
  });

  it("names the training window in the plant's calendar, not by the UTC dates of its instants", () => {
    // The studio's window 4 Nov – 1 Dec 2026 in Berlin, as the API returns it: [3 Nov 23:00Z, 1 Dec 23:00Z).
    const berlin = model({ training_start_date: "2026-11-03T23:00:00.000Z", training_end_date: "2026-12-01T23:00:00.000Z" });
    expect(readModel(berlin, "Europe/Berlin").caveats.at(-1)).toContain("training period (4 Nov 2026 – 1 Dec 2026)");
    // West of Greenwich the same instants are other local days: 3 Nov 15:00 – 1 Dec 15:00 in Los Angeles.
    expect(readModel(berlin, "America/Los_Angeles").caveats.at(-1)).toContain("training period (3 Nov 2026 – 1 Dec 2026)");
  });
});

describe("a driver the fit left out", () => {
  const dropped = { driver: "hdd", reason: "dropped: at every heating base with enough degree-days the hdd coefficient is negative, but energy should rise with heating degree-days (CalTRACK 2.0 §3.4.3.2 disqualifies such models)" };

  it("is named with the fit's reason among the caveats (the studio kept hdd ticked and showed no word of it)", () => {
    const r = readModel(model({ coefficients: { total_production_count: 0.024 }, dropped_terms: [dropped] }), "UTC");
    expect(r.caveats).toContain("hdd is left out of the model: at every heating base with enough degree-days the hdd coefficient is negative, but energy should rise with heating degree-days (CalTRACK 2.0 §3.4.3.2 disqualifies such models).");
  });

  it("survives the studio's parsing of the fit's answer", () => {
    const answer = {
      model_id: null, machine_id: "m", model_version: null, model_type: "linear", granularity: "daily", is_active: false,
      r_squared: 0.9, adj_r_squared: 0.9, rmse: 1, cv_rmse: 0.05, nmbe: 0, training_samples: 21, coefficients: { total_production_count: 0.024 }, intercept: 711,
      drivers: ["total_production_count"], std_errors: {}, p_values: {}, vif: {}, training_start_date: "2026-11-01T23:00:00.000Z", training_end_date: "2026-11-22T23:00:00.000Z",
      meets_quality_threshold: true, quality_checks: [], created_at: "2026-12-01T00:00:00.000Z", dropped_terms: [dropped],
    };
    expect(modelSchema.parse(answer).dropped_terms).toEqual([dropped]);
  });
});
