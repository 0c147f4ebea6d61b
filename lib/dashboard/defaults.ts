// Defaults shared by the pages and the navigation bar's period, so both show the same window
// when the URL names none.

export const EXPLORER_DAYS = 7;
export const TRAINING_DAYS = 28;
/** Overview, reports and compare: the last 7 complete plant days (today, still filling, left out). */
export const REPORT_DAYS = 7;

/** Pages whose default period is complete plant days (lib/dashboard/period.ts completeDays). */
export function usesCompleteDays(pathname: string): boolean {
  return pathname === "/" || pathname.startsWith("/reports") || pathname.startsWith("/compare");
}

export function defaultDaysFor(pathname: string): number | null {
  if (pathname.startsWith("/machines/")) return EXPLORER_DAYS;
  if (pathname.startsWith("/baselines")) return TRAINING_DAYS;
  return null;
}

/** Colour-blind-safe palette (Okabe–Ito). */
export const palette = {
  blue: "#0072B2",
  orange: "#E69F00",
  green: "#009E73",
  vermillion: "#D55E00",
  purple: "#CC79A7",
  sky: "#56B4E9",
  grey: "#6b7280",
} as const;

/** Series colours in order (Okabe–Ito without its yellow, which is unreadable on white); then grey for "other". */
export const seriesColours = [palette.blue, palette.orange, palette.green, palette.vermillion, palette.purple, palette.sky, "#000000"] as const;
