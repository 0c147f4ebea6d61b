import type { SeriesKind } from "@/lib/timeseries/definitions";

// The columns of each raw table in COPY order, with how a CSV cell becomes a value. This list is
// the allow list of column names: nothing from a request reaches SQL except through it.

export type CellType = "time" | "uuid" | "number" | "text";
export interface ColumnSpec {
  name: string;
  type: CellType;
  /** Header names accepted for this column besides its own. */
  aliases?: string[];
}

export const columnSpecs: Record<SeriesKind, ColumnSpec[]> = {
  energy: [
    { name: "time", type: "time", aliases: ["timestamp", "ts"] },
    { name: "machine_id", type: "uuid" },
    { name: "power_kw", type: "number" },
    { name: "energy_kwh", type: "number" },
    { name: "voltage_v", type: "number" },
    { name: "current_a", type: "number" },
    { name: "power_factor", type: "number" },
  ],
  production: [
    { name: "time", type: "time", aliases: ["timestamp", "ts"] },
    { name: "machine_id", type: "uuid" },
    { name: "production_count", type: "number" },
    { name: "good_count", type: "number" },
    { name: "reject_count", type: "number" },
    { name: "throughput_units_per_hour", type: "number" },
    { name: "product_id", type: "text" },
    { name: "machine_state", type: "text" },
  ],
  environmental: [
    { name: "time", type: "time", aliases: ["timestamp", "ts"] },
    { name: "machine_id", type: "uuid" },
    { name: "outdoor_temp_c", type: "number" },
    { name: "indoor_temp_c", type: "number" },
    { name: "humidity_pct", type: "number" },
    { name: "pressure_bar", type: "number" },
  ],
};

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "number") return String(value);
  const s = typeof value === "string" ? value : JSON.stringify(value);
  // Quoted so that an empty string stays distinct from NULL in COPY's CSV format.
  return `"${s.replaceAll('"', '""')}"`;
}

/** One validated row as a line of COPY CSV: `time,machine_id,…` (columnSpecs order). */
export function copyLine(kind: SeriesKind, row: Record<string, unknown>): string {
  return columnSpecs[kind].map((c) => csvCell(row[c.name])).join(",") + "\n";
}

/** A CSV cell as the JSON value the row schema expects: numbers parsed, empty cells absent. */
export function cellValue(type: CellType, raw: string): unknown {
  const s = raw.trim();
  if (s === "") return undefined;
  if (type === "number") {
    // Number() also reads 0x10, 0b11 and 0o7: a CSV number is decimal, so those stay text (and fail).
    if (s.length > 1 && s.charCodeAt(0) === 48 && /[xXbBoO]/.test(s[1]!)) return s;
    const n = Number(s);
    return Number.isNaN(n) ? s : n;
  }
  return s;
}
