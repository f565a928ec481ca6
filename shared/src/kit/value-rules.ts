import { RowCode } from '../errors/error-codes';

/** No value of any indicator is larger in magnitude than this (a sane bound that keeps sums finite). */
export const MAX_ABS_VALUE = 1e15;

/** What values an indicator can hold, and how precisely its readings are shown. */
export interface ValueRules {
  /** Smallest allowed value (inclusive). */
  min: number;
  /** Largest allowed value (inclusive); never beyond {@link MAX_ABS_VALUE}. */
  max: number;
  /** Whole numbers only (things counted, ranks). */
  integer: boolean;
  /** Decimals readings (and roll-ups) are rounded to. */
  decimals: number;
}

/**
 * Defaults per measurement unit; an indicator definition may override `min`, `max` and `decimals`
 * (e.g. a growth rate in % that may be negative or exceed 100). Units not listed (a partner's own)
 * take {@link FALLBACK_RULES}.
 */
export const UNIT_RULES: Readonly<Record<string, ValueRules>> = {
  '%': { min: 0, max: 100, integer: false, decimals: 2 },
  count: { min: 0, max: MAX_ABS_VALUE, integer: true, decimals: 0 },
  households: { min: 0, max: MAX_ABS_VALUE, integer: true, decimals: 0 },
  people: { min: 0, max: MAX_ABS_VALUE, integer: true, decimals: 0 },
  rank: { min: 1, max: 1_000_000, integer: true, decimals: 0 },
  Mbps: { min: 0, max: MAX_ABS_VALUE, integer: false, decimals: 2 },
  VND: { min: 0, max: MAX_ABS_VALUE, integer: false, decimals: 0 },
  USD: { min: 0, max: MAX_ABS_VALUE, integer: false, decimals: 2 },
  score: { min: 0, max: MAX_ABS_VALUE, integer: false, decimals: 4 },
};
export const FALLBACK_RULES: ValueRules = { min: -MAX_ABS_VALUE, max: MAX_ABS_VALUE, integer: false, decimals: 4 };

/** The rules of an indicator: its unit's defaults, overridden by its own `min`/`max`/`decimals`. */
export function valueRulesOf(ind: { unit: string; minValue?: number | null; maxValue?: number | null; decimals?: number | null }): ValueRules {
  const base = UNIT_RULES[ind.unit] ?? FALLBACK_RULES;
  const clamp = (v: number) => Math.max(-MAX_ABS_VALUE, Math.min(MAX_ABS_VALUE, v));
  return {
    min: clamp(ind.minValue ?? base.min),
    max: clamp(ind.maxValue ?? base.max),
    integer: base.integer,
    decimals: ind.decimals ?? base.decimals,
  };
}

/** Rounds to a number of decimals without float noise (0.1 + 0.2 → 0.3). Non-finite values pass through. */
export function roundTo(value: number, decimals: number): number {
  if (!Number.isFinite(value)) return value;
  const d = Math.max(0, Math.min(10, Math.trunc(decimals)));
  // toFixed works on the decimal representation: 0.30000000000000004 → "0.30" → 0.3.
  return Number(Number(value).toFixed(d)) + 0;
}

export type ValueVerdict = { ok: true; value: number } | { ok: false; code: RowCode; reason: string };

/** A plain decimal number: digits, one optional dot, an optional exponent. */
const PLAIN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** Looks like digits grouped by thousands with dots (Vietnamese/European): 6.700, 1.234.567. */
const DOT_GROUPED = /^[+-]?[1-9]\d{0,2}(\.\d{3})+$/;

/**
 * Turns a value as written (in a CSV file, a form) into a number, refusing what a reader could take
 * two ways. The one rule for every path where text becomes a value:
 * - a comma anywhere: `6,7` is 6.7 in Vietnamese, `6,700` is 6700 in English → refused;
 * - dot-grouped thousands (Vietnamese style): `1.234.567` and `2.000` can only be thousands (no
 *   writer of decimals puts trailing zeros or two dots) → refused; `6.700` is 6.7 or 6700 → refused
 *   when the indicator counts whole things (`integer: true`), read as 6.7 when it holds fractions;
 *   when the indicator is not known yet (`integer` undefined, the CLI) it is read as 6.7 and the
 *   kit refuses 6.7 for a count later (E_NOT_INTEGER, naming the thousands separator).
 * @param integer whether the indicator counts whole things; undefined when not known.
 */
export function parseValueText(raw: string, integer?: boolean): ValueVerdict {
  const text = raw.trim();
  if (text.includes(',')) {
    return {
      ok: false, code: RowCode.E_DECIMAL_COMMA,
      reason: `"${text}" is written with a comma (a decimal comma or a thousands separator); write a dot for decimals and no separators (6.7, 6700)`,
    };
  }
  if (DOT_GROUPED.test(text)) {
    const groups = text.split('.').length - 1;
    const whole = /^[+-]?\d+(\.0{3})+$/.test(text);
    if (groups > 1 || whole || integer === true) {
      return {
        ok: false, code: RowCode.E_DECIMAL_COMMA,
        reason: `"${text}" looks like thousands separated by dots (${text.replace(/\./g, '')}); write numbers without separators`,
      };
    }
  }
  if (!PLAIN.test(text)) return { ok: false, code: RowCode.E_VALUE_FORMAT, reason: `"${text}" is not a number` };
  const value = Number(text);
  if (!Number.isFinite(value)) return { ok: false, code: RowCode.E_OUT_OF_RANGE, reason: `${text} is beyond any value an indicator can hold (|v| ≤ ${MAX_ABS_VALUE})` };
  return { ok: true, value };
}

/**
 * Checks a value (a number, or text as written) against an indicator's rules: finite, within
 * min/max, whole when the indicator counts. `label` names the indicator and unit in reasons.
 */
export function checkValue(raw: unknown, rules: ValueRules, label: string): ValueVerdict {
  let value: number;
  if (typeof raw === 'string') {
    const parsed = parseValueText(raw, rules.integer);
    if (!parsed.ok) return parsed;
    value = parsed.value;
  } else if (typeof raw === 'number') value = raw;
  else return { ok: false, code: RowCode.E_VALUE_FORMAT, reason: `value must be a number, got ${raw === null ? 'null' : typeof raw}` };
  if (!Number.isFinite(value)) return { ok: false, code: RowCode.E_VALUE_FORMAT, reason: `value must be a finite number, got ${String(value)}` };
  if (Math.abs(value) > MAX_ABS_VALUE) {
    return { ok: false, code: RowCode.E_OUT_OF_RANGE, reason: `${value} is beyond any value an indicator can hold (|v| ≤ ${MAX_ABS_VALUE})` };
  }
  if (rules.integer && !Number.isInteger(value)) {
    return { ok: false, code: RowCode.E_NOT_INTEGER, reason: `${label} counts whole things; ${value} has a fraction (if a thousands separator was meant, write the number without it)` };
  }
  if (value < rules.min || value > rules.max) {
    const bounded = rules.min > -MAX_ABS_VALUE && rules.max < MAX_ABS_VALUE;
    const reason = bounded ? `${label}: ${value} is outside ${rules.min}–${rules.max}`
      : value < rules.min ? (rules.min === 0 ? `${label} cannot be negative (${value})` : `${label}: ${value} is below the minimum ${rules.min}`)
      : `${label}: ${value} is above the maximum ${rules.max}`;
    return { ok: false, code: RowCode.E_OUT_OF_RANGE, reason };
  }
  return { ok: true, value: value + 0 }; // -0 → 0
}
