import type { Database } from "@/lib/db/types";
import { DEFAULT_SITE_ID } from "@/lib/db/schema/core";

export const benchMachines = Array.from({ length: 10 }, (_, i) => `b0000000-0000-0000-0000-${String(i + 1).padStart(12, "0")}`);

export async function addBenchMachines(db: Database): Promise<void> {
  for (const [i, id] of benchMachines.entries()) {
    await db.query(`INSERT INTO machines (id, site_id, name, type) VALUES ($1, $2, $3, 'motor') ON CONFLICT DO NOTHING`, [id, DEFAULT_SITE_ID, `Bench-${i + 1}`]);
  }
}

/** `minutes` of 1-minute energy readings per bench machine ending at `end`, generated inside the database. */
export async function fillHistory(db: Database, end: Date, minutes: number): Promise<void> {
  for (const id of benchMachines) {
    await db.query(
      `INSERT INTO energy_readings (time, machine_id, power_kw, energy_kwh)
       SELECT $1::timestamptz - g * INTERVAL '1 minute', $2::uuid, 50 + 20 * sin(g / 600.0), (50 + 20 * sin(g / 600.0)) / 60
       FROM generate_series(1, $3::int) AS g`,
      [end.toISOString(), id, minutes],
    );
  }
}

/** CSV lines of energy readings for the bench machines, `perMachine` minutes each from `start`. */
export function energyCsv(start: number, perMachine: number): string[] {
  const lines = ["time,machine_id,power_kw,energy_kwh,voltage_v,current_a,power_factor\n"];
  for (const id of benchMachines) {
    for (let i = 0; i < perMachine; i++) {
      const p = 40 + ((i * 7919) % 100) / 10;
      lines.push(`${new Date(start + i * 60_000).toISOString()},${id},${p},${p / 60},400,${(p * 1000) / (1.732 * 400 * 0.9)},0.9\n`);
    }
  }
  return lines;
}
