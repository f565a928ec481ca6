import type { DataSource } from 'typeorm';
import type { KitCatalog } from './catalog';
import type { ReportingCompleteness } from './graphql/completeness.types';
import { periodArgument } from './period';

/** Days after a period ends within which a report counts as on time (DHIS2's default). */
export const TIMELY_DAYS = 15;

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10000) / 100 : null);

/**
 * Reporting completeness per responsible agency and period (DHIS2's reporting rate summary):
 * expected reports are the indicator × unit pairs of the period's frequency for every unit that
 * reports the indicator and existed during the period; received ones have a current observation
 * for the period; on-time ones were first recorded within {@link TIMELY_DAYS} of its end.
 */
export class CompletenessService {
  constructor(
    private readonly ds: DataSource,
    private readonly catalog: KitCatalog,
  ) {}

  async forPeriod(periodText: string, agencyCode?: string | null): Promise<ReportingCompleteness[]> {
    const period = periodArgument('period', periodText)!;
    const indicators = [...this.catalog.indicators.values()].filter(
      (i) => i.frequency === period.frequency && (!agencyCode || i.agencyCode === agencyCode),
    );
    if (!indicators.length) return [];
    const rows: { indicator_code: string; unit_code: string; first_at: Date | null }[] = await this.ds.query(
      `WITH expected AS (
         SELECT DISTINCT indicator_code, unit_code FROM observation WHERE indicator_code = ANY($1) AND superseded_at IS NULL),
       got AS (
         SELECT indicator_code, unit_code, min(recorded_at) AS first_at FROM observation
          WHERE indicator_code = ANY($1) AND period = $2 GROUP BY indicator_code, unit_code)
       SELECT e.indicator_code, e.unit_code, g.first_at FROM expected e LEFT JOIN got g USING (indicator_code, unit_code)
        ORDER BY e.indicator_code, e.unit_code`,
      [indicators.map((i) => i.code), period.text],
    );
    const deadline = period.end.getTime() + TIMELY_DAYS * 86_400_000;
    const start = period.start.toISOString().slice(0, 10);
    const endDay = new Date(period.end.getTime() - 1).toISOString().slice(0, 10);
    const byAgency = new Map<string, ReportingCompleteness>();
    for (const i of indicators) {
      if (!byAgency.has(i.agencyCode)) {
        byAgency.set(i.agencyCode, { agencyCode: i.agencyCode, period: period.text, expected: 0, received: 0, onTime: 0, completeness: null, timeliness: null, missing: [] });
      }
    }
    for (const r of rows) {
      const unit = this.catalog.units.get(r.unit_code);
      if (unit && (unit.validFrom > endDay || (unit.validTo && unit.validTo < start))) continue; // did not exist then
      const agg = byAgency.get(this.catalog.indicators.get(r.indicator_code)!.agencyCode)!;
      agg.expected++;
      if (r.first_at) {
        agg.received++;
        if (new Date(r.first_at).getTime() <= deadline) agg.onTime++;
      } else agg.missing.push(`${r.indicator_code}@${r.unit_code}`);
    }
    return [...byAgency.values()]
      .map((a) => ({ ...a, completeness: pct(a.received, a.expected), timeliness: pct(a.onTime, a.expected) }))
      .sort((a, b) => a.agencyCode.localeCompare(b.agencyCode));
  }
}
