import { mulberry32 } from "@/lib/analytics/random";

// Small seeded PRNG: mulberry32 (fast, 32-bit state, good enough for synthetic data) with
// Box–Muller normals. Never Math.random: the demo must be reproducible from its seed.

/** FNV-1a over the label, mixed with the seed: independent streams per purpose, so adding a
 * machine or a random draw in one place does not shift every other series. */
export function deriveSeed(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // Final avalanche so nearby seeds give unrelated streams.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  return h >>> 0;
}

export class Rng {
  /** Uniform in [0, 1). */
  readonly next: () => number;
  private spare = 0;
  private hasSpare = false;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  static derive(seed: number, label: string): Rng {
    return new Rng(deriveSeed(seed, label));
  }

  /** Standard normal (Box–Muller; the second value is cached). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u = this.next();
    while (u <= 1e-12) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    this.hasSpare = true;
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }
}
