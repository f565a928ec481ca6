import { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors/error-codes';
import { Frequency } from './graphql/enums';

/** A reporting period: its canonical text, the frequency its form implies, and its time span. */
export interface Period {
  text: string;
  frequency: Frequency;
  year: number;
  /**
   * Inclusive start. Calendar periods (`2023`, `2023-07-15`...) are labels of the province's
   * calendar, kept as UTC midnight of that date; a timestamp is its instant.
   */
  start: Date;
  /** Exclusive end. */
  end: Date;
}

/** The province's time zone: its "today" decides what is in the future and which day a reading belongs to. */
export const PROVINCE_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const YEAR = /^(\d{4})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** RFC 3339 date-time: seconds optional (ISO 8601 allows it), fraction up to nanoseconds, `T`/`Z` in either case. */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?([Zz]|([+-])(\d{2}):(\d{2}))$/;

const utc = (y: number, m: number, d = 1) => new Date(Date.UTC(y, m, d));

/** Whether y-m-d (m 1-based) names a real day of the proleptic Gregorian calendar (no 30 February, 29 February only in leap years). */
function realDay(y: number, m: number, d: number): boolean {
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * Parses an ISO period (`2023`, `2023-Q3`, `2023-07`, `2023-07-15`, or an RFC 3339 timestamp for
 * live series, e.g. `2024-05-01T08:30:00.123456789+07:00`). Returns null when the text is none of
 * these or names no real date or time: dates never roll over (`2024-02-30`, `2023-02-29`,
 * `2024-04-31T10:00:00Z`, `24:00`, an offset of `+25:00` are all refused). A timestamp's text
 * becomes its UTC instant to the millisecond.
 */
export function parsePeriod(text: string): Period | null {
  if (typeof text !== 'string') return null;
  let m: RegExpExecArray | null;
  if ((m = YEAR.exec(text))) {
    const y = +m[1];
    if (y < 1) return null;
    return { text, frequency: Frequency.YEARLY, year: y, start: utc(y, 0), end: utc(y + 1, 0) };
  }
  if ((m = QUARTER.exec(text))) {
    const y = +m[1];
    const q = +m[2];
    if (y < 1) return null;
    return { text, frequency: Frequency.QUARTERLY, year: y, start: utc(y, (q - 1) * 3), end: utc(y, q * 3) };
  }
  if ((m = MONTH.exec(text))) {
    const y = +m[1];
    const mo = +m[2] - 1;
    if (y < 1) return null;
    return { text, frequency: Frequency.MONTHLY, year: y, start: utc(y, mo), end: utc(y, mo + 1) };
  }
  if ((m = DAY.exec(text))) {
    const [y, mo, d] = [+m[1], +m[2], +m[3]];
    if (!realDay(y, mo, d)) return null;
    return { text, frequency: Frequency.DAILY, year: y, start: utc(y, mo - 1, d), end: utc(y, mo - 1, d + 1) };
  }
  if ((m = TIMESTAMP.exec(text))) {
    const [y, mo, d, h, mi, s] = [+m[1], +m[2], +m[3], +m[4], +m[5], +(m[6] ?? 0)];
    if (!realDay(y, mo, d) || h > 23 || mi > 59 || s > 59) return null;
    let offsetMin = 0;
    if (m[9]) {
      const [oh, om] = [+m[10], +m[11]];
      if (oh > 23 || om > 59) return null;
      offsetMin = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
    }
    const ms = m[7] ? Math.floor(Number(`0${m[7]}`) * 1000) : 0; // nanoseconds kept to the millisecond
    const start = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMin * 60_000);
    if (Number.isNaN(start.getTime())) return null;
    return {
      text: start.toISOString(),
      frequency: Frequency.LIVE,
      year: provinceCalendar(start).getUTCFullYear(),
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
  [Frequency.LIVE]: 'an RFC 3339 timestamp (e.g. 2023-07-15T08:30:00+07:00)',
};

/** Compares period texts by start time, for ranges (`from`/`to`) given in any form. */
export function periodStart(text: string): Date | null {
  return parsePeriod(text)?.start ?? null;
}

/**
 * Reads an optional period argument of a query (`from`, `to`, `period`): null when absent, the
 * period when valid (a range runs from `from`'s start to `to`'s end: `to: "2023"` includes 2023-12).
 * @throws GraphQLError BAD_USER_INPUT naming the argument when the text is not a real ISO period
 *   (a malformed filter is never silently ignored).
 */
export function periodArgument(name: string, text: string | null | undefined): Period | null {
  if (text === null || text === undefined) return null;
  const period = parsePeriod(text);
  if (!period) {
    throw new GraphQLError(
      `${name}: "${text}" is not an ISO period (YYYY, YYYY-Qn, YYYY-MM, YYYY-MM-DD or an RFC 3339 timestamp) or names no real date`,
      { extensions: { code: ErrorCode.BAD_USER_INPUT, argumentName: name } },
    );
  }
  return period;
}

const calendarParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: PROVINCE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

/**
 * The province's wall clock at an instant, as a Date whose UTC fields read that wall clock (the
 * form calendar periods' `start`/`end` take): 2024-06-14T18:30Z is 2024-06-15T01:30 in the province.
 */
export function provinceCalendar(instant: Date): Date {
  const p = Object.fromEntries(calendarParts.formatToParts(instant).map((x) => [x.type, x.value]));
  return new Date(Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second, instant.getUTCMilliseconds()));
}

/**
 * A period's span on the province's calendar (calendar periods as they are; a timestamp moved to
 * the province's wall clock), to compare with dates (a unit's validity) and with "now".
 */
export function calendarSpan(period: Period): { start: Date; end: Date } {
  if (period.frequency !== Frequency.LIVE) return { start: period.start, end: period.end };
  const start = provinceCalendar(period.start);
  return { start, end: new Date(start.getTime() + 1) };
}

/**
 * Whether a period starts after "now" in the province (a reporter's today is never the future).
 * @param localNow {@link provinceCalendar}(now), when the caller checks many periods against one now
 */
export function isFuture(period: Period, now: Date, localNow: Date = provinceCalendar(now)): boolean {
  if (period.frequency === Frequency.LIVE) return period.start.getTime() > now.getTime();
  return period.start.getTime() > localNow.getTime();
}

/** The province's current year (what "this year's target" means). */
export function provinceYear(now: Date = new Date()): number {
  return provinceCalendar(now).getUTCFullYear();
}
