import type { SeriesKind } from "@/lib/timeseries/definitions";

// The columns of each kind's rows as sent, in the order the validator reads them, with how a CSV
// cell becomes a value; and the columns of each raw table in COPY order. These lists are the
// allow lists of column names: nothing from a request reaches SQL except through them.

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
    // What the row covers (lib/ingest/energy.ts turns them into the stored interval_s).
    { name: "interval_s", type: "number" },
    { name: "period_end", type: "time" },
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

/** The columns COPY writes into each raw table (energy: as resolved by lib/ingest/energy.ts). */
export const storedColumns: Record<SeriesKind, string[]> = {
  energy: ["time", "machine_id", "power_kw", "energy_kwh", "voltage_v", "current_a", "power_factor", "interval_s", "cost", "peak_demand_kw"],
  production: columnSpecs.production.map((c) => c.name),
  environmental: columnSpecs.environmental.map((c) => c.name),
};

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "number") return String(value);
  const s = typeof value === "string" ? value : JSON.stringify(value);
  // Quoted so that an empty string stays distinct from NULL in COPY's CSV format.
  return `"${s.replaceAll('"', '""')}"`;
}

/**
 * One row to store as a line of COPY CSV: `time,machine_id,…` (storedColumns order). An energy row
 * without interval_s gets 60 s, the column's default for rows from before intervals were stored.
 */
export function copyLine(kind: SeriesKind, row: Record<string, unknown>): string {
  const values = kind === "energy" && row.interval_s == null ? { ...row, interval_s: 60 } : row;
  return storedColumns[kind].map((c) => csvCell(values[c])).join(",") + "\n";
}

/**
 * One validated row as the validator writes it: its columns as sent, in columnSpecs order; with
 * `head`, only the first `head` of them, each followed by a comma (see compileFastRow).
 */
export function inputLine(kind: SeriesKind, row: Record<string, unknown>, head?: number): string {
  if (head !== undefined) return columnSpecs[kind].slice(0, head).map((c) => csvCell(row[c.name]) + ",").join("");
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
