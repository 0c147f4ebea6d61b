"use client";

import { CsvDownload } from "@/components/ui/csv-download";
import { fetchText } from "@/lib/api-client/fetch-json";
import { seriesUrl } from "@/lib/api-client/series";
import { csvFileName } from "@/lib/csv/build";

/** The overview card's hourly energy as the API's CSV, saved under the machine's name. */
export function CsvLinkDownload({ machineId, machineName, from, to }: { machineId: string; machineName: string; from?: string; to?: string }) {
  if (!from || !to) return null;
  const end = new Date(Date.parse(to) + 3_600_000).toISOString();
  return <CsvDownload label={`${machineName} hourly energy`} fileName={csvFileName(machineName, "energy", "hourly", "last-7-days")} getCsv={() => fetchText(seriesUrl({ machineId, metrics: ["energy"], from, to: end, bucket: "hourly" }, "csv"))} />;
}
