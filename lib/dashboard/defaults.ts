// Defaults shared by the pages and the navigation bar's period, so both show the same window
// when the URL names none.

export const EXPLORER_DAYS = 7;
export const TRAINING_DAYS = 28;

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
