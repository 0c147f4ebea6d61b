import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, testTargets, type TestDatabase } from "../helpers/databases";
import { body, params, useDatabase } from "../helpers/routes";
import { DEFAULT_SITE_ID } from "@/lib/db/schema/core";
import { GET as listRunsRoute } from "@/app/api/v1/jobs/[name]/runs/route";
import { GET as listEventsRoute } from "@/app/api/v1/anomaly/route";

// Keyset paging must visit every row exactly once, in one total order, even when sort keys tie
// or differ only below a millisecond (PostgreSQL keeps microseconds; a JavaScript Date does not).
// Regressions: job runs paged on started_at alone (ties repeated or vanished), and the anomaly
// list's cursor held the start time rounded to milliseconds.

const M = "a2000000-0000-0000-0000-000000000001";

type Page = Record<string, unknown>;

async function walk(first: string, next: (page: Page) => string | null, fetchPage: (query: string) => Promise<Page>, items: (page: Page) => { id: string }[]): Promise<string[]> {
  const seen: string[] = [];
  let query: string | null = first;
  for (let n = 0; query !== null && n < 100; n++) {
    const page = await fetchPage(query);
    seen.push(...items(page).map((r) => r.id));
    query = next(page);
  }
  return seen;
}

describe.each(testTargets())("keyset paging on %s", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(target);
    useDatabase(t.db);
    await t.db.query(`INSERT INTO machines (id, site_id, name, type) VALUES ($1, $2, 'Paging-M', 'motor')`, [M, DEFAULT_SITE_ID]);
  });
  afterAll(async () => t?.drop());

  describe("GET /api/v1/jobs/{name}/runs", () => {
    beforeEach(async () => {
      await t.db.query(`TRUNCATE job_runs`);
    });
    const runs = (query: string) => listRunsRoute(new Request(`http://localhost/api/v1/jobs/kpi-snapshots/runs${query}`), params({ name: "kpi-snapshots" })).then(body);

    it("pages through runs that share a start time, and runs microseconds apart, each exactly once", async () => {
      // Four runs at the same instant, two within one millisecond of them, one older.
      const starts = ["2026-01-01T10:00:00Z", "2026-01-01T10:00:00Z", "2026-01-01T10:00:00Z", "2026-01-01T10:00:00Z", "2026-01-01T10:00:00.000400Z", "2026-01-01T10:00:00.000700Z", "2026-01-01T09:00:00Z"];
      const ids: string[] = [];
      for (const [i, s] of starts.entries()) {
        const [row] = await t.db.query<{ id: string }>(
          `INSERT INTO job_runs (job, trigger, started_at, finished_at, status, duration_ms, items_processed, instance) VALUES ('kpi-snapshots', 'manual', $1, $1, 'succeeded', 5, $2, 'test:1') RETURNING id::text AS id`,
          [s, i],
        );
        ids.push(row!.id);
      }
      for (const limit of [1, 2, 3]) {
        const seen = await walk(
          `?limit=${limit}`,
          (p) => (p.next_before ? `?limit=${limit}&before=${encodeURIComponent(p.next_before as string)}` : null),
          runs,
          (p) => p.runs as { id: string }[],
        );
        expect(seen.length, `limit ${limit}`).toBe(7);
        expect(new Set(seen).size).toBe(7);
        // Newest first: the two sub-millisecond runs, then the four ties (by id, descending), then the old one.
        expect(seen.slice(0, 2)).toEqual([ids[5], ids[4]]);
        expect(seen.slice(2, 6)).toEqual(ids.slice(0, 4).sort().reverse());
        expect(seen[6]).toBe(ids[6]);
      }
    });

    it("still accepts a plain instant in before (runs started before it)", async () => {
      for (const s of ["2026-01-01T08:00:00Z", "2026-01-01T09:00:00Z", "2026-01-01T10:00:00Z"]) {
        await t.db.query(`INSERT INTO job_runs (job, trigger, started_at, status, instance) VALUES ('kpi-snapshots', 'manual', $1, 'succeeded', 'test:1')`, [s]);
      }
      const page = await runs(`?before=${encodeURIComponent("2026-01-01T10:00:00+01:00")}`);
      expect((page.runs as { started_at: string }[]).map((r) => r.started_at)).toEqual(["2026-01-01T08:00:00.000Z"]);
    });
  });

  describe("GET /api/v1/anomaly", () => {
    const ids: string[] = [];
    beforeAll(async () => {
      await t.db.query(`TRUNCATE anomaly_events CASCADE`);
      // Starts that tie, or differ by microseconds; costs that tie, one negative (a credit under a
      // negative price) and two without a tariff, which must come last whatever the others are.
      const rows: [string, number | null, number][] = [
        ["2025-03-01T10:00:00Z", 5, 2],
        ["2025-03-01T10:00:00Z", 5, 2],
        ["2025-03-01T10:00:00.000300Z", 5, 2],
        ["2025-03-01T10:00:00.000600Z", -1, 4],
        ["2025-03-01T10:00:00.000600Z", null, 4],
        ["2025-03-01T09:00:00Z", null, 1],
        ["2025-03-01T09:00:00Z", -2, 3],
        ["2025-03-01T08:00:00.000001Z", 7.25, 3],
      ];
      for (const [start, cost, kwh] of rows) {
        const [row] = await t.db.query<{ id: string }>(
          `INSERT INTO anomaly_events (machine_id, detector, start_time, end_time, severity, peak_score, excess_kwh, excess_cost, status)
           VALUES ($1, 'profile', $2::timestamptz, $2::timestamptz + interval '1 hour', 'low', 5, $3, $4, 'open') RETURNING id::text AS id`,
          [M, start, kwh, cost],
        );
        ids.push(row!.id);
      }
    });
    const events = (query: string) => listEventsRoute(new Request(`http://localhost/api/v1/anomaly${query}`)).then(body);
    const pageAll = (order: string, limit: number) =>
      walk(
        `?order=${order}&limit=${limit}`,
        (p) => (p.next_cursor ? `?order=${order}&limit=${limit}&cursor=${encodeURIComponent(p.next_cursor as string)}` : null),
        events,
        (p) => p.items as { id: string }[],
      );

    it.each([1, 2, 3])("order=time with %i a page visits every event once, newest start first, ties by id", async (limit) => {
      const seen = await pageAll("time", limit);
      expect(seen).toHaveLength(8);
      expect(new Set(seen).size).toBe(8);
      const desc = (a: string[]) => [...a].sort().reverse();
      expect(seen).toEqual([...desc([ids[3]!, ids[4]!]), ids[2], ...desc([ids[0]!, ids[1]!]), ...desc([ids[5]!, ids[6]!]), ids[7]]);
    });

    it.each([1, 2, 3])("order=cost with %i a page visits every event once, costliest first, no tariff last", async (limit) => {
      const seen = await pageAll("cost", limit);
      expect(seen).toHaveLength(8);
      expect(new Set(seen).size).toBe(8);
      const desc = (a: string[]) => [...a].sort().reverse();
      // 7.25; the three at 5 with 2 kWh (by id); -1; -2; then without a tariff by kWh: 4, 1.
      expect(seen).toEqual([ids[7], ...desc([ids[0]!, ids[1]!, ids[2]!]), ids[3], ids[6], ids[4], ids[5]]);
    });
  });
});
