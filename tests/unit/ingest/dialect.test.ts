import { describe, expect, it } from "vitest";
import { cellReader, delimiterHint, detectDialect } from "@/lib/ingest/dialect";

describe("CSV dialects", () => {
  it("detects the delimiter from the header, and a decimal comma for semicolon files", () => {
    expect(detectDialect("time;machine_id;power_kw;energy_kwh", {})).toEqual({ delimiter: ";", decimal: ",", detected: ["delimiter", "decimal"] });
    expect(detectDialect("time,machine_id,energy_kwh", {})).toMatchObject({ delimiter: ",", decimal: "." });
    expect(detectDialect("time\tmachine_id\tenergy_kwh", {})).toMatchObject({ delimiter: "\t", decimal: "." });
    // Quoted names do not count: "a;b" is one name.
    expect(detectDialect('"a;b;c",machine_id,energy_kwh', {})).toMatchObject({ delimiter: "," });
    expect(detectDialect("time;machine_id", { decimal: "." })).toEqual({ delimiter: ";", decimal: ".", detected: ["delimiter"] });
    expect(() => detectDialect("a,b", { decimal: "," })).toThrow("delimiter");
  });

  it("says the file uses semicolons when the header is one field", () => {
    expect(delimiterHint(["time;machine_id;energy_kwh"], { delimiter: ",", decimal: ".", detected: [] })).toContain("the file uses semicolons (;) between fields");
    expect(delimiterHint(["time", "machine"], { delimiter: ",", decimal: ".", detected: [] })).toBeNull();
  });

  it("reads decimal commas with points or spaces grouping thousands, and leaves ambiguous cells as text", () => {
    const read = (raw: string) => cellReader(",")("number", raw);
    expect(["1234,5", "1.234,5", "1.234.567", "1 234,5", "1\u00a0234,5", "1\u202f234", "-0,25", "0", "12", "1,5E3", ""].map(read)).toEqual([1234.5, 1234.5, 1234567, 1234.5, 1234.5, 1234, -0.25, 0, 12, 1500, undefined]);
    expect(["1.234", "0.25", "1.23,4", "01.234,5", "1,2,3", "abc"].map(read)).toEqual(["1.234", "0.25", "1.23,4", "01.234,5", "1,2,3", "abc"]);
    expect(cellReader(",")("text", " P-1 ")).toBe("P-1");
    expect(cellReader(".")("number", "1.5")).toBe(1.5);
  });
});
