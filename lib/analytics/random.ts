/**
 * Mulberry32 (Tommy Ettinger, 2017): a small, fast 32-bit seeded generator of uniforms in [0, 1).
 * Used wherever a result must be reproducible from a seed (the demo plant's readings, the
 * isolation forest's trees, synthetic test data); never Math.random for those. Not for secrets.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
