import { describe, expect, it } from "vitest";
import { testTargets } from "../helpers/databases";
import { ingestDatabase } from "../helpers/ingest-database";
import { M1, M2, allRows } from "../helpers/fixtures";
import { body, csvRequest, jsonRequest, params } from "../helpers/routes";
import { POST as ingestJsonRoute } from "@/app/api/v1/ingest/[kind]/route";
import { POST as ingestCsvRoute } from "@/app/api/v1/ingest/csv/route";
import type { Database, Queryable, Row } from "@/lib/db/types";
import { ingestCsv } from "@/lib/ingest/csv";
import { ingestJson } from "@/lib/ingest/json";
import { copyLine } from "@/lib/ingest/columns";
import { writeBatch } from "@/lib/ingest/writer";
import { rebuildRollups } from "@/lib/timeseries/refresh";
import { levels, rollupTable } from "@/lib/timeseries/definitions";

// The ways a validated batch reaches the raw table (lib/ingest/writer.ts): a COPY straight into
// the raw table when its keys are new, the staged upsert otherwise, the fall-back from one to the
// other, and what must hold on every way: the same rows, rollups equal to a full recompute,
// nothing written on failure.

const T0 = Date.UTC(2026, 4, 1);
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();
const strict = { on_error: "abort" as const };

/** The database with every statement run through it recorded; `answer` may replace results. */
function spied(db: Database, answer?: (sql: string, rows: Row[]) => Row[]): { db: Database; sql: string[] } {
  const sql: string[] = [];
  const wrap = (q: Queryable): Queryable => ({
    async query<T extends Row = Row>(text: string, params?: unknown[]): Promise<T[]> {
      sql.push(text);
      const rows = await q.query<T>(text, params);
      return (answer ? answer(text, rows) : rows) as T[];
    },
    execute: (text, params) => (sql.push(text), q.execute(text, params)),
    copyFrom: (statement, chunks) => (sql.push(statement), q.copyFrom(statement, chunks)),
    copyStream: (statement) => (sql.push(statement), q.copyStream(statement)),
    savepoint: (fn) => q.savepoint((sp) => fn(wrap(sp))),
  });
  return { db: { ...db, ...wrap(db), transaction: (fn) => db.transaction((tx) => fn(wrap(tx))) }, sql };
}

const copiedRaw = (sql: string[]) => sql.some((s) => s.startsWith("COPY energy_readings "));
const upserted = (sql: string[]) => sql.some((s) => s.includes("ON CONFLICT"));

function energyCsv(rows: { min: number; machine: string; power: number }[], eol = "\n"): string {
  return ["time,machine_id,power_kw,energy_kwh", ...rows.map((r) => `${at(r.min)},${r.machine},${r.power},${r.power / 60}`)].join(eol) + eol;
}

function series(n: number, from = 0, power = (i: number) => 10 + (i % 7)) {
  const rows = [];
  for (let i = 0; i < n; i++) for (const machine of [M1, M2]) rows.push({ min: from + i, machine, power: power(i) });
  return rows;
}

describe.each(testTargets())("ingest write paths on %s", (target) => {
    // 1-minute meters: these tests are about the write paths, not about inferring intervals.
  const t = ingestDatabase(target, { truncate: ["energy_readings", "production_data", "environmental_data", "rollup_pending"], oneMinuteMeters: true });

  const raw = async () =>
    (await t.db.query<{ time: Date; machine_id: string; power_kw: number; energy_kwh: number }>(
      "SELECT time, machine_id::text, power_kw, energy_kwh FROM energy_readings ORDER BY machine_id, time",
    )).map((r) => ({ ...r, time: new Date(r.time).toISOString() }));
  const rollups = async () => {
    const out: Record<string, unknown[]> = {};
    for (const level of levels) out[level] = await allRows(t.db, rollupTable("energy", level));
    return out;
  };
  /** The rollups as they stand, after checking they equal a full recompute. */
  const checkedRollups = async () => {
    const incremental = await rollups();
    await rebuildRollups(t.db);
    expect(incremental).toEqual(await rollups());
    return incremental;
  };
  const lines = (rows: { min: number; machine: string; power: number }[]) => ({
    lines: rows.map((r) => copyLine("energy", { time: new Date(at(r.min)), machine_id: r.machine, power_kw: r.power, energy_kwh: r.power / 60 })),
  });

  it("writes a batch of new keys by a COPY into the raw table, with the same rows and rollups as the upsert", async () => {
    const rows = series(3000, 0);
    const s = spied(t.db);
    const result = await ingestCsv(s.db, "energy", [energyCsv(rows)], strict);
    expect(result).toMatchObject({ received: 6000, accepted: 6000, written: 6000, rejected_count: 0 });
    expect(copiedRaw(s.sql)).toBe(true);
    expect(upserted(s.sql)).toBe(false);
    const viaInsert = { raw: await raw(), rollups: await checkedRollups() };

    // The same lines through the upsert (a writer that is not told the keys takes it).
    await t.db.query("TRUNCATE energy_readings, rollup_pending");
    await rebuildRollups(t.db);
    const s2 = spied(t.db);
    const { lines: l } = lines(rows);
    expect((await writeBatch(s2.db, "energy", (w) => w.write(l))).written).toBe(6000);
    expect(upserted(s2.sql)).toBe(true);
    expect({ raw: await raw(), rollups: await checkedRollups() }).toEqual(viaInsert);
  });

  it("hands rows to the database while the rest of one large piece of upload is still being parsed", async () => {
    // One piece of 30,000 lines: the parser yields to the event loop as it goes, so the first
    // (small) chunk is COPYed long before the last line is read.
    const rows = series(15_000, 0);
    const s = spied(t.db);
    const copiesAt: { received: number; copies: number }[] = [];
    const result = await ingestCsv(s.db, "energy", [energyCsv(rows)], strict, (received) =>
      copiesAt.push({ received, copies: s.sql.filter((q) => q.startsWith("COPY energy_readings ")).length }),
    );
    expect(result.written).toBe(30_000);
    expect(copiesAt.some((p) => p.received < 30_000 && p.copies > 0)).toBe(true);
    expect(await raw()).toHaveLength(30_000);
    await checkedRollups();
  });

  it("takes the upsert when the batch overlaps stored rows: re-sent rows update, rollups follow", async () => {
    await ingestCsv(t.db, "energy", [energyCsv(series(100, 0))], strict);
    const s = spied(t.db);
    // Minutes 50–149: the first half re-sent with new values, the second half new.
    const result = await ingestCsv(s.db, "energy", [energyCsv(series(100, 50, () => 99))], strict);
    expect(result.written).toBe(200);
    expect(upserted(s.sql)).toBe(true);
    expect(copiedRaw(s.sql)).toBe(false);
    const stored = await raw();
    expect(stored).toHaveLength(300);
    expect(stored.filter((r) => r.power_kw === 99)).toHaveLength(200);
    await checkedRollups();
  });

  it("falls back to the upsert when the COPY into the raw table meets a key that appeared after the check", async () => {
    await ingestJson(t.db, "energy", [{ time: at(5), machine_id: M1, power_kw: 1, energy_kwh: 1 }], strict);
    // As if a concurrent writer had added minute 5 after the check found the range empty.
    const s = spied(t.db, (sql, rows) => (sql.includes("SELECT EXISTS") ? [{ hit: false }] : rows));
    const result = await ingestCsv(s.db, "energy", [energyCsv(series(10, 0, () => 42))], strict);
    expect(result.written).toBe(20);
    expect(copiedRaw(s.sql)).toBe(true);
    expect(upserted(s.sql)).toBe(true);
    const stored = await raw();
    expect(stored).toHaveLength(20);
    expect(stored.every((r) => r.power_kw === 42)).toBe(true);
    await checkedRollups();
  });

  it("with on_error=skip lets the last of repeated keys win, in CSV and JSON, ordered or not, and lists the superseded rows", async () => {
    const rows = [...series(50, 0, () => 1), ...series(50, 25, () => 2), { min: 10, machine: M1, power: 3 }];
    const skip = { on_error: "skip" as const };
    const result = await ingestCsv(t.db, "energy", [energyCsv(rows, "\r\n")], skip);
    // Minutes 25–49 of both machines again (50 lines), and minute 10 of M1 a third time.
    expect(result.superseded_count).toBe(51);
    expect(result.superseded).toContainEqual({ line: 2 + 10 * 2, by_line: 2 + 200 });
    expect(result.superseded).toContainEqual({ line: 2 + 25 * 2, by_line: 2 + 100 });
    const csv = await raw();
    expect(csv).toHaveLength(150);
    expect(csv.find((r) => r.machine_id === M1 && r.time === at(10))?.power_kw).toBe(3);
    expect(csv.find((r) => r.machine_id === M2 && r.time === at(30))?.power_kw).toBe(2);
    const csvRollups = await checkedRollups();

    await t.db.query("TRUNCATE energy_readings, rollup_pending");
    await rebuildRollups(t.db);
    await ingestJson(t.db, "energy", rows.map((r) => ({ time: at(r.min), machine_id: r.machine, power_kw: r.power, energy_kwh: r.power / 60 })), skip);
    expect(await raw()).toEqual(csv);
    expect(await checkedRollups()).toEqual(csvRollups);
  });

  it("writes a CSV of many chunks chunk by chunk: new keys by COPY, a chunk repeating earlier keys by the upsert, the last value winning", async () => {
    // Three pieces of 24,000 lines each: minutes 0–11,999, then 12,000–23,999, then 6,000–17,999
    // again with power 77 (keys of both earlier pieces). Chunks (at most 40,000 lines, cut where
    // the database is ready for one) within the first two pieces hold new keys only; those of the
    // third hold stored keys.
    const pieces = [series(12_000, 0), series(12_000, 12_000), series(12_000, 6_000, () => 77)].map((rows, i) => {
      const csv = energyCsv(rows);
      return i === 0 ? csv : csv.slice(csv.indexOf("\n") + 1);
    });
    const s = spied(t.db);
    const result = await ingestCsv(s.db, "energy", pieces, { on_error: "skip" });
    expect(result).toMatchObject({ received: 72_000, accepted: 72_000, written: 48_000, superseded_count: 24_000 });
    expect(s.sql.filter((q) => q.startsWith("COPY energy_readings ")).length).toBeGreaterThanOrEqual(2);
    expect(upserted(s.sql)).toBe(true);
    const stored = await raw();
    expect(stored).toHaveLength(48_000);
    const minute = (r: { time: string }) => (Date.parse(r.time) - T0) / 60_000;
    expect(stored.filter((r) => r.power_kw === 77).every((r) => minute(r) >= 6_000 && minute(r) < 18_000)).toBe(true);
    expect(stored.filter((r) => r.power_kw === 77)).toHaveLength(24_000);
    await checkedRollups();
  });

  it("writes an unordered batch without repeats by a COPY into the raw table", async () => {
    const rows = series(500, 0).reverse();
    const s = spied(t.db);
    expect((await ingestJson(s.db, "energy", rows.map((r) => ({ time: at(r.min), machine_id: r.machine, power_kw: r.power, energy_kwh: 1 })), strict)).written).toBe(1000);
    expect(copiedRaw(s.sql)).toBe(true);
    expect(await raw()).toHaveLength(1000);
    await checkedRollups();
  });

  it("re-sending unchanged rows rewrites nothing and queues no rollup work; a changed one is picked up", async () => {
    const rows = series(200, 0).map((r) => ({ time: at(r.min), machine_id: r.machine, power_kw: r.power, energy_kwh: r.power / 60 }));
    await ingestJson(t.db, "energy", rows, strict);
    const before = { raw: await raw(), rollups: await checkedRollups() };
    const again = await ingestJson(t.db, "energy", rows, strict);
    expect(again).toMatchObject({ written: 400, rollups: { ranges: 0 } });
    expect({ raw: await raw(), rollups: await rollups() }).toEqual(before);
    rows[17] = { ...rows[17]!, power_kw: 500 };
    const changed = await ingestJson(t.db, "energy", rows, strict);
    expect(changed).toMatchObject({ written: 400, rollups: { ranges: 1 } });
    expect((await raw()).filter((r) => r.power_kw === 500)).toHaveLength(1);
    await checkedRollups();
  });

  it("on_error=skip writes the good rows of a new batch by a COPY into the raw table", async () => {
    const csv = energyCsv(series(20, 0)) + `${at(99)},${M1},-5,1\n${at(100)},${M1},5,1\n`;
    const s = spied(t.db);
    const result = await ingestCsv(s.db, "energy", [csv], { on_error: "skip" });
    expect(result).toMatchObject({ received: 42, accepted: 41, written: 41, rejected_count: 1, rejected: [{ line: 42, column: "power_kw" }] });
    expect(copiedRaw(s.sql)).toBe(true);
    expect(await raw()).toHaveLength(41);
    await checkedRollups();
  });

  it("writes nothing when a large CSV fails validation half-way, after chunks went to COPY", async () => {
    const good = energyCsv(series(15_000, 0));
    const bad = `${at(20_000)},${M1},not-a-number,1\n`;
    for (const csv of [good + bad + energyCsv(series(100, 30_000)).split("\n").slice(1).join("\n"), good + `"unclosed,${M1},1,1\n`]) {
      const res = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=energy", csv));
      expect(res.status).toBe(400);
      expect((await body(res)).message).toMatch(/line 30002/);
      expect(await raw()).toHaveLength(0);
      const pending = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM rollup_pending");
      expect(pending[0]?.n).toBe(0);
    }
  });

  it("answers 400, not a hang or a 500, for a NUL character in a text field", async () => {
    const row = { time: at(0), machine_id: M1, production_count: 1, product_id: "a\u0000b" };
    const res = await ingestJsonRoute(jsonRequest("/api/v1/ingest/production", [row]), params({ kind: "production" }));
    expect(res.status).toBe(400);
    expect(JSON.stringify(await body(res))).toContain("NUL");
    const csv = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=production", `time,machine_id,production_count,product_id\n${at(0)},${M1},1,"a\u0000b"\n`));
    expect(csv.status).toBe(400);
    expect((await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM production_data"))[0]?.n).toBe(0);
  });
});
