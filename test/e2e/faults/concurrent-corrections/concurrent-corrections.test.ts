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
});
