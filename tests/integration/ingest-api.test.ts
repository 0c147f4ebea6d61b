import { ingestCsv } from "@/lib/ingest/csv";
import { describe, expect, it } from "vitest";
import { testTargets, type TestDatabase } from "../helpers/databases";
import { ingestDatabase } from "../helpers/ingest-database";
import { M1, M2 } from "../helpers/fixtures";
import { body, csvRequest, jsonRequest, params } from "../helpers/routes";
import { POST as ingestJsonRoute } from "@/app/api/v1/ingest/[kind]/route";
import { POST as ingestCsvRoute } from "@/app/api/v1/ingest/csv/route";

const at = (min: number) => new Date(Date.UTC(2026, 5, 1) + min * 60_000).toISOString();
const energy = (min: number, machine = M1, power = 10) => ({ time: at(min), machine_id: machine, power_kw: power, energy_kwh: power / 60 });

async function count(t: Pick<TestDatabase, "db">, table = "energy_readings"): Promise<number> {
  const rows = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0]?.n ?? -1;
}

describe.each(testTargets())("ingest API on %s", (target) => {
  const t = ingestDatabase(target, { truncate: ["energy_readings", "production_data", "environmental_data", "rollup_pending"], oneMinuteMeters: true });

  const post = (kind: string, rows: unknown, query = "") => ingestJsonRoute(jsonRequest(`/api/v1/ingest/${kind}${query}`, rows), params({ kind }));

  it("POST /api/v1/ingest/energy writes a batch and keeps the rollups current", async () => {
    const res = await post("energy", { rows: [energy(0), energy(1), energy(2, M2)] });
    expect(res.status).toBe(200);
    expect(await body(res)).toMatchObject({ written: 3, rejected_count: 0 });
    const hour = await t.db.query<{ e: number }>("SELECT sum(total_energy_kwh)::float8 AS e FROM energy_readings_1hour");
    expect(hour[0]?.e).toBeCloseTo(0.5, 10);
  });

  it.each([
    ["a wrong type", { ...energy(0), power_kw: "ten" }, "power_kw", "must be a finite number"],
    ["NaN as a string", { ...energy(0), power_kw: "NaN" }, "power_kw", "must be a finite number"],
    ["a missing field", { time: at(0), machine_id: M1, power_kw: 1 }, "energy_kwh", "is required: a number"],
    ["a negative energy", { ...energy(0), energy_kwh: -1 }, "energy_kwh", "at least 0"],
    ["an unknown machine", energy(0, "b0000000-0000-0000-0000-00000000beef"), "machine_id", "b0000000-0000-0000-0000-00000000beef"],
    ["a timestamp far in the future", { ...energy(0), time: "2099-01-01T00:00:00Z" }, "time", "in the future"],
    ["a timestamp without offset", { ...energy(0), time: "2026-06-01T00:00:00" }, "time", "no UTC offset"],
    ["a malformed machine id", { ...energy(0), machine_id: "1; DROP TABLE machines" }, "machine_id", "uuid"],
  ])("rejects a batch with %s, naming the field, and writes nothing", async (_name, bad, field, message) => {
    const res = await post("energy", [energy(0), bad, energy(2)]);
    expect(res.status).toBe(400);
    const b = await body(res);
    const errors = b.errors as { field: string; message: string; index: number }[];
    expect(errors[0]).toMatchObject({ field, index: 1 });
    expect(errors[0]?.message).toContain(message);
    expect(b.message).toContain("Nothing was written");
    expect(await count(t)).toBe(0);
    expect(await count(t, "energy_readings_1min")).toBe(0);
  });

  it("on_error=skip commits the good rows and returns each rejected row with its index", async () => {
    const res = await post("energy", [energy(0), { ...energy(1), energy_kwh: null }, energy(2)], "?on_error=skip");
    expect(res.status).toBe(207);
    const b = await body(res);
    expect(b).toMatchObject({ written: 2, rejected_count: 1 });
    expect((b.rejected as { index: number }[])[0]?.index).toBe(1);
    expect(await count(t)).toBe(2);
  });

  it("answers 413 with a message for more than 50,000 rows", async () => {
    const rows = Array.from({ length: 50_001 }, (_, i) => energy(i));
    const res = await post("energy", rows);
    expect(res.status).toBe(413);
    expect((await body(res)).message).toContain("50000");
    expect(await count(t)).toBe(0);
  });

  it("answers 400 for malformed JSON, a non-array body and an unknown kind", async () => {
    const bad = new Request("http://localhost/api/v1/ingest/energy", { method: "POST", body: "{not json" });
    expect((await ingestJsonRoute(bad, params({ kind: "energy" }))).status).toBe(400);
    expect((await post("energy", { foo: 1 })).status).toBe(400);
    const res = await post("energy'; DROP TABLE energy_readings; --", [energy(0)]);
    expect(res.status).toBe(400);
    expect((await body(res)).message).toContain("energy, production, environmental");
    expect(await count(t)).toBe(0);
  });

  it("stores injection attempts in text fields as plain data", async () => {
    const evil = "x'); DROP TABLE production_data; --";
    const res = await post("production", [{ time: at(0), machine_id: M1, production_count: 3, product_id: evil, machine_state: "running" }]);
    expect(res.status).toBe(200);
    const rows = await t.db.query<{ product_id: string }>("SELECT product_id FROM production_data");
    expect(rows[0]?.product_id).toBe(evil);
  });

  it("POST /api/v1/ingest/csv maps headers in any order and aliases, and converts local time with tz", async () => {
    const csv = ["energy_kwh,power_kw,machine_id,timestamp", `1.5,90,${M1},2026-10-25 01:30`, `2.5,150,${M1},2026-10-25 02:30`, `3,180,${M1},2026-10-25 03:30`].join("\n");
    const res = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=energy&tz=Europe/Berlin", csv));
    expect(res.status).toBe(200);
    const rows = await t.db.query<{ time: Date }>("SELECT time FROM energy_readings ORDER BY time");
    // 01:30 and 02:30 are still summer time (+02:00); the first 02:30 is taken; 03:30 is winter time (+01:00).
    expect(rows.map((r) => new Date(r.time).toISOString())).toEqual(["2026-10-24T23:30:00.000Z", "2026-10-25T00:30:00.000Z", "2026-10-25T02:30:00.000Z"]);
  });

  it("POST /api/v1/ingest/csv rejects a local time that does not exist (spring forward)", async () => {
    const csv = `time,machine_id,power_kw,energy_kwh\n2026-03-29 02:30,${M1},1,1\n`;
    const res = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=energy&tz=Europe/Berlin", csv));
    expect(res.status).toBe(400);
    expect(JSON.stringify(await body(res))).toContain("does not exist in Europe/Berlin");
  });

  it("POST /api/v1/ingest/csv names the line and column of bad cells and writes nothing", async () => {
    const csv = [
      "time,machine_id,power_kw,energy_kwh",
      `${at(0)},${M1},1,1`,
      `${at(1)},${M1},abc,1`,
      `${at(2)},${M1},1`,
      `${at(3)},${M1},1,1`,
    ].join("\r\n");
    const res = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=energy", csv));
    expect(res.status).toBe(400);
    const errors = (await body(res)).errors as { line: number; column: string; message: string }[];
    expect(errors[0]).toMatchObject({ line: 3, column: "power_kw" });
    expect(errors[1]).toMatchObject({ line: 4 });
    expect(errors[1]?.message).toContain("3 fields");
    expect(await count(t)).toBe(0);
  });

  it("counts lines as an editor does across blank lines, quoted line breaks and pieces split anywhere", async () => {
    const csv = [
      "time,machine_id,production_count,product_id",
      `${at(0)},${M1},5,plain`,
      "",
      `${at(1)},${M1},6,"two`,
      `lines"`,
      `${at(2)},${M1},x,bad`,
      `${at(3)},${M1},7,"a ""quoted"" one"`,
      `${at(4)},${M1},-1,bad again`,
      `${at(5)},${M1},y,"three`,
      "line",
      `record"`,
      "   ",
      `${at(6)},${M1},8,last`,
    ].join("\r\n");
    const bytes = new TextEncoder().encode(csv);
    // Pieces of 7 bytes: records, quotes and CRLF pairs all cut in the middle.
    const pieces: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += 7) pieces.push(bytes.subarray(i, i + 7));
    const result = await ingestCsv(t.db, "production", pieces, { on_error: "skip" });
    // A line of blanks is no record; a record spanning lines 9–11 is named by line 9.
    expect(result).toMatchObject({ received: 7, accepted: 4, rejected_count: 3 });
    expect(result.rejected.map((r) => [r.line, r.column])).toEqual([
      [6, "production_count"],
      [8, "production_count"],
      [9, "production_count"],
    ]);
    const stored = await t.db.query<{ product_id: string }>(`SELECT product_id FROM production_data ORDER BY time`);
    expect(stored.map((r) => r.product_id)).toEqual(["plain", "two\r\nlines", 'a "quoted" one', "last"]);
  });

  it("rejects a CSV that is not UTF-8 (a Windows-1252 export), naming the line, and writes nothing", async () => {
    const head = new TextEncoder().encode(`time,machine_id,production_count,product_id\n${at(0)},${M1},5,plain\n${at(1)},${M1},6,M`);
    const latin1 = Uint8Array.of(0xfc, ...new TextEncoder().encode(`ller\n${at(2)},${M1},7,x\n`));
    const res = await ingestCsvRoute(
      new Request("http://localhost/api/v1/ingest/csv?kind=production", { method: "POST", body: Buffer.concat([head, latin1]), headers: { "content-type": "text/csv" } }),
    );
    expect(res.status).toBe(400);
    expect(String((await body(res)).message)).toContain("bytes at or near line 3 are not UTF-8");
    expect(await count(t, "production_data")).toBe(0);
    // The same text as UTF-8 (with an Excel BOM) goes in.
    const utf8 = `\ufefftime,machine_id,production_count,product_id\n${at(1)},${M1},6,Müller\n`;
    const ok = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=production", utf8));
    expect(ok.status).toBe(200);
    // UTF-8 cut inside a character (and inside the BOM) by pieces of one byte is still UTF-8.
    const bytes = new TextEncoder().encode(utf8.replace(at(1), at(2)).replace("Müller", "Grüße €"));
    await ingestCsv(t.db, "production", Array.from(bytes, (b) => Uint8Array.of(b)), { on_error: "abort" });
    const stored = await t.db.query<{ product_id: string }>(`SELECT product_id FROM production_data ORDER BY time`);
    expect(stored.map((r) => r.product_id)).toEqual(["Müller", "Grüße €"]);
  });

  it("POST /api/v1/ingest/csv with on_error=skip keeps good lines; a missing header column is a 400", async () => {
    const csv = `time,machine_id,power_kw,energy_kwh\n${at(0)},${M1},1,1\nnot-a-time,${M1},1,1\n`;
    const res = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=energy&on_error=skip", csv));
    expect(res.status).toBe(207);
    expect(await body(res)).toMatchObject({ written: 1, rejected_count: 1, rejected: [{ line: 3, column: "time" }] });
    const missing = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=energy", `time,machine_id\n${at(0)},${M1}\n`));
    expect(missing.status).toBe(400);
    expect((await body(missing)).message).toContain("lacks required column(s) energy_kwh");
  });

  it("POST /api/v1/ingest/csv validates kind, tz and on_error", async () => {
    for (const q of ["kind=gas", "kind=energy&tz=Mars/Olympus", "kind=energy&on_error=ignore", ""]) {
      const res = await ingestCsvRoute(csvRequest(`/api/v1/ingest/csv?${q}`, "time\n"));
      expect(res.status, q).toBe(400);
    }
  });
});
