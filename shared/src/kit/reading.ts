import type { KitCatalog } from './catalog';
import { ObservationStatus, TargetStatus } from './graphql/enums';
import { parsePeriod } from './period';

/** A reading as resolvers and the feed pass it around. */
export interface ReadingRow {
  cursor: string;
  indicatorCode: string;
  unitCode: string;
  period: string;
  value: number;
  status: TargetStatus;
  recordedAt: Date;
  observationStatus: ObservationStatus;
  source: string | null;
  revision: number;
  /** Set when the value was rolled up from these sub-units (the unit has no own observation). */
  rolledUpFrom?: string[] | null;
}

/** Columns every reading query selects, from `observation o` (and its feed position). */
export const OBSERVATION_COLUMNS = `o.indicator_code, o.unit_code, o.period, o.value, o.status, o.source, o.revision, o.recorded_at`;

/** {@link OBSERVATION_COLUMNS} and the feed position of the revision (0 while not yet sequenced). */
export const READING_COLUMNS = `${OBSERVATION_COLUMNS},
  coalesce((SELECT max(x.seq) FROM outbox x WHERE x.observation_id = o.id AND x.kind = 'reading'), 0) AS seq`;

export interface ReadingSqlRow {
  indicator_code: string;
  unit_code: string;
  period: string;
  value: number;
  status: string;
  source: string | null;
  revision: number;
  recorded_at: Date;
  seq: string | number;
}

export function toReading(row: ReadingSqlRow, catalog: KitCatalog): ReadingRow {
  const year = parsePeriod(row.period)?.year ?? new Date(row.recorded_at).getUTCFullYear();
  return {
    cursor: String(row.seq),
    indicatorCode: row.indicator_code,
    unitCode: row.unit_code,
    period: row.period,
    value: Number(row.value),
    status: catalog.statusOf(row.indicator_code, row.unit_code, year, Number(row.value)),
    recordedAt: new Date(row.recorded_at),
    observationStatus: row.status.trim() as ObservationStatus,
    source: row.source,
    revision: row.revision,
  };
}
