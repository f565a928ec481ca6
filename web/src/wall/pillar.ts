import {
  type AlertData, type IndicatorData, type LiveField, type ReadingData, type UnitData,
  READING_FIELDS, loadCompleteness, loadPillar,
} from './api';
import { pushAlert } from './alerts';
import type { Board } from './board';
import { debug } from './debug';
import type { LiveFeed } from './live';
import { type Frequency, expectedPeriod, periodYear } from './period';
import type { TargetCache } from './targets';

const ALERT_FIELDS = 'cursor indicatorCode unitCode period value target previousStatus status raisedAt';

/** What every pillar of one wall shares. */
export interface WallContext {
  graphql: string;
  unit: UnitData;
  board: Board;
  targets: TargetCache;
  feed: LiveFeed;
  /** Agency names by code (loaded once, on first need). */
  agencies: () => Promise<Map<string, string>>;
  targetYear: number;
  timeZone: string;
  alertUnits: string[];
  unitNames: Map<string, string>;
}

/**
 * A pillar's data on the wall. `loading` until its first answer; `ready` (possibly with errors at
 * some paths: `partial`); `failed` when its subgraph answered nothing (retried with back-off).
 * Each pillar loads on its own, so one that is down never keeps the others' tiles empty.
 */
export type PillarState =
  | { kind: 'loading' }
  | { kind: 'ready' }
  | { kind: 'partial'; errors: string[] }
  | { kind: 'failed'; error: string; attempt: number };

const RETRY_MS = [2000, 5000, 10_000, 30_000, 60_000];

export class PillarView {
  private state: PillarState = { kind: 'loading' };
  private retryTimer?: ReturnType<typeof setTimeout>;
  private subscribed: string[] = [];
  private maxCursor: string | null = null;
  private disposed = false;
  /** Settles after the first load attempt, whatever it brought. */
  readonly firstLoad: Promise<void>;

  constructor(
    readonly field: LiveField,
    private readonly ctx: WallContext,
  ) {
    this.firstLoad = this.load();
  }

  get kind(): PillarState['kind'] {
    return this.state.kind;
  }

  get pillar(): string {
    return this.field.pillar;
  }

  /** Retries a failed pillar now (after a reconnect or a rediscovery) rather than at its timer. */
  retryNow(): void {
    if (this.state.kind !== 'failed' || this.disposed) return;
    clearTimeout(this.retryTimer);
    void this.load();
  }

  /** Whether `field` is one of this pillar's subscriptions. */
  owns(field: string): boolean {
    return field === this.field.readingsField || field === this.field.alertsField;
  }

  /** Its live subscription failed (`why`) or works again (null): shown on its columns only. */
  onFeedTrouble(why: string | null): void {
    if (why) this.ctx.board.setPillarError(this.pillar, `Mất luồng trực tuyến — đang thử lại (${why})`);
    else this.setState(this.state);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.retryTimer);
    for (const f of this.subscribed) this.ctx.feed.remove(f);
    delete debug.pillars[this.pillar];
  }

  private setState(state: PillarState): void {
    this.state = state;
    debug.pillars[this.pillar] = state.kind;
    const { board } = this.ctx;
    if (state.kind === 'failed') board.setPillarError(this.pillar, `Không tải được số liệu — đang thử lại (${state.error})`);
    else if (state.kind === 'partial') board.setPillarError(this.pillar, `Một phần số liệu lỗi: ${state.errors[0]}`);
    else board.setPillarError(this.pillar, null);
  }

  private async load(): Promise<void> {
    const { board, targets, unit, graphql, targetYear } = this.ctx;
    const columns = board.columnsOf(this.pillar);
    const auto = columns.some((c) => c.auto);
    const codes = auto ? null : [...new Set(columns.flatMap((c) => c.tiles.map((t) => t.indicator)))];
    try {
      const { list, errors } = await loadPillar(graphql, this.pillar, unit.code, codes, targetYear);
      if (this.disposed) return;
      if (auto) board.addAutoTiles(this.pillar, list.map((i) => i.code));
      for (const ind of list) {
        targets.set(ind.code, targetYear, ind.target);
        for (const r of ind.series) {
          if (this.maxCursor === null || BigInt(r.cursor) > BigInt(this.maxCursor)) this.maxCursor = r.cursor;
        }
      }
      await targets.fetch(this.pillar, list.map((i) => ({ code: i.code, year: yearOfLatest(i) ?? targetYear }))).catch(() => undefined);
      for (const ind of list) for (const t of board.tilesOf(ind.code)) t.setDefinition(ind);
      await this.nameMissingReports(list);
      this.setState(errors.length ? { kind: 'partial', errors } : { kind: 'ready' });
      this.subscribe();
    } catch (err) {
      if (this.disposed) return;
      const attempt = this.state.kind === 'failed' ? this.state.attempt + 1 : 0;
      this.setState({ kind: 'failed', error: (err as Error).message, attempt });
      this.retryTimer = setTimeout(() => void this.load(), RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]);
    }
  }

  /**
   * A tile without a reading names the agency responsible for the indicator and the period it has
   * not reported, with the agency's reporting completeness for that period when the pillar has it.
   */
  private async nameMissingReports(list: IndicatorData[]): Promise<void> {
    const { board, timeZone, graphql } = this.ctx;
    const now = new Date();
    const empty = list.filter((i) => !i.series.length && i.agencyCode && board.tilesOf(i.code).length);
    if (!empty.length) return;
    const wanted = empty.map((i) => ({ code: i.code, agencyCode: i.agencyCode!, period: expectedPeriod(i.frequency as Frequency, now, timeZone) }));
    const pairs = [...new Map(wanted.map((w) => [`${w.agencyCode}@${w.period}`, { agencyCode: w.agencyCode, period: w.period }])).values()];
    const [names, completeness] = await Promise.all([this.ctx.agencies(), loadCompleteness(graphql, this.pillar, pairs)]);
    for (const w of wanted) {
      const c = completeness.get(`${w.agencyCode}@${w.period}`);
      const report = { period: w.period, agencyCode: w.agencyCode, agencyName: names.get(w.agencyCode) ?? w.agencyCode, received: c?.received, expected: c?.expected };
      for (const t of board.tilesOf(w.code)) t.setMissing(report);
    }
  }

  /** One subscription for the pillar's readings and one for its alerts, resuming after what was loaded. */
  private subscribe(): void {
    if (this.subscribed.length) return;
    const { feed, board, unit, targets, alertUnits, unitNames, timeZone } = this.ctx;
    const columns = board.columnsOf(this.pillar);
    const codes = columns.some((c) => c.auto) ? null : [...new Set(columns.flatMap((c) => c.tiles.map((t) => t.indicator)))];
    feed.add({
      field: this.field.readingsField,
      selection: READING_FIELDS,
      unitCodes: [unit.code],
      indicatorCodes: codes,
      after: this.maxCursor,
      onEvent: (event) => {
        const r = event as unknown as ReadingData;
        debug.received++;
        if (r.unitCode !== unit.code) return;
        const year = periodYear(r.period, r.recordedAt);
        board.tilesOf(r.indicatorCode).forEach((t) => t.apply(r));
        if (!targets.has(r.indicatorCode, year)) {
          // The value shows now; the target follows.
          void targets.fetch(this.pillar, [{ code: r.indicatorCode, year }]).then(
            () => board.tilesOf(r.indicatorCode).forEach((t) => t.render()),
            () => undefined,
          );
        }
      },
    });
    this.subscribed.push(this.field.readingsField);
    if (this.field.alertsField) {
      feed.add({
        field: this.field.alertsField,
        selection: ALERT_FIELDS,
        unitCodes: alertUnits,
        indicatorCodes: null,
        // Alerts share the pillar's feed positions: start where the readings shown start.
        after: this.maxCursor,
        onEvent: (event) => pushAlert(event as unknown as AlertData, (code) => board.tilesOf(code), unitNames, timeZone),
      });
      this.subscribed.push(this.field.alertsField);
    }
  }
}

function yearOfLatest(i: IndicatorData): number | null {
  const last = i.series[i.series.length - 1];
  return last ? periodYear(last.period, last.recordedAt) : null;
}
