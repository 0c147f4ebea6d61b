import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { defaultSchedules } from "@/lib/jobs/names";
import { latestSlot, nextSlot, parseJobSchedules, resolveSchedules } from "@/lib/jobs/schedules";
import { daysToSnapshot, yesterdayIn } from "@/lib/jobs/kpi-snapshots";
import { itemsOf } from "@/lib/jobs/anomaly-jobs";
import { whyNotActivate } from "@/lib/jobs/retrain";

describe("job schedules", () => {
  it("JOB_SCHEDULES overrides defaults, switches jobs off, and names bad entries", () => {
    const s = resolveSchedules(parseJobSchedules("kpi-snapshots=0 1 * * *; detect-anomalies=off"));
    expect(s["kpi-snapshots"]).toBe("0 1 * * *");
    expect(s["detect-anomalies"]).toBeNull();
    expect(s["retrain-baselines"]).toBe(defaultSchedules["retrain-baselines"]);
    expect(() => parseJobSchedules("nope=* * * * *")).toThrow(/unknown job "nope"/);
    expect(() => parseJobSchedules("kpi-snapshots=61 * * * *")).toThrow(/kpi-snapshots: "61 \* \* \* \*" is not a cron pattern/);
    expect(() => parseJobSchedules("kpi-snapshots=0 0 1 * * *")).toThrow(/5 fields/);
    expect(() => parseEnv({ JOB_SCHEDULES: "nope=off" })).toThrow(/JOB_SCHEDULES: unknown job/);
    expect(() => parseEnv({ SCHEDULER: "maybe" })).toThrow(/SCHEDULER: must be on or off/);
    expect(parseEnv({ SCHEDULER: "off" }).SCHEDULER).toBe("off");
  });

  it("slots are in the plant's zone, DST-correct", () => {
    // Daily 00:20 Berlin: 23:20 UTC in winter, 22:20 UTC in summer.
    expect(latestSlot("20 0 * * *", "Europe/Berlin", new Date("2026-01-15T12:00:00Z"))?.toISOString()).toBe("2026-01-14T23:20:00.000Z");
    expect(latestSlot("20 0 * * *", "Europe/Berlin", new Date("2026-07-15T12:00:00Z"))?.toISOString()).toBe("2026-07-14T22:20:00.000Z");
    expect(nextSlot("30 3 * * 1", "Europe/Berlin", new Date("2026-03-02T02:30:00Z"))?.toISOString()).toBe("2026-03-09T02:30:00.000Z");
    // A slot exactly at now is the latest slot.
    expect(latestSlot("10 * * * *", "UTC", new Date("2026-03-02T10:10:00Z"))?.toISOString()).toBe("2026-03-02T10:10:00.000Z");
  });
});

describe("job helpers", () => {
  it("KPI snapshot days: the first week, then from the latest day, yesterday always, at most 31", () => {
    expect(yesterdayIn(new Date("2026-01-10T23:30:00Z"), "Europe/Berlin")).toBe("2026-01-10"); // 00:30 on the 11th there
    expect(daysToSnapshot(undefined, "2026-01-10")).toEqual(["2026-01-04", "2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08", "2026-01-09", "2026-01-10"]);
    expect(daysToSnapshot("2026-01-08", "2026-01-10")).toEqual(["2026-01-09", "2026-01-10"]);
    expect(daysToSnapshot("2026-01-10", "2026-01-10")).toEqual(["2026-01-10"]);
    // A long stop is filled over several runs, from the day after the latest: none is skipped.
    const first = daysToSnapshot("2025-01-01", "2026-01-10");
    expect(first).toHaveLength(31);
    expect([first[0], first.at(-1)]).toEqual(["2025-01-02", "2025-02-01"]);
    expect(daysToSnapshot("2025-12-15", "2026-01-10")).toEqual(Array.from({ length: 26 }, (_, i) => new Date(Date.UTC(2025, 11, 16 + i)).toISOString().slice(0, 10)));
  });

  it("counts what a work function answers", () => {
    expect(itemsOf(3)).toBe(3);
    expect(itemsOf([1, 2])).toBe(2);
    expect(itemsOf({ events: [1, 2, 3] })).toBe(3);
    expect(itemsOf({ raised: 4 })).toBe(4);
    // lib/anomaly's answers: events created plus events extended.
    expect(itemsOf({ created: 2, updated: 5, machines: 10 })).toBe(7);
    expect(itemsOf(undefined)).toBe(0);
  });

  it("the retraining rule: quality first, then CV(RMSE) not worse than the active model's", () => {
    const passing = { meets_quality_threshold: true, cv_rmse: 0.12, quality_checks: [] };
    expect(whyNotActivate(passing, { cv_rmse: 0.12 })).toBeNull();
    expect(whyNotActivate(passing, { cv_rmse: 0.15 })).toBeNull();
    expect(whyNotActivate(passing, { cv_rmse: 0.1 })).toMatch(/CV\(RMSE\) 0.1200 is worse than the active model's 0.1000/);
    expect(whyNotActivate({ meets_quality_threshold: false, cv_rmse: 0.01, quality_checks: [{ name: "r_squared", passed: false }, { name: "vif", passed: true }] }, { cv_rmse: 0.5 })).toBe(
      "candidate fails its quality checks (r_squared)",
    );
  });
});
