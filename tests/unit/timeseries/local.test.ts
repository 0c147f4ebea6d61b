import { describe, expect, it } from "vitest";
import { localCeil, localFloor, localStarts, nextLocal, wholeHourOffsets } from "@/lib/timeseries/local";

const iso = (ms: number) => new Date(ms).toISOString();
const at = (s: string) => Date.parse(s);

describe("the local calendar", () => {
  it("Berlin days last 23 hours in spring and 25 in autumn", () => {
    expect(nextLocal(at("2025-03-29T23:00:00Z"), "day", "Europe/Berlin") - at("2025-03-29T23:00:00Z")).toBe(23 * 3_600_000);
    expect(nextLocal(at("2025-10-25T22:00:00Z"), "day", "Europe/Berlin") - at("2025-10-25T22:00:00Z")).toBe(25 * 3_600_000);
  });
  it("floors and ceils to local midnights, ISO Mondays and first days of months", () => {
    expect(iso(localFloor(at("2025-01-08T12:00:00Z"), "day", "Europe/Berlin"))).toBe("2025-01-07T23:00:00.000Z");
    expect(iso(localFloor(at("2025-01-08T12:00:00Z"), "week", "Europe/Berlin"))).toBe("2025-01-05T23:00:00.000Z");
    expect(iso(localFloor(at("2025-01-08T12:00:00Z"), "month", "Europe/Berlin"))).toBe("2024-12-31T23:00:00.000Z");
    expect(iso(localCeil(at("2025-01-07T23:00:00Z"), "day", "Europe/Berlin"))).toBe("2025-01-07T23:00:00.000Z");
    expect(iso(localCeil(at("2025-01-07T23:00:01Z"), "day", "Europe/Berlin"))).toBe("2025-01-08T23:00:00.000Z");
  });
  it("starts the day at 01:00 where DST begins at midnight (Santiago), as PostgreSQL's date_trunc does", () => {
    expect(iso(localFloor(at("2025-09-07T12:00:00Z"), "day", "America/Santiago"))).toBe("2025-09-07T04:00:00.000Z");
  });
  it("lists the starts of the buckets that begin in a window", () => {
    expect(localStarts(at("2025-01-06T00:00:00Z"), at("2025-01-09T00:00:00Z"), "day", "Asia/Kolkata").map(iso)).toEqual([
      "2025-01-06T18:30:00.000Z",
      "2025-01-07T18:30:00.000Z",
      "2025-01-08T18:30:00.000Z",
    ]);
  });
  it("tells zones with half-hour offsets apart", () => {
    expect(wholeHourOffsets("Europe/Berlin", at("2025-01-01T00:00:00Z"), at("2026-01-01T00:00:00Z"))).toBe(true);
    expect(wholeHourOffsets("Asia/Kolkata", at("2025-01-01T00:00:00Z"), at("2025-01-02T00:00:00Z"))).toBe(false);
  });
});
