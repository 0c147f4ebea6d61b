import type { PreviewResponse } from "@/lib/api-client/import";
import { formatPlantTime } from "./format";

const units: Record<string, string> = {
  energy_kwh: "kWh",
  register_kwh: "kWh",
  power_kw: "kW",
  voltage_v: "V",
  current_a: "A",
  interval_s: "s",
  peak_demand_kw: "kW",
  outdoor_temp_c: "°C",
  indoor_temp_c: "°C",
  humidity_pct: "%",
  pressure_bar: "bar",
  throughput_units_per_hour: "units/h",
};

/** The checked rows as they will be stored: times in the plant's zone, machines by name, units in the header. */
export function StoredRows({ stored, timeZone, machineNames, testId = "stored-rows" }: { stored: NonNullable<PreviewResponse["stored"]>; timeZone: string; machineNames: Map<string, string>; testId?: string }) {
  if (stored.rows.length === 0) return <p className="text-sm text-slate-600">No row of the checked lines would be stored.</p>;
  const columns = Object.keys(stored.rows[0]!).filter((c) => stored.rows.some((r) => r[c] !== null));
  return (
    <div className="max-h-80 overflow-auto rounded border border-slate-200" data-testid={testId}>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Rows as they will be stored in {stored.table}</caption>
        <thead className="sticky top-0 bg-slate-50">
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col" className="px-2 py-1 font-medium">
                {c === "time" ? (stored.table === "meter_register_readings" ? `Read at (${timeZone})` : `Interval start (${timeZone})`) : c === "machine_id" ? "Machine" : `${c.replace(/_(kwh|kw|v|a|s|c|pct|bar)$/, "")}${units[c] ? ` (${units[c]})` : ""}`}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {stored.rows.map((r, i) => (
            <tr key={i} className="border-t border-slate-100">
              {columns.map((c) => (
                <td key={c} className="px-2 py-1 break-words tabular-nums">
                  {c === "time" && r[c] ? formatPlantTime(r[c], timeZone) : c === "machine_id" && r[c] ? (machineNames.get(r[c]) ?? r[c]) : (r[c] ?? "—")}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
