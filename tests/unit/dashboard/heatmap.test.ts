import { describe, expect, it } from "vitest";
import { loadProfileGrid, viridis } from "@/lib/dashboard/heatmap";

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

  it("sums the repeated hour of the autumn DST change", () => {
    const grid = loadProfileGrid(
      [
        { time: "2026-10-25T00:00:00.000Z", kwh: 1 }, // 02:00 CEST
        { time: "2026-10-25T01:00:00.000Z", kwh: 2 }, // 02:00 CET
      ],
      "Europe/Berlin",
    );
    expect(grid.days[0]!.cells[2]).toBe(3);
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
