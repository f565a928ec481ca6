import type { KitCatalog } from './catalog';
import { Frequency, ObservationStatus } from './graphql/enums';
import { PERIOD_FORM, type Period, parsePeriod } from './period';

/** A row as reported (from GraphQL, CSV or the simulator). */
export interface ObservationDraft {
  indicatorCode: string;
  unitCode: string;
  period: string;
  value: number;
  status?: ObservationStatus | string | null;
  source?: string | null;
}

export interface ValidRow {
  index: number;
  draft: ObservationDraft;
  period: Period;
  status: ObservationStatus;
}

export interface RowProblem {
  index: number;
  field: keyof ObservationDraft;
  reason: string;
}

/** Units whose values cannot be negative. */
const NON_NEGATIVE_UNITS = new Set(['count', 'rank', 'Mbps', 'VND', 'USD', 'score', '%', 'households', 'people']);

/**
 * Checks every row on its own and against the batch; returns the good rows and a reason for each
 * bad one (naming the row and the field), so one bad row never costs its neighbours.
 */
export function validateRows(
  drafts: ObservationDraft[],
  catalog: KitCatalog,
  options: { now?: Date; authorize?: (indicatorCode: string) => string | null } = {},
): { valid: ValidRow[]; problems: RowProblem[] } {
  const now = options.now ?? new Date();
  const valid: ValidRow[] = [];
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  drafts.forEach((draft, index) => {
    const fail = (field: keyof ObservationDraft, reason: string) => problems.push({ index, field, reason: `row ${index + 1}: ${reason}` });
    const ind = catalog.indicators.get(draft.indicatorCode);
    if (!ind) return fail('indicatorCode', `unknown indicator "${draft.indicatorCode}"`);
    const denied = options.authorize?.(draft.indicatorCode);
    if (denied) return fail('indicatorCode', denied);
    const unit = catalog.units.get(draft.unitCode);
    if (!unit) return fail('unitCode', `unknown administrative unit "${draft.unitCode}"`);
    if (typeof draft.value !== 'number' || !Number.isFinite(draft.value)) {
      return fail('value', `value must be a finite number, got ${String(draft.value)}`);
    }
    if (ind.unit === '%' && (draft.value < 0 || draft.value > 100)) {
      return fail('value', `${draft.indicatorCode} is a percentage; ${draft.value} is outside 0–100`);
    }
    if (NON_NEGATIVE_UNITS.has(ind.unit) && draft.value < 0) {
      return fail('value', `${draft.indicatorCode} is measured in ${ind.unit} and cannot be negative (${draft.value})`);
    }
    if (ind.unit === 'rank' && (draft.value < 1 || !Number.isInteger(draft.value))) {
      return fail('value', `${draft.indicatorCode} is a rank: a whole number from 1, got ${draft.value}`);
    }
    const period = parsePeriod(String(draft.period ?? ''));
    if (!period) return fail('period', `"${draft.period}" is not an ISO period (${PERIOD_FORM[ind.frequency as Frequency]})`);
    if (period.frequency !== ind.frequency) {
      return fail('period', `${draft.indicatorCode} is reported ${ind.frequency.toLowerCase()}: period must be ${PERIOD_FORM[ind.frequency as Frequency]}, got "${draft.period}"`);
    }
    if (period.start > now) return fail('period', `period ${draft.period} is in the future`);
    if (unit.validTo && period.start > new Date(`${unit.validTo}T23:59:59Z`)) {
      const next = unit.successorCode ? `; report to its successor ${unit.successorCode}` : '';
      return fail('unitCode', `unit ${unit.code} (${unit.name}) ceased on ${unit.validTo}${next}`);
    }
    const status = (draft.status ?? ObservationStatus.A) as ObservationStatus;
    if (!Object.values(ObservationStatus).includes(status)) {
      return fail('status', `status must be A, P or E, got "${draft.status}"`);
    }
    const key = `${draft.indicatorCode}\u0000${draft.unitCode}\u0000${period.text}`;
    const first = seen.get(key);
    if (first !== undefined) return fail('period', `duplicate of row ${first + 1} (same indicator, unit and period)`);
    seen.set(key, index);
    valid.push({ index, draft, period, status });
  });
  return { valid, problems };
}
