import { describe, expect, it } from "vitest";
import { bucketRows, reportScope, roundAs } from "@/lib/dashboard/report";

const machines = [
  { id: "a", name: "Compressor-1", area: "Utilities", is_active: true },
  { id: "b", name: "Oven-1", area: "Hall A", is_active: true },
  { id: "c", name: "Old pump", area: "Utilities", is_active: false },
];

describe("report scope", () => {
  it("uses the chosen machines, dropping unknown ids", () => {
    const s = reportScope(machines, ["b", "zzz", "a"], "Utilities");
    expect(s.kind).toBe("machines");
    expect(s.units).toEqual([
      { params: { machine_id: "b" }, label: "Oven-1" },
      { params: { machine_id: "a" }, label: "Compressor-1" },
    ]);
  });

  it("falls back to the area's active machines, then the plant's", () => {
    const area = reportScope(machines, [], "Utilities");
    expect(area.units).toEqual([{ params: { area: "Utilities" }, label: "Area Utilities" }]);
    expect(area.machines.map((m) => m.id)).toEqual(["a"]);
    const plant = reportScope(machines, [], null);
    expect(plant.kind).toBe("plant");
    expect(plant.machines.map((m) => m.id)).toEqual(["a", "b"]);
  });
});

describe("per-bucket rows", () => {
  it("joins cost and CO2 to the energy rows by bucket time, unit after unit", () => {
    const rows = bucketRows([
      {
        label: "Oven-1",
        sec: [
          { time: "t1", energy_kwh: 10, production_count: 4, sec_kwh_per_unit: 2.5, coverage: 1 },
          { time: "t2", energy_kwh: null, production_count: null, sec_kwh_per_unit: null, coverage: 0 },
        ],
        cost: [{ time: "t2", cost: 3 }],
        carbon: [{ time: "t1", co2_kg: 4.2 }],
      },
      { label: "Compressor-1", sec: [{ time: "t1", energy_kwh: 5, production_count: 0, sec_kwh_per_unit: null, coverage: 0.5 }], cost: [], carbon: [] },
    ]);
    expect(rows).toEqual([
      { time: "t1", unit: "Oven-1", energy_kwh: 10, production_count: 4, sec_kwh_per_unit: 2.5, cost: null, co2_kg: 4.2, coverage: 1 },
      { time: "t2", unit: "Oven-1", energy_kwh: null, production_count: null, sec_kwh_per_unit: null, cost: 3, co2_kg: null, coverage: 0 },
      { time: "t1", unit: "Compressor-1", energy_kwh: 5, production_count: 0, sec_kwh_per_unit: null, cost: null, co2_kg: null, coverage: 0.5 },
    ]);
  });

  it("rounds as displayed", () => {
    expect(roundAs(1234.5678, 1)).toBe(1234.6);
    expect(roundAs(0.25404889, 3)).toBe(0.254);
    expect(roundAs(null, 2)).toBeNull();
    expect(roundAs(Number.NaN, 2)).toBeNull();
  });
});

describe("compare columns", () => {
  const TZ = "Europe/Berlin";
  const ms = [
    { id: "a", name: "Compressor-1" },
    { id: "b", name: "Oven-1" },
  ];
  const base = { start_date: "2026-11-16", end_date: "2026-11-23", compare_start_date: null, compare_end_date: null };
  it("asks for two machines, then gives one column per machine over the period", async () => {
    const { compareColumns } = await import("@/lib/dashboard/compare");
    expect(compareColumns({ ...base, mode: "machines", machine_id: ["a"] }, ms, 7, TZ).problem).toMatch(/Choose 2 to 6 machines/);
    const { columns } = compareColumns({ ...base, mode: "machines", machine_id: ["b", "a"] }, ms, 7, TZ);
    expect(columns.map((c) => c.label)).toEqual(["Oven-1", "Compressor-1"]);
    expect(new Date(columns[0]!.period.from).toISOString()).toBe("2026-11-15T23:00:00.000Z");
  });

  it("compares one machine with the period before when no second period is named", async () => {
    const { compareColumns } = await import("@/lib/dashboard/compare");
    const { columns } = compareColumns({ ...base, mode: "periods", machine_id: ["a"] }, ms, 7, TZ);
    expect(columns.map((c) => c.label)).toEqual(["Compressor-1, 16 Nov 2026 – 22 Nov 2026", "Compressor-1, 9 Nov 2026 – 15 Nov 2026"]);
    const named = compareColumns({ ...base, mode: "periods", machine_id: ["a"], compare_start_date: "2025-11-16", compare_end_date: "2025-11-23" }, ms, 7, TZ);
    expect(named.columns[1]!.label).toBe("Compressor-1, 16 Nov 2025 – 22 Nov 2025");
  });

  const eight = Array.from({ length: 8 }, (_, i) => ({ id: `m${i + 1}`, name: `M-${i + 1}` }));
  it("drops repeated, unknown and extra ids from a link and says which (machines mode)", async () => {
    const { cleanCompareIds, compareColumns } = await import("@/lib/dashboard/compare");
    expect(cleanCompareIds("machines", ["m1", "m2"], eight)).toEqual({ ids: ["m1", "m2"], note: null });
    // A,A: one machine, not Compressor-1 against itself.
    const twice = cleanCompareIds("machines", ["a", "a"], ms);
    expect(twice).toEqual({ ids: ["a"], note: "The link named 2 machine ids: Compressor-1 was named more than once and is compared once." });
    expect(compareColumns({ ...base, mode: "machines", machine_id: ["a", "a"] }, ms, 7, TZ).problem).toBe("Choose 2 to 6 machines to compare (1 chosen).");
    // Seven: the first six kept, the seventh named.
    const seven = cleanCompareIds("machines", ["m1", "m2", "m3", "m4", "m5", "m6", "m7"], eight);
    expect(seven.ids).toEqual(["m1", "m2", "m3", "m4", "m5", "m6"]);
    expect(seven.note).toBe("The link named 7 machine ids: at most 6 machines are compared: the first 6 named are kept, M-7 left out.");
    expect(compareColumns({ ...base, mode: "machines", machine_id: ["m1", "m2", "m3", "m4", "m5", "m6", "m7"] }, eight, 7, TZ).columns).toHaveLength(6);
    const mixed = cleanCompareIds("machines", ["m1", "nope", "m1", "m2"], eight);
    expect(mixed).toEqual({ ids: ["m1", "m2"], note: "The link named 4 machine ids: M-1 was named more than once and is compared once; 1 id is not a machine of this plant and was left out." });
  });

  it("periods mode with several ids says which machine it uses", async () => {
    const { cleanCompareIds, compareColumns } = await import("@/lib/dashboard/compare");
    expect(cleanCompareIds("periods", ["b", "a"], ms)).toEqual({ ids: ["b"], note: "The link named 2 machine ids: one machine is compared over two periods: Oven-1 (the first named); Compressor-1 left out." });
    expect(compareColumns({ ...base, mode: "periods", machine_id: ["b", "a"] }, ms, 7, TZ).columns.map((c) => c.machineId)).toEqual(["b", "b"]);
  });
});
