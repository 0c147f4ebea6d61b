import { describe, expect, it } from "vitest";
import { BatchDuplicates, MAX_KEPT, numbersHash } from "@/lib/ingest/duplicates";

describe("repeated keys of a batch", () => {
  it("finds the earlier row of a repeated key, ordered or not, and says whether its values were the same", () => {
    const d = new BatchDuplicates();
    expect(d.add("m1", 0, 2, 7)).toBeNull();
    expect(d.add("m1", 60, 3, 7)).toBeNull();
    expect(d.add("m2", 0, 4, 9)).toBeNull();
    expect(d.add("m1", 30, 5, 7)).toBeNull();
    expect(d.add("m1", 0, 6, 7)).toEqual({ earlier: 2, identical: true });
    expect(d.add("m1", 0, 7, 8)).toEqual({ earlier: 6, identical: false });
    // The later row replaced the earlier: a third repeat meets it.
    expect(d.add("m1", 0, 8, 8)).toEqual({ earlier: 7, identical: true });
    expect(d.add("m2", 0, 9, 1)).toEqual({ earlier: 4, identical: false });
  });

  it("past MAX_KEPT keys, rows going forward pass and a row going back is reported unchecked", () => {
    const d = new BatchDuplicates();
    for (let i = 0; i < MAX_KEPT; i++) d.add("m", i, i, 0);
    expect(d.add("m", MAX_KEPT + 1, 0, 0)).toBeNull();
    expect(d.add("m", 5, 0, 1)).toEqual({ earlier: 5, identical: false });
    expect(d.add("m", MAX_KEPT, 0, 0)).toMatchObject({ unchecked: true });
  });

  it("hashes numbers bit for bit, absent values alike", () => {
    expect(numbersHash([1, 0.1, undefined], 0, 3, 60)).toBe(numbersHash([1, 0.1, null], 0, 3, 60));
    expect(numbersHash([1, 0.1], 0, 2, 60)).not.toBe(numbersHash([1, 0.1 + 1e-17 * 10], 0, 2, 60));
    expect(numbersHash([1, 0.1], 0, 2, 60)).not.toBe(numbersHash([0.1, 1], 0, 2, 60));
  });
});
