import type { DataSource, EntityManager } from 'typeorm';
import { RowCode } from '../errors/error-codes';
import { databaseUnavailable, isDatabaseUnavailable } from '../errors/database-errors';
import type { Logger } from '../log';
import type { KitCatalog } from './catalog';
import type { FeedHub } from './feed/feed-hub';
import { ReportOutcome, TargetStatus } from './graphql/enums';
import type { ReportRow, ReportSummary } from './graphql/report.types';
import { type Period, parsePeriod, provinceYear } from './period';
import { type ObservationDraftText, type ValidRow, validateRows } from './validation';

export interface ReportOptions {
  /** Who reports (JWT subject or a system name); stored with each revision. */
  reportedBy: string;
  /** Returns a reason when the reporter may not write this indicator. */
  authorize?: (indicatorCode: string) => string | null;
  now?: Date;
  /**
   * Whether to answer each row's outcome (`ReportSummary.rows`, with the stored rows' feed cursors:
   * unchanged rows' cursors take one more query). Without it `rows` is empty; the counts are the same.
   * @default true
   */
  rows?: boolean;
}

/**
 * Whether a write lost a race with a concurrent report of the same (indicator, unit, period): both
 * read the same current revision, the other committed first, and this one's new revision then hit
 * the `observation_current` unique index (READ COMMITTED re-checks the locked row, sees it
 * superseded, and so reads no current revision at all). A fresh transaction sees the winner's row
 * and supersedes it: nothing was wrong with the row. `report` retries its own transactions; a
 * caller that passes its own `em` gets the error (its transaction is aborted) and should run its
 * transaction again when this says so (governance's recordDossiers does).
 */
export function lostCurrentRace(err: unknown): boolean {
  const e = err as { code?: unknown; constraint?: unknown; driverError?: { code?: unknown; constraint?: unknown } } | undefined;
  const code = e?.code ?? e?.driverError?.code;
  const constraint = e?.constraint ?? e?.driverError?.constraint;
  return code === '23505' && constraint === 'observation_current';
}

/** Attempts of one transaction that keeps losing {@link lostCurrentRace} before the row is refused. */
const RACE_ATTEMPTS = 5;

/** Echoes a field of a rejected row back, cut to a length an answer may carry. */
const shortText = (v: unknown): string | null => (typeof v === 'string' ? (v.length > 80 ? `${v.slice(0, 80)}…` : v) : null);

/** A period's start and end as ISO text, worked out once per Period object (a batch's rows share them, see validateRows). */
const isoSpans = new WeakMap<Period, { start: string; end: string }>();
function isoSpan(period: Period): { start: string; end: string } {
  let span = isoSpans.get(period);
  if (!span) isoSpans.set(period, (span = { start: period.start.toISOString(), end: period.end.toISOString() }));
  return span;
}

/** What {@link IngestionService.storeAll} did: each row's outcome, and the highest `seq` it numbered, of any row and of a reading (0 when none). */
interface StoredBatch {
  rows: Map<number, StoredRow>;
  head: bigint;
  reading: bigint;
}

interface StoredRow {
  outcome: ReportOutcome;
  observationId?: string;
  /** Feed position of a revision numbered in its own transaction (see storeAll's `numbered`). */
  seq?: string;
}

/**
 * Stores reported observations: each valid row becomes a new revision (or is left alone when its
 * value and status are unchanged) with an outbox row in the same transaction, and a status change
 * against the target also writes an alert. One NOTIFY wakes the feed when the batch commits.
 */
export class IngestionService {
  constructor(
    private readonly ds: DataSource,
    private readonly catalog: KitCatalog,
    private readonly feed: FeedHub,
    private readonly logger?: Logger,
  ) {}

  /**
   * Validates and stores a batch. With `options.em`, runs inside the caller's transaction (so the
   * caller's own writes commit or roll back with the observations) and never retries row by row.
   * @throws GraphQLError SERVICE_UNAVAILABLE when the database cannot be reached: nothing was
   *   stored, and no row is blamed for it.
   */
  async report(drafts: ObservationDraftText[], options: ReportOptions & { em?: EntityManager }): Promise<ReportSummary> {
    const { valid, problems } = validateRows(drafts, this.catalog, options);
    const results = new Map<number, ReportRow>();
    for (const p of problems) {
      const d = drafts[p.index];
      results.set(p.index, {
        index: p.index, outcome: ReportOutcome.REJECTED, field: p.field, code: p.code, reason: p.reason,
        indicatorCode: shortText(d?.indicatorCode), unitCode: shortText(d?.unitCode), period: shortText(d?.period),
      });
    }
    let stored: Map<number, StoredRow>;
    // The highest feed position this report numbered (rows of its own transactions, see storeAll).
    let head = 0n;
    let reading = 0n;
    if (options.em) {
      stored = (await this.storeAll(options.em, valid, options.reportedBy, false)).rows;
    } else {
      try {
        ({ rows: stored, head, reading } = await this.storeRetryingRaces(valid, options.reportedBy));
      } catch (err) {
        if (isDatabaseUnavailable(err)) throw databaseUnavailable();
        // Validation checks all the database refuses; this is a race or a fault nobody foresaw:
        // isolate the row(s) it concerns, one by one, and log what the database said.
        this.logger?.error({ err: (err as Error).message }, 'a batch of observations failed at the database; storing row by row');
        stored = new Map();
        for (const row of valid) {
          try {
            const one = await this.storeRetryingRaces([row], options.reportedBy);
            stored.set(row.index, one.rows.get(row.index)!);
            if (one.head > head) head = one.head;
            if (one.reading > reading) reading = one.reading;
          } catch (rowErr) {
            if (isDatabaseUnavailable(rowErr)) throw databaseUnavailable(stored.size ? 'some rows may have been stored' : 'nothing was stored');
            this.logger?.error({ err: (rowErr as Error).message, index: row.index }, 'observation not stored');
            results.set(row.index, {
              index: row.index, outcome: ReportOutcome.REJECTED, field: null, code: RowCode.E_NOT_STORED,
              reason: 'the database refused this row (logged for the operators); nothing of it was stored',
              indicatorCode: row.draft.indicatorCode, unitCode: row.draft.unitCode, period: row.draft.period,
            });
          }
        }
      }
    }
    // Rows of a batch in its own transaction were numbered under the sequencer's lock and are
    // committed: the feed's head moves to them at once (no sequencing round trips); only unchanged
    // rows need a look-up of their cursor.
    this.feed.advance(head, reading);
    // `results` holds the rejected rows so far: every other row of the input is in `stored`.
    let imported = 0;
    let updated = 0;
    let unchanged = 0;
    for (const s of stored.values()) {
      if (s.outcome === ReportOutcome.IMPORTED) imported++;
      else if (s.outcome === ReportOutcome.UPDATED) updated++;
      else if (s.outcome === ReportOutcome.UNCHANGED) unchanged++;
    }
    const summary = { imported, updated, unchanged, rejected: results.size, rows: [] as ReportRow[] };
    if (options.rows === false) return summary;
    const cursors = options.em ? new Map<string, string>() : await this.cursorsOf([...stored.values()].filter((s) => !s.seq).map((s) => s.observationId).filter((x): x is string => !!x)).catch(() => new Map<string, string>());
    for (const row of valid) {
      const s = stored.get(row.index);
      if (!s) continue;
      results.set(row.index, {
        index: row.index, outcome: s.outcome, field: null, code: null, reason: null,
        indicatorCode: row.draft.indicatorCode, unitCode: row.draft.unitCode, period: row.period.text,
        cursor: s.seq ?? (s.observationId ? (cursors.get(s.observationId) ?? null) : null),
      });
    }
    // In input order (each index once: an array by index, not a sort).
    const byIndex: ReportRow[] = [];
    for (const r of results.values()) byIndex[r.index] = r;
    summary.rows = byIndex.filter((r) => r !== undefined);
    return summary;
  }

  /** {@link storeAll} in its own transaction, tried again (a few times) when it lost {@link lostCurrentRace}. */
  private async storeRetryingRaces(rows: ValidRow[], reportedBy: string): Promise<StoredBatch> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.ds.transaction((em) => this.storeAll(em, rows, reportedBy, true));
      } catch (err) {
        if (attempt >= RACE_ATTEMPTS || !lostCurrentRace(err)) throw err;
      }
    }
  }

  /**
   * After a report made inside a caller's transaction has committed: wake the feed. Awaited before
   * the mutation answers, so the feed position its answer carries includes the report's rows (see
   * FeedHub.readingPosition; none while they are left unnumbered).
   */
  async afterCommit(): Promise<void> {
    this.feed.noteUnsequenced();
    await this.feed.sequenceNow().catch(() => undefined);
  }

  /**
   * Stores a batch set-based: one locking read of the current revisions, one UPDATE marking the
   * corrected ones superseded, one INSERT of the new revisions with their outbox rows and the NOTIFY
   * (the rows travel as one JSON parameter: cheaper to encode than an array per column); status
   * changes against target (net, per indicator and unit) become alert rows, in one more INSERT.
   *
   * With `numbered` (a transaction of its own, committed right after), the outbox rows get their
   * feed `seq` here, under the sequencer's advisory lock held until the commit, so `seq` follows
   * commit order as the sequencer's own numbering would, without a second write of every outbox row;
   * the NOTIFY carries the highest `seq` (see FeedHub.advance). Numbered batches therefore write
   * one at a time (their transactions are a few statements long). In a caller's transaction (which
   * may run long) the rows are left to the sequencer.
   *
   * No foreign key checks `outbox.observation_id` (it cost 10–20 ms of PostgreSQL per 1,000 rows):
   * every outbox row written here takes its id from the INSERT's RETURNING or from a row this
   * transaction read, and observations can never be deleted (kit.append-only.migration.ts). A new
   * writer of the outbox must keep to that.
   */
  private async storeAll(em: EntityManager, rows: ValidRow[], reportedBy: string, numbered: boolean): Promise<StoredBatch> {
    const out = new Map<number, StoredRow>();
    let head = 0n;
    if (!rows.length) return { rows: out, head, reading: 0n };
    const key = (i: string, u: string, p: string) => `${i}\u0000${u}\u0000${p}`;
    // Numbered: the sequencer's lock first, before this transaction locks or writes anything, so
    // its holder never waits for a writer that waits for it (no deadlock), and the locking read
    // below sees every batch that held it before (no lost race to retry). Held to the commit.
    const headBefore = BigInt(this.feed.position);
    if (numbered) await em.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [this.feed.sequenceLockKey]);
    const current: { id: string; indicator_code: string; unit_code: string; period: string; value: number; status: string; source: string | null; revision: number }[] = await em.query(
      `SELECT o.id, o.indicator_code, o.unit_code, o.period, o.value, o.status, o.source, o.revision
         FROM observation o
         JOIN json_to_recordset($1::json) AS k(i text, u text, p text) ON o.indicator_code = k.i AND o.unit_code = k.u AND o.period = k.p
        WHERE o.superseded_at IS NULL
        ORDER BY o.id FOR UPDATE OF o`,
      [JSON.stringify(rows.map((r) => ({ i: r.draft.indicatorCode, u: r.draft.unitCode, p: r.period.text })))],
    );
    const byKey = new Map(current.map((c) => [key(c.indicator_code, c.unit_code, c.period), c]));
    const changed: { row: ValidRow; key: string; previous?: (typeof current)[number] }[] = [];
    for (const row of rows) {
      const k = key(row.draft.indicatorCode, row.draft.unitCode, row.period.text);
      const previous = byKey.get(k);
      // A changed source is a correction too (texts are NFC on both sides, so NFD vs NFC is no change).
      if (previous && Number(previous.value) === row.draft.value && previous.status.trim() === row.status && (previous.source ?? null) === (row.draft.source ?? null)) {
        out.set(row.index, { outcome: ReportOutcome.UNCHANGED, observationId: previous.id });
      } else changed.push({ row, key: k, previous });
    }
    if (!changed.length) return { rows: out, head, reading: 0n };

    // Without any target an indicator's status is always NO_TARGET: no alert to check for.
    const pairs = [...new Map(changed
      .filter((c) => this.catalog.hasTargets(c.row.draft.indicatorCode))
      .map((c) => [`${c.row.draft.indicatorCode}\u0000${c.row.draft.unitCode}`, [c.row.draft.indicatorCode, c.row.draft.unitCode] as const])).values()];
    const before = await this.latestStatuses(em, pairs);

    const superseded = changed.filter((c) => c.previous).map((c) => c.previous!.id);
    if (superseded.length) await em.query(`UPDATE observation SET superseded_at = now() WHERE id = ANY($1::bigint[])`, [superseded]);
    const seqOf = numbered ? `nextval('outbox_seq')` : 'NULL::bigint';
    // One round trip: the new revisions and their outbox rows (in input order), and the wake-up.
    const inserted: { id: string; indicator_code: string; unit_code: string; period: string; seq: string | null }[] = await em.query(
      `WITH ins AS (
         INSERT INTO observation (indicator_code, unit_code, period, period_start, period_end, value, status, source, reported_by, revision)
         SELECT t.i, t.u, t.p, t.ps, t.pe, t.v, t.st, t.src, $2, t.rev
           FROM ROWS FROM (json_to_recordset($1::json) AS (i text, u text, p text, ps timestamptz, pe timestamptz, v float8, st text, src text, rev int))
             WITH ORDINALITY AS t(i, u, p, ps, pe, v, st, src, rev, n)
          ORDER BY t.n
         RETURNING id, indicator_code, unit_code, period),
       box AS (
         INSERT INTO outbox (kind, observation_id, seq)
         SELECT 'reading', q.id, ${seqOf} FROM (SELECT id FROM ins ORDER BY id) q
         RETURNING observation_id, seq)
       SELECT ins.id, ins.indicator_code, ins.unit_code, ins.period, box.seq,
              (SELECT pg_notify($3, coalesce(max(seq)::text, '')) FROM box) IS NULL AS woke
         FROM ins JOIN box ON box.observation_id = ins.id`,
      [JSON.stringify(changed.map((c) => {
        const span = isoSpan(c.row.period);
        return {
          i: c.row.draft.indicatorCode, u: c.row.draft.unitCode, p: c.row.period.text,
          ps: span.start, pe: span.end, v: c.row.draft.value,
          st: c.row.status, src: c.row.draft.source ?? null, rev: (c.previous?.revision ?? 0) + 1,
        };
      })), reportedBy, this.feed.channel],
    );
    const stored = new Map(inserted.map((r) => [key(r.indicator_code, r.unit_code, r.period), r]));
    // seq comes as text (a bigint): the highest is the longest, then the greatest text (no leading zeros).
    let highest: string | null = null;
    let lowest: string | null = null;
    const ids = changed.map((c) => {
      const { id, seq } = stored.get(c.key)!;
      const observationId = String(id);
      if (seq != null) {
        const text = String(seq);
        if (highest === null || text.length > highest.length || (text.length === highest.length && text > highest)) highest = text;
        if (lowest === null || text.length < lowest.length || (text.length === lowest.length && text < lowest)) lowest = text;
        out.set(c.row.index, { outcome: c.previous ? ReportOutcome.UPDATED : ReportOutcome.IMPORTED, observationId, seq: text });
      } else out.set(c.row.index, { outcome: c.previous ? ReportOutcome.UPDATED : ReportOutcome.IMPORTED, observationId });
      return observationId;
    });
    if (highest !== null) head = BigInt(highest);
    // Under the lock every `seq` given is above all given before, the hub's head among them: one at
    // or below it means the database numbers below what this subgraph has seen (a restored backup,
    // a sequence set back): the feed was reset, and no position this process knew can be vouched for.
    if (lowest !== null && BigInt(lowest) <= headBefore) this.feed.noteReset(BigInt(lowest));
    // Readings are numbered before the alerts below: the highest so far is the highest reading.
    const reading = head;
    if (!numbered) this.feed.noteUnsequenced();

    if (pairs.length) {
      // The latest period of each pair after this batch, without asking again: the latest before,
      // or a row of this batch that starts later (or the same period, corrected: a larger id).
      const latestAfter = new Map<string, { id: string; start: number; indicatorCode: string; unitCode: string; period: string; value: number }>();
      for (const [pair, b] of before) latestAfter.set(pair, { id: b.observationId, start: b.start, indicatorCode: pair.split('\u0000')[0], unitCode: pair.split('\u0000')[1], period: b.period, value: b.value });
      changed.forEach((c, n) => {
        const pair = `${c.row.draft.indicatorCode}\u0000${c.row.draft.unitCode}`;
        if (!this.catalog.hasTargets(c.row.draft.indicatorCode)) return;
        const cur = latestAfter.get(pair);
        const start = c.row.period.start.getTime();
        if (!cur || start > cur.start || (start === cur.start && BigInt(ids[n]) > BigInt(cur.id))) {
          latestAfter.set(pair, { id: ids[n], start, indicatorCode: c.row.draft.indicatorCode, unitCode: c.row.draft.unitCode, period: c.row.period.text, value: c.row.draft.value });
        }
      });
      const after = new Map([...latestAfter].map(([pair, l]) => [pair, this.statusEntry(l.id, l.indicatorCode, l.unitCode, l.period, l.value, l.start)]));
      const alerts: { id: string; payload: string }[] = [];
      for (const [pair, a] of after) {
        const b = before.get(pair);
        if (b && b.status !== a.status && a.status !== TargetStatus.NO_TARGET) {
          alerts.push({ id: a.observationId, payload: JSON.stringify({ previousStatus: b.status, status: a.status, period: a.period, value: a.value, target: a.target }) });
        }
      }
      if (alerts.length) {
        // Numbered after the readings (the lock is still held); the NOTIFY names the new highest.
        const [{ seq }]: { seq: string | null }[] = await em.query(
          `WITH box AS (
             INSERT INTO outbox (kind, observation_id, payload, seq)
             SELECT 'alert', a.id, a.payload::jsonb, ${seqOf}
               FROM unnest($1::bigint[], $2::text[]) WITH ORDINALITY AS a(id, payload, n) ORDER BY a.n
             RETURNING seq)
           SELECT max(seq) AS seq, (SELECT pg_notify($3, coalesce(max(seq)::text, '')) FROM box) IS NULL AS woke FROM box`,
          [alerts.map((a) => a.id), alerts.map((a) => a.payload), this.feed.channel],
        );
        if (seq != null) head = BigInt(seq);
      }
    }
    return { rows: out, head, reading };
  }

  /** Status of the latest period of each (indicator, unit) pair (what a screen shows), keyed `indicator\0unit`. */
  private async latestStatuses(em: EntityManager, pairs: (readonly [string, string])[]) {
    const out = new Map<string, ReturnType<IngestionService['statusEntry']>>();
    if (!pairs.length) return out;
    // The latest period of each pair by an index probe (observation_latest), not a scan of its history.
    const rows: { id: string; indicator_code: string; unit_code: string; period: string; value: number; period_start: Date }[] = await em.query(
      `SELECT o.id, o.indicator_code, o.unit_code, o.period, o.value, o.period_start
         FROM unnest($1::text[], $2::text[]) AS k(i, u)
         CROSS JOIN LATERAL (
           SELECT x.id, x.indicator_code, x.unit_code, x.period, x.value, x.period_start FROM observation x
            WHERE x.unit_code = k.u AND x.indicator_code = k.i AND x.superseded_at IS NULL
            ORDER BY x.period_start DESC, x.id DESC LIMIT 1) o`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
    for (const row of rows) {
      out.set(`${row.indicator_code}\u0000${row.unit_code}`,
        this.statusEntry(String(row.id), row.indicator_code, row.unit_code, row.period, Number(row.value), new Date(row.period_start).getTime()));
    }
    return out;
  }

  /** A reading's status against its target, as an alert compares them. */
  private statusEntry(observationId: string, indicatorCode: string, unitCode: string, period: string, value: number, start: number) {
    const year = parsePeriod(period)?.year ?? provinceYear();
    const target = this.catalog.targetFor(indicatorCode, year, unitCode);
    return {
      observationId, period, value, start, target: target?.value ?? null,
      status: this.catalog.statusOf(indicatorCode, unitCode, year, value),
    };
  }

  private async cursorsOf(observationIds: string[]): Promise<Map<string, string>> {
    if (!observationIds.length) return new Map();
    const rows: { observation_id: string; seq: string }[] = await this.ds.query(
      `SELECT observation_id, max(seq) AS seq FROM outbox WHERE observation_id = ANY($1::bigint[]) AND kind = 'reading' GROUP BY observation_id`,
      [observationIds],
    );
    return new Map(rows.map((r) => [String(r.observation_id), String(r.seq ?? 0)]));
  }
}
