import { describe, expect, it } from "vitest";
import { tzOffset } from "@date-fns/tz";
import { localParts, offsetMinutes } from "@/lib/analytics/drivers/calendar";

describe("calendar offsets (cached per UTC day)", () => {
  it.each(["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Chatham", "UTC"])(
    "equals tzOffset every 15 minutes over two years in %s",
    (zone) => {
      const start = Date.UTC(2024, 0, 1);
      for (let ms = start; ms < start + 731 * 86_400_000; ms += 900_000) {
        const want = tzOffset(zone, new Date(ms));
        if (offsetMinutes(zone, ms) !== want) expect(`${new Date(ms).toISOString()} ${offsetMinutes(zone, ms)}`).toBe(`${new Date(ms).toISOString()} ${want}`);
      }
    },
  );

  it("gives the local wall clock on both sides of a DST change", () => {
    // Europe/Berlin, 2025-03-30: 01:00 UTC is 03:00 CEST; 00:59 UTC is 01:59 CET.
    expect(localParts(Date.UTC(2025, 2, 30, 0, 59), "Europe/Berlin")).toMatchObject({ day: 30, hour: 1 });
    expect(localParts(Date.UTC(2025, 2, 30, 1, 0), "Europe/Berlin")).toMatchObject({ day: 30, hour: 3 });
    // 2025-10-26: 00:30 UTC is 02:30 CEST, 01:30 UTC is 02:30 CET.
    expect(localParts(Date.UTC(2025, 9, 26, 0, 30), "Europe/Berlin").hour).toBe(2);
    expect(localParts(Date.UTC(2025, 9, 26, 1, 30), "Europe/Berlin").hour).toBe(2);
    expect(localParts(Date.UTC(2025, 9, 26, 23, 30), "Europe/Berlin")).toMatchObject({ day: 27, hour: 0, weekday: 1 });
  });
});
