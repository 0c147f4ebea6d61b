import { describe, expect, it } from "vitest";
import { parseTimestamp } from "@/lib/ingest/timestamps";
import { cellValue } from "@/lib/ingest/columns";
import { checkTime } from "@/lib/validation/ingest";
import { rng } from "../../helpers/fixtures";

describe("parseTimestamp", () => {
  it("reads toISOString's own format (its shortcut) exactly as the general form of the same instant", () => {
    const rand = rng(5);
    for (let i = 0; i < 20_000; i++) {
      const pad = (n: number, w = 2) => String(n).padStart(w, "0");
      // Mostly valid fields, sometimes out of range (month 13, day 31 of a short month, 24:00, Feb 29).
      const y = 1000 + Math.floor(rand() * 9000);
      const text = `${pad(y, 4)}-${pad(1 + Math.floor(rand() * 13))}-${pad(1 + Math.floor(rand() * 31))}T${pad(Math.floor(rand() * 25))}:${pad(Math.floor(rand() * 60))}:${pad(Math.floor(rand() * 60))}.${pad(Math.floor(rand() * 1000), 3)}Z`;
      const fast = parseTimestamp(text);
      const general = parseTimestamp(text.replace("Z", "+00:00"));
      expect(fast.ok, text).toBe(general.ok);
      if (fast.ok && general.ok) {
        expect(fast.ms, text).toBe(general.ms);
        expect(fast.canonical).toBe(true);
        expect(new Date(fast.ms).toISOString()).toBe(text);
      }
    }
  });

  it("takes years before 100 as written, not as 19xx", () => {
    const r = parseTimestamp("0095-06-01T00:00:00Z");
    expect(r.ok && new Date(r.ms).getUTCFullYear()).toBe(95);
    expect(checkTime("0095-06-01T00:00:00Z", undefined, Date.now())).toMatchObject({ ok: false, message: expect.stringContaining("before 1990") as unknown });
    expect(parseTimestamp("0095-06-01T00:00:00.000Z").ok && parseTimestamp("0095-06-01T00:00:00.000Z")).toMatchObject({ ms: r.ok ? r.ms : NaN });
  });

  it("reads offsets to the minute and rejects offset minutes beyond 59", () => {
    expect(parseTimestamp("2026-06-01T00:00:00+05:45")).toMatchObject({ ok: true, ms: Date.UTC(2026, 4, 31, 18, 15) });
    expect(parseTimestamp("2026-06-01T00:00:00-0330")).toMatchObject({ ok: true, ms: Date.UTC(2026, 5, 1, 3, 30) });
    expect(parseTimestamp("2026-06-01T00:00:00+01:99")).toMatchObject({ ok: false, message: expect.stringContaining("minutes are not 00–59") as unknown });
  });
});

describe("cellValue", () => {
  it("reads decimal numbers only: hexadecimal, binary and octal prefixes stay text (and fail validation)", () => {
    expect(["12", " 1e3 ", "-0", ".5", "0.25", "0"].map((c) => cellValue("number", c))).toEqual([12, 1000, -0, 0.5, 0.25, 0]);
    expect(["0x10", "0b11", "0o7", "0X1F"].map((c) => cellValue("number", c))).toEqual(["0x10", "0b11", "0o7", "0X1F"]);
  });

  it("names both instants of a local time the autumn change repeats, and one otherwise", () => {
    expect(parseTimestamp("2026-10-25 02:30", "Europe/Berlin")).toEqual({ ok: true, ms: Date.UTC(2026, 9, 25, 0, 30), later: Date.UTC(2026, 9, 25, 1, 30) });
    expect(parseTimestamp("2026-10-25 03:00", "Europe/Berlin")).toEqual({ ok: true, ms: Date.UTC(2026, 9, 25, 2) });
    expect(parseTimestamp("2026-10-25T02:30:00+02:00", "Europe/Berlin")).toEqual({ ok: true, ms: Date.UTC(2026, 9, 25, 0, 30) });
  });
});
