import { TargetStatus } from '../graphql/enums';
import type { FeedSqlRow } from './feed-hub';

/** A change of an indicator's status against its target, for one unit. */
export interface AlertRow {
  cursor: string;
  indicatorCode: string;
  unitCode: string;
  period: string;
  value: number;
  target: number | null;
  previousStatus: TargetStatus;
  status: TargetStatus;
  raisedAt: Date;
}

export function toAlert(row: FeedSqlRow): AlertRow {
  const p = row.payload ?? {};
  return {
    cursor: String(row.seq),
    indicatorCode: row.indicator_code,
    unitCode: row.unit_code,
    period: String(p.period ?? row.period),
    value: Number(p.value ?? row.value),
    target: p.target === null || p.target === undefined ? null : Number(p.target),
    previousStatus: (p.previousStatus as TargetStatus) ?? TargetStatus.NO_TARGET,
    status: (p.status as TargetStatus) ?? TargetStatus.NO_TARGET,
    raisedAt: new Date(row.recorded_at),
  };
}
