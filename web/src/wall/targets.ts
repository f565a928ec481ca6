import { loadTargets } from './api';

/** Targets per (indicator, year) for the wall's unit, fetched per pillar as tiles need them. */
export class TargetCache {
  private readonly known = new Map<string, number | null>();

  constructor(
    private readonly url: string,
    private readonly unitCode: string,
  ) {}

  get(code: string, year: number): number | null | undefined {
    return this.known.get(`${code}@${year}`);
  }

  set(code: string, year: number, value: number | null): void {
    this.known.set(`${code}@${year}`, value);
  }

  has(code: string, year: number): boolean {
    return this.known.has(`${code}@${year}`);
  }

  /** Fetches the targets not known yet, in one request for the pillar. */
  async fetch(pillar: string, wanted: { code: string; year: number }[]): Promise<void> {
    const missing = wanted.filter((w) => !this.has(w.code, w.year));
    const got = await loadTargets(this.url, pillar, this.unitCode, missing);
    for (const [k, v] of got) this.known.set(k, v);
  }
}
