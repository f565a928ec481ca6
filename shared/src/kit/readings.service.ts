import type { DataSource } from 'typeorm';
import type { KitCatalog } from './catalog';
import { periodStart } from './period';
import { READING_COLUMNS, type ReadingRow, type ReadingSqlRow, toReading } from './reading';

/** Queries over current observations: latest, series, and a unit's latest per indicator. */
export class ReadingsService {
  constructor(
    private readonly ds: DataSource,
    private readonly catalog: KitCatalog,
  ) {}

  async latest(indicatorCode: string, unitCode: string): Promise<ReadingRow | null> {
    const rows: ReadingSqlRow[] = await this.ds.query(
      `SELECT ${READING_COLUMNS} FROM observation o
        WHERE o.indicator_code = $1 AND o.unit_code = $2 AND o.superseded_at IS NULL
        ORDER BY o.period_start DESC, o.id DESC LIMIT 1`,
      [indicatorCode, unitCode],
    );
    return rows[0] ? toReading(rows[0], this.catalog) : null;
  }

  async series(indicatorCode: string, unitCode: string, from?: string | null, to?: string | null): Promise<ReadingRow[]> {
    const fromStart = from ? periodStart(from) : null;
    const toStart = to ? periodStart(to) : null;
    const rows: ReadingSqlRow[] = await this.ds.query(
      `SELECT ${READING_COLUMNS} FROM observation o
        WHERE o.indicator_code = $1 AND o.unit_code = $2 AND o.superseded_at IS NULL
          AND ($3::timestamptz IS NULL OR o.period_start >= $3)
          AND ($4::timestamptz IS NULL OR o.period_start <= $4)
        ORDER BY o.period_start, o.id`,
      [indicatorCode, unitCode, fromStart, toStart],
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

  /** The latest reading of each indicator (or of `codes`) for a unit. */
  async latestForUnit(unitCode: string, codes?: string[] | null): Promise<ReadingRow[]> {
    const rows: ReadingSqlRow[] = await this.ds.query(
      `SELECT * FROM (
         SELECT DISTINCT ON (o.indicator_code) ${READING_COLUMNS} FROM observation o
          WHERE o.unit_code = $1 AND o.superseded_at IS NULL
            AND ($2::text[] IS NULL OR o.indicator_code = ANY($2))
          ORDER BY o.indicator_code, o.period_start DESC, o.id DESC) t
        ORDER BY indicator_code`,
      [unitCode, codes?.length ? codes : null],
    );
    return rows.map((r) => toReading(r, this.catalog));
  }
}
