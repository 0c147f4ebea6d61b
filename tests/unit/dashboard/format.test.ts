import { describe, expect, it } from "vitest";
import { fmt, fmtFixed } from "@/lib/dashboard/format";

describe("numbers in table columns", () => {
  it("fmtFixed keeps the decimals a column shows (76.0 beside 77.7), with thousands separators", () => {
    expect(fmt(76, 1)).toBe("76");
    expect(fmtFixed(76, 1)).toBe("76.0");
    expect(fmtFixed(77.66, 1)).toBe("77.7");
    expect(fmtFixed(12345.6789, 3)).toBe("12,345.679");
    expect(fmtFixed(null, 1)).toBe("—");
    expect(fmtFixed(Number.NaN, 1)).toBe("—");
  });
});
