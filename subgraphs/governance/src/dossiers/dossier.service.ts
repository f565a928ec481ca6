import {
  type ObservationDraft, ReportOutcome, type ReportRow, type ReportSummary, type SubgraphRuntime, parsePeriod,
} from '@ioc-graph/kit';
import { DossierFlowEntity, type DossierFlowInput, rate } from './dossier-flow.entity';

/** The observations one dossier flow yields; rates are computed here, never typed in. */
export function observationsOfFlow(f: DossierFlowInput): ObservationDraft[] {
  const base = { unitCode: f.unitCode, period: f.period, status: f.status ?? 'A', source: f.source ?? null };
  const received = f.receivedOnline + f.receivedOffline;
  const resolved = f.resolvedOnTime + f.resolvedLate;
  const rows: ObservationDraft[] = [
    { ...base, indicatorCode: 'GOV_DOSSIERS_RECEIVED_ONLINE', value: f.receivedOnline },
    { ...base, indicatorCode: 'GOV_DOSSIERS_RECEIVED_OFFLINE', value: f.receivedOffline },
    { ...base, indicatorCode: 'GOV_DOSSIERS_RECEIVED', value: received },
    { ...base, indicatorCode: 'GOV_DOSSIERS_RESOLVED_ONTIME', value: f.resolvedOnTime },
    { ...base, indicatorCode: 'GOV_DOSSIERS_RESOLVED_LATE', value: f.resolvedLate },
    { ...base, indicatorCode: 'GOV_DOSSIERS_RESOLVED', value: resolved },
  ];
  const online = rate(f.receivedOnline, received);
  const onTime = rate(f.resolvedOnTime, resolved);
  if (online !== null) rows.push({ ...base, indicatorCode: 'GOV_ONLINE_DOSSIER_RATE', value: online });
  if (onTime !== null) rows.push({ ...base, indicatorCode: 'GOV_ONTIME_RESOLUTION_RATE', value: onTime });
  return rows;
}

const COUNT_FIELDS = ['receivedOnline', 'receivedOffline', 'resolvedOnTime', 'resolvedLate'] as const;

export class DossierService {
  constructor(private readonly rt: SubgraphRuntime) {}

  private get repo() {
    return this.rt.ds.getRepository(DossierFlowEntity);
  }

  list(unitCode: string, from?: string | null, to?: string | null): Promise<DossierFlowEntity[]> {
    const qb = this.repo.createQueryBuilder('f').where('f.unit_code = :unitCode', { unitCode }).orderBy('f.period');
    if (from) qb.andWhere('f.period >= :from', { from });
    if (to) qb.andWhere('f.period <= :to', { to });
    return qb.getMany();
  }

  /**
   * Stores dossier flows and reports the observations computed from them through the kit's
   * ingestion (same validation, revisions, feed). One row per flow in the summary: a flow whose
   * observations are refused is not stored, with the reason.
   */
  async record(
    flows: DossierFlowInput[],
    who: { reportedBy: string; authorize?: (indicatorCode: string) => string | null },
  ): Promise<ReportSummary> {
    const rows: ReportRow[] = [];
    for (const [index, f] of flows.entries()) {
      const reject = (field: string, reason: string) =>
        rows.push({ index, outcome: ReportOutcome.REJECTED, field, reason: `row ${index + 1}: ${reason}`, unitCode: f.unitCode, period: f.period });
      const badCount = COUNT_FIELDS.find((k) => !Number.isInteger(f[k]) || f[k] < 0);
      if (badCount) {
        reject(badCount, `${badCount} must be a whole number ≥ 0, got ${f[badCount]}`);
        continue;
      }
      if (!this.rt.kit.catalog.units.has(f.unitCode)) {
        reject('unitCode', `unknown administrative unit "${f.unitCode}"`);
        continue;
      }
      const summary = await this.rt.kit.ingestion.report(observationsOfFlow(f), who);
      const refused = summary.rows.find((r) => r.outcome === ReportOutcome.REJECTED);
      if (refused) {
        reject(refused.field === 'value' ? 'counts' : (refused.field ?? 'period'), refused.reason!.replace(/^row \d+: /, ''));
        continue;
      }
      const existing = await this.repo.findOneBy({ unitCode: f.unitCode, period: parsePeriod(f.period)!.text });
      const same = existing && COUNT_FIELDS.every((k) => existing[k] === f[k]);
      if (!same) {
        await this.repo.upsert(
          { unitCode: f.unitCode, period: f.period, receivedOnline: f.receivedOnline, receivedOffline: f.receivedOffline,
            resolvedOnTime: f.resolvedOnTime, resolvedLate: f.resolvedLate, source: f.source ?? null, reportedBy: who.reportedBy, recordedAt: new Date() },
          ['unitCode', 'period'],
        );
      }
      rows.push({
        index, unitCode: f.unitCode, period: f.period, field: null, reason: null,
        outcome: same ? ReportOutcome.UNCHANGED : existing ? ReportOutcome.UPDATED : ReportOutcome.IMPORTED,
      });
    }
    const count = (o: ReportOutcome) => rows.filter((r) => r.outcome === o).length;
    return { imported: count(ReportOutcome.IMPORTED), updated: count(ReportOutcome.UPDATED), unchanged: count(ReportOutcome.UNCHANGED), rejected: count(ReportOutcome.REJECTED), rows };
  }
}
