import { describe, expect, it } from "vitest";
import { csvResponse, pointsCsv } from "@/lib/timeseries/csv";

// The series and KPI routes' CSV (lib/timeseries/csv.ts) goes through the same formula guard as the
// dashboard's own downloads: a name that reads as a formula arrives as text, numbers as numbers.

const text = (s: ReadableStream<Uint8Array>) => new Response(s).text();

describe("pointsCsv formula guard", () => {
  it("prefixes text cells starting with = + - @ tab or CR, in leading columns and in points", async () => {
    const csv = await text(
      pointsCsv(
        [
          { time: "2024-01-01T00:00:00.000Z", energy_kwh: -4.25, note: "@SUM(A1)" },
          { time: "2024-01-01T01:00:00.000Z", energy_kwh: 7, note: "\tx" },
        ],
        ["energy_kwh", "note"],
        { machine: '=HYPERLINK("http://x","y")' },
      ),
    );
    expect(csv).toBe(
      'machine,time,energy_kwh,note\r\n' +
        '"\'=HYPERLINK(""http://x"",""y"")",2024-01-01T00:00:00.000Z,-4.25,\'@SUM(A1)\r\n' +
        '"\'=HYPERLINK(""http://x"",""y"")",2024-01-01T01:00:00.000Z,7,\'\tx\r\n',
    );
  });

  it("leaves negative numbers, numeric text, nulls and ordinary names alone", async () => {
    const csv = await text(pointsCsv([{ time: "2024-01-01T00:00:00.000Z", a: -0.5, b: "-12.5", c: null, d: "Compressor-1" }], ["a", "b", "c", "d"]));
    expect(csv).toBe("time,a,b,c,d\r\n2024-01-01T00:00:00.000Z,-0.5,-12.5,,Compressor-1\r\n");
  });

  it("guards a header that reads as a formula", async () => {
    const csv = await text(pointsCsv([{ time: "t", "=cmd": 1 }], ["=cmd"]));
    expect(csv.split("\r\n")[0]).toBe("time,'=cmd");
  });
});

describe("csvResponse file name", () => {
  // The KPI routes name the file after the area: an area "Halle – Süd" (en dash: beyond Latin-1)
  // answered a 500 (a header value must be a ByteString), and quotes broke the header.
  it("answers any name: an ASCII filename and the exact one as RFC 5987 filename*", async () => {
    const res = csvResponse(pointsCsv([], ["a"]), 'kpi-sec-Halle – Süd "A"/B-daily.csv');
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="kpi-sec-Halle _ S_d _A__B-daily.csv"; filename*=UTF-8''kpi-sec-Halle%20%E2%80%93%20S%C3%BCd%20%22A%22%2FB-daily.csv`,
    );
    expect(await res.text()).toBe("time,a\r\n");
  });

  it("keeps a plain name as it is", () => {
    expect(csvResponse(pointsCsv([], ["a"]), "series-x-hourly.csv").headers.get("content-disposition")).toBe(
      `attachment; filename="series-x-hourly.csv"; filename*=UTF-8''series-x-hourly.csv`,
    );
  });
});
