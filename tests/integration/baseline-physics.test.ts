/**
 * Baselines that respect physics, on synthetic hourly rollups with known truth: the sign rule of
 * heating and cooling terms, degree-day sufficiency, and the units of the train response.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, rollupTableTargets, type TestDatabase } from "../helpers/databases";
import { body, jsonRequest, useDatabase } from "../helpers/routes";
import { rng } from "../helpers/fixtures";
import { normal } from "../unit/regression/helpers";
import { POST as trainRoute } from "@/app/api/v1/baseline/train/route";
import { POST as suggestRoute } from "@/app/api/v1/baseline/suggest/route";
import { DEFAULT_SITE_ID } from "@/lib/db/schema/core";
import { hourlyRollups, type HourRow } from "./synthetic-rollups";

const HEATER = "b0000000-0000-0000-0000-000000000001";
const WARM = "b0000000-0000-0000-0000-000000000002";
const T0 = Date.UTC(2025, 2, 3); // Monday 2025-03-03
const H = 3_600_000;
const DAYS = 60;
/** The heater's truth: 10 kWh an hour plus 6 kWh per °C·h below 22 °C. */
const HEAT_BASE = 22;
const HEAT_PER_DEGREE_HOUR = 6;

type Json = Record<string, unknown>;
type Model = Json & { coefficients: Record<string, number>; units: { coefficients: Record<string, string>; intercept: string; rmse: string; mae: string; energy: string }; quality_checks: { name: string; passed: boolean; detail?: string; source: string; value: number }[]; dropped_terms: { driver: string; reason: string }[]; degree_day_bases?: Json };

describe.each(rollupTableTargets())("baseline physics on synthetic data (%s)", (target) => {
  let t: TestDatabase;
  const train = async (b: Json) => trainRoute(jsonRequest("/api/v1/baseline/train", { start_date: new Date(T0).toISOString(), end_date: new Date(T0 + DAYS * 24 * H).toISOString(), ...b }));

  beforeAll(async () => {
    t = await createTestDatabase(target);
    useDatabase(t.db);
    for (const [id, name] of [[HEATER, "Heater"], [WARM, "Warm-room"]] as const) {
      await t.db.query(`INSERT INTO machines (id, site_id, name, type) VALUES ($1, $2, $3, 'boiler')`, [id, DEFAULT_SITE_ID, name]);
    }
    const z = normal(rng(7));
    const heater: HourRow[] = [];
    const warm: HourRow[] = [];
    for (let h = 0; h < DAYS * 24; h++) {
      const day = h / 24;
      const temp = 14 + 8 * Math.sin((2 * Math.PI * day) / 30) + 5 * Math.sin((2 * Math.PI * ((h % 24) - 9)) / 24) + z();
      heater.push({ ms: T0 + h * H, energy: 10 + HEAT_PER_DEGREE_HOUR * Math.max(0, HEAT_BASE - temp) + 0.5 * z(), temp, production: 0, runningMinutes: 60 });
      // A warm room: 19–27 °C, running 30–60 minutes an hour at 8 kWh per running hour.
      const wtemp = 23 + 3 * Math.sin((2 * Math.PI * (h % 24)) / 24) + z();
      const run = 30 + 30 * Math.abs(Math.sin(h / 7));
      warm.push({ ms: T0 + h * H, energy: 2 + (8 * run) / 60 + 0.3 * z(), temp: wtemp, production: 0, runningMinutes: run });
    }
    await hourlyRollups(t.db, HEATER, heater);
    await hourlyRollups(t.db, WARM, warm);
  }, 120_000);
  afterAll(async () => t?.drop());

  it("a heating-only machine with a cooling term of the wrong sign fails physical_signs (the other checks pass: it used to meet the threshold)", async () => {
    const res = await train({ machine_id: HEATER, drivers: ["hdd", "cdd"], hdd_base_c: 15, cdd_base_c: 18, granularity: "daily" });
    expect(res.status).toBe(201);
    const m = (await body(res)) as Model;
    expect(m.coefficients.cdd).toBeLessThan(0);
    const signs = m.quality_checks.find((c) => c.name === "physical_signs")!;
    expect(signs).toMatchObject({ passed: false, value: 1 });
    expect(signs.detail).toMatch(/^cdd = −[\d,.]+ kWh per °C·d < 0: energy should rise with cooling degree-days$/);
    expect(signs.source).toContain("CalTRACK 2.0 §3.4.3.2");
    expect(m.quality_checks.filter((c) => !c.passed).map((c) => c.name)).toEqual(["physical_signs"]);
    expect(m.meets_quality_threshold).toBe(false);
  });

  it("never searches a degree-day base into a wrong-sign term: the heater's cooling term is dropped with the reason and its heating base found", async () => {
    const res = await train({ machine_id: HEATER, drivers: ["hdd", "cdd"] });
    expect(res.status).toBe(201);
    const m = (await body(res)) as Model;
    expect(m.dropped_terms.map((d) => d.driver)).toEqual(["cdd"]);
    expect(m.dropped_terms[0]!.reason).toBe("dropped: at every cooling base with enough degree-days the cdd coefficient is negative, but energy should rise with cooling degree-days (CalTRACK 2.0 §3.4.3.2 disqualifies such models)");
    expect(Object.keys(m.coefficients)).toEqual(["hdd"]);
    expect(Math.abs(Number(m.degree_day_bases!.hdd_base_c) - HEAT_BASE)).toBeLessThanOrEqual(0.5);
    // 6 kWh per °C·h = 144 kWh per °C·d.
    expect(Math.abs(m.coefficients.hdd! - 24 * HEAT_PER_DEGREE_HOUR) / (24 * HEAT_PER_DEGREE_HOUR)).toBeLessThan(0.03);
    expect(m.quality_checks.find((c) => c.name === "physical_signs")).toMatchObject({ passed: true, value: 0 });
    expect(m.units).toMatchObject({ energy: "kWh", intercept: "kWh", rmse: "kWh", mae: "kWh", coefficients: { hdd: "kWh per °C·d" } });
  });

  it("drops a degree-day term whose window holds too few degree-days, keeps the other drivers, and says why", async () => {
    const res = await train({ machine_id: WARM, drivers: ["hdd", "running_hours"], hdd_base_c: 15 });
    expect(res.status).toBe(201);
    const m = (await body(res)) as Model;
    expect(Object.keys(m.coefficients)).toEqual(["running_hours"]);
    expect(m.coefficients.running_hours).toBeCloseTo(8, 0);
    expect(m.dropped_terms).toHaveLength(1);
    expect(m.dropped_terms[0]!.reason).toMatch(/^dropped: at the heating base 15 °C the window holds \d+ days with non-zero degree-days and [\d.]+ °C·d; CalTRACK 2\.0 §3\.2\.2\.2 needs at least 10 days with non-zero degree-days and 20 °C·d$/);
    expect(m.units).toMatchObject({ energy: "kWh", intercept: "kWh", coefficients: { running_hours: "kWh per h" } });
    // With nothing else to fit, the request is refused with the reason.
    const alone = await train({ machine_id: WARM, drivers: ["hdd"], hdd_base_c: 15 });
    expect(alone.status).toBe(422);
    expect(String((await body(alone)).message)).toContain("No driver left to fit: hdd dropped: at the heating base 15 °C");
  });

  it("suggest never proposes the heater's wrong-sign cooling term, nor a degree-day term the window cannot support, and says why", async () => {
    const suggest = async (machine_id: string) =>
      (await body(await suggestRoute(jsonRequest("/api/v1/baseline/suggest", { machine_id, start_date: new Date(T0).toISOString(), end_date: new Date(T0 + DAYS * 24 * H).toISOString() })))) as {
        suggested_drivers: string[];
        candidates: { name: string; selected: boolean; reason: string }[];
        coefficients: Record<string, number>;
        units: { coefficients: Record<string, string>; intercept: string };
      };
    const heater = await suggest(HEATER);
    // The temperature line with a cooling kink wins; hdd beside them would fall with the cold.
    expect(heater.suggested_drivers).toEqual(["avg_outdoor_temp_c", "cdd"]);
    expect(heater.coefficients.cdd).toBeGreaterThan(0);
    expect(heater.candidates.find((c) => c.name === "hdd")!.reason).toMatch(
      /^dropped: coefficient -[\d.]+ < 0 when added to \[avg_outdoor_temp_c, cdd\], but energy should rise with heating degree-days \(CalTRACK 2\.0 §3\.4\.3\.2/,
    );
    expect(heater.units.coefficients).toEqual({ avg_outdoor_temp_c: "kWh per °C", cdd: "kWh per °C·d" });
    expect(heater.units.intercept).toBe("kWh");
    const warm = await suggest(WARM);
    expect(warm.suggested_drivers).not.toContain("hdd");
    expect(warm.candidates.find((c) => c.name === "hdd")!.reason).toMatch(/^dropped: at the heating base 15 °C the window holds \d+ days with non-zero degree-days and [\d.]+ °C·d; CalTRACK 2\.0 §3\.2\.2\.2 needs/);
  });
});
