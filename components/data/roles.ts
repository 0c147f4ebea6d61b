import { TIME_OF_DAY, requiredColumns, targetColumns } from "@/lib/validation/import-profiles";

// What each of our columns is called on the data page, with its unit, and a first guess of which
// file column fills it (by our name, its aliases and common export wording).

export const kinds = [
  { value: "energy", label: "Energy readings (kWh per interval)" },
  { value: "production", label: "Production counts" },
  { value: "environmental", label: "Environmental data (temperatures, humidity, pressure)" },
  { value: "bill", label: "Utility bills (kWh per billing period)" },
  { value: "register", label: "Meter register readings (cumulative kWh)" },
] as const;
export type Kind = (typeof kinds)[number]["value"];

export const roleLabels: Record<string, string> = {
  time: "Time",
  [TIME_OF_DAY]: "Time of day (separate column)",
  machine_id: "Machine (name or id)",
  energy_kwh: "Energy (kWh)",
  power_kw: "Power (kW)",
  voltage_v: "Voltage (V)",
  current_a: "Current (A)",
  power_factor: "Power factor",
  interval_s: "Interval (s)",
  period_end: "Period end",
  period_start: "Period start",
  production_count: "Units produced",
  good_count: "Good units",
  reject_count: "Rejected units",
  throughput_units_per_hour: "Throughput (units/h)",
  product_id: "Product id",
  machine_state: "Machine state",
  outdoor_temp_c: "Outdoor temperature (°C)",
  indoor_temp_c: "Indoor temperature (°C)",
  humidity_pct: "Humidity (%)",
  pressure_bar: "Pressure (bar)",
  cost: "Cost",
  peak_kw: "Peak demand (kW)",
  energy_register_kwh: "Register reading (kWh)",
};

export const rolesOf = (kind: Kind) => targetColumns[kind];
export const requiredOf = (kind: Kind) => requiredColumns[kind];

const hints: [RegExp, string][] = [
  [/^(time|timestamp|ts|zeit(stempel)?|datum|date|datetime|date\/time)$/i, "time"],
  [/^(machine|machine_id|anlage|meter|zähler|zaehler|device)$/i, "machine_id"],
  [/kwh|energy|energie|verbrauch|arbeit/i, "energy_kwh"],
  [/(^|\W)kw($|\W)|power|leistung/i, "power_kw"],
  [/^(start|from|von|period_start)$/i, "period_start"],
  [/^(end|to|bis|period_end)$/i, "period_end"],
  [/temp/i, "outdoor_temp_c"],
];

/** A first guess of each file column's role (one column per role; the person corrects it). */
export function guessRoles(kind: Kind, header: string[], dateColumns: boolean[]): string[] {
  const allowed = rolesOf(kind);
  const used = new Set<string>();
  const take = (role: string | undefined) => (role && allowed.includes(role) && !used.has(role) ? (used.add(role), role) : "");
  const roles = header.map((h) => {
    const name = h.trim().toLowerCase();
    if (allowed.includes(name)) return take(name);
    if (kind === "register" && /kwh|stand|register/i.test(name)) return take("energy_register_kwh");
    return take(hints.find(([re]) => re.test(name))?.[1]);
  });
  if (!used.has("time") && allowed.includes("time")) {
    const i = dateColumns.findIndex((d, j) => d && roles[j] === "");
    if (i !== -1) roles[i] = take("time");
  }
  return roles;
}
