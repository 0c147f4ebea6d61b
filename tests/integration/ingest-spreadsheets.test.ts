import { describe, expect, it } from "vitest";
import { testTargets } from "../helpers/databases";
import { ingestDatabase } from "../helpers/ingest-database";
import { M1, M2 } from "../helpers/fixtures";
import { body, csvRequest } from "../helpers/routes";
import { POST as ingestCsvRoute } from "@/app/api/v1/ingest/csv/route";

// CSV files as spreadsheets in German or French settings save them: a BOM, semicolons between
// fields, decimal commas, thousands grouped by points (German) or spaces (French), CRLF.

const german = [
  "\ufefftime;machine_id;power_kw;energy_kwh;voltage_v;power_factor",
  `2026-05-01T00:00:00Z;${M1};74.100,5;1.235,01;400,2;0,93`,
  `2026-05-01T00:01:00Z;${M1};60,25;1,004;;0,9`,
  `2026-05-01T00:00:00Z;${M2};1 234,5;20,575;399;`,
  `"2026-05-01T00:01:00Z";${M2};"1.234,5";20,575;399;1`,
].join("\r\n");

describe.each(testTargets())("spreadsheet exports on %s", (target) => {
  const t = ingestDatabase(target, { truncate: ["energy_readings", "rollup_pending"], oneMinuteMeters: true });

  const stored = async () =>
    (await t.db.query<{ power_kw: number; energy_kwh: number; voltage_v: number | null; power_factor: number | null }>(
      "SELECT power_kw, energy_kwh, voltage_v, power_factor FROM energy_readings ORDER BY machine_id, time",
    )).map((r) => [r.power_kw, r.energy_kwh, r.voltage_v, r.power_factor]);

  it("reads a German export: semicolons and decimal commas detected from the header, thousands points and spaces", async () => {
    const res = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=energy", german));
    expect(res.status).toBe(200);
    expect(await body(res)).toMatchObject({ written: 4, dialect: { delimiter: ";", decimal: ",", detected: ["delimiter", "decimal"] } });
    expect(await stored()).toEqual([
      [74_100.5, 1235.01, 400.2, 0.93],
      [60.25, 1.004, null, 0.9],
      [1234.5, 20.575, 399, null],
      [1234.5, 20.575, 399, 1],
    ]);
  });

  it("refuses a semicolon file read with commas, saying it uses semicolons (not that columns are missing)", async () => {
    const res = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=energy&delimiter=,", german));
    expect(res.status).toBe(400);
    const message = String((await body(res)).message);
    expect(message).toContain("the file uses semicolons (;) between fields");
    expect(message).not.toContain("lacks");
  });

  it("takes delimiter and decimal as parameters: a semicolon file with decimal points, a tab file", async () => {
    const points = ["time;machine_id;energy_kwh", `2026-05-01T00:00:00Z;${M1};0.25`].join("\n");
    expect((await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=energy&decimal=.", points))).status).toBe(200);
    const tabs = ["time\tmachine_id\tenergy_kwh", `2026-05-01T00:01:00Z\t${M1}\t0.5`].join("\n");
    expect((await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=energy&delimiter=tab", tabs))).status).toBe(200);
    expect((await stored()).map((r) => r[1])).toEqual([0.25, 0.5]);
    expect((await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=energy&delimiter=pipe", tabs))).status).toBe(400);
  });

  it("rejects a cell whose reading is ambiguous (1.234 without a decimal comma), naming line and column", async () => {
    const csv = ["time;machine_id;energy_kwh", `2026-05-01T00:00:00Z;${M1};1.234`].join("\r\n");
    const res = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=energy", csv));
    expect(res.status).toBe(400);
    expect((await body(res)).errors).toMatchObject([{ line: 2, column: "energy_kwh" }]);
  });

  it("says a semicolon file with decimal points needs decimal=. (every row named, not 'must be a finite number')", async () => {
    const hint = (n: string) => `${n} is not a number with a decimal comma (semicolon files are read with decimal commas): give decimal=.`;
    const csv = ["time;machine_id;energy_kwh", `2026-05-01T00:00:00Z;${M1};1.234`, `2026-05-01T00:01:00Z;${M1};0.25`].join("\r\n");
    const res = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=energy", csv));
    expect(res.status).toBe(400);
    expect((await body(res)).errors).toEqual([
      { line: 2, column: "energy_kwh", field: "energy_kwh", message: hint("1.234") },
      { line: 3, column: "energy_kwh", field: "energy_kwh", message: hint("0.25") },
    ]);
    // The same file with decimal=. is read.
    expect((await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=energy&decimal=.", csv))).status).toBe(200);
    expect((await stored()).map((r) => r[1])).toEqual([1.234, 0.25]);
    // Bills and register readings say the same.
    const bills = ["machine_id;period_start;period_end;energy_kwh", `${M2};2026-01-01;2026-02-01;12400.5`].join("\r\n");
    expect((await body(await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=bill", bills)))).errors).toMatchObject([{ line: 2, field: "energy_kwh", message: hint("12400.5") }]);
    const registers = ["time;machine_id;energy_register_kwh", `2026-05-01T00:00:00Z;${M2};1000.5`].join("\r\n");
    expect((await body(await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=register", registers)))).errors).toMatchObject([{ line: 2, field: "energy_register_kwh", message: hint("1000.5") }]);
  });

  it("reads bills and register readings from German exports too", async () => {
    const bills = ["\ufeffmachine_id;period_start;period_end;kWh;cost;peak_kw", `${M1};2026-01-01;2026-02-01;12.400,5;3.100,25;41,5`].join("\r\n");
    const res = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=bill", bills));
    expect(res.status).toBe(200);
    const bill = await t.db.query<{ energy_kwh: number; cost: number; peak_demand_kw: number }>("SELECT energy_kwh, cost, peak_demand_kw FROM energy_readings");
    expect(bill).toEqual([{ energy_kwh: 12_400.5, cost: 3100.25, peak_demand_kw: 41.5 }]);
    const registers = ["time;machine_id;energy_register_kwh", `2026-05-01T00:00:00Z;${M2};1.000,5`, `2026-05-01T00:15:00Z;${M2};1.003,0`].join("\r\n");
    expect(await body(await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=register", registers)))).toMatchObject({ derived: 1 });
    const derived = await t.db.query<{ energy_kwh: number }>("SELECT energy_kwh FROM energy_readings WHERE machine_id = $1", [M2]);
    expect(derived).toEqual([{ energy_kwh: 2.5 }]);
  });
});
