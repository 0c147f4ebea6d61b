// Repeated keys within one batch: the same machine and stored instant twice. The writer lets the
// last of them win; this module makes sure that never happens silently. Each machine's keys are
// kept as parallel arrays (8 + 8 + 4 bytes a row); while a machine's times ascend, which is how
// files usually come, a key cannot repeat and nothing is looked up. The first time one goes back,
// an index of that machine's keys is built and kept from then on.

/** 32-bit FNV-1a of a row's stored values: equal rows hash alike; differing ones (almost) never. */
export function valuesHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

/**
 * The same over numbers, bit for bit (absent values, undefined or null, alike): cheaper than
 * hashing their text, which matters on the energy path where every row is hashed.
 */
export function numbersHash(values: readonly unknown[], from: number, to: number, extra: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    const v = values[i];
    bits[0] = typeof v === "number" ? v : NaN;
    h = Math.imul(h ^ words[0]!, 0x01000193);
    h = Math.imul(h ^ words[1]!, 0x01000193);
  }
  return Math.imul(h ^ extra, 0x01000193) >>> 0;
}

/**
 * An earlier row of the batch with the same key: its position (line or index) and whether its
 * values were the same; `unchecked`: the row goes back in time after MAX_KEPT keys, so the batch's
 * earlier keys are not all known and it cannot be checked (the caller rejects it).
 */
export interface Repeat {
  earlier: number;
  identical: boolean;
  unchecked?: boolean;
}

/** Keys kept per batch (20 bytes each); past them, a machine's rows must go forward in time. */
export const MAX_KEPT = 2_000_000;

class MachineKeys {
  private readonly times: number[] = [];
  private readonly positions: number[] = [];
  private readonly hashes: number[] = [];
  private last = -Infinity;
  private index: Map<number, number> | null = null;

  /** Records the key (when `keep`); returns the earlier row with the same time, which the new one replaces. */
  add(time: number, position: number, hash: number, keep: boolean): Repeat | null {
    if (time > this.last) {
      this.last = time;
      if (!keep) return null;
      this.index?.set(time, this.times.length);
      this.times.push(time);
      this.positions.push(position);
      this.hashes.push(hash);
      return null;
    }
    if (!this.index) {
      this.index = new Map();
      for (let i = 0; i < this.times.length; i++) this.index.set(this.times[i]!, i);
    }
    const at = this.index.get(time);
    if (at === undefined && !keep) return { earlier: -1, identical: false, unchecked: true };
    if (at === undefined) {
      this.index.set(time, this.times.length);
      this.times.push(time);
      this.positions.push(position);
      this.hashes.push(hash);
      return null;
    }
    const repeat = { earlier: this.positions[at]!, identical: this.hashes[at] === hash };
    // The later row wins (as the writer's upsert decides): it is the one a third repeat meets.
    this.positions[at] = position;
    this.hashes[at] = hash;
    return repeat;
  }
}

/** The keys of one batch, per machine. */
export class BatchDuplicates {
  private readonly machines = new Map<string, MachineKeys>();
  private lastId = "";
  private lastKeys: MachineKeys | undefined;
  private kept = 0;

  add(machineId: string, time: number, position: number, hash: number): Repeat | null {
    let keys = machineId === this.lastId ? this.lastKeys : this.machines.get(machineId);
    if (!keys) {
      keys = new MachineKeys();
      this.machines.set(machineId, keys);
    }
    this.lastId = machineId;
    this.lastKeys = keys;
    const keep = this.kept < MAX_KEPT;
    if (keep) this.kept += 1;
    return keys.add(time, position, hash, keep);
  }
}
