import { parseAsArrayOf, parseAsString, parseAsStringLiteral } from "nuqs/server";

// URL state of the overview, reports and compare pages, with the API's names, shared by the server
// pages (which read it) and the client controls (which write it). nuqs/server's parsers carry no
// "use client" and run in both.

export const reportGranularities = ["hourly", "daily", "weekly", "monthly"] as const;
export type ReportGranularity = (typeof reportGranularities)[number];

export const periodParsers = {
  start_date: parseAsString,
  end_date: parseAsString,
};

export const overviewParsers = {
  ...periodParsers,
  granularity: parseAsStringLiteral(reportGranularities),
};

export const reportParsers = {
  ...periodParsers,
  granularity: parseAsStringLiteral(reportGranularities).withDefault("daily"),
  /** one or more machines (comma-separated); empty: the area, or the plant */
  machine_id: parseAsArrayOf(parseAsString).withDefault([]),
  area: parseAsString,
};

export const compareModes = ["machines", "periods"] as const;

export const compareParsers = {
  ...periodParsers,
  /** machines mode: two to six machines; periods mode: the first is the machine */
  machine_id: parseAsArrayOf(parseAsString).withDefault([]),
  mode: parseAsStringLiteral(compareModes).withDefault("machines"),
  /** periods mode: the second period */
  compare_start_date: parseAsString,
  compare_end_date: parseAsString,
};
