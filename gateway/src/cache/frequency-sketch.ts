import { randomBytes } from 'node:crypto';

/** Depth of the sketch: rows, each with its own counter per key (the estimate is their minimum). */
const DEPTH = 4;

/** Counters stop at 15, as Caffeine's 4-bit ones: a key can never look more popular than that. */
export const MAX_FREQUENCY = 15;

export interface FrequencySketchOptions {
  /** How many keys it should tell apart (the entries of the pools it guards); sets its width. */
  capacity: number;
  /**
   * Increments after which every counter is halved (aging), so a changed workload takes over.
   * @default 10 × capacity (TinyLFU's sample size)
   */
  sampleSize?: number;
  /**
   * Bound of its table, in bytes: narrower than `capacity` asks for when that would not fit (at
   * least 64 bytes, 16 counters a row). @default no bound
   */
  maxBytes?: number;
}

/**
 * Count-min sketch of how often keys were asked for lately, with TinyLFU's aging: after
 * `sampleSize` increments every counter is halved. 4 rows of byte counters (capped at
 * {@link MAX_FREQUENCY}), each as wide as the next power of two ≥ 16 × capacity: 64 to 128 bytes per
 * key of capacity (512 KiB for the default 5,000 anonymous entries). Wider than Caffeine's 4 × so that
 * the ~10 × capacity distinct one-off keys of a sample rarely share all four counters with a
 * popular key: such a collision would lift a stranger's key to the popular one's estimate.
 *
 * Own code, not a library: npm's count-min sketches (bloom-filters' CountMinSketch,
 * count-min-sketch) have no halving/aging and no seeded hash, and the W-TinyLFU caches
 * (transitory) would replace lru-cache and the pools built on it. This is the ~50 lines of
 * Caffeine's FrequencySketch that the cache needs.
 *
 * The hash is seeded at random per process, so a stranger cannot craft keys that collide with the
 * wall's counters (which would lift his keys' estimates to theirs).
 */
export class FrequencySketch {
  private readonly table: Uint8Array;
  private readonly mask: number;
  private readonly sampleSize: number;
  private readonly seed: number;
  private additions = 0;

  constructor(options: FrequencySketchOptions) {
    const capacity = Math.max(16, Math.floor(options.capacity));
    let width = 2 ** Math.ceil(Math.log2(16 * capacity));
    if (options.maxBytes !== undefined) width = Math.max(16, Math.min(width, 2 ** Math.floor(Math.log2(Math.max(1, options.maxBytes / DEPTH)))));
    this.mask = width - 1;
    this.table = new Uint8Array(DEPTH * width);
    this.sampleSize = Math.max(1, Math.floor(options.sampleSize ?? 10 * capacity));
    this.seed = randomBytes(4).readUInt32LE(0);
  }

  /** Bytes its table holds (the object around it is a few dozen more). */
  get bytes(): number {
    return this.table.byteLength;
  }

  /** Estimated times `key` was asked for since the last agings (each halved it), 0 to {@link MAX_FREQUENCY}. */
  frequency(key: string): number {
    const h = this.hash(key);
    let min = MAX_FREQUENCY;
    for (let i = 0; i < DEPTH; i++) min = Math.min(min, this.table[this.slot(i, h)]!);
    return min;
  }

  /** Counts one ask for `key` (conservative update: only the rows at the minimum grow); halves all after `sampleSize`. */
  increment(key: string): void {
    const h = this.hash(key);
    const slots = Array.from({ length: DEPTH }, (_, i) => this.slot(i, h));
    const min = Math.min(...slots.map((s) => this.table[s]!));
    if (min < MAX_FREQUENCY) for (const s of slots) if (this.table[s] === min) this.table[s] = min + 1;
    if (++this.additions >= this.sampleSize) this.age();
  }

  /** Halves every counter (and the count of additions), forgetting old popularity by half. */
  age(): void {
    for (let i = 0; i < this.table.length; i++) this.table[i] = this.table[i]! >>> 1;
    this.additions >>>= 1;
  }

  /**
   * The counter of a key's hash in a row: the hash mixed again with the row's salt (murmur3's
   * finalizer), so the rows are independent — double hashing (h1 + row × h2) over a power-of-two
   * width collides in every row as soon as it does in two.
   */
  private slot(row: number, h: number): number {
    let g = (h + Math.imul(row + 1, 0x9e3779b9)) | 0;
    g ^= g >>> 16;
    g = Math.imul(g, 0x85ebca6b);
    g ^= g >>> 13;
    g = Math.imul(g, 0xc2b2ae35);
    g ^= g >>> 16;
    return row * (this.mask + 1) + ((g >>> 0) & this.mask);
  }

  /** 32-bit FNV-1a of the key, from the process's seed. */
  private hash(key: string): number {
    let h = (0x811c9dc5 ^ this.seed) >>> 0;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    return h >>> 0;
  }
}
