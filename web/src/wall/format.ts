/** Vietnamese number and time formats for the wall: 69,46 %, 6.700, 10 tỷ USD, 14:05. */

const nf = new Map<string, Intl.NumberFormat>();
function numberFormat(maxDigits: number, minDigits = 0): Intl.NumberFormat {
  const key = `${minDigits}:${maxDigits}`;
  let f = nf.get(key);
  if (!f) {
    f = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: maxDigits, minimumFractionDigits: minDigits });
    nf.set(key, f);
  }
  return f;
}

/** A plain number in Vietnamese format: 6.700; 69,46; 33,95. */
export function formatNumber(value: number, maxDigits = 2): string {
  return numberFormat(maxDigits).format(value);
}

const SCALES: [number, string][] = [
  [1e12, 'nghìn tỷ'],
  [1e9, 'tỷ'],
  [1e6, 'triệu'],
];

/** Unit as shown after a value. */
export function unitLabel(unit: string): string {
  switch (unit) {
    case '%':
      return '%';
    case 'count':
      return '';
    case 'rank':
      return '';
    case 'score':
      return 'điểm';
    case 'VND':
      return 'đồng';
    default:
      return unit;
  }
}

export interface FormattedValue {
  /** The number, e.g. "69,46", "6.700", "10". */
  number: string;
  /** What follows it, e.g. "%", "tỷ USD", "Mbps"; may be empty. */
  suffix: string;
  /** Number and suffix together, e.g. "69,46 %". */
  text: string;
}

/** A value with its unit: 69,46 %; 6.700; 10 tỷ USD; hạng 8. */
export function formatValue(value: number, unit: string, digits?: number): FormattedValue {
  let n = value;
  let scale = '';
  if (unit !== '%' && unit !== 'rank' && Math.abs(value) >= 1e6) {
    for (const [factor, word] of SCALES) {
      if (Math.abs(value) >= factor) {
        n = value / factor;
        scale = word;
        break;
      }
    }
  }
  const maxDigits = digits ?? (unit === 'rank' || (unit === 'count' && !scale) ? 0 : scale ? 1 : 2);
  const number = formatNumber(n, maxDigits);
  const suffix = [scale, unitLabel(unit)].filter(Boolean).join(' ');
  const text = unit === 'rank' ? `hạng ${number}` : suffix ? `${number} ${suffix}` : number;
  return { number, suffix: unit === 'rank' ? '' : suffix, text };
}

/** A signed change: "+1.234", "−0,5". */
export function formatChange(delta: number, unit: string): string {
  const f = formatValue(Math.abs(delta), unit === 'rank' ? 'count' : unit);
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  return `${sign}${f.number}${unit === '%' ? ' điểm %' : f.suffix && unit !== 'count' ? ` ${f.suffix}` : ''}`;
}

/** "14:05"; "14:05 22/11" when not today; "14:05 22/11/2024" in another year (in the wall's time zone). */
export function formatUpdatedAt(date: Date, now: Date, timeZone: string): string {
  const time = new Intl.DateTimeFormat('vi-VN', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone }).format(date);
  const day = (d: Date) => new Intl.DateTimeFormat('vi-VN', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone }).format(d);
  if (day(date) === day(now)) return time;
  const year = (d: Date) => new Intl.DateTimeFormat('en', { year: 'numeric', timeZone }).format(d);
  const dm = new Intl.DateTimeFormat('vi-VN', { day: '2-digit', month: '2-digit', timeZone }).format(date);
  return year(date) === year(now) ? `${time} ${dm}` : `${time} ${day(date)}`;
}

/** "HH:MM:SS" clock in the wall's time zone. */
export function formatClock(date: Date, timeZone: string): { time: string; date: string } {
  return {
    time: new Intl.DateTimeFormat('vi-VN', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZone }).format(date),
    date: new Intl.DateTimeFormat('vi-VN', { weekday: 'long', day: '2-digit', month: '2-digit', year: 'numeric', timeZone }).format(date),
  };
}

/** ISO period to Vietnamese: 2023 → "năm 2023", 2023-Q3 → "quý 3/2023", 2023-07 → "tháng 7/2023". */
export function formatPeriod(period: string, timeZone: string): string {
  let m = /^(\d{4})$/.exec(period);
  if (m) return `năm ${m[1]}`;
  m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (m) return `quý ${m[2]}/${m[1]}`;
  m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return `tháng ${Number(m[2])}/${m[1]}`;
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(period);
  if (m) return `ngày ${m[3]}/${m[2]}/${m[1]}`;
  const d = new Date(period);
  return Number.isNaN(d.getTime()) ? period : formatUpdatedAt(d, new Date(), timeZone);
}

export const STATUS_LABEL: Record<string, string> = {
  ON_TRACK: 'Đạt mục tiêu',
  AT_RISK: 'Có nguy cơ',
  OFF_TRACK: 'Chưa đạt',
  NO_TARGET: 'Chưa có mục tiêu',
};
