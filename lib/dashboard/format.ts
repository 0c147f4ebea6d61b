import { offsetMinutes } from "@/lib/time/plant-time";

export const fmt = (v: number | null | undefined, digits = 3) => (v === null || v === undefined || !Number.isFinite(v) ? "—" : v.toLocaleString("en-GB", { maximumFractionDigits: digits, minimumFractionDigits: 0 }));
/** A fixed number of decimals ("76.0" beside "77.7" in a column, where fmt would drop the ".0"); "—" for none. */
export const fmtFixed = (v: number | null | undefined, digits: number) => (v === null || v === undefined || !Number.isFinite(v) ? "—" : v.toLocaleString("en-GB", { maximumFractionDigits: digits, minimumFractionDigits: digits }));
/**
 * A value-axis tick: the tick's own value (recharts picks 0.025, 0.25, 2.5, 2,500 …), up to 3
 * decimals, so small quantities are not rounded into their neighbours ("0, 0, 0, 1, 1" kWh).
 */
export const axisTick = (v: number) => fmt(v, 3);
export const fmtP = (p: number | null | undefined) => (p === null || p === undefined || !Number.isFinite(p) ? "—" : p < 0.001 ? "<0.001" : p.toFixed(3));
export const fmtPct = (v: number | null | undefined, digits = 1) => (v === null || v === undefined || !Number.isFinite(v) ? "—" : `${(100 * v).toFixed(digits)} %`);
export const fmtSig = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? "—" : Number.isInteger(v) ? v.toLocaleString("en-GB") : Math.abs(v) >= 1000 || Math.abs(v) < 0.01 ? v.toPrecision(4) : v.toFixed(3));

/**
 * The UTC offset ("+02:00") of an instant whose plant wall-clock time occurs twice (the hour
 * repeated when clocks go back), so two rows reading "02:30" can be told apart; null for every
 * other instant. Found by probing the offset two hours either side: a different offset whose
 * shift lands on the same wall clock means the time is ambiguous.
 */
export function repeatedHourOffset(ms: number, timeZone: string): string | null {
  const o = offsetMinutes(ms, timeZone);
  const wall = (x: number) => x + offsetMinutes(x, timeZone) * 60_000;
  for (const probe of [ms - 7_200_000, ms + 7_200_000]) {
    const other = ms + (o - offsetMinutes(probe, timeZone)) * 60_000;
    if (other !== ms && wall(other) === wall(ms)) {
      const a = Math.abs(o);
      return `${o < 0 ? "-" : "+"}${String(Math.floor(a / 60)).padStart(2, "0")}:${String(a % 60).padStart(2, "0")}`;
    }
  }
  return null;
}
