import type { IndicatorEntity } from './entities';
import { Aggregation } from './graphql/enums';

/** One current observation, as the roll-up needs it. */
export interface RollupObservation {
  indicatorCode: string;
  unitCode: string;
  value: number;
  status: string;
  recordedAt: Date;
  /** Feed position of the observation (max seq of its outbox rows), when known. */
  seq?: number;
}

export interface RolledUp {
  value: number;
  /** Weakest SDMX status among contributors: E over P over A. */
  status: 'A' | 'P' | 'E';
  recordedAt: Date;
  /** Units whose own observations went into the value. */
  contributors: string[];
  /** Largest feed position among the contributing observations (0 when none is known). */
  seq: number;
}

const WEAKNESS = { A: 0, P: 1, E: 2 } as const;

/**
 * Rolls values of one period up the unit tree by the indicator's aggregation (DHIS2 style): a unit's
 * own observation wins; otherwise its children's values (rolled up themselves) are combined —
 * SUM adds, AVERAGE takes the mean, LAST takes the most recently recorded, RATIO adds numerators
 * and denominators separately and divides (× multiplier, default 100).
 * Returns null when nothing below the unit reported. The value is unrounded: callers round it to
 * the indicator's decimals (see value-rules.ts) and drop a non-finite one.
 */
export function rollUp(
  ind: IndicatorEntity,
  unitCode: string,
  children: (code: string) => string[],
  observations: RollupObservation[],
): RolledUp | null {
  const byKey = new Map(observations.map((o) => [`${o.indicatorCode}\u0000${o.unitCode}`, o]));
  const combine = (code: string, indicatorCode: string, aggregation: string, depth = 0): RolledUp | null => {
    const own = byKey.get(`${indicatorCode}\u0000${code}`);
    if (own) return { value: own.value, status: own.status as RolledUp['status'], recordedAt: own.recordedAt, contributors: [code], seq: own.seq ?? 0 };
    if (depth > 6) return null;
    const parts = children(code)
      .map((c) => combine(c, indicatorCode, aggregation, depth + 1))
      .filter((x): x is RolledUp => !!x);
    if (!parts.length) return null;
    const meta = {
      status: parts.reduce<RolledUp['status']>((w, p) => (WEAKNESS[p.status] > WEAKNESS[w] ? p.status : w), 'A'),
      recordedAt: new Date(Math.max(...parts.map((p) => p.recordedAt.getTime()))),
      contributors: parts.flatMap((p) => p.contributors),
      seq: Math.max(...parts.map((p) => p.seq)),
    };
    switch (aggregation) {
      case Aggregation.SUM:
        return { ...meta, value: parts.reduce((s, p) => s + p.value, 0) };
      case Aggregation.LAST:
        return { ...meta, value: parts.reduce((a, b) => (b.recordedAt > a.recordedAt ? b : a)).value };
      default: // AVERAGE, and RATIO without its numerator and denominator
        return { ...meta, value: parts.reduce((s, p) => s + p.value, 0) / parts.length };
    }
  };
  if (ind.aggregation === Aggregation.RATIO && ind.numeratorCode && ind.denominatorCode) {
    const own = combine(unitCode, ind.code, Aggregation.AVERAGE, 99); // depth 99: own value only
    if (own) return own;
    const num = combine(unitCode, ind.numeratorCode, Aggregation.SUM);
    const den = combine(unitCode, ind.denominatorCode, Aggregation.SUM);
    if (num && den && den.value > 0) {
      const value = (num.value / den.value) * (ind.multiplier ?? 100);
      const status = WEAKNESS[num.status] >= WEAKNESS[den.status] ? num.status : den.status;
      return {
        value, status, recordedAt: num.recordedAt > den.recordedAt ? num.recordedAt : den.recordedAt,
        contributors: [...new Set([...num.contributors, ...den.contributors])], seq: Math.max(num.seq, den.seq),
      };
    }
  }
  return combine(unitCode, ind.code, ind.aggregation);
}
