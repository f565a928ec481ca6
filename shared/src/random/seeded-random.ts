/** A source of numbers in [0, 1), like Math.random; tests and reproducible demos pass a seeded one. */
export type Random = () => number;

/**
 * Mulberry32: a small seeded generator (32-bit state), so a fuzz failure names a reproducible seed
 * and a demo replays the same figures. Not for anything secret. Own code: a dozen lines, where a
 * package (seedrandom) would bring a dependency to every workspace that needs it.
 */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
