import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testTargets, type TestDatabase } from "../helpers/databases";
import { DEFAULT_SITE_ID } from "@/lib/db/schema/core";
import { upsertEvents, type NewEvent } from "@/lib/db/queries/anomaly";

// A candidate that bridges two stored events of a machine and detector (a later detection at a
// higher sensitivity flags the hours between them) merges them: one event over the union, each
// hour's excess counted once, the absorbed event's history kept.

const M = "a3000000-0000-0000-0000-000000000001";
const H = 3_600_000;
const T = Date.parse("2026-03-02T10:00:00Z");

function candidate(fromHour: number, toHour: number, severity = "low"): NewEvent {
  const buckets = Array.from({ length: toHour - fromHour }, (_, i) => ({ t: T + (fromHour + i) * H, excessKwh: 1, excessCost: 0.25 }));
  return {
    detector: "profile",
    start: T + fromHour * H,
    end: T + toHour * H,
    severity,
    severityRank: severity === "low" ? 0 : 1,
    peakScore: 5 + fromHour,
    excessKwh: buckets.length,
    excessCost: 0.25 * buckets.length,
    currency: "EUR",
    modelId: null,
    modelVersion: null,
    evidence: { from: fromHour },
    buckets,
  };
}

describe.each(testTargets())("anomaly events merged by a bridging candidate (%s)", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(target);
    await t.db.query(`INSERT INTO machines (id, site_id, name, type, rated_power_kw) VALUES ($1, $2, 'Merge-1', 'motor', 100)`, [M, DEFAULT_SITE_ID]);
  });
  afterAll(async () => t?.drop());

  it("one event over the union with every hour's excess once, history moved, and a rerun changes nothing", async () => {
    // Two events 4 hours apart (further than the 1-hour touch): [0, 2) h and [6, 8) h, 2 kWh each.
    expect(await upsertEvents(t.db, M, [candidate(0, 2), candidate(6, 8, "medium")], H, "test")).toEqual({ created: 2, updated: 0 });
    // Then one candidate over [0, 8) h: 8 hours of 1 kWh.
    expect(await upsertEvents(t.db, M, [candidate(0, 8)], H, "test")).toEqual({ created: 0, updated: 1 });
    const rows = await t.db.query<{ id: string; start_time: Date; end_time: Date; excess_kwh: number; excess_cost: number; currency: string | null; severity: string; peak_score: number; evidence: unknown }>(
      `SELECT id::text AS id, start_time, end_time, excess_kwh, excess_cost, currency, severity, peak_score, evidence FROM anomaly_events WHERE machine_id = $1`,
      [M],
    );
    expect(rows).toHaveLength(1);
    const e = rows[0]!;
    expect([new Date(e.start_time).getTime(), new Date(e.end_time).getTime()]).toEqual([T, T + 8 * H]);
    expect(Number(e.excess_kwh)).toBeCloseTo(8, 9);
    expect(Number(e.excess_cost)).toBeCloseTo(2, 9);
    expect(e.currency).toBe("EUR");
    // Every hour's excess of the merged event, once: 8 hours of 1 kWh.
    const evidence = (typeof e.evidence === "string" ? JSON.parse(e.evidence) : e.evidence) as { bucket_excess_kwh: Record<string, number> };
    expect(Object.entries(evidence.bucket_excess_kwh)).toEqual(Array.from({ length: 8 }, (_, i) => [new Date(T + i * H).toISOString(), 1]));
    expect(e.severity).toBe("medium");
    expect(Number(e.peak_score)).toBe(11);
    const history = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM anomaly_event_history WHERE event_id = $1`, [e.id]);
    expect(history[0]!.n).toBe(2);
    expect(await upsertEvents(t.db, M, [candidate(0, 8)], H, "test")).toEqual({ created: 0, updated: 0 });
  });
});
