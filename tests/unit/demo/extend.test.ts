import { describe, expect, it } from "vitest";
import { createDemoPlant, generateDemoDays } from "@/lib/demo";
import { continuedPlant } from "@/lib/demo/extend";

// The continued plant repeats the seeded window's rows (the generator's streams depend on the seed
// and the start only) and places one more cycle of faults per window length after it.

const END = new Date("2025-11-25T00:00:00Z");
const DAY = 86_400_000;

describe("continuedPlant", () => {
  it("generates the seeded window's rows unchanged, then goes on", () => {
    const base = createDemoPlant({ days: 3, end: END, seed: 8 });
    const longer = continuedPlant({ seed: 8, timeZone: base.timeZone, start: base.start, seededEnd: base.end }, new Date(END.getTime() + DAY));
    const a = [...generateDemoDays(base)];
    const b = [...generateDemoDays(longer)];
    expect(b).toHaveLength(4);
    for (let d = 0; d < 3; d++) {
      expect(b[d]!.energy).toEqual(a[d]!.energy);
      expect(b[d]!.production).toEqual(a[d]!.production);
      expect(b[d]!.environmental).toEqual(a[d]!.environmental);
    }
    expect(b[3]!.energy[0]!.time.toISOString()).toBe(END.toISOString());
  });

  it("keeps the seeded faults and adds the same kinds in the last third of each later window", () => {
    const base = createDemoPlant({ days: 9, end: END, seed: 3 });
    const anchor = { seed: 3, timeZone: base.timeZone, start: base.start, seededEnd: base.end };
    const span = 9 * DAY;
    const longer = continuedPlant(anchor, new Date(END.getTime() + span + DAY));
    const later = longer.anomalies.filter((a) => a.start >= END);
    expect(longer.anomalies.filter((a) => a.start < END)).toEqual(base.anomalies);
    expect(later.filter((a) => a.start.getTime() < END.getTime() + span).map((a) => a.kind).sort()).toEqual(base.anomalies.map((a) => a.kind).sort());
    for (const a of later.filter((x) => x.start.getTime() < END.getTime() + span)) expect(a.start.getTime()).toBeGreaterThanOrEqual(END.getTime() + (2 * span) / 3 - 1);
    // The continuation depends on the anchor only, not on how far it is asked for.
    const shorter = continuedPlant(anchor, new Date(END.getTime() + span));
    expect(shorter.anomalies).toEqual(longer.anomalies.filter((a) => a.start.getTime() < END.getTime() + span));
  });
});
