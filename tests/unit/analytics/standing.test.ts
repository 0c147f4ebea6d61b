import { describe, expect, it } from "vitest";
import { qualityChecks } from "@/lib/analytics/baseline/quality";
import { failedCheckText, modelStanding } from "@/lib/analytics/baseline/standing";

// A model's standing from the checks stored with it: a model that failed one is never said to pass,
// and each failure reads with its value against the limit it missed.

/** The checks of a fit that passes everything but data coverage (62 % of buckets complete < 90 %). */
const checks = qualityChecks(
  { stats: { rSquared: 0.9, cvRmse: 0.1, nmbe: 0, fPValue: 0.001 } as never, p: 2, pValues: { intercept: 0.001, drivers: [0.001] }, vif: [1] },
  "hourly",
  { coverage: 0.62, samples: 500 },
);

describe("model standing", () => {
  it("names the one failed check with its value and limit", () => {
    expect(checks.filter((c) => !c.passed).map((c) => c.name)).toEqual(["data_coverage"]);
    const s = modelStanding(checks, true);
    expect(s.passes).toBe(false);
    expect(s.failed.map((f) => f.text)).toEqual(["data coverage (62 % < 90 %)"]);
    expect(s.label).toBe("Active — fails data coverage (62 % < 90 %)");
    expect(modelStanding(checks, false).label).toBe("Not active — fails data coverage (62 % < 90 %)");
  });

  it("passes only when every stored check passed, and never without checks", () => {
    const all = checks.map((c) => ({ ...c, passed: true }));
    expect(modelStanding(all, true)).toEqual({ passes: true, failed: [], label: "Active — passes every quality check" });
    expect(modelStanding([], true).passes).toBe(false);
    expect(modelStanding(undefined, true).label).toBe("Active — no quality checks stored");
  });

  it("reads each kind of check in its own units", () => {
    const t = (name: string, value: number, threshold: string) => failedCheckText({ name, value, threshold, passed: false });
    expect(t("cv_rmse", 0.342, "<= 0.3 (hourly and finer)")).toBe("CV(RMSE) (34.2 % > 30 %)");
    expect(t("nmbe", -0.008, "|nmbe| <= 0.005")).toBe("NMBE (|-0.8 %| > 0.5 %)");
    expect(t("r_squared", 0.612, ">= 0.75")).toBe("R² (0.612 < 0.75)");
    expect(t("samples", 40, ">= 50 (5 per parameter)")).toBe("samples (40 < 50)");
    expect(t("vif", 12.34, "< 10")).toBe("VIF (12.3 ≥ 10)");
    expect(t("model_p_value", 0.21, "<= 0.1")).toBe("model p-value (0.21 > 0.1)");
    expect(failedCheckText({ name: "physical_signs", value: 1, threshold: "0 …", passed: false, detail: "hdd = −0.2 kWh per degree-day < 0" })).toBe("physical signs (hdd = −0.2 kWh per degree-day < 0)");
  });
});
