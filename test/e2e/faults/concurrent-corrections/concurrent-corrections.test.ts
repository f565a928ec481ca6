import { type TestSystem, gql, startTestSystem } from '../../../support/system';
import { TEST_JWT_SECRET, bearer, token } from '../../../support/tokens';

interface Row { outcome: string; code: string | null; reason: string | null }

const REPORT = `mutation ($input: [ObservationInput!]!) {
  reportEconomyObservations(input: $input) { rows { outcome code reason } }
}`;

describe('corrections of the same observation sent at once', () => {
  let system: TestSystem;
  let admin: Record<string, string>;

  beforeAll(async () => {
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET });
    admin = bearer(token('admin'));
  });
  afterAll(async () => {
    await system?.dispose();
  });

  it('should store every one of them, none refused as E_NOT_STORED', async () => {
    const keys = ['2015-06-01', '2015-06-02', '2015-06-03'];
    const writes = Array.from({ length: 30 }, (_, i) =>
      gql<{ reportEconomyObservations: { rows: Row[] } }>(system.url, REPORT, {
        input: [{ indicatorCode: 'ECO_EINVOICES_ISSUED', unitCode: '04', period: keys[i % keys.length], value: 100 + i, source: `race ${i}` }],
      }, admin));
    const rows = (await Promise.all(writes)).map((r) => r.data!.reportEconomyObservations.rows[0]);
    expect(rows.filter((r) => r.outcome === 'REJECTED')).toEqual([]);
    expect(rows.filter((r) => r.outcome === 'IMPORTED')).toHaveLength(keys.length);
  });

  it('should store every concurrent record of the same dossier flow, none answered with an internal error', async () => {
    // recordDossiers reports in governance's own transaction (the kit cannot retry it): 9 of 12 such
    // writes answered INTERNAL_SERVER_ERROR before it ran the flow's transaction again.
    const record = `mutation ($input: [DossierFlowInput!]!) { recordDossiers(input: $input) { rows { outcome code reason } } }`;
    const writes = Array.from({ length: 12 }, (_, i) =>
      gql<{ recordDossiers: { rows: Row[] } }>(system.url, record, {
        input: [{ unitCode: '04', period: '2016', receivedOnline: 100 + i, receivedOffline: 5, resolvedOnTime: 90, resolvedLate: 10 }],
      }, admin));
    const answers = await Promise.all(writes);
    expect(answers.flatMap((a) => a.errors ?? [])).toEqual([]);
    const rows = answers.map((a) => a.data!.recordDossiers.rows[0]);
    expect(rows.filter((r) => r.outcome === 'REJECTED')).toEqual([]);
    expect(rows.filter((r) => r.outcome === 'IMPORTED')).toHaveLength(1);
  });
});
