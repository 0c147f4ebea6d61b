import { describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { loadProfileGrid, viridis } from "@/lib/dashboard/heatmap";
import { LoadHeatmap } from "@/components/charts/load-heatmap";

describe("load-profile heatmap grid (plant time)", () => {
  it("places hourly buckets by the plant's hour and day, not UTC's", () => {
    const grid = loadProfileGrid(
      [
        { time: "2026-01-14T23:00:00.000Z", kwh: 5 }, // Thu 15 Jan 00:00 in Berlin
        { time: "2026-01-15T12:00:00.000Z", kwh: 7 },
        { time: "2026-01-15T13:00:00.000Z", kwh: null },
      ],
      "Europe/Berlin",
    );
    expect(grid.days.map((d) => d.date)).toEqual(["2026-01-15"]);
    expect(grid.days[0]!.weekday).toBe(3);
    expect(grid.days[0]!.cells[0]).toBe(5);
    expect(grid.days[0]!.cells[13]).toBe(7);
    expect(grid.days[0]!.cells[14]).toBeNull();
    expect([grid.min, grid.max]).toEqual([5, 7]);
  });

  it("gives the repeated hour of the autumn 25-hour day the mean of its two hours, marked, in kWh per hour", () => {
    // Sunday 25 October 2026 in Berlin: 00:00 CEST = 22:00Z the day before; 25 hourly buckets, the
    // 02:00 hour twice (00:00Z at CEST, 01:00Z at CET). 25 kWh an hour but the two 02:00 hours, 26.9 and 26.7.
    const start = Date.parse("2026-10-24T22:00:00.000Z");
    const points = Array.from({ length: 25 }, (_, i) => ({ time: new Date(start + i * 3_600_000).toISOString(), kwh: i === 2 ? 26.9 : i === 3 ? 26.7 : 25 }));
    const grid = loadProfileGrid(points, "Europe/Berlin");
    expect(grid.days.map((d) => d.date)).toEqual(["2026-10-25"]);
    const day = grid.days[0]!;
    // (26.9 + 26.7) ÷ 2 = 26.8, not the sum 53.6, which would be the scale's maximum.
    expect(day.cells[2]).toBeCloseTo(26.8, 12);
    expect(day.repeated).toEqual([2]);
    expect(day.cells.filter((v, h) => h !== 2)).toEqual(new Array(23).fill(25));
    expect(grid.min).toBe(25);
    expect(grid.max).toBeCloseTo(26.8, 12);
    // An ordinary day repeats nothing.
    expect(loadProfileGrid([{ time: "2026-10-26T01:00:00.000Z", kwh: 3 }], "Europe/Berlin").days[0]!.repeated).toEqual([]);
    // The cell's title says what it holds.
    const svg = renderToStaticMarkup(createElement(LoadHeatmap, { grid, timeZone: "Europe/Berlin" }));
    expect(svg).toContain("02:00 (Europe/Berlin): 26.8 kWh (mean of the two 02:00 hours: clock change)");
    expect(svg).toContain("03:00 (Europe/Berlin): 25.0 kWh</title>");
    expect(svg).toContain("kWh per hour:");
  });

  it("leaves out the hour still filling, so a few minutes of it are not drawn as the lowest load", () => {
    // At 06:03 Berlin (05:03Z) the 06:00 hour holds 3 minutes: 2.7 kWh against whole hours of 20 and 30.
    const points = [
      { time: "2026-12-01T03:00:00.000Z", kwh: 20 },
      { time: "2026-12-01T04:00:00.000Z", kwh: 30 },
      { time: "2026-12-01T05:00:00.000Z", kwh: 2.7 },
    ];
    const now = Date.parse("2026-12-01T05:03:00.000Z");
    const grid = loadProfileGrid(points, "Europe/Berlin", now);
    expect(grid.days[0]!.cells.slice(4, 7)).toEqual([20, 30, null]);
    expect([grid.min, grid.max]).toEqual([20, 30]);
    // Once the hour has ended it is drawn.
    expect(loadProfileGrid(points, "Europe/Berlin", Date.parse("2026-12-01T06:00:00.000Z")).days[0]!.cells[6]).toBe(2.7);
  });

  it("maps 0 and 1 to viridis's ends", () => {
    expect(viridis(0)).toBe("#440154");
    expect(viridis(1)).toBe("#fde725");
  });
});
