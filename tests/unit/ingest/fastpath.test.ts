import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { RowValidator } from "@/lib/ingest/validate";
import { cellValue, columnSpecs, inputLine } from "@/lib/ingest/columns";
import { rowSchemas } from "@/lib/validation/ingest";
import { seriesKinds, type SeriesKind } from "@/lib/timeseries/definitions";
import { rng } from "../../helpers/fixtures";

// The fast checks must accept exactly the rows the zod schemas accept and write the same COPY
// line for them: each row below goes through RowValidator and through the former path (zod,
// the machine check, copyLine) and both must agree, rejections included.

const M1 = "a0000000-0000-0000-0000-000000000001";
const M2 = "A0000000-0000-0000-0000-00000000000F";
const machines = new Set([M1, M2.toLowerCase()]);
const NOW = Date.UTC(2026, 5, 1, 12);

const schemas = { utc: rowSchemas(undefined, NOW), berlin: rowSchemas("Europe/Berlin", NOW) };

function former(kind: SeriesKind, tz: string | undefined, row: unknown) {
  const result = schemas[tz ? "berlin" : "utc"][kind].safeParse(row);
  // An unknown field (the row schemas are strict) is named itself.
  const field = (i: z.core.$ZodIssue) => [...i.path, ...(i.code === "unrecognized_keys" ? i.keys.slice(0, 1) : [])].join(".") || "(row)";
  if (!result.success) return { line: null, messages: result.error.issues.slice(0, 3).map((i) => `${field(i)}: ${i.message}`) };
  const data = result.data as Record<string, unknown>;
  const id = String(data.machine_id).toLowerCase();
  if (!machines.has(id)) return { line: null, messages: [`machine_id: unknown machine ${id}`] };
  return { line: inputLine(kind, { ...data, machine_id: id }), messages: [] };
}

function current(v: RowValidator, run: (v: RowValidator) => string | null) {
  const before = v.rejected.length;
  const line = run(v);
  return { line, messages: v.rejected.slice(before).map((r) => `${r.field}: ${r.message}`) };
}

const numberTexts = ["", " ", "1", " 1", "1 ", "\t2\n", "1e3", "1E3", "NaN", "Infinity", "-Infinity", "0x10", "0b11", "0o7", "-0", "+1", ".5", "5.", "1_000", "1,5",
  "999999", "1000000", "1000000.0000001", "10000000", "-1", "-0.5", "1e-7", "0.1", "0.30000000000000004", "1".repeat(400), "9".repeat(30), "1e309", "abc", "\u00a03", "١"];
const numberValues: unknown[] = [0, -0, 1, 0.5, -1, -1e-300, 1e6, 1e6 + 1e-9, 1e7, 1e9, 1e9 + 1, 1e300, Number.MAX_VALUE, Number.MIN_VALUE, NaN, Infinity, -Infinity, "1", "NaN", "", null, undefined, true, [], {}, [1]];
const times = ["2026-06-01T00:00:00Z", "2026-06-01T00:00:00.123Z", "2026-06-01T00:00:00.1234567Z", "2026-06-01 00:00:00+02:00", "2026-06-01T00:00+0200", "2026-06-01T00:00:00-05",
  "2026-06-01T12:59:59Z", "2026-06-01T13:00:00Z", "2026-06-01T13:00:00.001Z", "2026-06-01T14:00:00+01:00", "2026-06-01T00:00:00", "2026-03-29 02:30", "2026-10-25 02:30", "2024-02-29T00:00:00Z", "2026-02-29T00:00:00Z",
  "2026-13-01T00:00:00Z", "2026-06-31T00:00:00Z", "1989-12-31T23:59:59Z", "1990-01-01T00:00:00Z", "1989-12-31T23:00:00-01:00", "2026-06-01T24:00:00Z", "2026-06-01t00:00:00z", " 2026-06-01T00:00:00Z ",
  "2026-06-01T00:00:00,5Z", "2026-06-01T00:00:00+19:00", "2026-06-01", "yesterday", "", "2026-06-01T00:00:00\u0000Z"];
const timeValues: unknown[] = [...times, 1780000000000, null, undefined, new Date(NOW - 1000)];
const ids: unknown[] = [M1, M1.toUpperCase(), M2, " " + M1, M1 + " ", "b0000000-0000-0000-0000-000000000001", "a0000000000000000000000000000001", "not-a-uuid", "", "a0000000-0000-0000-0000-00000000000g", 42, null, undefined];
const texts: unknown[] = ["", "x", 'say "hi"', "a,b", "line\nbreak", "x".repeat(100), "x".repeat(101), "nul\u0000", "é€𝄞", "  padded  ", 7, null, undefined];
const states: unknown[] = ["running", "idle", "off", "RUNNING", " running", "", "stopped", 1, null, undefined];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

function jsonRow(kind: SeriesKind, rand: () => number): unknown {
  const r = rand();
  if (r < 0.01) return pick(rand, [null, "row", 5, [], [M1]]);
  const row: Record<string, unknown> = {};
  for (const spec of columnSpecs[kind]) {
    if (rand() < 0.08) continue;
    // Mostly valid values, so that accepted rows are well represented.
    const good = rand() < 0.75;
    if (spec.type === "time") row[spec.name] = good ? "2026-05-31T10:00:00Z" : pick(rand, timeValues);
    else if (spec.name === "interval_s") row[spec.name] = good ? pick(rand, [60, 900, 1, 8_640_000]) : pick(rand, [...numberValues, 0.5, 8_640_001]);
    else if (spec.type === "uuid") row[spec.name] = good ? M1 : pick(rand, ids);
    else if (spec.type === "number") row[spec.name] = good ? Math.round(rand() * 100) / 10 : pick(rand, numberValues);
    else if (spec.name === "machine_state") row[spec.name] = good ? "idle" : pick(rand, states);
    else row[spec.name] = good ? "P-1" : pick(rand, texts);
  }
  if (rand() < 0.1) row.extra = "ignored";
  return row;
}

function csvCells(kind: SeriesKind, rand: () => number): (string | undefined)[] {
  return columnSpecs[kind].map((spec) => {
    if (rand() < 0.05) return undefined; // column not in the file
    const good = rand() < 0.75;
    if (spec.type === "time") return good ? "2026-05-31T10:00:00.500Z" : pick(rand, times);
    if (spec.name === "interval_s") return good ? pick(rand, ["60", "900", " 3600 "]) : pick(rand, [...numberTexts, "60.5", "0"]);
    if (spec.type === "uuid") return good ? M2 : String(pick(rand, ids));
    if (spec.type === "number") return good ? String(Math.round(rand() * 1000) / 100) : pick(rand, numberTexts);
    if (spec.name === "machine_state") return good ? "running" : String(pick(rand, states));
    return good ? "P-2" : String(pick(rand, texts));
  });
}

describe.each(seriesKinds)("fast path for %s rows", (kind) => {
  it.each([undefined, "Europe/Berlin"])("accepts and writes exactly what the schema does (tz %s)", (tz) => {
    const rand = rng(kind.length * 7 + (tz ? 1 : 0));
    const v = new RowValidator(kind, machines, tz, 1_000_000, NOW);
    expect(v.hasFastPath).toBe(true);
    let accepted = 0;
    for (let i = 0; i < 6000; i++) {
      const row = jsonRow(kind, rand);
      const want = former(kind, tz, row);
      expect(current(v, (x) => x.check(row, { index: i })), JSON.stringify(row)).toEqual(want);
      if (want.line) accepted += 1;

      // The same as CSV cells, read as ingestCsv reads them.
      const cells = csvCells(kind, rand);
      const specs = columnSpecs[kind];
      const obj: Record<string, unknown> = {};
      specs.forEach((s, j) => {
        if (cells[j] !== undefined) obj[s.name] = cellValue(s.type, cells[j]);
      });
      const values = specs.map((s, j) => (cells[j] === undefined ? undefined : cellValue(s.type, cells[j])));
      const wantCsv = former(kind, tz, obj);
      expect(current(v, (x) => x.checkValues(values, () => obj, { line: i + 2 })), JSON.stringify(cells)).toEqual(wantCsv);
      if (wantCsv.line) accepted += 1;
    }
    // Both accepted and rejected rows were exercised.
    expect(accepted).toBeGreaterThan(500);
    expect(v.rejectedCount).toBeGreaterThan(500);
  });
});

describe("numeric cells", () => {
  it.each(numberTexts)("%j is read alike by both paths", (text) => {
    const v = new RowValidator("energy", machines, undefined, 1000, NOW);
    const cells = ["2026-05-31T10:00:00Z", M1, text, "1", "", "", "", "", ""];
    const values = columnSpecs.energy.map((s, j) => cellValue(s.type, cells[j]!));
    const obj = Object.fromEntries(columnSpecs.energy.map((s, j) => [s.name, values[j]]));
    expect(current(v, (x) => x.checkValues(values, () => obj, { line: 2 }))).toEqual(former("energy", undefined, obj));
  });
});

describe("fast path writing the head of energy lines (for the interval planner)", () => {
  it("accepts what the schema does and writes the first columns of its line", () => {
    const rand = rng(77);
    const v = new RowValidator("energy", machines, undefined, 1_000_000, NOW, { onError: "abort", repeats: false, head: 7 });
    let accepted = 0;
    for (let i = 0; i < 4000; i++) {
      const row = jsonRow("energy", rand);
      const want = former("energy", undefined, row);
      const got = current(v, (x) => x.check(row, { index: i }));
      if (want.line === null) expect(got, JSON.stringify(row)).toEqual(want);
      else {
        const data = schemas.utc.energy.parse(row) as Record<string, unknown>;
        expect(got, JSON.stringify(row)).toEqual({ line: inputLine("energy", { ...data, machine_id: String(data.machine_id).toLowerCase() }, 7), messages: [] });
        accepted += 1;
      }
    }
    expect(accepted).toBeGreaterThan(100);
  });
});
