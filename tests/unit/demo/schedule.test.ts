// Plant calendar: shifts in local time across DST switches, weekends and German holidays.
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { describe, expect, it } from "vitest";
import { createDemoPlant, easterDay, generateDemoDays, plantHolidays } from "@/lib/demo";
import type { DemoPlant } from "@/lib/demo";

const DAY = 86_400_000;

/** Local (plant time) first and last minute of each local day in which Pump-1 runs (= shift time). */
function shiftWindows(plant: DemoPlant): Map<string, { first: string; last: string; firstUtc: string }> {
  const pump = plant.machines.find((m) => m.name === "Pump-1")?.id;
  const out = new Map<string, { first: string; last: string; firstUtc: string }>();
  for (const chunk of generateDemoDays(plant)) {
    for (const r of chunk.production) {
      if (r.machineId !== pump || r.machineState !== "running") continue;
      const local = new TZDate(r.time.getTime(), plant.timeZone);
      const day = format(local, "yyyy-MM-dd");
      const hm = format(local, "HH:mm");
      const w = out.get(day);
      if (w) w.last = hm;
      else out.set(day, { first: hm, last: hm, firstUtc: r.time.toISOString() });
    }
  }
  return out;
}

describe("plant calendar", () => {
  it("keeps the shift at 06:00–22:00 local across the October DST switch", () => {
    const plant = createDemoPlant({ days: 10, end: new Date("2026-11-02T00:00:00Z"), seed: 9 });
    const w = shiftWindows(plant);
    // Sunday 25 Oct 2026 clocks go back; 1 Nov is All Saints (a Sunday anyway).
    expect([...w.keys()]).toEqual(["2026-10-23", "2026-10-26", "2026-10-27", "2026-10-28", "2026-10-29", "2026-10-30"]);
    for (const { first, last } of w.values()) expect([first, last]).toEqual(["06:00", "21:59"]);
    expect(w.get("2026-10-23")?.firstUtc).toBe("2026-10-23T04:00:00.000Z"); // CEST
    expect(w.get("2026-10-26")?.firstUtc).toBe("2026-10-26T05:00:00.000Z"); // CET
    expect(plant.holidays).toEqual(["2026-11-01"]);
  });

  it("keeps the shift at 06:00 local across the March DST switch", () => {
    const plant = createDemoPlant({ days: 10, end: new Date("2026-04-02T00:00:00Z"), seed: 9 });
    const w = shiftWindows(plant);
    expect(w.get("2026-03-27")?.firstUtc).toBe("2026-03-27T05:00:00.000Z"); // CET
    expect(w.get("2026-03-30")?.firstUtc).toBe("2026-03-30T04:00:00.000Z"); // CEST
    for (const { first, last } of w.values()) expect([first, last]).toEqual(["06:00", "21:59"]);
    expect(w.has("2026-03-28")).toBe(false);
    expect(w.has("2026-03-29")).toBe(false);
  });

  it("follows the plant's time zone when another is given", () => {
    const plant = createDemoPlant({ days: 10, end: new Date("2026-11-08T00:00:00Z"), seed: 9, timeZone: "America/Chicago" });
    const w = shiftWindows(plant);
    expect(w.get("2026-10-29")?.firstUtc).toBe("2026-10-29T11:00:00.000Z"); // CDT
    expect(w.get("2026-11-02")?.firstUtc).toBe("2026-11-02T12:00:00.000Z"); // CST after 1 Nov
  });

  it("computes Easter and the holiday list for any year", () => {
    const iso = (d: number) => new Date(d * DAY).toISOString().slice(0, 10);
    expect(iso(easterDay(2024))).toBe("2024-03-31");
    expect(iso(easterDay(2025))).toBe("2025-04-20");
    expect(iso(easterDay(2026))).toBe("2026-04-05");
    expect(iso(easterDay(2038))).toBe("2038-04-25");
    expect(plantHolidays(2025)).toEqual([
      "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-01", "2025-05-29", "2025-06-09", "2025-06-19",
      "2025-10-03", "2025-11-01", "2025-12-24", "2025-12-25", "2025-12-26", "2025-12-31",
    ]);
  });

  it("does not produce on holidays, weekends, nights or in breaks", () => {
    // Window around Christmas and New Year 2025/26.
    const plant = createDemoPlant({ days: 14, end: new Date("2026-01-05T00:00:00Z"), seed: 2 });
    expect(plant.holidays).toEqual(["2025-12-24", "2025-12-25", "2025-12-26", "2025-12-31", "2026-01-01"]);
    const holidays = new Set(plant.holidays);
    const producers = new Set(plant.machines.filter((m) => m.type === "injection_molding" || m.type === "oven").map((m) => m.id));
    const perDay = new Map<string, number>();
    let duringBreaks = 0;
    for (const chunk of generateDemoDays(plant)) {
      for (const r of chunk.production) {
        if (!producers.has(r.machineId)) continue;
        const local = new TZDate(r.time.getTime(), plant.timeZone);
        const day = format(local, "yyyy-MM-dd");
        perDay.set(day, (perDay.get(day) ?? 0) + r.productionCount);
        const hm = format(local, "HH:mm");
        if (r.productionCount > 0 && ((hm >= "09:00" && hm < "09:15") || (hm >= "11:30" && hm < "12:00") || hm < "06:00" || hm >= "22:00")) duringBreaks++;
      }
    }
    expect(duringBreaks).toBe(0);
    perDay.delete("2026-01-05"); // the window ends at 01:00 local that day
    for (const [day, count] of perDay) {
      const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
      if (holidays.has(day) || weekday === 0 || weekday === 6) expect(count, day).toBe(0);
      else expect(count, day).toBeGreaterThan(1000);
    }
  });

  it("changes products and machine states during the week", () => {
    const plant = createDemoPlant({ days: 14, end: new Date("2025-11-25T00:00:00Z"), seed: 2 });
    const im = plant.machines.find((m) => m.name === "Injection-Molding-1")?.id;
    const products = new Set<string | null>();
    const states = new Set<string>();
    let changes = 0;
    let last: string | null = null;
    for (const chunk of generateDemoDays(plant)) {
      for (const r of chunk.production) {
        if (r.machineId !== im) continue;
        products.add(r.productId);
        states.add(r.machineState);
        if (last !== null && r.productId !== last) changes++;
        last = r.productId;
      }
    }
    expect(states).toEqual(new Set(["running", "idle", "off"]));
    expect(products.size).toBe(3);
    expect(changes).toBeGreaterThanOrEqual(5);
    expect(plant.products.filter((p) => p.machineId === im).map((p) => p.id).sort()).toEqual([...products].sort());
  });
});
