import type { DataSource } from 'typeorm';
import type { KitCatalog } from './catalog';
import { ObservationStatus } from './graphql/enums';
import { parsePeriod, periodStart } from './period';
import { READING_COLUMNS, type ReadingRow, type ReadingSqlRow, toReading } from './reading';
import { type RollupObservation, rollUp } from './rollup';

/**
 * Queries over current observations: latest (rolled up the unit tree when the unit has no own
 * observation), series (optionally with the predecessors' of a merged unit), a unit's latest per
 * indicator, and the revisions of one observation.
 */
export class ReadingsService {
  constructor(
    private readonly ds: DataSource,
    private readonly catalog: KitCatalog,
  ) {}

  /** The unit's latest reading; without one, the latest period its sub-units reported, rolled up. */
  async latest(indicatorCode: string, unitCode: string): Promise<ReadingRow | null> {
    const rows: ReadingSqlRow[] = await this.ds.query(
      `SELECT ${READING_COLUMNS} FROM observation o
        WHERE o.indicator_code = $1 AND o.unit_code = $2 AND o.superseded_at IS NULL
        ORDER BY o.period_start DESC, o.id DESC LIMIT 1`,
      [indicatorCode, unitCode],
    );
    return rows[0] ? toReading(rows[0], this.catalog) : this.rolledUpLatest(indicatorCode, unitCode);
  }

  /**
   * The value of the latest period any unit below `unitCode` reported, combined by the indicator's
   * aggregation (see rollup.ts). Null when nothing below reported.
   */
  async rolledUpLatest(indicatorCode: string, unitCode: string): Promise<ReadingRow | null> {
    const ind = this.catalog.indicators.get(indicatorCode);
    const below = this.catalog.descendants(unitCode);
    if (!ind || !below.length) return null;
    const codes = [ind.code, ind.numeratorCode, ind.denominatorCode].filter((c): c is string => !!c);
    const [last]: { period: string }[] = await this.ds.query(
      `SELECT period FROM observation
        WHERE indicator_code = ANY($1) AND unit_code = ANY($2) AND superseded_at IS NULL
        ORDER BY period_start DESC LIMIT 1`,
      [codes, below],
    );
    if (!last) return null;
    const obs: { indicator_code: string; unit_code: string; value: number; status: string; recorded_at: Date }[] = await this.ds.query(
      `SELECT indicator_code, unit_code, value, status, recorded_at FROM observation
        WHERE indicator_code = ANY($1) AND unit_code = ANY($2) AND period = $3 AND superseded_at IS NULL`,
      [codes, below, last.period],
    );
    const rolled = rollUp(
      ind,
      unitCode,
      (c) => this.catalog.children.get(c) ?? [],
      obs.map<RollupObservation>((o) => ({
        indicatorCode: o.indicator_code, unitCode: o.unit_code, value: Number(o.value), status: o.status.trim(), recordedAt: new Date(o.recorded_at),
      })),
    );
    if (!rolled) return null;
    const year = parsePeriod(last.period)?.year ?? new Date().getUTCFullYear();
    return {
      cursor: '0',
      indicatorCode,
      unitCode,
      period: last.period,
      value: rolled.value,
      status: this.catalog.statusOf(indicatorCode, unitCode, year, rolled.value),
      recordedAt: rolled.recordedAt,
      observationStatus: rolled.status as ObservationStatus,
      source: `rolled up (${ind.aggregation}) from ${rolled.contributors.length} unit(s)`,
      revision: 0,
      rolledUpFrom: rolled.contributors,
    };
  }

  /**
   * Readings of a unit, oldest first, between two periods (inclusive). With `includePredecessors`,
   * also those of the units merged into it (e.g. Bắc Kạn's before 2025 for Thái Nguyên); each reading
   * keeps its own unitCode.
   */
  async series(indicatorCode: string, unitCode: string, from?: string | null, to?: string | null, includePredecessors = false): Promise<ReadingRow[]> {
    const fromStart = from ? periodStart(from) : null;
    const toStart = to ? periodStart(to) : null;
    const units = includePredecessors ? [unitCode, ...this.catalog.predecessors(unitCode)] : [unitCode];
    const rows: ReadingSqlRow[] = await this.ds.query(
      `SELECT ${READING_COLUMNS} FROM observation o
        WHERE o.indicator_code = $1 AND o.unit_code = ANY($2) AND o.superseded_at IS NULL
          AND ($3::timestamptz IS NULL OR o.period_start >= $3)
          AND ($4::timestamptz IS NULL OR o.period_start <= $4)
        ORDER BY o.period_start, o.id`,
      [indicatorCode, units, fromStart, toStart],
    );
    return rows.map((r) => toReading(r, this.catalog));
  }

  /** Current observations by indicator, unit and period range, in a stable order, a page at a time (for export). */
  async observations(filter: { indicatorCodes?: string[] | null; unitCodes?: string[] | null; from?: string | null; to?: string | null; limit: number; offset: number }): Promise<ReadingRow[]> {
    const rows: ReadingSqlRow[] = await this.ds.query(
      `SELECT ${READING_COLUMNS} FROM observation o
        WHERE o.superseded_at IS NULL
          AND ($1::text[] IS NULL OR o.indicator_code = ANY($1))
          AND ($2::text[] IS NULL OR o.unit_code = ANY($2))
          AND ($3::timestamptz IS NULL OR o.period_start >= $3)
          AND ($4::timestamptz IS NULL OR o.period_start <= $4)
        ORDER BY o.indicator_code, o.unit_code, o.period_start, o.id
        LIMIT $5 OFFSET $6`,
      [filter.indicatorCodes?.length ? filter.indicatorCodes : null, filter.unitCodes?.length ? filter.unitCodes : null,
        filter.from ? periodStart(filter.from) : null, filter.to ? periodStart(filter.to) : null, filter.limit, filter.offset],
    );
    return rows.map((r) => toReading(r, this.catalog));
  }

  /** Every revision of one observation, oldest first (a correction adds one; history is kept). */
  async revisions(indicatorCode: string, unitCode: string, period: string): Promise<ReadingRow[]> {
    const rows: ReadingSqlRow[] = await this.ds.query(
      `SELECT ${READING_COLUMNS} FROM observation o
        WHERE o.indicator_code = $1 AND o.unit_code = $2 AND o.period = $3
        ORDER BY o.revision`,
      [indicatorCode, unitCode, period],
    );
    return rows.map((r) => toReading(r, this.catalog));
  }

  /**
   * The latest reading of each indicator (or of `codes`) for a unit; indicators it has no own
   * observation of but its sub-units do are rolled up.
   */
  async latestForUnit(unitCode: string, codes?: string[] | null): Promise<ReadingRow[]> {
    const wanted = codes?.length ? codes : null;
    const rows: ReadingSqlRow[] = await this.ds.query(
      `SELECT * FROM (
         SELECT DISTINCT ON (o.indicator_code) ${READING_COLUMNS} FROM observation o
          WHERE o.unit_code = $1 AND o.superseded_at IS NULL
            AND ($2::text[] IS NULL OR o.indicator_code = ANY($2))
          ORDER BY o.indicator_code, o.period_start DESC, o.id DESC) t
        ORDER BY indicator_code`,
      [unitCode, wanted],
    );
    const own = rows.map((r) => toReading(r, this.catalog));
    const below = this.catalog.descendants(unitCode);
    if (!below.length) return own;
    const reported: { indicator_code: string }[] = await this.ds.query(
      `SELECT DISTINCT indicator_code FROM observation WHERE unit_code = ANY($1) AND superseded_at IS NULL`,
      [below],
    );
    const belowCodes = new Set(reported.map((r) => r.indicator_code));
    const have = new Set(own.map((r) => r.indicatorCode));
    const missing = [...this.catalog.indicators.values()].filter(
      (i) => !have.has(i.code) && (!wanted || wanted.includes(i.code))
        && (belowCodes.has(i.code) || (i.numeratorCode && belowCodes.has(i.numeratorCode))),
    );
    const rolled = (await Promise.all(missing.map((i) => this.rolledUpLatest(i.code, unitCode)))).filter((r): r is ReadingRow => !!r);
    return [...own, ...rolled].sort((a, b) => a.indicatorCode.localeCompare(b.indicatorCode));
  }
}
