// Plan calibration at a lead (lib/forecast/plans.ts planCalibration, used by the baseline method):
// a hand-made plant whose answers are known. Weekdays (UTC): the early shift 06–14 is planned at 10
// a week ahead and makes 8 (attainment 0.8); on every fourth weekday a late shift 14–22 is added,
// made at 10, and the plan is revised to 10 two days before the day; otherwise nothing.
import { describe, expect, it } from "vitest";
import { calendarValues } from "@/lib/analytics/drivers/calendar";
import { baselineRows } from "@/lib/forecast/baseline-method";
import { planCalibration, type PlannedSeries } from "@/lib/forecast/plans";
import type { ModelSpec } from "@/lib/analytics/baseline/model";

const H = 3_600_000;
const DAY = 24 * H;
const T = Date.UTC(2025, 5, 2); // a Monday
const WEEKS = 6;
const origin = T + WEEKS * 7 * DAY;
const bucket = (t: number) => {
  const c = calendarValues(t, "UTC");
  return c.is_weekend * 24 + (c.hour_of_week % 24);
};

function plant() {
  const plan: PlannedSeries = new Map();
  const metered = { start: T, values: new Float64Array(WEEKS * 7 * 24 + 8 * 24) };
  let weekday = 0;
  for (let d = 0; d < WEEKS * 7 + 8; d++) {
    const day = T + d * DAY;
    const isWeekday = new Date(day).getUTCDay() % 6 !== 0;
    const added = isWeekday && weekday++ % 4 === 3;
    for (let h = 0; h < 24; h++) {
      const t = day + h * H;
      const early = isWeekday && h >= 6 && h < 14;
      const late = added && h >= 14 && h < 22;
      const issues: Array<[number, number]> = [[day - 7 * DAY, early ? 10 : 0]];
      if (late) issues.push([day - 2 * DAY, 10]);
      plan.set(t, issues);
      metered.values[d * 24 + h] = early ? 8 : late ? 10 : 0;
    }
  }
  return { plan, metered };
}

describe("plan calibration at a lead", () => {
  const { plan, metered } = plant();
  const weekday15 = bucket(origin + 15 * H); // origin is a Monday: weekday 15:00
  // Over the 4 weeks before the origin: 20 weekdays, 5 with an added late shift (weekdays 4, 8, … counted from the start).
  let added = 0;
  for (let t = origin - 28 * DAY; t < origin; t += DAY) if (metered.values[(t + 15 * H - T) / H] === 10) added++;

  it("with plans as old as three days, the added shifts are unplanned: attainment 0.8, a planned 0 at 15:00 is their share of a shift", () => {
    const c = planCalibration(plan, metered, origin, 3 * DAY, bucket);
    expect(added).toBe(5);
    expect(c.ratio).toBeCloseTo(0.8, 12);
    expect(c.hours).toBe(20 * 8);
    expect(c.unplanned[weekday15]).toBeCloseTo((10 * added) / 20, 12);
    expect(c.unplanned[bucket(origin + 3 * H)]).toBe(0); // weekday night: planned 0, made 0
    expect(c.unplanned[24 + 10]).toBe(0); // weekend 10:00
  });

  it("with plans known on the day (the revision is out), the added shifts are planned and met: no unplanned output", () => {
    const c = planCalibration(plan, metered, origin, 0, bucket);
    // Early: 160 h × 8 of 10; late: 5 × 8 h × 10 of 10.
    expect(c.ratio).toBeCloseTo((160 * 8 + 40 * 10) / (160 * 10 + 40 * 10), 12);
    expect(c.unplanned[weekday15]).toBe(0);
  });

  it("the baseline's planned production at a lead of 3 days is the calibration's; at a lead under 2 days the revision is read", () => {
    const spec = { inputs: ["total_production_count"] } as unknown as ModelSpec;
    const input = { spec, timeZone: "UTC", hddBaseC: 18, cddBaseC: 22, history: { total_production_count: metered }, planned: { total_production_count: plan } };
    // Origin Monday 00:00; hours: Tuesday 15:00 (lead 1 day), Thursday 15:00 and 08:00 (lead 3 days).
    const hours = [origin + DAY + 15 * H, origin + 3 * DAY + 15 * H, origin + 3 * DAY + 8 * H];
    const rows = baselineRows(input, origin, hours);
    const value = (i: number) => rows[i]!.total_production_count!;
    const calAt = (lead: number) => planCalibration(plan, metered, origin, lead, bucket);
    // Tuesday: planned 0 as known at the origin (no revision published for it yet unless added).
    const tuesdayPlanned = plan.get(hours[0]!)!.filter(([issued]) => issued <= origin).at(-1)![1];
    expect(value(0)).toBeCloseTo(tuesdayPlanned > 0 ? tuesdayPlanned * calAt(DAY).ratio : calAt(DAY).unplanned[weekday15]!, 12);
    expect(value(1)).toBeCloseTo(calAt(3 * DAY).unplanned[weekday15]!, 12);
    expect(value(1)).toBeCloseTo(2.5, 12);
    expect(value(2)).toBeCloseTo(10 * 0.8, 12);
  });
});
