import { type Random, seededRandom } from '@ioc-graph/kit/internal';

export { type Random, seededRandom };

export interface WalkBounds {
  /** The value the walk is pulled back towards (the seeded figure). */
  anchor: number;
  /** Largest move per step, either way. */
  step: number;
  min: number;
  max: number;
}

/** One step of a random walk that wanders around `anchor` and never leaves [min, max]. */
export function walk(x: number, b: WalkBounds, random: Random): number {
  const next = x + (random() * 2 - 1) * b.step + (b.anchor - x) * 0.05;
  return Math.min(b.max, Math.max(b.min, next));
}

/** A whole number around `mean` (uniform in [0.5, 1.5] × mean), at least 0. */
export function around(mean: number, random: Random): number {
  return Math.max(0, Math.round(mean * (0.5 + random())));
}

export const round2 = (x: number) => Math.round(x * 100) / 100;
