import { describe, expect, it } from "vitest";
import { buildCsv, guardCell } from "@/lib/csv/build";

// CSV exports are opened in spreadsheets: a machine named "=HYPERLINK(…)" or a note starting with
// "+" must arrive as text, not as a formula (OWASP "CSV Injection"); numbers stay numbers.

describe("CSV formula-injection guard", () => {
  it("prefixes text cells that start with = + - @ tab or CR with an apostrophe", () => {
    expect(["=1+1", "+41 79", "-rm", "@SUM(A1)", "\tx", "\rx"].map(guardCell)).toEqual(["'=1+1", "'+41 79", "'-rm", "'@SUM(A1)", "'\tx", "'\rx"]);
  });

  it("leaves numbers, numeric text and ordinary text alone", () => {
    expect([-12.5, 0, 3, "-12.5", "+3", "-1e-3", "Compressor-1", "a=b", "", null].map(guardCell)).toEqual([-12.5, 0, 3, "-12.5", "+3", "-1e-3", "Compressor-1", "a=b", "", null]);
  });

  it("buildCsv guards every text cell and writes negative numbers as numbers", () => {
    const csv = buildCsv(
      [
        { header: "machine", value: (r: { name: string; kwh: number }) => r.name },
        { header: "energy (kWh)", value: (r) => r.kwh },
      ],
      [
        { name: '=HYPERLINK("http://x","y")', kwh: -4.25 },
        { name: "Press-2", kwh: 7 },
      ],
    );
    expect(csv).toBe('machine,energy (kWh)\r\n"\'=HYPERLINK(""http://x"",""y"")",-4.25\r\nPress-2,7\r\n');
  });
});
