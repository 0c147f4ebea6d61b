import { describe, expect, it } from "vitest";
import { testTargets } from "../helpers/databases";
import { ingestDatabase } from "../helpers/ingest-database";
import { M1, M2 } from "../helpers/fixtures";
import { body, csvRequest, jsonRequest, params } from "../helpers/routes";
import { POST as ingestJsonRoute } from "@/app/api/v1/ingest/[kind]/route";
import { POST as ingestCsvRoute } from "@/app/api/v1/ingest/csv/route";
import { POST as ingestBillRoute } from "@/app/api/v1/ingest/bill/route";

// Energy readings of one machine that overlap with another start or interval would count the
// same energy twice: refused (abort) or listed in `rejected` (skip); a same-key re-send replaces.
// Times: 2026-05-04 is summer time in Europe/Berlin (UTC+2), the fixtures' site zone.

const Z = (hm: string) => `2026-05-04T${hm}:00.000Z`;

describe.each(testTargets())("overlapping energy readings on %s", (target) => {
  const t = ingestDatabase(target, { truncate: ["energy_readings", "rollup_pending"] });

  const post = (rows: unknown[], query = "") => ingestJsonRoute(jsonRequest(`/api/v1/ingest/energy${query}`, rows), params({ kind: "energy" }));
  const stored = async () =>
    (await t.db.query<{ machine_id: string; time: Date; s: number; e: number }>("SELECT machine_id::text, time, interval_s AS s, energy_kwh::float8 AS e FROM energy_readings ORDER BY machine_id, time")).map((r) => [
      r.machine_id === M1 ? "M1" : "M2",
      new Date(r.time).toISOString().slice(11, 16),
      r.s,
      r.e,
    ]);
  const quarters = [
    { time: Z("10:00"), machine_id: M1, energy_kwh: 1.2, interval_s: 900 },
    { time: Z("10:15"), machine_id: M1, energy_kwh: 1.1, interval_s: 900 },
  ];

  it("an hourly reading over stored 15-minute ones: 400 naming the row and the stored reading, nothing written", async () => {
    expect((await post(quarters)).status).toBe(200);
    const res = await post([
      { time: Z("09:00"), machine_id: M1, energy_kwh: 4, interval_s: 3600 },
      { time: Z("10:00"), machine_id: M1, energy_kwh: 4.7, interval_s: 3600 },
    ]);
    expect(res.status).toBe(400);
    const b = await body(res);
    expect(b.errors).toEqual([
      {
        index: 1,
        field: "time",
        message:
          "the reading Mon, 4 May 2026, 12:00 – Mon, 4 May 2026, 13:00 (Europe/Berlin) overlaps the stored reading of the same machine at Mon, 4 May 2026, 12:00 (900 s): its energy would be counted twice; only a reading with the same start and interval replaces a stored one (delete the stored readings first to replace them with others)",
      },
    ]);
    expect(String(b.message)).toMatch(/^Nothing was written: 1 row\(s\) rejected; first: row 1, field time/);
    expect(await stored()).toEqual([
      ["M1", "10:00", 900, 1.2],
      ["M1", "10:15", 900, 1.1],
    ]);
    // Over the 10:15 reading only (another start) it is refused too.
    await t.db.query("DELETE FROM energy_readings WHERE time = $1", [Z("10:00")]);
    const other = await post([{ time: Z("10:00"), machine_id: M1, energy_kwh: 4.7, interval_s: 3600 }]);
    expect((await body(other)).errors).toMatchObject([{ index: 0, message: expect.stringContaining("overlaps the stored reading of the same machine at Mon, 4 May 2026, 12:15 (900 s)") as unknown }]);
  });

  it("with on_error=skip the overlapping row is listed in rejected and the rest written; coverage stays at most 1", async () => {
    expect((await post(quarters)).status).toBe(200);
    const res = await post(
      [
        { time: Z("10:00"), machine_id: M1, energy_kwh: 4.7, interval_s: 3600 },
        { time: Z("10:30"), machine_id: M1, energy_kwh: 1.3, interval_s: 900 },
        { time: Z("10:00"), machine_id: M2, energy_kwh: 2, interval_s: 3600 },
      ],
      "?on_error=skip",
    );
    expect(res.status).toBe(207);
    expect(await body(res)).toMatchObject({ accepted: 2, written: 2, rejected_count: 1, rejected: [{ index: 0, field: "time" }] });
    expect(await stored()).toEqual([
      ["M1", "10:00", 900, 1.2],
      ["M1", "10:15", 900, 1.1],
      ["M1", "10:30", 900, 1.3],
      ["M2", "10:00", 3600, 2],
    ]);
    const hour = await t.db.query<{ e: number; c: number }>("SELECT total_energy_kwh::float8 AS e, covered_s::float8 AS c FROM energy_readings_1hour WHERE machine_id = $1", [M1]);
    expect(hour).toHaveLength(1);
    expect(hour[0]!.e).toBeCloseTo(3.6, 9);
    expect(hour[0]!.c).toBe(2700);
  });

  it("a reading inside a stored bill is refused; a same-key re-send still replaces", async () => {
    const bill = await ingestBillRoute(jsonRequest("/api/v1/ingest/bill", [{ machine_id: M1, period_start: "2026-09-01", period_end: "2026-10-01", energy_kwh: 5000, cost: 1000 }]));
    expect(bill.status).toBe(200);
    const inside = await post([{ time: "2026-09-10T00:00:00Z", machine_id: M1, energy_kwh: 5, interval_s: 900 }]);
    expect(inside.status).toBe(400);
    expect((await body(inside)).errors).toMatchObject([{ index: 0, message: expect.stringContaining("overlaps the stored reading of the same machine at 1 Sept 2026 (2592000 s)") as unknown }]);
    // Re-sending the 15-minute readings with new values replaces them (same start, same interval).
    expect((await post(quarters)).status).toBe(200);
    const again = await post(quarters.map((q) => ({ ...q, energy_kwh: q.energy_kwh + 1 })));
    expect(again.status).toBe(200);
    expect(await body(again)).toMatchObject({ written: 2, rejected_count: 0 });
    expect((await stored()).slice(0, 2)).toEqual([
      ["M1", "10:00", 900, 2.2],
      ["M1", "10:15", 900, 2.1],
    ]);
  });

  it("a 15-minute reading over stored 1-minute ones (CSV) is refused", async () => {
    const minutes = ["time,machine_id,energy_kwh,interval_s", ...Array.from({ length: 30 }, (_, i) => `${new Date(Date.parse(Z("10:00")) + i * 60_000).toISOString()},${M1},0.1,60`)].join("\n");
    expect((await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=energy", minutes))).status).toBe(200);
    const res = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=energy&tz=Europe/Berlin", ["time,machine_id,energy_kwh,interval_s", `2026-05-04 12:15,${M1},2,900`].join("\n")));
    expect(res.status).toBe(400);
    expect((await body(res)).errors).toMatchObject([{ line: 2, column: "time", message: expect.stringContaining("overlaps the stored reading of the same machine at Mon, 4 May 2026, 12:15 (60 s)") as unknown }]);
    const sum = await t.db.query<{ e: number }>("SELECT round(sum(energy_kwh)::numeric, 6)::float8 AS e FROM energy_readings");
    expect(sum[0]?.e).toBe(3);
  });

  it("within one file: the later of two overlapping rows is refused, naming the other's line (either order)", async () => {
    const csv = (rows: string[]) => ["time,machine_id,energy_kwh,interval_s", ...rows].join("\n");
    const hourFirst = csv([`${Z("10:00")},${M1},4,3600`, `${Z("10:05")},${M2},1,60`, `${Z("10:05")},${M1},0.1,60`]);
    const abort = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=energy", hourFirst));
    expect(abort.status).toBe(400);
    expect((await body(abort)).errors).toMatchObject([{ line: 4, column: "time", message: expect.stringContaining("overlaps the reading in line 2 (Mon, 4 May 2026, 12:00 – Mon, 4 May 2026, 13:00)") as unknown }]);
    expect(await stored()).toEqual([]);
    const minuteFirst = csv([`${Z("10:05")},${M1},0.1,60`, `${Z("10:00")},${M1},4,3600`, `${Z("11:00")},${M1},4,3600`]);
    const skip = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=energy&on_error=skip", minuteFirst));
    expect(skip.status).toBe(207);
    expect(await body(skip)).toMatchObject({ accepted: 2, written: 2, rejected_count: 1, rejected: [{ line: 3, message: expect.stringContaining("overlaps the reading in line 2") as unknown }] });
    expect(await stored()).toEqual([
      ["M1", "10:05", 60, 0.1],
      ["M1", "11:00", 3600, 4],
    ]);
  });

  it("two rows of a batch at one start with other intervals are a repeat: with skip the later wins, as superseded says", async () => {
    const res = await post(
      [
        { time: Z("10:00"), machine_id: M1, energy_kwh: 1, interval_s: 900 },
        { time: Z("10:00"), machine_id: M1, energy_kwh: 4, interval_s: 3600 },
      ],
      "?on_error=skip",
    );
    expect(await body(res)).toMatchObject({ written: 1, rejected_count: 0, superseded_count: 1, superseded: [{ index: 0, by_index: 1 }] });
    expect(await stored()).toEqual([["M1", "10:00", 3600, 4]]);
  });
});
