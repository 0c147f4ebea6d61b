import { describe, expect, it } from "vitest";
import { costText } from "@/components/anomalies/event-list";

describe("excess cost of an anomaly", () => {
  it("is money with two decimals in every row (the list read 124.73 EUR, 8 EUR, 4.4 EUR)", () => {
    expect(costText(124.7345, "EUR")).toBe("124.73 EUR");
    expect(costText(8, "EUR")).toBe("8.00 EUR");
    expect(costText(4.4, "EUR")).toBe("4.40 EUR");
    expect(costText(1234.5, "EUR")).toBe("1,234.50 EUR");
    expect(costText(null, "EUR")).toBe("no tariff");
  });
});
