import type { DataSource, EntityManager } from 'typeorm';
import type { KitCatalog } from './catalog';
import type { FeedHub } from './feed/feed-hub';
import { ReportOutcome, TargetStatus } from './graphql/enums';
import type { ReportRow, ReportSummary } from './graphql/report.types';
import { periodStart } from './period';
import { type ObservationDraft, type ValidRow, validateRows } from './validation';

export interface ReportOptions {
  /** Who reports (JWT subject or a system name); stored with each revision. */
  reportedBy: string;
  /** Returns a reason when the reporter may not write this indicator. */
  authorize?: (indicatorCode: string) => string | null;
  now?: Date;
}

interface StoredRow {
  outcome: ReportOutcome;
  observationId?: string;
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
  ) {}

  async report(drafts: ObservationDraft[], options: ReportOptions): Promise<ReportSummary> {
    const { valid, problems } = validateRows(drafts, this.catalog, options);
    const results = new Map<number, ReportRow>();
    for (const p of problems) {
      const d = drafts[p.index];
      results.set(p.index, {
        index: p.index, outcome: ReportOutcome.REJECTED, field: p.field, reason: p.reason,
        indicatorCode: d?.indicatorCode ?? null, unitCode: d?.unitCode ?? null, period: d?.period ?? null,
      });
    }
    let stored: Map<number, StoredRow>;
    try {
      stored = await this.ds.transaction((em) => this.storeAll(em, valid, options.reportedBy));
    } catch {
      // One row broke the batch at the database (a race, a constraint): isolate it row by row.
      stored = new Map();
      for (const row of valid) {
        try {
          const one = await this.ds.transaction((em) => this.storeAll(em, [row], options.reportedBy));
          stored.set(row.index, one.get(row.index)!);
        } catch (err) {
          results.set(row.index, {
            index: row.index, outcome: ReportOutcome.REJECTED, field: null,
            reason: `row ${row.index + 1}: not stored: ${(err as Error).message}`,
            indicatorCode: row.draft.indicatorCode, unitCode: row.draft.unitCode, period: row.draft.period,
          });
        }
      }
    }
    if ([...stored.values()].some((s) => s.outcome !== ReportOutcome.UNCHANGED)) await this.feed.sequenceNow();
    const cursors = await this.cursorsOf([...stored.values()].map((s) => s.observationId).filter((x): x is string => !!x));
    for (const row of valid) {
      const s = stored.get(row.index);
      if (!s) continue;
      results.set(row.index, {
        index: row.index, outcome: s.outcome, field: null, reason: null,
        indicatorCode: row.draft.indicatorCode, unitCode: row.draft.unitCode, period: row.period.text,
        cursor: s.observationId ? (cursors.get(s.observationId) ?? null) : null,
      });
    }
    const rows = [...results.values()].sort((a, b) => a.index - b.index);
    const count = (o: ReportOutcome) => rows.filter((r) => r.outcome === o).length;
    return {
      imported: count(ReportOutcome.IMPORTED),
      updated: count(ReportOutcome.UPDATED),
      unchanged: count(ReportOutcome.UNCHANGED),
      rejected: count(ReportOutcome.REJECTED),
      rows,
    };
  }

  private async storeAll(em: EntityManager, rows: ValidRow[], reportedBy: string): Promise<Map<number, StoredRow>> {
    const out = new Map<number, StoredRow>();
    for (const row of rows) out.set(row.index, await this.storeOne(em, row, reportedBy));
    if ([...out.values()].some((s) => s.outcome !== ReportOutcome.UNCHANGED)) await em.query(`SELECT pg_notify($1, '')`, [this.feed.channel]);
    return out;
  }

  private async storeOne(em: EntityManager, row: ValidRow, reportedBy: string): Promise<StoredRow> {
    const { draft, period, status } = row;
    const [current]: { id: string; value: number; status: string; revision: number }[] = await em.query(
      `SELECT id, value, status, revision FROM observation
        WHERE indicator_code = $1 AND unit_code = $2 AND period = $3 AND superseded_at IS NULL FOR UPDATE`,
      [draft.indicatorCode, draft.unitCode, period.text],
    );
    if (current && Number(current.value) === draft.value && current.status.trim() === status) {
      return { outcome: ReportOutcome.UNCHANGED, observationId: current.id };
    }
    // Without any target the status is NO_TARGET before and after: no alert to check for.
    const targeted = this.catalog.hasTargets(draft.indicatorCode);
    const before = targeted ? await this.latestStatus(em, draft.indicatorCode, draft.unitCode) : null;
    if (current) await em.query(`UPDATE observation SET superseded_at = now() WHERE id = $1`, [current.id]);
    const [inserted]: { id: string }[] = await em.query(
      `INSERT INTO observation (indicator_code, unit_code, period, period_start, period_end, value, status, source, reported_by, revision)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [draft.indicatorCode, draft.unitCode, period.text, period.start, period.end, draft.value, status,
        draft.source ?? null, reportedBy, (current?.revision ?? 0) + 1],
    );
    await em.query(`INSERT INTO outbox (kind, observation_id) VALUES ('reading', $1)`, [inserted.id]);
    const after = targeted ? await this.latestStatus(em, draft.indicatorCode, draft.unitCode) : null;
    if (before && after && before.status !== after.status && after.status !== TargetStatus.NO_TARGET) {
      await em.query(`INSERT INTO outbox (kind, observation_id, payload) VALUES ('alert', $1, $2)`, [
        after.observationId,
        JSON.stringify({ previousStatus: before.status, status: after.status, period: after.period, value: after.value, target: after.target }),
      ]);
    }
    return { outcome: current ? ReportOutcome.UPDATED : ReportOutcome.IMPORTED, observationId: inserted.id };
  }

  /** Status of the latest period of an indicator for a unit (what a screen shows). */
  private async latestStatus(em: EntityManager, indicatorCode: string, unitCode: string) {
    const [row]: { id: string; period: string; value: number }[] = await em.query(
      `SELECT id, period, value FROM observation
        WHERE indicator_code = $1 AND unit_code = $2 AND superseded_at IS NULL
        ORDER BY period_start DESC, id DESC LIMIT 1`,
      [indicatorCode, unitCode],
    );
    if (!row) return null;
    const year = periodStart(row.period)?.getUTCFullYear() ?? new Date().getUTCFullYear();
    const target = this.catalog.targetFor(indicatorCode, year, unitCode);
    return {
      observationId: row.id, period: row.period, value: Number(row.value), target: target?.value ?? null,
      status: this.catalog.statusOf(indicatorCode, unitCode, year, Number(row.value)),
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
