/** Period arithmetic for the stale mark: when is the next reading of an indicator expected? */

export type Frequency = 'YEARLY' | 'QUARTERLY' | 'MONTHLY' | 'DAILY' | 'LIVE';

/** The instant a period ends (UTC), or null for a timestamp period. */
export function periodEnd(period: string): Date | null {
  let m = /^(\d{4})$/.exec(period);
  if (m) return new Date(Date.UTC(Number(m[1]) + 1, 0, 1));
  m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (m) return new Date(Date.UTC(Number(m[1]), Number(m[2]) * 3, 1));
  m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return new Date(Date.UTC(Number(m[1]), Number(m[2]), 1));
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(period);
  if (m) return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1));
  return null;
}

/** Year of a period, for its target. */
export function periodYear(period: string, recordedAt?: string): number {
  const m = /^(\d{4})/.exec(period);
  if (m) return Number(m[1]);
  return new Date(recordedAt ?? Date.now()).getUTCFullYear();
}

const DAY = 86_400_000;
const LENGTH_DAYS: Record<Exclude<Frequency, 'LIVE'>, number> = { YEARLY: 366, QUARTERLY: 92, MONTHLY: 31, DAILY: 1 };

export interface StaleRules {
  /** Days after the following period ends before a reading counts as overdue. */
  graceDays: Partial<Record<Frequency, number>>;
  /** A LIVE reading older than this is stale. */
  liveStaleMinutes: number;
}

/**
 * A reading is stale when the reading for the following period should already be in: the following
 * period has ended, plus the grace days of the frequency (reports come in after the period). A LIVE
 * reading is stale after `liveStaleMinutes`.
 */
export function isStale(period: string, recordedAt: string, frequency: Frequency, rules: StaleRules, now = new Date()): boolean {
  const end = periodEnd(period);
  if (frequency === 'LIVE' || !end) {
    return now.getTime() - new Date(recordedAt).getTime() > rules.liveStaleMinutes * 60_000;
  }
  const nextEnds = end.getTime() + LENGTH_DAYS[frequency] * DAY;
  return now.getTime() > nextEnds + (rules.graceDays[frequency] ?? 0) * DAY;
}

/** Orders periods of one indicator (same form); timestamps compare as instants. */
export function comparePeriods(a: string, b: string): number {
  const ta = periodEnd(a)?.getTime() ?? new Date(a).getTime();
  const tb = periodEnd(b)?.getTime() ?? new Date(b).getTime();
  if (Number.isNaN(ta) || Number.isNaN(tb)) return a < b ? -1 : a > b ? 1 : 0;
  return ta - tb;
}

/**
 * The latest period whose report is due by `now` in the wall's time zone: last year for a yearly
 * indicator, the last quarter, month or day; today for a live one. A tile with no reading names
 * this period and the agency that has not reported for it.
 */
export function expectedPeriod(frequency: Frequency, now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const [y, m, d] = [get('year'), get('month'), get('day')];
  const pad = (n: number) => String(n).padStart(2, '0');
  switch (frequency) {
    case 'YEARLY':
      return String(y - 1);
    case 'QUARTERLY': {
      const q = Math.floor((m - 1) / 3); // the current quarter is 1 + q: the one before it
      return q === 0 ? `${y - 1}-Q4` : `${y}-Q${q}`;
    }
    case 'MONTHLY':
      return m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`;
    case 'DAILY': {
      const prev = new Date(Date.UTC(y, m - 1, d - 1));
      return `${prev.getUTCFullYear()}-${pad(prev.getUTCMonth() + 1)}-${pad(prev.getUTCDate())}`;
    }
    default:
      return `${y}-${pad(m)}-${pad(d)}`;
  }
}
