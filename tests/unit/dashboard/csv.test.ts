import { describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { buildCsv, csvFileName } from "@/lib/csv/build";

describe("CSV built in the browser", () => {
  it("writes a header with units and quotes what needs quoting, CRLF like the API", () => {
    const rows = [
      { name: "Compressor-1", area: "Hall A, north", kwh: 1234.5 },
      { name: 'Oven "big"', area: null, kwh: 0 },
    ];
    const csv = buildCsv(
      [
        { header: "machine", value: (r) => r.name },
        { header: "area", value: (r) => r.area },
        { header: "energy (kWh)", value: (r) => r.kwh },
      ],
      rows,
    );
    expect(csv.split("\r\n")[0]).toBe("machine,area,energy (kWh)");
    expect(parse(csv, { columns: true })).toEqual([
      { machine: "Compressor-1", area: "Hall A, north", "energy (kWh)": "1234.5" },
      { machine: 'Oven "big"', area: "", "energy (kWh)": "0" },
    ]);
  });

  it("names files by machine and period with safe characters", () => {
    expect(csvFileName("Compressor-1", "energy", "2026-11-24/2026-12-01")).toBe("Compressor-1_energy_2026-11-24-2026-12-01.csv");
    expect(csvFileName("Öfen Halle 2", undefined, "coefficients")).toBe("Öfen-Halle-2_coefficients.csv");
    expect(csvFileName()).toBe("export.csv");
  });
});
