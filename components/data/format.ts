import { repeatedHourOffset } from "@/lib/dashboard/format";

/** An instant as the plant's wall clock, "31 Dec 2018, 23:45" (Intl, never the browser's zone); in the hour repeated when clocks go back, with its offset ("25 Oct 2026, 02:30 (+02:00)"). */
export function formatPlantTime(iso: string, timeZone: string): string {
  const ms = new Date(iso.includes("T") || iso.includes("Z") ? iso : iso.replace(" ", "T").replace(/([+-]\d{2})$/, "$1:00")).getTime();
  if (Number.isNaN(ms)) return iso;
  const offset = repeatedHourOffset(ms, timeZone);
  return new Intl.DateTimeFormat("en-GB", { timeZone, day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(ms) + (offset ? ` (${offset})` : "");
}
