import { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';
import type { KitCatalog } from './catalog';
import { ObservationStatus } from './graphql/enums';
import { parsePeriod, periodArgument, provinceYear } from './period';
import { READING_COLUMNS, type ReadingRow, type ReadingSqlRow, toReading } from './reading';
import { type RollupObservation, rollUp } from './rollup';
import { MAX_ABS_VALUE, roundTo, valueRulesOf } from './value-rules';
import { ErrorCode } from '../errors/error-codes';
import type { Logger } from '../log';

/**
 * A (rolled-up) latest reading: none (null), the reading, or the GraphQLError VALUE_OUT_OF_RANGE of a
 * roll-up beyond the value bound (the batch loader rejects that one key with it).
 */
export type RolledUpAnswer = ReadingRow | null | GraphQLError;

/**
 * Queries over current observations: latest (rolled up the unit tree when the unit has no own
 * observation), series (optionally with the predecessors' of a merged unit), a unit's latest per
 * indicator, and the revisions of one observation.
 */
export class ReadingsService {
  constructor(
    private readonly ds: DataSource,
    private readonly catalog: KitCatalog,
    private readonly logger?: Logger,
  ) {}

  /**
   * A query of the dashboard's hot path as a named prepared statement: each pooled connection
   * parses and plans it once, not on every request. Falls back to an unnamed one.
   */
  private async prepared<T>(name: string, text: string, values: unknown[]): Promise<T[]> {
    const pool = (this.ds.driver as unknown as { master?: PreparingPool }).master;
    if (!pool?.query) return this.ds.query(text, values);
    return (await pool.query<T>({ name: `ioc_${name}`, text, values })).rows;
  }

  /** Readings whose value GraphQL can carry; a non-finite one (stored before the kit's bounds) is dropped and logged. */
  private finite(rows: ReadingRow[]): ReadingRow[] {
    if (rows.every((r) => Number.isFinite(r.value))) return rows;
    for (const r of rows.filter((x) => !Number.isFinite(x.value))) {
      this.logger?.error({ indicatorCode: r.indicatorCode, unitCode: r.unitCode, period: r.period }, 'stored value is not a finite number; reading dropped');
    }
    return rows.filter((r) => Number.isFinite(r.value));
  }

  /** The unit's latest reading; without one, the latest period its sub-units reported, rolled up. */
  async latest(indicatorCode: string, unitCode: string): Promise<ReadingRow | null> {
    const rows: ReadingSqlRow[] = await this.ds.query(
      `SELECT ${READING_COLUMNS} FROM observation o
        WHERE o.indicator_code = $1 AND o.unit_code = $2 AND o.superseded_at IS NULL
        ORDER BY o.period_start DESC, o.id DESC LIMIT 1`,
      [indicatorCode, unitCode],
    );
    return rows[0] ? (this.finite([toReading(rows[0], this.catalog)])[0] ?? null) : this.rolledUpLatest(indicatorCode, unitCode);
  }

  /**
   * The value of the latest period any unit below `unitCode` reported, combined by the indicator's
   * aggregation (see rollup.ts). Null when nothing below reported.
   * @throws GraphQLError VALUE_OUT_OF_RANGE when the roll-up is beyond {@link MAX_ABS_VALUE}
   */
  async rolledUpLatest(indicatorCode: string, unitCode: string): Promise<ReadingRow | null> {
    const answer = (await this.rolledUpLatestMany([{ indicatorCode, unitCode }]))[0];
    if (answer instanceof GraphQLError) throw answer;
    return answer;
  }

  /**
   * {@link rolledUpLatest} for many (indicator, unit) pairs in one query: per pair, the latest
   * period of the indicator (and its numerator and denominator) among the units below (one index
   * probe per code and unit, not a scan of their history), then that period's observations.
   */
  async rolledUpLatestMany(pairs: { indicatorCode: string; unitCode: string }[]): Promise<RolledUpAnswer[]> {
    const keys = pairs.flatMap(({ indicatorCode, unitCode }, i) => {
      const ind = this.catalog.indicators.get(indicatorCode);
      const below = this.catalog.descendants(unitCode);
      if (!ind || !below.length) return [];
      return [{ i, codes: [ind.code, ind.numeratorCode, ind.denominatorCode].filter((c): c is string => !!c), below }];
    });
    const out: RolledUpAnswer[] = pairs.map(() => null);
    if (!keys.length) return out;
    const rows = await this.prepared<{ i: number; period: string; indicator_code: string; unit_code: string; value: number; status: string; recorded_at: Date; seq: string | null }>(
      'rolled_up_latest_seq',
      `SELECT k.i, l.period, o.indicator_code, o.unit_code, o.value, o.status, o.recorded_at,
              (SELECT max(x.seq) FROM outbox x WHERE x.observation_id = o.id AND x.kind = 'reading') AS seq
         FROM jsonb_to_recordset($1::jsonb) AS k(i int, codes text[], below text[])
         CROSS JOIN LATERAL (
           SELECT x.period FROM unnest(k.codes) AS c(code) CROSS JOIN unnest(k.below) AS b(unit)
            CROSS JOIN LATERAL (
              SELECT period, period_start FROM observation
               WHERE indicator_code = c.code AND unit_code = b.unit AND superseded_at IS NULL
               ORDER BY period_start DESC LIMIT 1) x
            ORDER BY x.period_start DESC LIMIT 1) l
         CROSS JOIN LATERAL (
           SELECT o.* FROM unnest(k.codes) AS c(code) CROSS JOIN unnest(k.below) AS b(unit)
             JOIN observation o ON o.indicator_code = c.code AND o.unit_code = b.unit
              AND o.period = l.period AND o.superseded_at IS NULL) o`,
      [JSON.stringify(keys)],
    );
    const byPair = new Map<number, typeof rows>();
    for (const r of rows) {
      const list = byPair.get(r.i) ?? [];
      list.push(r);
      byPair.set(r.i, list);
    }
    for (const [i, obs] of byPair) {
      const { indicatorCode, unitCode } = pairs[i];
      const ind = this.catalog.indicators.get(indicatorCode)!;
      const rolled = rollUp(
        ind,
        unitCode,
        (c) => this.catalog.children.get(c) ?? [],
        obs.map<RollupObservation>((o) => ({
          indicatorCode: o.indicator_code, unitCode: o.unit_code, value: Number(o.value), status: o.status.trim(), recordedAt: new Date(o.recorded_at),
          seq: Number(o.seq ?? 0),
        })),
      );
      if (!rolled) continue;
      const value = roundTo(rolled.value, valueRulesOf(ind).decimals);
      const period = obs[0].period;
      if (!Number.isFinite(value) || Math.abs(value) > MAX_ABS_VALUE) {
        // Each row is within the bound, but a sum of many need not be (nor of rows stored before
        // the bounds). Refusing the rows at write time would lose valid data; the roll-up is what
        // cannot be answered: this one reading errs, with a code, rather than fail the unit (and
        // every wall showing it) or answer a number that lost its precision.
        this.logger?.warn({ indicatorCode, unitCode, period, contributors: rolled.contributors }, 'roll-up beyond the value bound; not answered');
        out[i] = new GraphQLError(
          `The roll-up of ${indicatorCode} for unit ${unitCode} (${period}) from ${rolled.contributors.length} unit(s) is beyond what an indicator can hold (|v| ≤ ${MAX_ABS_VALUE}); each unit's own readings are kept`,
          { extensions: { code: ErrorCode.VALUE_OUT_OF_RANGE, indicatorCode, unitCode, period } },
        );
        continue;
      }
      const year = parsePeriod(period)?.year ?? provinceYear();
      out[i] = {
        // The newest contributing observation's feed position: resuming after it replays nothing
        // old and misses no later change of a contributor.
        cursor: String(rolled.seq),
        indicatorCode,
        unitCode,
        period,
        value,
        status: this.catalog.statusOf(indicatorCode, unitCode, year, value),
        recordedAt: rolled.recordedAt,
        observationStatus: rolled.status as ObservationStatus,
        source: `rolled up (${ind.aggregation}) from ${rolled.contributors.length} unit(s)`,
        revision: 0,
        rolledUpFrom: rolled.contributors,
      };
    }
    return out;
  }

  /**
   * Readings of a unit, oldest first, between two periods (inclusive). With `includePredecessors`,
   * also those of the units merged into it (e.g. Bắc Kạn's before 2025 for Thái Nguyên); each reading
   * keeps its own unitCode.
   */
  async series(indicatorCode: string, unitCode: string, from?: string | null, to?: string | null, includePredecessors = false): Promise<ReadingRow[]> {
    const fromStart = periodArgument('from', from)?.start ?? null;
    const toEnd = periodArgument('to', to)?.end ?? null;
    const units = includePredecessors ? [unitCode, ...this.catalog.predecessors(unitCode)] : [unitCode];
    const rows: ReadingSqlRow[] = await this.ds.query(
      `SELECT ${READING_COLUMNS} FROM observation o
        WHERE o.indicator_code = $1 AND o.unit_code = ANY($2) AND o.superseded_at IS NULL
          AND ($3::timestamptz IS NULL OR o.period_start >= $3)
          AND ($4::timestamptz IS NULL OR o.period_start < $4)
        ORDER BY o.period_start, o.id`,
      [indicatorCode, units, fromStart, toEnd],
    );
    return this.finite(rows.map((r) => toReading(r, this.catalog)));
  }

  /** Current observations by indicator, unit and period range, in a stable order, a page at a time (for export). */
  async observations(filter: { indicatorCodes?: string[] | null; unitCodes?: string[] | null; from?: string | null; to?: string | null; limit: number; offset: number }): Promise<ReadingRow[]> {
    const rows: ReadingSqlRow[] = await this.ds.query(
      `SELECT ${READING_COLUMNS} FROM observation o
        WHERE o.superseded_at IS NULL
          AND ($1::text[] IS NULL OR o.indicator_code = ANY($1))
          AND ($2::text[] IS NULL OR o.unit_code = ANY($2))
          AND ($3::timestamptz IS NULL OR o.period_start >= $3)
          AND ($4::timestamptz IS NULL OR o.period_start < $4)
        ORDER BY o.indicator_code, o.unit_code, o.period_start, o.id
        LIMIT $5 OFFSET $6`,
      [filter.indicatorCodes?.length ? filter.indicatorCodes : null, filter.unitCodes?.length ? filter.unitCodes : null,
        periodArgument('from', filter.from)?.start ?? null, periodArgument('to', filter.to)?.end ?? null, filter.limit, filter.offset],
    );
    return this.finite(rows.map((r) => toReading(r, this.catalog)));
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
   * The latest reading of each indicator (or of `codes`) of each unit, in two queries: each unit's
   * own latest observation of each indicator (one index probe per unit and indicator), then every
   * roll-up the units need (indicators a unit has no own observation of but its sub-units do).
   */
  async latestForUnits(unitCodes: string[], codes?: string[] | null): Promise<Map<string, ReadingRow[]>> {
    const units = [...new Set(unitCodes)];
    const wanted = codes?.length ? codes : null;
    const rows = units.length
      ? await this.prepared<ReadingSqlRow>(
          'latest_for_units',
          `SELECT ${READING_COLUMNS}
             FROM unnest($1::text[]) AS u(code)
             CROSS JOIN indicator i
             CROSS JOIN LATERAL (
               SELECT * FROM observation x
                WHERE x.unit_code = u.code AND x.indicator_code = i.code AND x.superseded_at IS NULL
                ORDER BY x.period_start DESC, x.id DESC LIMIT 1) o
            WHERE ($2::text[] IS NULL OR i.code = ANY($2))
            ORDER BY o.indicator_code`,
          [units, wanted],
        )
      : [];
    const own = new Map<string, ReadingRow[]>(units.map((u) => [u, []]));
    for (const r of this.finite(rows.map((x) => toReading(x, this.catalog)))) own.get(r.unitCode)!.push(r);
    // Indicators a unit has no own observation of, where it has units below: maybe rolled up.
    const pairs: { indicatorCode: string; unitCode: string }[] = [];
    for (const unitCode of units) {
      if (!this.catalog.children.get(unitCode)?.length) continue;
      const have = new Set(own.get(unitCode)!.map((r) => r.indicatorCode));
      for (const i of this.catalog.indicators.values()) {
        if (!have.has(i.code) && (!wanted || wanted.includes(i.code))) pairs.push({ indicatorCode: i.code, unitCode });
      }
    }
    const rolled = await this.rolledUpLatestMany(pairs);
    // A roll-up beyond the bound is left out of the unit's list (logged; `latest` names it).
    rolled.forEach((r, n) => r && !(r instanceof GraphQLError) && own.get(pairs[n].unitCode)!.push(r));
    // Own readings alone keep the database's order; with roll-ups, the locale's (as always).
    for (const [unitCode, list] of own) {
      if (this.catalog.children.get(unitCode)?.length) list.sort((a, b) => a.indicatorCode.localeCompare(b.indicatorCode));
    }
    return own;
  }

  /**
   * {@link latest} for many (indicator, unit) pairs, answers in their order: every pair's own latest
   * observation in one query (one index probe per pair), then, for the pairs without one, their
   * roll-ups in one more ({@link rolledUpLatestMany}; none when no such pair has units below).
   */
  async latestMany(pairs: { indicatorCode: string; unitCode: string }[]): Promise<RolledUpAnswer[]> {
    const out: RolledUpAnswer[] = pairs.map(() => null);
    if (!pairs.length) return out;
    const rows = await this.prepared<ReadingSqlRow & { i: number }>(
      'latest_many',
      `SELECT k.i, ${READING_COLUMNS}
         FROM jsonb_to_recordset($1::jsonb) AS k(i int, indicator text, unit text)
         CROSS JOIN LATERAL (
           SELECT * FROM observation x
            WHERE x.indicator_code = k.indicator AND x.unit_code = k.unit AND x.superseded_at IS NULL
            ORDER BY x.period_start DESC, x.id DESC LIMIT 1) o`,
      [JSON.stringify(pairs.map((p, i) => ({ i, indicator: p.indicatorCode, unit: p.unitCode })))],
    );
    // As in latest: an own reading that is not finite is dropped (and logged), not rolled up instead.
    const own = new Set<number>();
    for (const r of rows) {
      own.add(r.i);
      out[r.i] = this.finite([toReading(r, this.catalog)])[0] ?? null;
    }
    const missing = pairs.flatMap((p, i) => (own.has(i) ? [] : [{ ...p, i }]));
    const rolled = await this.rolledUpLatestMany(missing);
    rolled.forEach((r, n) => (out[missing[n].i] = r));
    return out;
  }

  /**
   * {@link series} for many requests in one query, answers in their order (each oldest first).
   * @throws GraphQLError BAD_USER_INPUT for a period that does not parse, as {@link series} (check
   * each request's periods first so one bad request does not fail the batch).
   */
  async seriesMany(requests: SeriesRequest[]): Promise<ReadingRow[][]> {
    const out: ReadingRow[][] = requests.map(() => []);
    if (!requests.length) return out;
    const keys = requests.map((r, i) => ({
      i,
      indicator: r.indicatorCode,
      units: r.includePredecessors ? [r.unitCode, ...this.catalog.predecessors(r.unitCode)] : [r.unitCode],
      from: periodArgument('from', r.from)?.start ?? null,
      to: periodArgument('to', r.to)?.end ?? null,
    }));
    const rows = await this.prepared<ReadingSqlRow & { i: number }>(
      'series_many',
      `SELECT k.i, ${READING_COLUMNS}
         FROM jsonb_to_recordset($1::jsonb) AS k(i int, indicator text, units text[], "from" timestamptz, "to" timestamptz)
         JOIN observation o ON o.indicator_code = k.indicator AND o.unit_code = ANY(k.units) AND o.superseded_at IS NULL
          AND (k."from" IS NULL OR o.period_start >= k."from")
          AND (k."to" IS NULL OR o.period_start < k."to")
        ORDER BY k.i, o.period_start, o.id`,
      [JSON.stringify(keys)],
    );
    for (const r of rows) out[r.i].push(toReading(r, this.catalog));
    return out.map((list) => this.finite(list));
  }
}

/** One call of {@link ReadingsService.series}. */
export interface SeriesRequest {
  indicatorCode: string;
  unitCode: string;
  from?: string | null;
  to?: string | null;
  /** @default false */
  includePredecessors?: boolean;
}

interface PreparingPool {
  query<T>(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: T[] }>;
}
