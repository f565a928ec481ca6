import { RowCode } from '../errors/error-codes';

/** Longest text each input field takes, in characters (after NFC normalisation). */
export const TEXT_LIMITS = {
  /** indicatorCode, unitCode and other codes. */
  code: 64,
  /** An ISO period or a timestamp with nanoseconds and offset fits easily. */
  period: 64,
  /** Source agency or system. */
  source: 500,
} as const;

export type TextVerdict = { ok: true; value: string } | { ok: false; code: RowCode; reason: string };

/** A lone UTF-16 surrogate (what a truncated emoji leaves): PostgreSQL cannot store it as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Normalises text input to NFC (so `Sơn La` typed in NFD and in NFC are the same text) and checks
 * what PostgreSQL would refuse (a NUL byte, a lone surrogate) and the length limit — before the
 * set-based write, so one bad row never sends a batch down the slow path.
 */
export function cleanText(raw: unknown, field: string, max: number): TextVerdict {
  if (typeof raw !== 'string') return { ok: false, code: RowCode.E_VALUE_FORMAT, reason: `${field} must be text` };
  // Most codes and periods: printable ASCII is already NFC, has no NUL and no surrogate, and one
  // character per UTF-16 unit (one regex test instead of four passes).
  if (PRINTABLE_ASCII.test(raw)) {
    return raw.length > max ? { ok: false, code: RowCode.E_TOO_LONG, reason: `${field} is ${raw.length} characters long; at most ${max}` } : { ok: true, value: raw };
  }
  if (raw.includes('\u0000')) return { ok: false, code: RowCode.E_INVALID_TEXT, reason: `${field} contains a NUL character (\\u0000), which cannot be stored` };
  if (LONE_SURROGATE.test(raw)) return { ok: false, code: RowCode.E_INVALID_TEXT, reason: `${field} contains a lone UTF-16 surrogate (broken text), which cannot be stored` };
  const value = raw.normalize('NFC');
  // Characters (code points): never more than UTF-16 units, so only long texts are counted.
  const length = value.length <= max ? value.length : [...value].length;
  if (length > max) return { ok: false, code: RowCode.E_TOO_LONG, reason: `${field} is ${length} characters long; at most ${max}` };
  return { ok: true, value };
}
