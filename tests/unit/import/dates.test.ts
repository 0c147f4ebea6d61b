import { describe, expect, it } from "vitest";
import { dateReader, detectDateFormat } from "@/lib/import/dates";

describe("dateReader", () => {
  it("reads day-first dates with / . and - and optional seconds, as ISO local times", () => {
    const read = dateReader("day_first");
    expect(read("31/12/2018 23:45")).toEqual({ ok: true, text: "2018-12-31T23:45:00" });
    expect(read("1.2.2019 7:05:09")).toEqual({ ok: true, text: "2019-02-01T07:05:09" });
    expect(read("05-03-2020 00:00:00,5")).toEqual({ ok: true, text: "2020-03-05T00:00:00.500" });
    expect(read("29/02/2020")).toEqual({ ok: true, text: "2020-02-29T00:00:00" });
  });

  it("reads 24:00 as the end of the day (ISO 8601): the next midnight, in every format with a time", () => {
    const day = dateReader("day_first");
    expect(day("31/12/2018 24:00")).toEqual({ ok: true, text: "2019-01-01T00:00:00" });
    expect(day("28.02.2019 24:00:00")).toEqual({ ok: true, text: "2019-03-01T00:00:00" });
    expect(day("29/02/2020", "24:00")).toEqual({ ok: true, text: "2020-03-01T00:00:00" });
    expect(dateReader("month_first")("12/31/2018 24:00")).toEqual({ ok: true, text: "2019-01-01T00:00:00" });
    expect(dateReader("iso")("2018-12-31T24:00")).toEqual({ ok: true, text: "2019-01-01T00:00:00" });
    expect(dateReader("iso")("2018-12-31 24:00:00+01:00")).toEqual({ ok: true, text: "2019-01-01 00:00:00+01:00" });
    // Not past the end of the day, not with AM/PM, and not on a day that does not exist.
    for (const bad of ["31/12/2018 24:01", "31/12/2018 24:00:01", "31/12/2018 24:00 PM", "30/02/2019 24:00"]) expect(day(bad).ok, bad).toBe(false);
    expect(dateReader("iso")("2018-02-30T24:00")).toEqual({ ok: true, text: "2018-02-30T24:00" });
  });

  it("reads month-first dates with AM/PM", () => {
    const read = dateReader("month_first");
    expect(read("12/31/2018 11:45 PM")).toEqual({ ok: true, text: "2018-12-31T23:45:00" });
    expect(read("1/2/2019 12:00 AM")).toEqual({ ok: true, text: "2019-01-02T00:00:00" });
    expect(read("1/2/2019 12:30 pm")).toEqual({ ok: true, text: "2019-01-02T12:30:00" });
  });

  it("refuses a day-first date read month-first, saying which part is wrong", () => {
    const r = dateReader("month_first")("13/01/2018 10:00");
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/no month 13 \(is the file day-first\?\)/);
    const d = dateReader("day_first")("01/13/2018 10:00");
    expect(!d.ok && d.message).toMatch(/no month 13 \(is the file month-first\?\)/);
    // Neither order reads 13.13: no hint.
    const both = dateReader("day_first")("13.13.2026");
    expect(!both.ok && both.message).toBe('"13.13.2026" is not a valid day-first date: there is no month 13');
  });

  it("refuses days that do not exist, two-digit years and bad times", () => {
    expect(dateReader("day_first")("29/02/2019").ok).toBe(false);
    expect(dateReader("day_first")("31/04/2019 10:00").ok).toBe(false);
    expect(dateReader("day_first")("31/12/18 10:00").ok).toBe(false);
    expect(dateReader("day_first")("31/12/2018 24:30").ok).toBe(false);
    expect(dateReader("day_first")("31/12/2018 13:00 PM").ok).toBe(false);
    expect(dateReader("day_first")("2018-12-31 10:00").ok).toBe(false);
  });

  it("joins a separate time-of-day column, and keeps bare dates for bills", () => {
    expect(dateReader("day_first")("31.12.2018", "23:45")).toEqual({ ok: true, text: "2018-12-31T23:45:00" });
    expect(dateReader("day_first")("31.12.2018 10:00", "23:45").ok).toBe(false);
    expect(dateReader("day_first", true)("31/12/2018")).toEqual({ ok: true, text: "2018-12-31" });
  });

  it("passes ISO text on untouched (the ingest reads it)", () => {
    expect(dateReader("iso")(" 2018-12-31T23:45:00Z ")).toEqual({ ok: true, text: "2018-12-31T23:45:00Z" });
  });
});

describe("detectDateFormat", () => {
  it("tells ISO, day-first and month-first apart when a value shows it", () => {
    expect(detectDateFormat(["2018-12-31 23:45", "2019-01-01T00:00Z"])).toEqual({ format: "iso", candidates: ["iso"] });
    expect(detectDateFormat(["01/12/2018 10:00", "13/12/2018 10:00"])).toEqual({ format: "day_first", candidates: ["day_first"] });
    expect(detectDateFormat(["12/01/2018 10:00", "12/13/2018 10:00"])).toEqual({ format: "month_first", candidates: ["month_first"] });
  });

  it("never guesses: a sample that fits both is ambiguous, one that fits neither is not a date", () => {
    expect(detectDateFormat(["01/02/2018 10:00", "03/04/2018 10:00"])).toEqual({ format: null, candidates: ["day_first", "month_first"] });
    expect(detectDateFormat(["12.5", "13.7"])).toEqual({ format: null, candidates: [] });
  });
});
