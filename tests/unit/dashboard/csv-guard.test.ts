import { describe, expect, it } from "vitest";
import { buildCsv, guardCell, joinCsvPages } from "@/lib/csv/build";

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

describe("joinCsvPages (the anomaly CSV's pages as one file)", () => {
  const cols = [
    { header: "id", value: (r: { id: string; note: string }) => r.id },
    { header: "note", value: (r: { id: string; note: string }) => r.note },
  ];
  it("keeps a quoted line break inside its cell and drops only the later pages' header rows", () => {
    const p1 = buildCsv(cols, [{ id: "a", note: "valve\r\nchecked" }]);
    const p2 = buildCsv(cols, [{ id: "b", note: 'said "ok"\nthen left' }, { id: "c", note: "" }]);
    const p3 = buildCsv(cols, []);
    const joined = joinCsvPages([p1, p2, p3]);
    expect(joined).toBe(buildCsv(cols, [{ id: "a", note: "valve\r\nchecked" }, { id: "b", note: 'said "ok"\nthen left' }, { id: "c", note: "" }]));
  });

  it("adds the final CRLF a page lacks and skips empty pages", () => {
    expect(joinCsvPages(["id\r\na", "id\r\nb", ""])).toBe("id\r\na\r\nb\r\n");
  });
});
