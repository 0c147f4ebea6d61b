import { describe, expect, it } from "vitest";
import { refreshWindows, timescaleSetupSql } from "@/lib/timeseries/timescale";
import { bucketIndexDdl } from "@/lib/timeseries/ddl";
import { levelInterval, levels, rawTable, rollupTable, seriesKinds } from "@/lib/timeseries/definitions";

// The TimescaleDB path cannot run here (no server): these check what it sends against the facts
// in README "TimescaleDB" — windows of manual refreshes, and the shape of the aggregate hierarchy.

const at = (hh: number, mm: number, ss = 0) => Date.UTC(2026, 2, 2, hh, mm, ss);
const iso = (ms: number) => new Date(ms).toISOString().slice(11, 16);

describe("refreshWindows", () => {
  const touched = [
    { machineId: "m1", start: at(10, 3), end: at(10, 20) },
    { machineId: "m2", start: at(10, 10), end: at(10, 50) },
  ];
  const now = at(10, 47, 30);

  it("aligns to buckets, merges across machines and stops at the bucket now is in", () => {
    const show = (level: (typeof levels)[number]) => refreshWindows(touched, level, now).map((w) => `${iso(w.from)}-${iso(w.to)}`);
    expect(show("1min")).toEqual(["10:03-10:47"]);
    expect(show("15min")).toEqual(["10:00-10:45"]);
    // The hour and the day are still open: nothing to materialise yet (real-time aggregation shows them).
    expect(show("1hour")).toEqual([]);
    expect(show("1day")).toEqual([]);
  });

  it("keeps apart ranges that do not meet, and refreshes closed buckets whole", () => {
    const far = [
      { machineId: "m1", start: Date.UTC(2026, 0, 5, 8, 0), end: Date.UTC(2026, 0, 5, 8, 59) },
      { machineId: "m2", start: Date.UTC(2026, 1, 9, 23, 30), end: Date.UTC(2026, 1, 10, 0, 10) },
    ];
    const windows = refreshWindows(far, "1hour", now).map((w) => [new Date(w.from).toISOString(), new Date(w.to).toISOString()]);
    expect(windows).toEqual([
      ["2026-01-05T08:00:00.000Z", "2026-01-05T09:00:00.000Z"],
      ["2026-02-09T23:00:00.000Z", "2026-02-10T01:00:00.000Z"],
    ]);
  });
});

describe("timescaleSetupSql", () => {
  const sql = timescaleSetupSql();

  it("builds each level on the one below, with real-time aggregation and a policy, after the hypertable", () => {
    for (const kind of seriesKinds) {
      const hypertable = sql.findIndex((s) => s.includes(`create_hypertable('${rawTable[kind]}'`));
      expect(hypertable).toBeGreaterThanOrEqual(0);
      let previous = hypertable;
      levels.forEach((level, i) => {
        const name = rollupTable(kind, level);
        const view = sql.findIndex((s) => s.startsWith(`CREATE MATERIALIZED VIEW IF NOT EXISTS ${name}\n`));
        expect(view).toBeGreaterThan(previous);
        const text = sql[view]!;
        expect(text).toContain("timescaledb.continuous, timescaledb.materialized_only = false");
        expect(text).toContain(`time_bucket(INTERVAL '${levelInterval[level]}', ${i === 0 ? "time" : "bucket"})`);
        const source = i === 0 ? rawTable[kind] : rollupTable(kind, levels[i - 1]!);
        expect(text).toMatch(new RegExp(`FROM ${source}\\n`));
        // Above the first level an average is never taken of averages.
        if (i > 0) expect(text).not.toMatch(/\bavg\(/);
        expect(sql.slice(view + 1).some((s) => s.startsWith(`SELECT add_continuous_aggregate_policy('${name}'`))).toBe(true);
        previous = view;
      });
    }
  });

  it("gives the 15min, 1hour and 1day aggregates the (bucket) index of plant-wide reads, as the rollup tables have (ddl.ts)", () => {
    for (const kind of seriesKinds) {
      for (const level of levels) {
        const name = rollupTable(kind, level);
        const index = sql.findIndex((s) => s === `CREATE INDEX IF NOT EXISTS ${name}_bucket_idx ON ${name} (bucket)`);
        if (level === "1min") expect(index).toBe(-1);
        else {
          expect(index).toBeGreaterThan(sql.findIndex((s) => s.startsWith(`CREATE MATERIALIZED VIEW IF NOT EXISTS ${name}\n`)));
          expect(bucketIndexDdl(kind, level)).toBe(sql[index]);
        }
      }
    }
  });

  it("compresses raw chunks older than 7 days, segmented by machine and ordered by time", () => {
    for (const table of ["energy_readings", "production_data", "environmental_data"]) {
      expect(sql.some((s) => s.includes(`ALTER TABLE ${table} SET (timescaledb.compress, timescaledb.compress_segmentby = 'machine_id', timescaledb.compress_orderby = 'time')`))).toBe(true);
      expect(sql).toContain(`SELECT add_compression_policy('${table}', INTERVAL '7 days', if_not_exists => TRUE)`);
    }
  });
});
