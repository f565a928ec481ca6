import { GraphQLError } from 'graphql';
import {
  type ObservationDraft, ReportOutcome, type ReportRow, type ReportSummary, RowCode, type SubgraphRuntime,
  databaseUnavailable, isDatabaseUnavailable, lostCurrentRace, periodArgument,
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

/** Thrown inside a flow's transaction to roll it back when the kit refused one of its observations. */
class FlowRefused extends Error {
  constructor(readonly row: ReportRow) {
    super('flow refused');
  }
}

/** Runs of a flow's transaction that keep losing the kit's {@link lostCurrentRace} before its error stands. */
const FLOW_ATTEMPTS = 5;

async function retryingLostRaces<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (attempt >= FLOW_ATTEMPTS || !lostCurrentRace(err)) throw err;
    }
  }
}

export class DossierService {
  constructor(private readonly rt: SubgraphRuntime) {}

  private get repo() {
    return this.rt.ds.getRepository(DossierFlowEntity);
  }

  /**
   * Flows of a unit between two periods (inclusive).
   * @throws GraphQLError BAD_USER_INPUT when `from` or `to` is not an ISO period
   */
  list(unitCode: string, from?: string | null, to?: string | null): Promise<DossierFlowEntity[]> {
    periodArgument('from', from);
    periodArgument('to', to);
    const qb = this.repo.createQueryBuilder('f').where('f.unit_code = :unitCode', { unitCode }).orderBy('f.period');
    if (from) qb.andWhere('f.period >= :from', { from });
    if (to) qb.andWhere('f.period <= :to', { to });
    return qb.getMany();
  }

  /**
   * Stores dossier flows and reports the observations computed from them through the kit's
   * ingestion (same validation, revisions, feed), each flow in ONE transaction with its
   * observations: both are stored or neither. One row per flow in the summary: a flow whose
   * observations are refused is not stored, with the code and reason.
   * @throws GraphQLError SERVICE_UNAVAILABLE when the database cannot be reached
   */
  async record(
    flows: DossierFlowInput[],
    who: { reportedBy: string; authorize?: (indicatorCode: string) => string | null },
  ): Promise<ReportSummary> {
    const rows: ReportRow[] = [];
    let wrote = false;
    for (const [index, f] of flows.entries()) {
      const reject = (field: string, code: RowCode, reason: string) =>
        rows.push({ index, outcome: ReportOutcome.REJECTED, field, code, reason, unitCode: f.unitCode, period: f.period });
      const badCount = COUNT_FIELDS.find((k) => !Number.isInteger(f[k]) || f[k] < 0);
      if (badCount) {
        reject(badCount, Number.isInteger(f[badCount]) ? RowCode.E_OUT_OF_RANGE : RowCode.E_NOT_INTEGER, `${badCount} must be a whole number ≥ 0, got ${f[badCount]}`);
        continue;
      }
      if (!this.rt.kit.catalog.units.has(f.unitCode)) {
        reject('unitCode', RowCode.E_UNKNOWN_UNIT, `unknown administrative unit "${f.unitCode}"`);
        continue;
      }
      try {
        // Records of the same flow take turns (a transaction lock per unit and period, its name in
        // JSON since the period is unchecked text yet, NUL included), so the later one sees the
        // earlier one's rows and corrects them; a report of the same observations by another path
        // may still commit first (lostCurrentRace): then the flow's transaction runs again.
        const outcome = await retryingLostRaces(() => this.rt.ds.transaction(async (em) => {
          await em.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [JSON.stringify(['dossier-flow', f.unitCode, f.period])]);
          const summary = await this.rt.kit.ingestion.report(observationsOfFlow(f), { ...who, em });
          const refused = summary.rows.find((r) => r.outcome === ReportOutcome.REJECTED);
          if (refused) throw new FlowRefused(refused);
          const stored = summary.rows[0]; // GOV_DOSSIERS_RECEIVED_ONLINE: its period is the canonical text
          const period = stored?.period ?? f.period;
          const existing = await em.getRepository(DossierFlowEntity).findOneBy({ unitCode: f.unitCode, period });
          const same = existing && COUNT_FIELDS.every((k) => existing[k] === f[k]);
          if (!same) {
            await em.getRepository(DossierFlowEntity).upsert(
              { unitCode: f.unitCode, period, receivedOnline: f.receivedOnline, receivedOffline: f.receivedOffline,
                resolvedOnTime: f.resolvedOnTime, resolvedLate: f.resolvedLate, source: f.source?.normalize('NFC') ?? null,
                reportedBy: who.reportedBy, recordedAt: new Date() },
              ['unitCode', 'period'],
            );
          }
          return same ? ReportOutcome.UNCHANGED : existing ? ReportOutcome.UPDATED : ReportOutcome.IMPORTED;
        }));
        if (outcome !== ReportOutcome.UNCHANGED) wrote = true;
        rows.push({ index, unitCode: f.unitCode, period: f.period, field: null, code: null, reason: null, outcome });
      } catch (err) {
        if (err instanceof FlowRefused) {
          const r = err.row;
          reject(r.field === 'value' ? 'counts' : (r.field ?? 'period'), (r.code as RowCode | null) ?? RowCode.E_NOT_STORED, `${r.indicatorCode}: ${r.reason}`);
          continue;
        }
        if (err instanceof GraphQLError) throw err;
        if (isDatabaseUnavailable(err)) throw databaseUnavailable(wrote ? 'the flows before this one were stored' : 'nothing was stored');
        throw err;
      }
    }
    if (wrote) await this.rt.kit.ingestion.afterCommit();
    const count = (o: ReportOutcome) => rows.filter((r) => r.outcome === o).length;
    return { imported: count(ReportOutcome.IMPORTED), updated: count(ReportOutcome.UPDATED), unchanged: count(ReportOutcome.UNCHANGED), rejected: count(ReportOutcome.REJECTED), rows };
  }
}
