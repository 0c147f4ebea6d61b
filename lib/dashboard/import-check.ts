// The sentence above the data page's check of a file's first rows. The import's answer counts
// rows received, accepted (valid), written, superseded (replaced by a later row with the same
// machine and time, the later one stored) and rejected; a register file also derives consumption
// rows from its readings. The sentence says `written` would be stored, so it agrees with the rows
// listed under it: an identical repeat is accepted twice and stored once, and said so. (Register
// ingestion counts superseded readings out of `accepted` already; the other kinds do not.)

export interface CheckCounts {
  kind: string;
  received: number;
  accepted: number;
  written: number;
  rejected_count: number;
  superseded_count?: number;
  derived?: number;
}

const n = (x: number) => x.toLocaleString("en-GB");
const rows = (x: number, what = "row") => `${n(x)} ${what}${x === 1 ? "" : "s"}`;

/**
 * "Of the first 25 rows, 24 would be stored and 1 rejected; 1 row is replaced by a later row with
 * the same machine and time. Nothing has been written yet." A register file: "… 24 register
 * readings would be stored and 23 consumption rows derived from them …".
 */
export function checkSentence(c: CheckCounts): string {
  const { superseded, repeats } = unstored(c);
  const stored = c.written;
  const what = c.kind === "register" ? `${rows(stored, "register reading")} would be stored and ${rows(c.derived ?? 0, "consumption row")} derived from them` : `${n(stored)} would be stored`;
  const rejected = c.rejected_count > 0 ? ` and ${n(c.rejected_count)} rejected` : "";
  const replaced = superseded > 0 ? `; ${rows(superseded)} ${superseded === 1 ? "is" : "are"} replaced by a later row with the same machine and time` : "";
  const repeated = repeats > 0 ? `; ${rows(repeats)} ${repeats === 1 ? "repeats" : "repeat"} an earlier one exactly and ${repeats === 1 ? "is" : "are"} stored once` : "";
  return `Of the first ${rows(c.received)}, ${what}${rejected}${replaced}${repeated}. Nothing has been written yet.`;
}

/** Rows accepted but not stored: replaced by a later row, or exact repeats stored once. */
function unstored(c: CheckCounts): { superseded: number; repeats: number } {
  const superseded = c.superseded_count ?? 0;
  return { superseded, repeats: Math.max(0, c.accepted - c.written - (c.kind === "register" ? 0 : superseded)) };
}

/**
 * The sentence after an import, accounting for every line: "12 rows stored from 17 lines; 4
 * rejected; 1 replaced by a later line for the same machine and time." (a line in none of these
 * counts read as silently dropped).
 */
export function resultSentence(c: CheckCounts): string {
  const { superseded, repeats } = unstored(c);
  const rejected = c.rejected_count > 0 ? `; ${n(c.rejected_count)} rejected` : "";
  const replaced = superseded > 0 ? `; ${n(superseded)} replaced by a later line for the same machine and time` : "";
  const repeated = repeats > 0 ? `; ${n(repeats)} repeating an earlier line exactly, stored once` : "";
  return `${n(c.written)} rows stored from ${n(c.received)} lines${rejected}${replaced}${repeated}.`;
}
