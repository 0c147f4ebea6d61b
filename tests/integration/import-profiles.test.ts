import { describe, expect, it } from "vitest";
import { testTargets } from "../helpers/databases";
import { ingestDatabase } from "../helpers/ingest-database";
import { M1, M2 } from "../helpers/fixtures";
import { body, csvRequest, jsonRequest, params } from "../helpers/routes";
import { POST as ingestCsvRoute } from "@/app/api/v1/ingest/csv/route";
import { GET as listRoute, POST as createRoute } from "@/app/api/v1/import-profiles/route";
import { DELETE as deleteRoute, GET as getRoute, PUT as putRoute } from "@/app/api/v1/import-profiles/[id]/route";
import { POST as previewRoute } from "@/app/api/v1/import/preview/route";

// A utility portal's export, as German settings save it: semicolons, decimal commas, day-first
// local times (Europe/Berlin) stamping the END of each quarter hour, and a machine named, not by id.
// It runs across the autumn clock change (26 Oct 2025, 02:00–02:59 twice) in file order.
const foreign = [
  "Zeitstempel;Anlage;Wirkarbeit kWh;Leistung kW",
  "26.10.2025 01:45;Test-1;1,25;5",
  "26.10.2025 02:00;Test-1;1,5;6",
  "26.10.2025 02:15;Test-1;1,75;7",
  "26.10.2025 02:30;Test-1;2;8",
  "26.10.2025 02:45;Test-1;2,25;9",
  "26.10.2025 02:00;Test-1;2,5;10",
  "26.10.2025 02:15;Test-1;2,75;11",
  "26.10.2025 02:30;test-1 ;3;12",
  "",
].join("\r\n");

// The same readings as a native file: our headers, ISO local times, the machine's id.
const native = [
  "time,machine_id,energy_kwh,power_kw",
  ...foreign
    .split("\r\n")
    .slice(1, -1)
    .map((l) => {
      const [ts, , kwh, kw] = l.split(";");
      const [d, hm] = ts!.split(" ");
      const [day, month, year] = d!.split(".");
      return `${year}-${month}-${day}T${hm}:00,${M1},${kwh!.replace(",", ".")},${kw}`;
    }),
  "",
].join("\n");

const profile = {
  name: "Portal export",
  kind: "energy",
  columns: { time: "Zeitstempel", machine_id: "Anlage", energy_kwh: "Wirkarbeit kWh", power_kw: "Leistung kW" },
  date_format: "day_first",
  tz: "Europe/Berlin",
  timestamp_position: "end",
};
/** The profile without its name: a preview's mapping (bodies are strict: a mapping has no name). */
const mapping = Object.fromEntries(Object.entries(profile).filter(([k]) => k !== "name"));

describe.each(testTargets())("import profiles on %s", (target) => {
  const t = ingestDatabase(target, { truncate: ["import_profiles", "meter_register_readings", "energy_readings", "production_data", "environmental_data", "rollup_pending"] });

  const create = (p: unknown) => createRoute(jsonRequest("/api/v1/import-profiles", p));
  const stored = () => t.db.query<{ time: Date; machine_id: string; energy_kwh: number; power_kw: number; interval_s: number }>("SELECT time, machine_id::text, energy_kwh, power_kw, interval_s FROM energy_readings ORDER BY time");
  const count = async (table: string) => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;

  it("creates, lists, reads, replaces and deletes a profile", async () => {
    const res = await create({ ...profile, name: "For M2", machine_id: M2, columns: { time: "Zeitstempel", energy_kwh: "kWh" } });
    expect(res.status).toBe(201);
    const created = await body(res);
    expect(created).toMatchObject({ name: "For M2", kind: "energy", machine_id: M2, date_format: "day_first", tz: "Europe/Berlin", columns: { time: "Zeitstempel", energy_kwh: "kWh" } });
    const id = created.id as string;
    expect((await create({ ...profile, name: "For M2", machine_id: M2, columns: { time: "a", energy_kwh: "b" } })).status).toBe(409);
    await create(profile);

    const list = (await (await listRoute(new Request("http://localhost/api/v1/import-profiles"))).json()) as { name: string }[];
    expect(list.map((p) => p.name)).toEqual(["For M2", "Portal export"]);
    const forM1 = (await (await listRoute(new Request(`http://localhost/api/v1/import-profiles?machine_id=${M1}`))).json()) as { name: string }[];
    expect(forM1.map((p) => p.name)).toEqual(["Portal export"]);

    expect(await body(await getRoute(new Request("http://localhost"), params({ id })))).toMatchObject({ id, name: "For M2" });
    const put = await putRoute(jsonRequest(`/api/v1/import-profiles/${id}`, { ...profile, name: "Renamed", machine_id: M2, columns: { time: "T", energy_kwh: "E" }, date_format: "month_first" }, "PUT"), params({ id }));
    expect(put.status).toBe(200);
    const replaced = await body(put);
    expect(replaced).toMatchObject({ name: "Renamed", date_format: "month_first", columns: { time: "T", energy_kwh: "E" } });
    expect(replaced).not.toHaveProperty("columns.machine_id");

    expect((await deleteRoute(new Request("http://localhost"), params({ id }))).status).toBe(204);
    expect((await getRoute(new Request("http://localhost"), params({ id }))).status).toBe(404);
    expect((await deleteRoute(new Request("http://localhost"), params({ id }))).status).toBe(404);
  });

  it.each([
    ["a required column missing", { ...profile, columns: { time: "Zeitstempel", machine_id: "Anlage" } }, "columns.energy_kwh", "is required for kind energy"],
    ["a column the kind lacks", { ...profile, columns: { ...profile.columns, production_count: "Stück" } }, "columns.production_count", "is not a column of kind energy"],
    ["no machine at all", { ...profile, columns: { time: "Zeitstempel", energy_kwh: "Wirkarbeit kWh" } }, "machine_id", "pick the machine"],
    ["an unknown date format", { ...profile, date_format: "DD/MM" }, "date_format", "must be one of iso, day_first, month_first"],
    ["a bad time zone", { ...profile, tz: "Mars/Olympus" }, "tz", "IANA time zone"],
    ["a uuid as its name", { ...profile, name: M1 }, "name", "must not be a uuid"],
  ])("refuses a profile with %s: 400 naming the field", async (_what, bad, field, message) => {
    const res = await create(bad);
    expect(res.status).toBe(400);
    const errors = (await body(res)).errors as { field: string; message: string }[];
    expect(errors[0]).toMatchObject({ field });
    expect(errors[0]!.message).toContain(message);
    expect(await count("import_profiles")).toBe(0);
  });

  it("a profile for an unknown machine is a 400 naming machine_id", async () => {
    const res = await create({ ...profile, machine_id: "b0000000-0000-0000-0000-00000000beef", columns: { time: "Zeitstempel", energy_kwh: "Wirkarbeit kWh" } });
    expect(res.status).toBe(400);
    expect((await body(res)).message).toContain("machine_id");
  });

  it("ingest with profile= stores exactly what the equivalent native file stores, clock change included", async () => {
    const nativeRes = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=energy&tz=Europe/Berlin&timestamp_position=end", native));
    expect(nativeRes.status).toBe(200);
    const nativeBody = await body(nativeRes);
    const nativeRows = await stored();
    expect(nativeRows).toHaveLength(8);
    await t.db.query("TRUNCATE energy_readings, rollup_pending");

    await create(profile);
    const res = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?profile=Portal%20export", foreign));
    const b = await body(res);
    expect(res.status).toBe(200);
    expect(b).toMatchObject({ kind: "energy", received: 8, accepted: 8, written: 8, rejected_count: 0, date_format: "day_first", tz: "Europe/Berlin", profile: { name: "Portal export" } });
    expect(b.source_dialect).toMatchObject({ delimiter: ";", decimal: "," });
    expect(b.intervals).toEqual(nativeBody.intervals);
    expect(await stored()).toEqual(nativeRows);
    // Hand-checked: 01:45 CEST stamps the end of 01:30–01:45 CEST = 23:30Z; the second 02:00 (CET) ends 00:45Z–01:00Z.
    const times = (await stored()).map((r) => new Date(r.time).toISOString().slice(11, 16));
    expect(times).toEqual(["23:30", "23:45", "00:00", "00:15", "00:30", "00:45", "01:00", "01:15"]);
  });

  it("with profile= a day-first date read month-first is a 400 naming the line, and nothing is written", async () => {
    await create({ ...profile, date_format: "month_first" });
    const res = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?profile=Portal%20export", foreign));
    expect(res.status).toBe(400);
    const b = await body(res);
    expect(b.message).toMatch(/line 2, Zeitstempel: "26.10.2025" is not a valid month-first date: there is no month 26/);
    expect((b.errors as { line: number }[])[0]).toMatchObject({ line: 2, field: "time", column: "Zeitstempel" });
    expect(await count("energy_readings")).toBe(0);
  });

  it("a local time the spring change skips is rejected by the ingest's rule, naming the file's line and column", async () => {
    await create(profile);
    const csv = "Zeitstempel;Anlage;Wirkarbeit kWh;Leistung kW\n29.03.2026 01:30;Test-1;1;4\n29.03.2026 01:45;Test-1;1;4\n29.03.2026 02:30;Test-1;1;4\n29.03.2026 03:00;Test-1;1;4\n29.03.2026 03:15;Test-1;1;4\n";
    const res = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?profile=Portal%20export&on_error=skip", csv));
    expect(res.status).toBe(207);
    const b = await body(res);
    expect(b.rejected_count).toBe(1);
    expect((b.rejected as Record<string, unknown>[])[0]).toMatchObject({ line: 4, field: "time", column: "Zeitstempel", source_column: "Zeitstempel" });
    expect((b.rejected as { message: string }[])[0]!.message).toContain("does not exist in Europe/Berlin");
  });

  it("unknown profiles are a 404; a profile whose column the file lacks is a 400 naming it", async () => {
    expect((await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?profile=nope", foreign))).status).toBe(404);
    await create({ ...profile, columns: { ...profile.columns, energy_kwh: "Energie" } });
    const res = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?profile=Portal%20export", foreign));
    expect(res.status).toBe(400);
    const errors = (await body(res)).errors as { field: string; message: string }[];
    expect(errors.map((e) => e.field)).toEqual(["columns.energy_kwh"]);
    expect(errors[0]!.message).toContain('the file has no column "Energie"');
  });

  it("preview: the file's columns with date formats detected, then the rows as stored, and nothing written", async () => {
    const bare = await body(await previewRoute(jsonRequest("/api/v1/import/preview", { csv: foreign })));
    expect(bare.dialect).toMatchObject({ delimiter: ";", decimal: "," });
    const columns = bare.columns as { name: string; date: unknown }[];
    expect(columns.map((c) => c.name)).toEqual(["Zeitstempel", "Anlage", "Wirkarbeit kWh", "Leistung kW"]);
    expect(columns[0]!.date).toEqual({ format: "day_first", candidates: ["day_first"] });
    expect(columns[2]!.date).toBeNull();

    const withBad = foreign.replace("26.10.2025 02:15;Test-1;1,75", "26.10.2025 02:15;Nobody;1,75");
    const res = await previewRoute(jsonRequest("/api/v1/import/preview", { csv: withBad, mapping, limit: 5 }));
    expect(res.status).toBe(200);
    const b = await body(res);
    const result = b.result as { received: number; accepted: number; rejected: Record<string, unknown>[] };
    expect(result).toMatchObject({ received: 5, accepted: 4 });
    expect(result.rejected).toEqual([{ line: 4, field: "machine_id", column: "Anlage", source_column: "Anlage", message: 'no machine is named "Nobody" or has that id' }]);
    const rows = (b.stored as { table: string; rows: Record<string, string | null>[] });
    expect(rows.table).toBe("energy_readings");
    expect(rows.rows).toHaveLength(4);
    expect(rows.rows[0]).toMatchObject({ machine_id: M1, energy_kwh: "1.25", power_kw: "5", interval_s: "900" });
    expect(new Date(rows.rows[0]!.time!).toISOString()).toBe("2025-10-25T23:30:00.000Z");
    for (const table of ["energy_readings", "energy_readings_1min", "energy_readings_15min", "rollup_pending"]) expect(await count(table)).toBe(0);
  });

  it("a column name with a NUL is a 400 naming the field, not a 500", async () => {
    const res = await create({ ...profile, name: "With NUL", columns: { ...profile.columns, power_kw: "Leistung\u0000kW" } });
    expect(res.status).toBe(400);
    expect(((await body(res)).errors as { field: string }[]).map((e) => e.field)).toEqual(["columns.power_kw"]);
    expect(await count("import_profiles")).toBe(0);
    const byName = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?profile=a%00b", native));
    expect(byName.status).toBe(400);
    expect(JSON.stringify(await body(byName))).toContain("profile");
  });

  it("preview with a bad mapping is a 400 naming the field", async () => {
    const res = await previewRoute(jsonRequest("/api/v1/import/preview", { csv: foreign, mapping: { ...mapping, columns: { time: "Zeitstempel" } } }));
    expect(res.status).toBe(400);
    const fields = ((await body(res)).errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(["mapping.columns.energy_kwh", "mapping.machine_id"]);
  });

  it("preview checks only the first `limit` rows of a file whose lines end in a lone CR", async () => {
    const cr = foreign.replaceAll("\r\n", "\r");
    const b = await body(await previewRoute(jsonRequest("/api/v1/import/preview", { csv: cr, mapping, limit: 2 })));
    expect(b.result).toMatchObject({ received: 2, accepted: 2 });
    expect((b.stored as { rows: unknown[] }).rows).toHaveLength(2);
  });

  it("bills with day-first dates and an inclusive end through a mapping", async () => {
    const csv = "Zähler;Von;Bis;Verbrauch;Betrag\nTest-2;01.01.2026;31.01.2026;1.240,5;310,12\n";
    const mapping = { kind: "bill", date_format: "day_first", period_end: "inclusive", columns: { machine_id: "Zähler", period_start: "Von", period_end: "Bis", energy_kwh: "Verbrauch", cost: "Betrag" } };
    expect((await create({ ...mapping, name: "Stadtwerke" })).status).toBe(201);
    const res = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?profile=Stadtwerke", csv));
    expect(await body(res)).toMatchObject({ kind: "bill", written: 1, rejected_count: 0 });
    const rows = await t.db.query<{ time: Date; interval_s: number; energy_kwh: number; cost: number }>("SELECT time, interval_s::int AS interval_s, energy_kwh::float8 AS energy_kwh, cost::float8 AS cost FROM energy_readings");
    // 1 Jan 00:00 CET to 1 Feb 00:00 CET: 31 days.
    expect(rows.map((r) => ({ ...r, time: new Date(r.time).toISOString() }))).toEqual([{ time: "2025-12-31T23:00:00.000Z", interval_s: 31 * 86_400, energy_kwh: 1240.5, cost: 310.12 }]);
  });

  it("register readings with a machine column and month-first dates through a mapping", async () => {
    const csv = "Meter,Read at,Index kWh\nTest-2,11/01/2026 00:00,1000\nTest-2,11/01/2026 01:00,1012.5\nTest-2,11/01/2026 02:00,1030\n";
    await create({ name: "Registers", kind: "register", date_format: "month_first", tz: "Europe/Berlin", columns: { machine_id: "Meter", time: "Read at", energy_register_kwh: "Index kWh" } });
    const res = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?profile=Registers", csv));
    expect(await body(res)).toMatchObject({ kind: "register", written: 3, derived: 2, rejected_count: 0 });
    const rows = await t.db.query<{ energy_kwh: number; interval_s: number }>("SELECT energy_kwh::float8 AS energy_kwh, interval_s::int AS interval_s FROM energy_readings ORDER BY time");
    expect(rows).toEqual([{ energy_kwh: 12.5, interval_s: 3600 }, { energy_kwh: 17.5, interval_s: 3600 }]);
  });

  it("preview of a register file: the readings and the consumption rows derived from them (a 25-hour day), nothing written; superseded readings counted", async () => {
    // A portal export: date and time of day in their own columns, 15-minute register readings
    // from 00:00 to 05:45 local on 25 Oct 2026 (the autumn change: 02:00–03:00 twice).
    const lines = ["Datum;Uhrzeit;Zählerstand (kWh)"];
    const times: string[] = [];
    for (let m = 0; m < 6 * 60; m += 15) times.push(`${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`);
    times.forEach((hm, i) => lines.push(`25.10.2026;${hm};${String(5000 + 2.5 * i).replace(".", ",")}`));
    const csv = lines.join("\n") + "\n";
    const mapping = { kind: "register", machine_id: M2, date_format: "day_first", tz: "Europe/Berlin", columns: { time: "Datum", time_of_day: "Uhrzeit", energy_register_kwh: "Zählerstand (kWh)" } };
    const b = await body(await previewRoute(jsonRequest("/api/v1/import/preview", { csv, mapping })));
    expect(b.result).toMatchObject({ kind: "register", received: 24, accepted: 24, written: 24, derived: 23 });
    const readings = b.readings as { table: string; rows: Record<string, string | null>[] };
    const stored = b.stored as { table: string; rows: Record<string, string | null>[] };
    expect(readings.table).toBe("meter_register_readings");
    expect(readings.rows).toHaveLength(24);
    expect(readings.rows[0]).toMatchObject({ machine_id: M2, register_kwh: "5000" });
    // 00:00 local (CEST, +02:00) = 22:00Z the day before.
    expect(new Date(readings.rows[0]!.time!).toISOString()).toBe("2026-10-24T22:00:00.000Z");
    expect(stored.table).toBe("energy_readings");
    expect(stored.rows).toHaveLength(23);
    // 02:45 is read as its first occurrence (CEST) and 03:00 is CET: that row spans 75 minutes (the repeated hour), the others 15.
    const long = stored.rows.filter((r) => r.interval_s !== "900");
    expect(long).toEqual([{ time: "2026-10-25T00:45:00.000Z", machine_id: M2, energy_kwh: "2.5", power_kw: "2", interval_s: "4500" }]);
    expect(stored.rows.filter((r) => r.interval_s === "900").every((r) => r.energy_kwh === "2.5" && r.power_kw === "10")).toBe(true);
    for (const table of ["meter_register_readings", "energy_readings", "rollup_pending"]) expect(await count(table)).toBe(0);

    // Without the time of day every reading falls on midnight: one is stored, the other 23 superseded, and the answer says so.
    const midnight = await body(await previewRoute(jsonRequest("/api/v1/import/preview", { csv, mapping: { ...mapping, columns: { time: "Datum", energy_register_kwh: "Zählerstand (kWh)" } } })));
    const r = midnight.result as { accepted: number; superseded_count: number; derived: number };
    expect((midnight.readings as { rows: unknown[] }).rows).toHaveLength(1);
    expect(r.superseded_count).toBe(23);
    // Register ingestion counts a superseded reading out of `accepted` already.
    expect(r).toMatchObject({ accepted: 1, superseded_count: 23 });

    // An energy file with one line repeated exactly: the repeat is stored once, and the answer's counts say how many rows are listed.
    const energy = "time;kwh\n2026-11-03 10:00;1,5\n2026-11-03 10:15;1,5\n2026-11-03 10:15;1,5\n";
    const e = await body(await previewRoute(jsonRequest("/api/v1/import/preview", { csv: energy, mapping: { kind: "energy", machine_id: M2, tz: "Europe/Berlin", columns: { time: "time", energy_kwh: "kwh" } } })));
    expect((e.stored as { rows: unknown[] }).rows).toHaveLength(2);
    expect(e.result).toMatchObject({ received: 3, accepted: 3, superseded_count: 0, written: 2 });
  });
});
