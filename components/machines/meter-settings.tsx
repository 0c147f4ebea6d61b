import { Card } from "@/components/ui/card";
import type { Machine } from "@/lib/api-client/machines";

/** The machine's registered fields (GET /api/v1/machines/{id}). */
export function MeterSettings({ machine, siteName, timeZone }: { machine: Machine; siteName: string; timeZone: string }) {
  const rows: [string, string][] = [
    ["Name", machine.name],
    ["Machine id", machine.id],
    ["Type", machine.type.replaceAll("_", " ")],
    ["Area", machine.area ?? "—"],
    ["Rated power", machine.rated_power_kw === null ? "—" : `${machine.rated_power_kw.toLocaleString("en-GB")} kW`],
    ["Active", machine.is_active ? "yes" : "no"],
    ["Production count", machine.counts_output ? "plant output (summed into area and plant SEC)" : "a driver only (other machines' output; not summed again)"],
    ["Site", siteName],
    ["Time zone", timeZone],
    ["Registered", new Date(machine.created_at).toLocaleDateString("en-GB", { timeZone, day: "numeric", month: "short", year: "numeric" })],
  ];
  return (
    <Card title="Meter settings" testId="meter-settings">
      <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-slate-500">{k}</dt>
            <dd className="break-words">{v}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}
