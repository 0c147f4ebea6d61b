/**
 * A first saved baseline that fails a quality check (data coverage: 5 of every 8 hours metered,
 * 62.5 % < 90 %) is active, as documented, but neither the model health API nor the overview's
 * EnPI reads it as healthy: both name the failed check with its value and limit.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, rollupTableTargets, type TestDatabase } from "../helpers/databases";
import { body, jsonRequest, params, useDatabase } from "../helpers/routes";
import { rng } from "../helpers/fixtures";
import { normal } from "../unit/regression/helpers";
import { POST as trainRoute } from "@/app/api/v1/baseline/train/route";
import { GET as healthRoute } from "@/app/api/v1/baseline/models/[model_id]/health/route";
import { machineEnpis } from "@/lib/kpi/enpi";
import { kpiWindow } from "@/lib/kpi/buckets";
import { DEFAULT_SITE_ID } from "@/lib/db/schema/core";
import { hourlyRollups, type HourRow } from "./synthetic-rollups";

const GAPPY = "f2000000-0000-0000-0000-000000000001";
const T0 = Date.UTC(2025, 2, 3); // Monday
const H = 3_600_000;
const WEEK = 168 * H;
const END = T0 + 8 * WEEK;
const iso = (ms: number) => new Date(ms).toISOString();

describe.each(rollupTableTargets())("a first baseline that fails a check (%s)", (target) => {
  let t: TestDatabase;
  let modelId = "";

  beforeAll(async () => {
    t = await createTestDatabase(target);
    useDatabase(t.db);
    await t.db.query(`INSERT INTO machines (id, site_id, name, type) VALUES ($1, $2, 'Gappy', 'compressor')`, [GAPPY, DEFAULT_SITE_ID]);
    const z = normal(rng(5));
    const rows: HourRow[] = [];
    for (let ms = T0; ms < END; ms += H) {
      const units = (ms / H) % 24 >= 6 && (ms / H) % 24 < 22 ? 30 + 3 * z() : 0;
      // Hours 0, 1 and 2 of every 8 have no energy reading: 5/8 = 62.5 % of the buckets complete.
      const metered = (ms / H) % 8 >= 3;
      rows.push({ ms, energy: metered ? 5 + 0.8 * units + 0.3 * z() : null, temp: 10, production: units, runningMinutes: units > 0 ? 60 : 0 });
    }
    await hourlyRollups(t.db, GAPPY, rows);
    const res = await trainRoute(jsonRequest("/api/v1/baseline/train", { machine_id: GAPPY, start_date: iso(T0), end_date: iso(T0 + 6 * WEEK), drivers: ["total_production_count"] }));
    const m = await body(res);
    expect(res.status, JSON.stringify(m).slice(0, 300)).toBe(201);
    expect(m.is_active).toBe(true);
    const failed = (m.quality_checks as { name: string; passed: boolean; value: number }[]).filter((c) => !c.passed);
    expect(failed.map((c) => [c.name, c.value])).toEqual([["data_coverage", 0.625]]);
    modelId = m.model_id as string;
  }, 120_000);
  afterAll(async () => t?.drop());

  it("model health: fails_checks with the check named, never ok or healthy, though the last 30 days fit", async () => {
    const res = await healthRoute(new Request(`http://localhost/x?as_of=${iso(END)}`), params({ model_id: modelId }));
    expect(res.status).toBe(200);
    const h = await body(res);
    // The recent fit alone would have been "ok": no drift, CV(RMSE) well within 30 %.
    expect(h.drift).toBe(false);
    expect(h.cv_rmse as number).toBeLessThan(0.3);
    expect(h.status).toBe("fails_checks");
    expect(h.quality_checks_passed).toBe(false);
    expect(h.label).toBe("Active — fails data coverage (62.5 % < 90 %)");
    expect((h.failed_checks as { name: string; value: number }[]).map((c) => [c.name, c.value])).toEqual([["data_coverage", 0.625]]);
    expect(JSON.stringify(h)).not.toMatch(/healthy/);
  });

  it("EnPI: the ratio form, saying which check the active baseline fails", async () => {
    const w = kpiWindow(END - 7 * 24 * H, END, "daily", "Europe/Berlin", true);
    const [e] = await machineEnpis(t.db, w, [{ id: GAPPY, name: "Gappy" }]);
    expect(e!.form).toBe("ratio");
    expect(e!.reason).toBe("the active baseline (version 1) fails data coverage (62.5 % < 90 %)");
  });
});
