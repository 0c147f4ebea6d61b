import { describe, expect, it } from "vitest";
import { checkSentence, resultSentence } from "@/lib/dashboard/import-check";

describe("the data page's check sentence", () => {
  it("counts an identical repeat once and a replaced row apart, so the sentence matches the rows listed", () => {
    // The import's answer for 25 lines, one repeating another exactly (tests/integration/import-profiles.test.ts: accepted 3, written 2).
    expect(checkSentence({ kind: "energy", received: 25, accepted: 25, written: 24, rejected_count: 0, superseded_count: 0 })).toBe("Of the first 25 rows, 24 would be stored; 1 row repeats an earlier one exactly and is stored once. Nothing has been written yet.");
    expect(checkSentence({ kind: "energy", received: 25, accepted: 25, written: 24, rejected_count: 0, superseded_count: 1 })).toBe("Of the first 25 rows, 24 would be stored; 1 row is replaced by a later row with the same machine and time. Nothing has been written yet.");
    expect(checkSentence({ kind: "energy", received: 9, accepted: 8, written: 8, rejected_count: 1, superseded_count: 0 })).toBe("Of the first 9 rows, 8 would be stored and 1 rejected. Nothing has been written yet.");
  });

  it("a register file: readings stored and the consumption rows derived from them; superseded readings counted", () => {
    expect(checkSentence({ kind: "register", received: 24, accepted: 24, written: 24, rejected_count: 0, superseded_count: 0, derived: 23 })).toBe("Of the first 24 rows, 24 register readings would be stored and 23 consumption rows derived from them. Nothing has been written yet.");
    // Before the time-of-day column is mapped, all 24 fall on midnight: 23 superseded by the last.
    expect(checkSentence({ kind: "register", received: 24, accepted: 1, written: 1, rejected_count: 0, superseded_count: 23, derived: 0 })).toBe("Of the first 24 rows, 1 register reading would be stored and 0 consumption rows derived from them; 23 rows are replaced by a later row with the same machine and time. Nothing has been written yet.");
  });

  it("after the import, every line is accounted for: stored, rejected, replaced by a later line, or an exact repeat stored once", () => {
    expect(resultSentence({ kind: "energy", received: 9, accepted: 8, written: 8, rejected_count: 1, superseded_count: 0 })).toBe("8 rows stored from 9 lines; 1 rejected.");
    // 17 lines: 4 rejected, one of the 13 accepted replaced by a later line for the same time.
    expect(resultSentence({ kind: "energy", received: 17, accepted: 13, written: 12, rejected_count: 4, superseded_count: 1 })).toBe("12 rows stored from 17 lines; 4 rejected; 1 replaced by a later line for the same machine and time.");
    expect(resultSentence({ kind: "energy", received: 25, accepted: 25, written: 24, rejected_count: 0 })).toBe("24 rows stored from 25 lines; 1 repeating an earlier line exactly, stored once.");
  });
});
