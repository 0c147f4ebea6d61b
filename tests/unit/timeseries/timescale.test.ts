import { describe, expect, it } from "vitest";
import { timescaleSetupSql } from "@/lib/timeseries/timescale";
import { reachingFailed, refreshOptions, refreshWindows } from "@/lib/timeseries/timescale-refresh";
import { coldChunksSql, compressAfterBulkLoad } from "@/lib/timeseries/timescale-compression";
import { atLeast, MIN_TIMESCALE, parseVersion, REFRESH_OPTIONS_FROM } from "@/lib/timeseries/timescale-version";
import { bucketIndexDdl } from "@/lib/timeseries/ddl";
import { levelInterval, levels, rawTable, rollupTable, seriesKinds } from "@/lib/timeseries/definitions";

// What the TimescaleDB path sends, checked without a server (tests/integration/timescale-*.test.ts
// run it on one): windows of manual refreshes, and the shape of the aggregate hierarchy.

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

  it("builds each level on the one below, with real-time aggregation, after the hypertable", () => {
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

  it("enables compression of the raw tables, segmented by machine and ordered by time; adds no policy (timescale-policies.ts does)", () => {
    expect(sql.some((s) => /add_\w+_policy/.test(s))).toBe(false);
    for (const table of ["energy_readings", "production_data", "environmental_data"]) {
      expect(sql.some((s) => s.includes(`ALTER TABLE ${table} SET (timescaledb.compress, timescaledb.compress_segmentby = 'machine_id', timescaledb.compress_orderby = 'time')`))).toBe(true);
    }
  });
});

describe("reachingFailed", () => {
  const touched = [
    { id: "1", machineId: "m1", start: at(10, 3), end: at(10, 20) },
    { id: "2", machineId: "m2", start: at(10, 31), end: at(10, 40) },
    { id: "3", machineId: "m1", start: at(8, 0), end: at(8, 5) },
  ];

  it("keeps pending the ranges whose buckets reach a window that could not be refreshed", () => {
    // The 15-minute window 10:00–10:30 was refused: range 1 reaches it, range 2 (10:30–10:45) does not.
    expect([...reachingFailed(touched, "15min", [{ from: at(10, 0), to: at(10, 30) }])]).toEqual(["1"]);
    // An hour window reaches both ranges in it.
    expect([...reachingFailed(touched, "1hour", [{ from: at(10, 0), to: at(11, 0) }])].sort()).toEqual(["1", "2"]);
    expect(reachingFailed(touched, "1min", []).size).toBe(0);
  });
});

describe("refreshOptions", () => {
  it("asks for one pass (buckets_per_batch 0) from TimescaleDB 2.28, and sends no options before", () => {
    expect(refreshOptions([2, 28, 3])).toBe('{"buckets_per_batch":0}');
    expect(refreshOptions([3, 0, 0])).toBe('{"buckets_per_batch":0}');
    expect(refreshOptions([2, 27, 9])).toBeNull();
    expect(refreshOptions(null)).toBeNull();
  });
});

describe("versions", () => {
  it("parses extversion and compares", () => {
    expect(parseVersion("2.28.3")).toEqual([2, 28, 3]);
    expect(parseVersion("2.29.0-dev")).toEqual([2, 29, 0]);
    expect(parseVersion("2.18")).toEqual([2, 18, 0]);
    expect(parseVersion("dev")).toBeNull();
    expect(atLeast([2, 18, 0], MIN_TIMESCALE)).toBe(true);
    expect(atLeast([2, 17, 2], MIN_TIMESCALE)).toBe(false);
    expect(atLeast([2, 28, 0], REFRESH_OPTIONS_FROM)).toBe(true);
    expect(atLeast([2, 100, 0], [2, 28, 0])).toBe(true);
  });
});

describe("compression after a bulk load", () => {
  const now = Date.UTC(2026, 2, 20);
  const day = 86_400_000;

  it("compresses at once when a day of machine-time or more went into chunks past the 7-day age", () => {
    // 30 days of back-fill for one machine.
    expect(compressAfterBulkLoad([{ machineId: "m1", start: now - 40 * day, end: now - 10 * day }], now)).toBe(true);
    // Two machines, 13 hours each, past the age.
    const half = (m: string) => ({ machineId: m, start: now - 8 * day - 13 * 3_600_000, end: now - 8 * day });
    expect(compressAfterBulkLoad([half("m1"), half("m2")], now)).toBe(true);
    // A few late readings into an old chunk are left to the policy.
    expect(compressAfterBulkLoad([{ machineId: "m1", start: now - 9 * day, end: now - 9 * day + 3_600_000 }], now)).toBe(false);
    // Recent data, however much, is not past the age (only the part before the cut-off counts).
    expect(compressAfterBulkLoad([{ machineId: "m1", start: now - 7 * day - 3_600_000, end: now }], now)).toBe(false);
  });

  it("lists a raw table's chunks past the policy's age", () => {
    expect(coldChunksSql("energy")).toBe("SELECT c::text AS chunk FROM show_chunks('energy_readings', older_than => INTERVAL '7 days') c ORDER BY 1");
  });
});
