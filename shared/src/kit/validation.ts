import { RowCode } from '../errors/error-codes';
import type { KitCatalog } from './catalog';
import { Frequency, ObservationStatus } from './graphql/enums';
import { PERIOD_FORM, type Period, calendarSpan, isFuture, parsePeriod, provinceCalendar } from './period';
import { TEXT_LIMITS, cleanText } from './text-rules';
import { checkValue, valueRulesOf } from './value-rules';

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

/** The text fields of a row and their limits (characters). */
const TEXT_FIELDS = [['indicatorCode', TEXT_LIMITS.code], ['unitCode', TEXT_LIMITS.code], ['period', TEXT_LIMITS.period], ['source', TEXT_LIMITS.source]] as const;
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
  drafts.forEach((draft, index) => {
    const fail = (field: keyof ObservationDraft, code: RowCode, reason: string) => problems.push({ index, field, code, reason });
    const texts = {} as Record<'indicatorCode' | 'unitCode' | 'period' | 'source', string | null>;
    for (const [field, max] of TEXT_FIELDS) {
      const raw = draft[field];
      if (field === 'source' && (raw === null || raw === undefined)) { texts.source = null; continue; }
      const text = cleanText(raw, field, max);
      if (!text.ok) return fail(field, text.code, text.reason);
      texts[field] = text.value;
    }
    const indicatorCode = texts.indicatorCode!;
    const unitCode = texts.unitCode!;
    const ind = catalog.indicators.get(indicatorCode);
    if (!ind) return fail('indicatorCode', RowCode.E_UNKNOWN_INDICATOR, `unknown indicator "${indicatorCode}"`);
    const denied = options.authorize?.(indicatorCode);
    if (denied) return fail('indicatorCode', RowCode.E_FORBIDDEN, denied);
    const unit = catalog.units.get(unitCode);
    if (!unit) return fail('unitCode', RowCode.E_UNKNOWN_UNIT, `unknown administrative unit "${unitCode}"`);
    const checked = checkValue(draft.value, valueRulesOf(ind), `${indicatorCode} (${ind.unit})`);
    if (!checked.ok) return fail('value', checked.code, checked.reason);
    const form = PERIOD_FORM[ind.frequency as Frequency];
    const period = parsePeriod(texts.period!);
    if (!period) return fail('period', RowCode.E_PERIOD_FORMAT, `"${texts.period}" is not an ISO period or names no real date (${form})`);
    if (period.frequency !== ind.frequency) {
      return fail('period', RowCode.E_PERIOD_FORMAT, `${indicatorCode} is reported ${ind.frequency.toLowerCase()}: period must be ${form}, got "${texts.period}"`);
    }
    if (isFuture(period, now, localNow)) return fail('period', RowCode.E_PERIOD_FUTURE, `period ${texts.period} is in the future (in the province's time, Asia/Ho_Chi_Minh)`);
    const span = calendarSpan(period);
    const validity = validityOf(unit);
    if (validity.end !== null && span.start.getTime() >= validity.end) {
      const next = unit.successorCode ? `; report to its successor ${unit.successorCode}` : '';
      return fail('unitCode', RowCode.E_UNIT_NOT_VALID, `unit ${unit.code} (${unit.name}) ceased on ${unit.validTo}${next}`);
    }
    if (validity.start !== null && span.end.getTime() <= validity.start) {
      return fail('unitCode', RowCode.E_UNIT_NOT_VALID, `unit ${unit.code} (${unit.name}) exists from ${unit.validFrom}; period ${texts.period} ends before it`);
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
    valid.push({ index, draft: { ...draft, indicatorCode, unitCode, period: period.text, value: checked.value, source: texts.source }, period, status });
  });
  return { valid, problems };
}
