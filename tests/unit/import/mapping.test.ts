import { describe, expect, it } from "vitest";
import { dateReader } from "@/lib/import/dates";
import { mapCsv } from "@/lib/import/mapping";
import { mappingSchema } from "@/lib/validation/import-profiles";

const M1 = "a0000000-0000-0000-0000-000000000001";
const M2 = "a0000000-0000-0000-0000-000000000002";
const machines = [
  { id: M1, name: "Press 1", time_zone: "Europe/Berlin" },
  { id: M2, name: "Press 2", time_zone: "Europe/Berlin" },
];

async function run(csv: string | string[], mapping: Record<string, unknown>, abort = false) {
  const m = mappingSchema.parse(mapping);
  const mapped = await mapCsv(Array.isArray(csv) ? csv : [csv], m, machines, abort);
  let text = "";
  for await (const piece of mapped.text) text += piece;
  return { text, mapped };
}

describe("mapCsv", () => {
  it("rewrites a semicolon, decimal-comma, day-first export as the ingest's columns, one machine for the file", async () => {
    const csv = "Datum;Zählerstand kWh;Verbrauch kWh;Leistung kW\n31.12.2018 23:45;100;1,5;6\n01.01.2019 00:00;101,5;2,25;9\n";
    const { text, mapped } = await run(csv, { kind: "energy", machine_id: M1, date_format: "day_first", columns: { time: "Datum", energy_kwh: "Verbrauch kWh", power_kw: "Leistung kW" } });
    expect(mapped.dialect).toMatchObject({ delimiter: ";", decimal: "," });
    expect(mapped.output).toEqual({ delimiter: ";", decimal: "," });
    expect(text).toBe(`time;energy_kwh;power_kw;machine_id\n2018-12-31T23:45:00;1,5;6;${M1}\n2019-01-01T00:00:00;2,25;9;${M1}\n`);
  });

  it("keeps every record on its own line number across pieces, blank lines and quoted line breaks", async () => {
    const csv = 'when,who,kwh,note\r\n\r\n1/2/2019 10:00,Press 1,1.5,"two\r\nlines"\r\n1/2/2019 10:15,press 2 ,2,x\r\n';
    const pieces = [csv.slice(0, 7), csv.slice(7, 30), csv.slice(30)];
    const { text } = await run(pieces, { kind: "energy", date_format: "month_first", tz: "Europe/Berlin", columns: { time: "when", machine_id: "who", energy_kwh: "kwh" } });
    const lines = text.split("\n");
    expect(lines[0]).toBe("time,machine_id,energy_kwh");
    expect(lines[1]).toBe("");
    expect(lines[2]).toBe(`2019-01-02T10:00:00,${M1},1.5`);
    // the file's line 3 is the quoted field's second line; the next record is on line 5
    expect(lines[4]).toBe(`2019-01-02T10:15:00,${M2},2`);
  });

  it("rejects, by line and field, a date in the other order and an unknown machine; the rest passes", async () => {
    const csv = "when,who,kwh\n13/01/2019 10:00,Press 1,1\n01/14/2019 10:00,Press 9,1\n01/15/2019 10:00,Press 1,1\n";
    const { text, mapped } = await run(csv, { kind: "energy", date_format: "month_first", tz: "UTC", columns: { time: "when", machine_id: "who", energy_kwh: "kwh" } });
    expect(mapped.state.rejectedCount).toBe(2);
    expect(mapped.state.rejected[0]).toMatchObject({ line: 2, field: "time", column: "when" });
    expect(mapped.state.rejected[0]!.message).toMatch(/no month 13/);
    expect(mapped.state.rejected[1]).toMatchObject({ line: 3, field: "machine_id", column: "who", message: 'no machine is named "Press 9" or has that id' });
    expect(text.split("\n")[3]).toBe(`2019-01-15T10:00:00,${M1},1`);
  });

  it("with on_error=abort, fails once the file is read when the mapping rejected a line", async () => {
    const csv = "when,kwh\n13/01/2019 10:00,1\n";
    await expect(run(csv, { kind: "energy", machine_id: M1, date_format: "month_first", columns: { time: "when", energy_kwh: "kwh" } }, true)).rejects.toThrow(/Nothing was written: 1 line\(s\) rejected by the mapping; first: line 2, when/);
  });

  it("names the mapping's field when the file lacks the column it names", async () => {
    await expect(run("a,b\n1,2\n", { kind: "energy", machine_id: M1, columns: { time: "a", energy_kwh: "Energy" } })).rejects.toThrow(/columns\.energy_kwh: the file has no column "Energy"; its columns: "a", "b"/);
  });
});

describe("mappingSchema", () => {
  it("names the field of each mistake", () => {
    const r = mappingSchema.safeParse({ kind: "energy", columns: { time: "t", bogus: "x" }, date_format: "whenever" });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["date_format"]));
    const r2 = mappingSchema.safeParse({ kind: "energy", columns: { time: "t", bogus: "x" } });
    expect(r2.error!.issues.map((i) => i.path.join("."))).toEqual(["columns.bogus", "columns.energy_kwh", "machine_id"]);
    const r3 = mappingSchema.safeParse({ kind: "energy", machine_id: M1, columns: { time: "t", energy_kwh: "t" } });
    expect(r3.error!.issues[0]).toMatchObject({ path: ["columns", "energy_kwh"] });
  });
});

describe("mapCsv streams", () => {
  it("hands rows on while the file is still arriving (a large file is never held whole)", async () => {
    let read = 0;
    async function* source() {
      yield "when,kwh\n";
      for (let i = 0; i < 1000; i++) {
        // A network body arrives piece by piece.
        await Promise.resolve();
        read += 1;
        yield `01/02/2019 ${String(i % 24).padStart(2, "0")}:00,1\n`;
      }
    }
    const mapped = await mapCsv(source(), mappingSchema.parse({ kind: "energy", machine_id: M1, date_format: "day_first", columns: { time: "when", energy_kwh: "kwh" } }), machines, false);
    const it = mapped.text[Symbol.asyncIterator]();
    await it.next();
    await it.next();
    expect(read).toBeLessThan(5);
  });
});

describe("day-first local times and the ingest's clock-change rules", () => {
  it("passes the wall time on unchanged, so the ingest rejects a spring-gap time and resolves the autumn hour", async () => {
    const { parseTimestamp } = await import("@/lib/ingest/timestamps");
    const read = dateReader("day_first");
    const gap = read("29.03.2026 02:30");
    expect(gap).toEqual({ ok: true, text: "2026-03-29T02:30:00" });
    expect(parseTimestamp(gap.ok ? gap.text : "", "Europe/Berlin")).toEqual({ ok: false, message: '"2026-03-29T02:30:00" does not exist in Europe/Berlin (clocks skip forward at that time)' });
    const repeated = read("25.10.2026 02:30");
    // Two instants: 00:30Z (CEST) first, 01:30Z (CET) later; file order picks (lib/ingest/validate.ts).
    expect(parseTimestamp(repeated.ok ? repeated.text : "", "Europe/Berlin")).toEqual({ ok: true, ms: Date.UTC(2026, 9, 25, 0, 30), later: Date.UTC(2026, 9, 25, 1, 30) });
  });
});
