/**
 * Shapes of the seed data each pillar ships. The kit's seeder reads these; the pillar subgraphs
 * and partner subgraphs provide the values (one `*.seed-data.ts` per subgraph).
 */

/** Pillars the province tracks; a partner subgraph names its own (e.g. `health`). */
export type PillarKey = string;

export type DirectionName = 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER';
export type FrequencyName = 'YEARLY' | 'QUARTERLY' | 'MONTHLY' | 'DAILY' | 'LIVE';
/** How values roll up the unit hierarchy (DHIS2's aggregation types). */
export type AggregationName = 'SUM' | 'AVERAGE' | 'LAST' | 'RATIO';
/** SDMX OBS_STATUS: A normal, P provisional, E estimated. */
export type ObservationStatusCode = 'A' | 'P' | 'E';

export interface IndicatorSeed {
  code: string;
  /** Vietnamese name, with diacritics. */
  name: string;
  nameEn: string;
  pillar: PillarKey;
  /** `%`, `count`, `rank`, `Mbps`, `VND`, `USD`, `score`… */
  unit: string;
  direction: DirectionName;
  frequency: FrequencyName;
  aggregation: AggregationName;
  /** For RATIO: value = numerator / denominator × (multiplier, default 100). */
  numeratorCode?: string;
  denominatorCode?: string;
  multiplier?: number;
  /** Code of the responsible agency (see AgencySeed). */
  agencyCode: string;
  /** Smallest value allowed. @default per unit: 0 (1 for `rank`); −1e15 for other units */
  min?: number;
  /** Largest value allowed (a % that may exceed 100 sets its own). @default per unit: 100 for `%`; 1e15 */
  max?: number;
  /** Decimals readings and roll-ups are rounded to. @default per unit: 0 for `count`/`rank`/`VND`, 2 for `%`/`Mbps`/`USD`, 4 otherwise */
  decimals?: number;
  legalBasis?: string;
  description?: string;
}

export interface TargetSeed {
  indicatorCode: string;
  year: number;
  /** null: the national target, applies to every unit without its own. */
  unitCode: string | null;
  value: number;
  legalBasis: string;
  /** Where the figure comes from (a seed article id such as `002_db113c3cec7f010c`, or a legal text). */
  source: string;
}

export interface ObservationSeed {
  indicatorCode: string;
  unitCode: string;
  /** ISO period: `2023`, `2023-Q3`, `2023-07`, `2023-07-15`. */
  period: string;
  value: number;
  status: ObservationStatusCode;
  /** Seed article id (file name without `.txt`), e.g. `001_55716df2aa7fbea7`, or `generated` for E rows. */
  source: string;
  /** The sentence of the article the figure comes from, short, in Vietnamese. */
  note?: string;
}

export interface AgencySeed {
  code: string;
  name: string;
  nameEn: string;
  /** Administrative unit the agency belongs to (`null` for a national ministry). */
  unitCode: string | null;
}
