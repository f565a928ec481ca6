import { Frequency } from './graphql/enums';

/** A reporting period: its canonical text, the frequency its form implies, and its time span. */
export interface Period {
  text: string;
  frequency: Frequency;
  year: number;
  /** Inclusive start. */
  start: Date;
  /** Exclusive end. */
  end: Date;
}

const YEAR = /^(\d{4})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

const utc = (y: number, m: number, d = 1) => new Date(Date.UTC(y, m, d));

/**
 * Parses an ISO period (`2023`, `2023-Q3`, `2023-07`, `2023-07-15`, or an RFC 3339 timestamp for
 * live series). Returns null when the text is none of these or names no real date.
 */
export function parsePeriod(text: string): Period | null {
  let m: RegExpExecArray | null;
  if ((m = YEAR.exec(text))) {
    const y = +m[1];
    return { text, frequency: Frequency.YEARLY, year: y, start: utc(y, 0), end: utc(y + 1, 0) };
  }
  if ((m = QUARTER.exec(text))) {
    const y = +m[1];
    const q = +m[2];
    return { text, frequency: Frequency.QUARTERLY, year: y, start: utc(y, (q - 1) * 3), end: utc(y, q * 3) };
  }
  if ((m = MONTH.exec(text))) {
    const y = +m[1];
    const mo = +m[2] - 1;
    return { text, frequency: Frequency.MONTHLY, year: y, start: utc(y, mo), end: utc(y, mo + 1) };
  }
  if ((m = DAY.exec(text))) {
    const y = +m[1];
    const mo = +m[2] - 1;
    const d = +m[3];
    const start = utc(y, mo, d);
    if (start.getUTCMonth() !== mo || start.getUTCDate() !== d) return null; // 2023-02-30
    return { text, frequency: Frequency.DAILY, year: y, start, end: utc(y, mo, d + 1) };
  }
  if (TIMESTAMP.test(text)) {
    const start = new Date(text);
    if (Number.isNaN(start.getTime())) return null;
    return {
      text: start.toISOString(),
      frequency: Frequency.LIVE,
      year: start.getUTCFullYear(),
      start,
      end: new Date(start.getTime() + 1),
    };
  }
  return null;
}

/** The form a period of each frequency takes, for error messages. */
export const PERIOD_FORM: Record<Frequency, string> = {
  [Frequency.YEARLY]: 'YYYY (e.g. 2023)',
  [Frequency.QUARTERLY]: 'YYYY-Qn (e.g. 2023-Q3)',
  [Frequency.MONTHLY]: 'YYYY-MM (e.g. 2023-07)',
  [Frequency.DAILY]: 'YYYY-MM-DD (e.g. 2023-07-15)',
  [Frequency.LIVE]: 'an RFC 3339 timestamp (e.g. 2023-07-15T08:30:00Z)',
};

/** Compares period texts by start time, for ranges (`from`/`to`) given in any form. */
export function periodStart(text: string): Date | null {
  return parsePeriod(text)?.start ?? null;
}
