/**
 * One machine with a monthly bill must not break the overview's stacked energy chart: in daily
 * buckets it is left out and named (by name, in plant time), the other machine is stacked as
 * usual, and the series API's 400 carries what a page needs to say the same (machine id, bucket
 * start, granularity, the granularities that hold the readings).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testTargets, type TestDatabase } from "../helpers/databases";
import { writeEnergy } from "../helpers/readings";
import { params, useDatabase } from "../helpers/routes";
import { DEFAULT_SITE_ID } from "@/lib/db/schema/core";
import { overviewEnergy } from "@/lib/dashboard/overview-data";
import { GET as seriesGET } from "@/app/api/v1/machines/[id]/series/route";

const BILLED = "b1000000-0000-0000-0000-000000000001";
const METERED = "b1000000-0000-0000-0000-000000000002";
const H = 3_600_000;
// Berlin: September 2026 runs from 2026-08-31T22:00Z to 2026-09-30T22:00Z (CEST).
const SEP = Date.UTC(2026, 7, 31, 22);
const OCT = Date.UTC(2026, 8, 30, 22);

describe.each(testTargets())("overview energy with a billed machine (%s)", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(target);
    useDatabase(t.db);
    await t.db.query(`UPDATE sites SET time_zone = 'Europe/Berlin' WHERE id = $1`, [DEFAULT_SITE_ID]);
    await t.db.query(`INSERT INTO machines (id, site_id, name, type) VALUES ($1, $3, 'Press-7', 'compressor'), ($2, $3, 'Oven-1', 'compressor')`, [BILLED, METERED, DEFAULT_SITE_ID]);
    await writeEnergy(t.db, BILLED, [[SEP, 5000, (OCT - SEP) / 1000]]);
    const hourly: [number, number, number][] = [];
    for (let x = SEP; x < SEP + 3 * 24 * H; x += H) hourly.push([x, 2, 3600]);
    await writeEnergy(t.db, METERED, hourly);
  }, 120_000);
  afterAll(async () => t?.drop());

  it("daily: the billed machine is left out and named in plant time; the metered one is stacked", async () => {
    const e = await overviewEnergy(t.db, { from: SEP, to: OCT }, "daily", "Europe/Berlin");
    expect(e.bucket).toBe("daily");
    expect(e.machines.map((m) => m.name)).toEqual(["Oven-1"]);
    expect(e.absent).toHaveLength(1);
    expect(e.absent[0]!.id).toBe(BILLED);
    expect(e.absent[0]!.reason).toBe(
      "Press-7 has readings longer than a daily bucket (the one starting Tue, 1 Sept 2026, 00:00, Europe/Berlin), such as monthly bills or daily reads, which are never spread over buckets: choose monthly to see them.",
    );
    // Three days of 24 × 2 kWh.
    expect(e.rows.map((r) => r.total)).toEqual([48, 48, 48]);
    expect(e.pareto.map((p) => [p.name, p.value])).toContainEqual(["Oven-1", 144]);
  }, 60_000);

  it("monthly: nothing is left out", async () => {
    const e = await overviewEnergy(t.db, { from: SEP, to: OCT }, "monthly", "Europe/Berlin");
    expect(e.absent).toEqual([]);
    expect(e.rows[0]!.total).toBe(5144);
  }, 60_000);

  it("the series API's 400 names the machine, the bucket and the granularities that hold the readings", async () => {
    const res = await seriesGET(new Request(`http://localhost/api/v1/machines/${BILLED}/series?metrics=energy&from=2026-09-01&to=2026-10-01&bucket=hourly`), params({ id: BILLED }));
    expect(res.status).toBe(400);
    const b = (await res.json()) as Record<string, unknown>;
    expect(b).toMatchObject({ machine_id: BILLED, bucket_start: new Date(SEP).toISOString(), granularity: "hourly", supported_granularities: ["monthly"] });
  }, 60_000);
});
