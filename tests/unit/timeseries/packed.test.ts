import { describe, expect, it } from "vitest";
import { decodePacked } from "@/lib/timeseries/series";

// The packed series format read from the database (lib/timeseries/series.ts): per bucket 8 bytes
// of time (microseconds since 2000-01-01, big-endian) and 8 bytes (float8, big-endian) per column,
// NaN standing for NULL. Built here by hand, byte by byte.

const PG_EPOCH_MS = Date.UTC(2000, 0, 1);

function pack(rows: { ms: number; values: (number | null)[] }[]): Uint8Array {
  const width = 8 * (1 + (rows[0]?.values.length ?? 0));
  const bytes = new Uint8Array(width * rows.length);
  const view = new DataView(bytes.buffer);
  rows.forEach((r, i) => {
    view.setBigInt64(i * width, BigInt(r.ms - PG_EPOCH_MS) * 1000n);
    r.values.forEach((v, c) => view.setFloat64(i * width + 8 + 8 * c, v === null ? Number.NaN : v));
  });
  return bytes;
}

describe("decodePacked", () => {
  it("reads times and doubles bit for bit, NULL from NaN, before and after 2000", () => {
    const rows = [
      { ms: Date.UTC(1999, 11, 31, 23), values: [0.1 + 0.2, null] },
      { ms: Date.UTC(2025, 0, 1), values: [-0, 1e-300] },
      { ms: Date.UTC(2026, 5, 30, 12, 15), values: [Number.MAX_VALUE, 123456.789] },
    ];
    const out = decodePacked(pack(rows), 2);
    expect(out.times).toEqual(rows.map((r) => r.ms));
    expect(out.values[0]).toEqual([0.30000000000000004, -0, Number.MAX_VALUE]);
    expect(Object.is(out.values[0]![1], -0)).toBe(true);
    expect(out.values[1]).toEqual([null, 1e-300, 123456.789]);
  });

  it("sorts rows that arrive out of time order, keeping each row's values together", () => {
    const rows = [
      { ms: Date.UTC(2025, 0, 1, 2), values: [2, 20] },
      { ms: Date.UTC(2025, 0, 1, 0), values: [0, null] },
      { ms: Date.UTC(2025, 0, 1, 1), values: [1, 10] },
    ];
    const out = decodePacked(pack(rows), 2);
    expect(out.times).toEqual([0, 1, 2].map((h) => Date.UTC(2025, 0, 1, h)));
    expect(out.values).toEqual([
      [0, 1, 2],
      [null, 10, 20],
    ]);
  });

  it("reads a Buffer that is a view into a larger allocation (as postgres.js hands bytea over)", () => {
    const inner = pack([{ ms: Date.UTC(2025, 2, 3), values: [7.5] }]);
    const outer = new Uint8Array(inner.length + 13);
    outer.set(inner, 5);
    const out = decodePacked(outer.subarray(5, 5 + inner.length), 1);
    expect(out).toEqual({ times: [Date.UTC(2025, 2, 3)], values: [[7.5]] });
  });
});
