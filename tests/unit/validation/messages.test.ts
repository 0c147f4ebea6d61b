import { describe, expect, it } from "vitest";
import type { ZodType } from "zod";
import { detailQuerySchema } from "@/lib/validation/anomaly";
import { predictSchema } from "@/lib/validation/baseline";
import { planSchema } from "@/lib/validation/forecast";
import { registerRowSchema, rowSchemas } from "@/lib/validation/ingest";
import { updateMachineSchema } from "@/lib/validation/machines";

// A 400 must say what is wrong with the field. These used to answer with a message for another
// problem: a register row without energy_register_kwh (a gateway sending `register_kwh`) got "must
// be a finite number", a number as `time` got "is required", context_hours=-5 got "must be a
// number of hours", an empty features list got "must be a list of {driver: value} objects", a
// negative rated power zod's "Too small: expected number to be >=0" (shown as is on the data page).

const NOW = Date.parse("2026-12-01T06:00:00Z");
const M = "c0000000-0000-0000-0000-000000000001";

function messages(schema: ZodType, input: unknown): Record<string, string> {
  const r = schema.safeParse(input);
  if (r.success) throw new Error("parsed");
  return Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
}

describe("validation messages name the problem", () => {
  it("an absent required number is 'is required', a wrong one 'must be a finite number'", () => {
    const energy = rowSchemas(undefined, NOW).energy;
    expect(messages(energy, { time: "2026-11-30T10:00:00Z", machine_id: M })).toEqual({ energy_kwh: "is required: a number" });
    expect(messages(energy, { time: "2026-11-30T10:00:00Z", machine_id: M, energy_kwh: "1.5" })).toEqual({ energy_kwh: "must be a finite number" });
    expect(messages(rowSchemas(undefined, NOW).production, { time: "2026-11-30T10:00:00Z", machine_id: M })).toEqual({ production_count: "is required: a number" });
    expect(messages(registerRowSchema(undefined, NOW), { time: "2026-11-30T10:00:00Z", machine_id: M, register_kwh: 5 })).toEqual({
      energy_register_kwh: "is required: a number",
      // Bodies are strict: the gateway's own spelling is named, with the field it stands for.
      "": "unknown field register_kwh; did you mean energy_register_kwh?",
    });
  });

  it("a time that is not text is named as such, an absent one as required", () => {
    const energy = rowSchemas(undefined, NOW).energy;
    expect(messages(energy, { time: 1764496800, machine_id: M, energy_kwh: 1 }).time).toMatch(/^must be an ISO-8601 timestamp as text/);
    expect(messages(energy, { machine_id: M, energy_kwh: 1 }).time).toBe("is required: an ISO-8601 timestamp");
  });

  it("range limits say the range", () => {
    expect(messages(detailQuerySchema, { context_hours: "-5" })).toEqual({ context_hours: "must be at least 0 hours" });
    expect(messages(detailQuerySchema, { context_hours: "100000" })).toEqual({ context_hours: "must be at most 744 hours (31 days)" });
    expect(messages(detailQuerySchema, { context_hours: "abc" })).toEqual({ context_hours: "must be a number of hours" });
    expect(messages(updateMachineSchema, { register_max_kwh: 1e16 })).toEqual({ register_max_kwh: "must be at most 1e15 kWh" });
    expect(messages(updateMachineSchema, { rated_power_kw: -5 })).toEqual({ rated_power_kw: "must not be negative" });
    expect(messages(updateMachineSchema, { rated_power_kw: 2e6 })).toEqual({ rated_power_kw: "must be at most 1e6 kW" });
    expect(messages(updateMachineSchema, { rated_power_kw: "80" })).toEqual({ rated_power_kw: "must be a number of kW" });
    expect(messages(updateMachineSchema, { max_plausible_power_kw: 1e10 })).toEqual({ max_plausible_power_kw: "must be at most 1e9 kW" });
    const model = "93c0f428-4bef-46a4-a729-497f63968fe5";
    expect(messages(predictSchema, { model_id: model, features: [] })).toEqual({ features: "give at least one {driver: value} object" });
    expect(messages(predictSchema, { model_id: model, features: "x" })).toEqual({ features: "must be a list of {driver: value} objects" });
  });
});

// POST /api/v1/forecast/plans with a point's time lacking an offset answered 500 ("a.time.getTime
// is not a function"): the repeat check ran on the point whose time had already failed.
describe("a plan point with a bad time", () => {
  it("is a 400 naming points[i].time, not a crash", () => {
    const body = { machine_id: M, driver: "total_production_count", points: [{ time: "2026-12-02T09:00:00Z", value: 4 }, { time: "2026-12-02T10:00:00", value: 5 }] };
    expect(messages(planSchema, body)).toEqual({ "points.1.time": "must be an ISO-8601 timestamp with an offset: the start of a whole hour" });
    const twice = { ...body, points: [{ time: "2026-12-02T09:00:00Z", value: 4 }, { time: "2026-12-02T09:00:00Z", value: 5 }] };
    expect(messages(planSchema, twice)).toEqual({ "points.1.time": "2026-12-02T09:00:00.000Z appears twice" });
  });
});
