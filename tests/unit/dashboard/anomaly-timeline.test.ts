import { describe, expect, it } from "vitest";
import { readEvidence, seriesRows, timelineLanes, type TimelineEvent } from "@/lib/dashboard/anomaly-timeline";
import { anomalyListParams } from "@/lib/api-client/anomaly";

const H = 3_600_000;
const T0 = Date.parse("2026-11-01T00:00:00Z");
const iso = (h: number) => new Date(T0 + h * H).toISOString();
const ev = (id: string, machine: string, startH: number, endH: number, kwh: number, severity = "medium"): TimelineEvent => ({
  id,
  machine_id: machine,
  machine_name: machine.toUpperCase(),
  start: iso(startH),
  end: iso(endH),
  severity,
  excess_kwh: kwh,
  excess_cost: null,
});

describe("timeline lanes", () => {
  const from = T0;
  const to = T0 + 10 * 24 * H; // 10 days: the minimum bar width is 0.4 % = 0.96 h

  it("puts one lane per machine, the most excess kWh first, ties by name", () => {
    const { lanes, bars } = timelineLanes([ev("a1", "a", 5, 8, 10), ev("b1", "b", 1, 2, 30), ev("a2", "a", 30, 40, 25), ev("c1", "c", 3, 4, 35)], from, to);
    // a: 10 + 25 = 35, c: 35 (tie, a before c by name), b: 30
    expect(lanes.map((l) => [l.machine_id, l.events, l.excess_kwh])).toEqual([
      ["a", 2, 35],
      ["c", 1, 35],
      ["b", 1, 30],
    ]);
    expect(bars.find((b) => b.id === "b1")!.lane).toBe(2);
    expect(bars.find((b) => b.id === "a2")).toMatchObject({ x1: T0 + 30 * H, x2: T0 + 40 * H, lane: 0, clippedStart: false, clippedEnd: false });
  });

  it("clips events running over the window's ends and drops those outside it", () => {
    const { lanes, bars } = timelineLanes([ev("early", "a", -5, 3, 1), ev("late", "a", 239, 300, 1), ev("before", "b", -10, 0, 99), ev("after", "b", 240, 250, 99)], from, to);
    expect(lanes.map((l) => l.machine_id)).toEqual(["a"]);
    expect(bars.map((b) => b.id)).toEqual(["early", "late"]);
    expect(bars[0]).toMatchObject({ x1: from, x2: T0 + 3 * H, clippedStart: true, clippedEnd: false });
    expect(bars[1]).toMatchObject({ x1: T0 + 239 * H, x2: to, clippedStart: false, clippedEnd: true });
  });

  it("widens a short event to the minimum width, never past the window's end", () => {
    const { bars } = timelineLanes([ev("short", "a", 10, 10.25, 1), ev("last", "a", 239.9, 240, 1)], from, to);
    expect(bars[0]!.x2 - bars[0]!.x1).toBeCloseTo(0.004 * 240 * H, 6);
    expect(bars[1]!.x2).toBe(to);
  });
});

describe("detail series rows", () => {
  it("gives the band as [lower, upper] and breaks it where an end is missing", () => {
    const rows = seriesRows([
      { time: iso(0), actual_kwh: 5, expected_kwh: 4, lower_kwh: 3, upper_kwh: 5 },
      { time: iso(1), actual_kwh: null, expected_kwh: 4, lower_kwh: null, upper_kwh: 5 },
    ]);
    expect(rows).toEqual([
      { t: T0, actual: 5, expected: 4, band: [3, 5] },
      { t: T0 + H, actual: null, expected: 4, band: null },
    ]);
  });

  it("leaves out the hours from `until` on (the future)", () => {
    const p = (h: number) => ({ time: iso(h), actual_kwh: 1, expected_kwh: 1, lower_kwh: 0, upper_kwh: 2 });
    expect(seriesRows([p(0), p(1), p(2)], T0 + H).map((r) => r.t)).toEqual([T0]);
  });
});

describe("evidence", () => {
  it("reads the stored evidence, drivers and parameters sorted by name", () => {
    const e = readEvidence({
      flagged_buckets: 3,
      actual_kwh: 30,
      expected_kwh: 12,
      expected_source: "baseline",
      peak: { time: iso(2), score: 7.5, actual_kwh: 12, expected_kwh: 4, max_power_kw: 15, drivers: { total_production_count: 40, avg_outdoor_temp_c: 3.5, bad: "x" } },
      parameters: { threshold_low: 4, coverage: 0.9 },
    });
    expect(e).toEqual({
      flagged_buckets: 3,
      actual_kwh: 30,
      expected_kwh: 12,
      expected_source: "baseline",
      peak: { time: iso(2), score: 7.5, actual_kwh: 12, expected_kwh: 4, max_power_kw: 15, drivers: [{ name: "avg_outdoor_temp_c", value: 3.5 }, { name: "total_production_count", value: 40 }] },
      parameters: [{ name: "coverage", value: "0.9" }, { name: "threshold_low", value: "4" }],
    });
  });

  it("shows numeric parameters to 4 significant digits, others as stored", () => {
    // As the idle-leak detector stores them (seen in the anomaly viewer as "base_load_kwh 8.879297853301864").
    const e = readEvidence({ parameters: { base_load_kwh: 8.879297853301864, idle_scale_kwh: 0.8632257788260961, high: 10, method: "profile" } });
    expect(e.parameters).toEqual([
      { name: "base_load_kwh", value: "8.879" },
      { name: "high", value: "10" },
      { name: "idle_scale_kwh", value: "0.8632" },
      { name: "method", value: "profile" },
    ]);
  });

  it("gives nulls for a detector that stores less (a data gap), never throws", () => {
    expect(readEvidence({ flagged_buckets: 6 })).toEqual({ flagged_buckets: 6, actual_kwh: null, expected_kwh: null, expected_source: null, peak: null, parameters: [] });
  });
});

describe("list query string", () => {
  it("uses the API's names and leaves empty filters out", () => {
    expect(anomalyListParams({ machine_id: "m1", status: null, severity: "", detector: "cusum", from: "2026-11-01T00:00:00+01:00" }, { order: "cost" }).toString()).toBe("machine_id=m1&detector=cusum&from=2026-11-01T00%3A00%3A00%2B01%3A00&order=cost");
  });
});
