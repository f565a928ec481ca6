import { RowCode } from '../errors/error-codes';
import type { KitCatalog } from './catalog';
import { Frequency, ObservationStatus } from './graphql/enums';
import { PERIOD_FORM, type Period, calendarSpan, isFuture, parsePeriod, provinceCalendar } from './period';
import { TEXT_LIMITS, cleanText } from './text-rules';
import { type ValueRules, checkValue, valueRulesOf } from './value-rules';

/** A row as reported (from GraphQL, CSV or the simulator). */
export interface ObservationDraft {
  indicatorCode: string;
  unitCode: string;
  period: string;
  value: number;
  status?: ObservationStatus | string | null;
  source?: string | null;
}

/** A row whose value may still be text as written in a file (parsed by the kit's one rule, see value-rules.ts). */
export type ObservationDraftText = Omit<ObservationDraft, 'value'> & { value: number | string };

/** A row that passed: its text NFC-normalised, its value a number within the indicator's rules. */
export interface ValidRow {
  index: number;
  draft: ObservationDraft;
  period: Period;
  status: ObservationStatus;
}

export interface RowProblem {
  index: number;
  field: keyof ObservationDraft;
  /** Machine-readable, from the one catalogue (errors/error-codes.ts). */
  code: RowCode;
  /** Why, for a person; names the thing to fix, never the row number (the row carries its index). */
  reason: string;
}

const STATUSES = new Set<string>(Object.values(ObservationStatus));

/** A unit's validity on the province's calendar, [start, end) in ms, parsed once per unit object. */
const validities = new WeakMap<object, { start: number | null; end: number | null }>();
function validityOf(unit: { validFrom?: string | null; validTo?: string | null }) {
  let v = validities.get(unit);
  if (!v) {
    v = {
      start: unit.validFrom ? Date.parse(`${unit.validFrom}T00:00:00Z`) : null,
      end: unit.validTo ? Date.parse(`${unit.validTo}T00:00:00Z`) + 86_400_000 : null, // validTo is inclusive
    };
    validities.set(unit, v);
  }
  return v;
}

/**
 * Checks every row on its own and against the batch; returns the good rows (text normalised to
 * NFC, values as numbers) and a code and reason for each bad one. Checks everything PostgreSQL
 * would refuse (NUL bytes, lone surrogates) and the limits (text lengths, value bounds) first, so
 * the set-based write never fails on one row and one bad row never costs its neighbours.
 *
 * Periods: a real ISO period of the indicator's frequency, not after the province's now
 * (Asia/Ho_Chi_Minh), overlapping the unit's validity (from `validFrom` to `validTo` inclusive):
 * a year 2025 report for a province merged on 1 July 2025 is history and accepted; year 1000 or
 * 2026 for it is not.
 */
export function validateRows(
  drafts: ObservationDraftText[],
  catalog: KitCatalog,
  options: { now?: Date; authorize?: (indicatorCode: string) => string | null } = {},
): { valid: ValidRow[]; problems: RowProblem[] } {
  const now = options.now ?? new Date();
  const localNow = provinceCalendar(now);
  const valid: ValidRow[] = [];
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  // A batch repeats a few indicators and periods over many rows: their rules, labels and parsed
  // periods are worked out once per batch (Period objects are never modified, so rows may share one).
  const rulesOf = new Map<object, { rules: ValueRules; label: string }>();
  const periods = new Map<string, Period | null>();
  drafts.forEach((draft, index) => {
    const problem = checkRow(draft, index);
    if (problem) problems.push(problem);
  });
  return { valid, problems };

  function checkRow(draft: ObservationDraftText, index: number): RowProblem | undefined {
    const fail = (field: keyof ObservationDraft, code: RowCode, reason: string): RowProblem => ({ index, field, code, reason });
    const indicatorText = cleanText(draft.indicatorCode, 'indicatorCode', TEXT_LIMITS.code);
    if (!indicatorText.ok) return fail('indicatorCode', indicatorText.code, indicatorText.reason);
    const unitText = cleanText(draft.unitCode, 'unitCode', TEXT_LIMITS.code);
    if (!unitText.ok) return fail('unitCode', unitText.code, unitText.reason);
    const periodText = cleanText(draft.period, 'period', TEXT_LIMITS.period);
    if (!periodText.ok) return fail('period', periodText.code, periodText.reason);
    let source: string | null = null;
    if (draft.source !== null && draft.source !== undefined) {
      const sourceText = cleanText(draft.source, 'source', TEXT_LIMITS.source);
      if (!sourceText.ok) return fail('source', sourceText.code, sourceText.reason);
      source = sourceText.value;
    }
    const indicatorCode = indicatorText.value;
    const unitCode = unitText.value;
    const ind = catalog.indicators.get(indicatorCode);
    if (!ind) return fail('indicatorCode', RowCode.E_UNKNOWN_INDICATOR, `unknown indicator "${indicatorCode}"`);
    const denied = options.authorize?.(indicatorCode);
    if (denied) return fail('indicatorCode', RowCode.E_FORBIDDEN, denied);
    const unit = catalog.units.get(unitCode);
    if (!unit) return fail('unitCode', RowCode.E_UNKNOWN_UNIT, `unknown administrative unit "${unitCode}"`);
    let rules = rulesOf.get(ind);
    if (!rules) rulesOf.set(ind, (rules = { rules: valueRulesOf(ind), label: `${indicatorCode} (${ind.unit})` }));
    const checked = checkValue(draft.value, rules.rules, rules.label);
    if (!checked.ok) return fail('value', checked.code, checked.reason);
    const form = PERIOD_FORM[ind.frequency as Frequency];
    let period = periods.get(periodText.value);
    if (period === undefined) periods.set(periodText.value, (period = parsePeriod(periodText.value)));
    if (!period) return fail('period', RowCode.E_PERIOD_FORMAT, `"${periodText.value}" is not an ISO period or names no real date (${form})`);
    if (period.frequency !== ind.frequency) {
      return fail('period', RowCode.E_PERIOD_FORMAT, `${indicatorCode} is reported ${ind.frequency.toLowerCase()}: period must be ${form}, got "${periodText.value}"`);
    }
    if (isFuture(period, now, localNow)) return fail('period', RowCode.E_PERIOD_FUTURE, `period ${periodText.value} is in the future (in the province's time, Asia/Ho_Chi_Minh)`);
    const span = calendarSpan(period);
    const validity = validityOf(unit);
    if (validity.end !== null && span.start.getTime() >= validity.end) {
      const next = unit.successorCode ? `; report to its successor ${unit.successorCode}` : '';
      return fail('unitCode', RowCode.E_UNIT_NOT_VALID, `unit ${unit.code} (${unit.name}) ceased on ${unit.validTo}${next}`);
    }
    if (validity.start !== null && span.end.getTime() <= validity.start) {
      return fail('unitCode', RowCode.E_UNIT_NOT_VALID, `unit ${unit.code} (${unit.name}) exists from ${unit.validFrom}; period ${periodText.value} ends before it`);
    }
    const status = (draft.status ?? ObservationStatus.A) as ObservationStatus;
    if (!STATUSES.has(status)) {
      return fail('status', RowCode.E_STATUS, `status must be A, P or E, got "${String(draft.status).slice(0, 20)}"`);
    }
    const key = `${indicatorCode}\u0000${unitCode}\u0000${period.text}`;
    const first = seen.get(key);
    // Named as the caller names rows: by their `index` in the input (0-based), as in ReportRow.index;
    // `ioc import` turns it into the file's line.
    if (first !== undefined) return fail('period', RowCode.E_DUPLICATE, `duplicate of the row at index ${first} (same indicator, unit and period)`);
    seen.set(key, index);
    valid.push({ index, draft: { ...draft, indicatorCode, unitCode, period: period.text, value: checked.value, source }, period, status });
    return undefined;
  }
}
