import { describe, expect, it } from "vitest";
import { testTargets } from "../helpers/databases";
import { ingestDatabase } from "../helpers/ingest-database";
import { M1, M2 } from "../helpers/fixtures";
import { body, csvRequest, jsonRequest, params } from "../helpers/routes";
import { POST as ingestJsonRoute } from "@/app/api/v1/ingest/[kind]/route";
import { POST as ingestCsvRoute } from "@/app/api/v1/ingest/csv/route";

// The same machine and instant twice in one batch: never dropped silently.

const at = (min: number) => new Date(Date.UTC(2026, 4, 1) + min * 60_000).toISOString();

describe.each(testTargets())("repeated keys in a batch on %s", (target) => {
  const t = ingestDatabase(target, { truncate: ["energy_readings", "production_data", "rollup_pending"], oneMinuteMeters: true });

  const csv = ["time,machine_id,energy_kwh", `${at(0)},${M1},1`, `${at(1)},${M1},2`, `${at(0)},${M2},5`, `${at(0)},${M1},3`, `${at(2)},${M1},4`].join("\n");
  const energies = async () => (await t.db.query<{ e: number }>("SELECT energy_kwh AS e FROM energy_readings ORDER BY machine_id, time")).map((r) => r.e);

  it("with on_error=abort, a repeat with different values is a 400 naming both lines, and nothing is written", async () => {
    const res = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=energy", csv));
    expect(res.status).toBe(400);
    const b = await body(res);
    expect(b.errors).toMatchObject([{ line: 5, column: "time", message: expect.stringContaining("also in line 2, with different values") as unknown }]);
    expect(await energies()).toEqual([]);
  });

  it("with on_error=skip, the later row wins and the response lists the superseded line", async () => {
    const res = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=energy&on_error=skip", csv));
    expect(res.status).toBe(200);
    expect(await body(res)).toMatchObject({ written: 4, rejected_count: 0, superseded_count: 1, superseded: [{ line: 2, by_line: 5 }] });
    expect(await energies()).toEqual([3, 2, 4, 5]);
    const hourly = await t.db.query<{ e: number }>("SELECT sum(total_energy_kwh)::float8 AS e FROM energy_readings_1hour");
    expect(hourly[0]?.e).toBe(14);
  });

  it("identical repeated rows pass, stored once and not listed", async () => {
    const rows = [{ time: at(0), machine_id: M1, energy_kwh: 1 }, { time: at(1), machine_id: M1, energy_kwh: 2 }, { time: at(0), machine_id: M1, energy_kwh: 1 }];
    const res = await ingestJsonRoute(jsonRequest("/api/v1/ingest/energy", rows), params({ kind: "energy" }));
    expect(res.status).toBe(200);
    expect(await body(res)).toMatchObject({ rejected_count: 0, superseded_count: 0 });
    expect(await energies()).toEqual([1, 2]);
  });

  it("JSON batches name both rows by index; the key is the stored instant (an end stamp and a start stamp of one interval repeat)", async () => {
    const rows = [
      // period_end: time is the start, whatever timestamp_position says.
      { time: at(0), machine_id: M1, energy_kwh: 1, period_end: at(1) },
      // Stamped at its end: also the interval starting at minute 0.
      { time: at(1), machine_id: M1, energy_kwh: 9, interval_s: 60 },
    ];
    const res = await ingestJsonRoute(jsonRequest("/api/v1/ingest/energy?timestamp_position=end", rows), params({ kind: "energy" }));
    expect(res.status).toBe(400);
    expect((await body(res)).errors).toMatchObject([{ index: 1, field: "time", message: expect.stringContaining("also in row 0") as unknown }]);
  });

  it("production rows follow the same rule", async () => {
    const prod = ["time,machine_id,production_count", `${at(0)},${M1},1`, `${at(0)},${M1},2`].join("\n");
    expect((await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=production", prod))).status).toBe(400);
    const res = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=production&on_error=skip", prod));
    expect(await body(res)).toMatchObject({ written: 1, superseded: [{ line: 2, by_line: 3 }] });
  });
});
