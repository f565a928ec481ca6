import { UNITS } from '@ioc-graph/kit/internal';

/** The provinces of the seed articles: Sơn La, Thái Nguyên, Bình Định, Bình Thuận, Bình Phước. */
export const ARTICLE_PROVINCES = ['14', '19', '52', '60', '70'] as const;
export type ArticleProvince = (typeof ARTICLE_PROVINCES)[number];

interface UnitValidity {
  code: string;
  validTo: string | null;
  successorCode: string | null;
}

/** `YYYY-MM-DD` of `date` in UTC: the day the kit's DAILY periods name (a later day is "in the future"). */
export const utcDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * The unit that reports for `code` on `date`: the unit itself while it is valid, else its successor
 * (followed through as many reforms as needed), as the kit's validation asks
 * ("unit 70 ceased on 2025-06-30; report to its successor 75").
 */
export function unitOn(code: string, date: Date, units: readonly UnitValidity[] = UNITS): string {
  const byCode = new Map(units.map((u) => [u.code, u]));
  const day = utcDay(date);
  let unit = byCode.get(code);
  for (let hops = 0; unit && unit.validTo && unit.validTo < day && unit.successorCode; hops++) {
    if (hops > 10) break;
    unit = byCode.get(unit.successorCode);
  }
  if (!unit) throw new Error(`unknown administrative unit ${code}`);
  return unit.code;
}
