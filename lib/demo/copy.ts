// Demo rows as COPY input: PostgreSQL's binary COPY format (embedded database: no number or
// date formatting in JS and no parsing in the database) and CSV (any PostgreSQL, through
// Queryable.copyFrom). Both give the same stored values: a double goes in bit for bit either
// way (CSV prints the shortest round-trip form), and −0 is written as 0 as CSV writes it.
import type { EnergyRow, EnvironmentalRow, ProductionRow } from "./types";

export const ENERGY_COLUMNS = "energy_readings (time, machine_id, power_kw, energy_kwh, voltage_v, current_a, power_factor)";
export const PRODUCTION_COLUMNS =
  "production_data (time, machine_id, production_count, good_count, reject_count, throughput_units_per_hour, product_id, machine_state)";
export const ENVIRONMENTAL_COLUMNS = "environmental_data (time, machine_id, outdoor_temp_c, indoor_temp_c, humidity_pct, pressure_bar)";

/** PGCOPY\n\377\r\n\0, flags, header extension length. */
const SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00];
const HEADER_BYTES = SIGNATURE.length + 8;
/** PostgreSQL timestamps count microseconds from 2000-01-01 UTC. */
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const TWO_32 = 4_294_967_296;

const encoder = new TextEncoder();

function uuidBytes(id: string): Uint8Array {
  const hex = id.replaceAll("-", "");
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new RangeError(`not a uuid: ${id}`);
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** One COPY ... WITH (FORMAT binary) payload, grown as rows are added. */
export class BinaryCopyWriter {
  private u8: Uint8Array<ArrayBuffer>;
  private dv: DataView;
  private o = 0;
  private readonly uuids = new Map<string, Uint8Array>();
  private readonly texts = new Map<string, Uint8Array>();

  constructor(capacity = 1 << 20) {
    this.u8 = new Uint8Array(Math.max(capacity, HEADER_BYTES + 2));
    this.dv = new DataView(this.u8.buffer);
    this.reset();
  }

  /** Starts a new payload (the buffer is reused: take the result of finish() before). */
  reset(): void {
    this.u8.set(SIGNATURE, 0);
    this.dv.setInt32(SIGNATURE.length, 0);
    this.dv.setInt32(SIGNATURE.length + 4, 0);
    this.o = HEADER_BYTES;
  }

  /** Starts a row of `fields` values, at most `maxBytes` long (text included). */
  row(fields: number, maxBytes: number): void {
    const need = this.o + 2 + maxBytes + 2;
    if (need > this.u8.length) {
      const grown = new Uint8Array(Math.max(need, this.u8.length * 2));
      grown.set(this.u8.subarray(0, this.o));
      this.u8 = grown;
      this.dv = new DataView(grown.buffer);
    }
    this.dv.setInt16(this.o, fields);
    this.o += 2;
  }

  timestamptz(ms: number): void {
    const us = (ms - PG_EPOCH_MS) * 1000;
    if (!Number.isSafeInteger(us)) throw new RangeError(`time out of range: ${ms}`);
    const hi = Math.floor(us / TWO_32);
    this.dv.setInt32(this.o, 8);
    this.dv.setInt32(this.o + 4, hi);
    this.dv.setUint32(this.o + 8, us - hi * TWO_32);
    this.o += 12;
  }

  uuid(id: string): void {
    let bytes = this.uuids.get(id);
    if (!bytes) this.uuids.set(id, (bytes = uuidBytes(id)));
    this.dv.setInt32(this.o, 16);
    this.u8.set(bytes, this.o + 4);
    this.o += 20;
  }

  float8(v: number | null): void {
    if (v === null) {
      this.dv.setInt32(this.o, -1);
      this.o += 4;
      return;
    }
    this.dv.setInt32(this.o, 8);
    this.dv.setFloat64(this.o + 4, v === 0 ? 0 : v);
    this.o += 12;
  }

  /** Text or enum label; short, from a small set (cached). */
  text(s: string | null): void {
    if (s === null) {
      this.dv.setInt32(this.o, -1);
      this.o += 4;
      return;
    }
    let bytes = this.texts.get(s);
    if (!bytes) this.texts.set(s, (bytes = encoder.encode(s)));
    this.dv.setInt32(this.o, bytes.length);
    this.u8.set(bytes, this.o + 4);
    this.o += 4 + bytes.length;
  }

  get byteLength(): number {
    return this.o;
  }

  /** The payload with its trailer, a copy (the writer can be reset and reused). */
  finish(): Uint8Array<ArrayBuffer> {
    this.dv.setInt16(this.o, -1);
    return this.u8.slice(0, this.o + 2);
  }
}

/** Fixed part of every row: field count, time (4 + 8), machine id (4 + 16). */
const KEY_BYTES = 12 + 20;
const textBytes = (s: string | null) => 4 + (s === null ? 0 : 3 * s.length);

export function writeEnergy(w: BinaryCopyWriter, rows: readonly EnergyRow[]): void {
  for (const r of rows) {
    w.row(7, KEY_BYTES + 5 * 12);
    w.timestamptz(r.time.getTime());
    w.uuid(r.machineId);
    w.float8(r.powerKw);
    w.float8(r.energyKwh);
    w.float8(r.voltageV);
    w.float8(r.currentA);
    w.float8(r.powerFactor);
  }
}

export function writeProduction(w: BinaryCopyWriter, rows: readonly ProductionRow[], keep?: (machineId: string) => boolean): void {
  for (const r of rows) {
    if (keep && !keep(r.machineId)) continue;
    w.row(8, KEY_BYTES + 4 * 12 + textBytes(r.productId) + textBytes(r.machineState));
    w.timestamptz(r.time.getTime());
    w.uuid(r.machineId);
    w.float8(r.productionCount);
    w.float8(r.goodCount);
    w.float8(r.rejectCount);
    w.float8(r.throughputUnitsPerHour);
    w.text(r.productId);
    w.text(r.machineState);
  }
}

export function writeEnvironmental(w: BinaryCopyWriter, rows: readonly EnvironmentalRow[]): void {
  for (const r of rows) {
    w.row(6, KEY_BYTES + 4 * 12);
    w.timestamptz(r.time.getTime());
    w.uuid(r.machineId);
    w.float8(r.outdoorTempC);
    w.float8(r.indoorTempC);
    w.float8(r.humidityPct);
    w.float8(r.pressureBar);
  }
}

// CSV lines. Rows of one minute share one Date instance, so its ISO string is made once.

function isoCache(): (d: Date) => string {
  let last: Date | null = null;
  let iso = "";
  return (d) => {
    if (d !== last) {
      last = d;
      iso = d.toISOString();
    }
    return iso;
  };
}

const n = (v: number | null) => (v === null ? "" : String(v));

export function energyCsv(rows: readonly EnergyRow[]): string[] {
  const iso = isoCache();
  return rows.map((r) => `${iso(r.time)},${r.machineId},${r.powerKw},${r.energyKwh},${n(r.voltageV)},${n(r.currentA)},${n(r.powerFactor)}\n`);
}

export function productionCsv(rows: readonly ProductionRow[], keep?: (machineId: string) => boolean): string[] {
  const iso = isoCache();
  const out: string[] = [];
  for (const r of rows) {
    if (keep && !keep(r.machineId)) continue;
    const product = r.productId === null ? "" : `"${r.productId.replaceAll('"', '""')}"`;
    out.push(
      `${iso(r.time)},${r.machineId},${r.productionCount},${r.goodCount},${r.rejectCount},${r.throughputUnitsPerHour},${product},${r.machineState}\n`,
    );
  }
  return out;
}

export function environmentalCsv(rows: readonly EnvironmentalRow[]): string[] {
  const iso = isoCache();
  return rows.map((r) => `${iso(r.time)},${r.machineId},${r.outdoorTempC},${r.indoorTempC},${r.humidityPct},${r.pressureBar}\n`);
}
