import { type TestSystem, gql, startTestSystem } from '../support/system';
import { TEST_JWT_SECRET, bearer, token } from '../support/tokens';

interface Row { index: number; outcome: string; field: string | null; code: string | null; reason: string | null }
interface Summary { imported: number; updated: number; unchanged: number; rejected: number; rows: Row[] }

const REPORT = `mutation ($input: [ObservationInput!]!) {
  reportEconomyObservations(input: $input) { imported updated unchanged rejected rows { index outcome field code reason } }
}`;

describe('reporting observations through the gateway', () => {
  let system: TestSystem;
  let taxReporter: Record<string, string>;

  const report = async (input: unknown[], headers: Record<string, string> = taxReporter) =>
    gql<{ reportEconomyObservations: Summary }>(system.url, REPORT, { input }, headers);
  const latest = async (code: string, unitCode: string) => {
    const res = await gql<{ economyIndicator: { latest: { value: number; period: string; history: { value: number; revision: number }[] } | null } }>(
      system.url,
      `query ($code: ID!, $unit: ID!) { economyIndicator(code: $code) { latest(unitCode: $unit) { value period history { value revision } } } }`,
      { code, unit: unitCode },
    );
    return res.data!.economyIndicator.latest;
  };

  beforeAll(async () => {
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET });
    taxReporter = bearer(token('reporter', 'TCT'));
  });
  afterAll(async () => {
    await system?.dispose();
  });

  it('should reject each bad row with its field, a code and a reason, and store its good neighbours', async () => {
    const res = await report([
      { indicatorCode: 'ECO_EINVOICE_RATE', unitCode: '14', period: '2023', value: 91.5 },
      { indicatorCode: 'ECO_NO_SUCH_THING', unitCode: '14', period: '2023', value: 1 },
      { indicatorCode: 'ECO_EINVOICE_RATE', unitCode: '9999', period: '2023', value: 50 },
      { indicatorCode: 'ECO_EINVOICE_RATE', unitCode: '52', period: '2023', value: 120 },
      { indicatorCode: 'ECO_ETAX_ENTERPRISES', unitCode: '14', period: '2023', value: -5 },
      { indicatorCode: 'ECO_ETAX_ENTERPRISES', unitCode: '52', period: '2023-Q1', value: 10 },
      { indicatorCode: 'ECO_ETAX_ENTERPRISES', unitCode: '60', period: '2099', value: 10 },
      { indicatorCode: 'ECO_EINVOICE_RATE', unitCode: '14', period: '2023', value: 92 },
      { indicatorCode: 'ECO_ETAX_ENTERPRISES', unitCode: '14', period: '2023', value: 4200, status: 'P' },
    ]);
    expect(res.errors).toBeUndefined();
    const s = res.data!.reportEconomyObservations;
    expect(s).toMatchObject({ imported: 2, updated: 0, unchanged: 0, rejected: 7 });
    const rejected = Object.fromEntries(s.rows.filter((r) => r.outcome === 'REJECTED').map((r) => [r.index, [r.field, r.code, r.reason]]));
    expect(rejected[1]).toEqual(['indicatorCode', 'E_UNKNOWN_INDICATOR', 'unknown indicator "ECO_NO_SUCH_THING"']);
    expect(rejected[2]).toEqual(['unitCode', 'E_UNKNOWN_UNIT', 'unknown administrative unit "9999"']);
    expect(rejected[3]).toEqual(['value', 'E_OUT_OF_RANGE', expect.stringMatching(/^ECO_EINVOICE_RATE \(%\): 120 is outside 0–100/)]);
    expect(rejected[4]).toEqual(['value', 'E_OUT_OF_RANGE', expect.stringMatching(/cannot be negative/)]);
    expect(rejected[5]).toEqual(['period', 'E_PERIOD_FORMAT', expect.stringMatching(/reported yearly.*"2023-Q1"/)]);
    expect(rejected[6]).toEqual(['period', 'E_PERIOD_FUTURE', expect.stringMatching(/^period 2099 is in the future/)]);
    expect(rejected[7]).toEqual(['period', 'E_DUPLICATE', expect.stringMatching(/^duplicate of the row at index 0 /)]);
    expect(await latest('ECO_EINVOICE_RATE', '14')).toMatchObject({ value: 91.5, period: '2023' });
    expect(await latest('ECO_ETAX_ENTERPRISES', '14')).toMatchObject({ value: 4200, period: '2023' });
  });

  it('should change nothing when the same batch is sent again', async () => {
    const batch = [
      { indicatorCode: 'ECO_EINVOICE_RATE', unitCode: '60', period: '2022', value: 88.2 },
      { indicatorCode: 'ECO_ETAX_ENTERPRISES', unitCode: '60', period: '2022', value: 3100 },
    ];
    expect((await report(batch)).data!.reportEconomyObservations).toMatchObject({ imported: 2, unchanged: 0 });
    const again = (await report(batch)).data!.reportEconomyObservations;
    expect(again).toMatchObject({ imported: 0, updated: 0, unchanged: 2, rejected: 0 });
    expect(again.rows.map((r) => r.outcome)).toEqual(['UNCHANGED', 'UNCHANGED']);
    expect((await latest('ECO_EINVOICE_RATE', '60'))!.history).toHaveLength(1);
  });

  it('should count without building rows when rows are not selected, and answer them (with cursors) when a fragment selects them', async () => {
    const batch = [
      { indicatorCode: 'ECO_EINVOICE_RATE', unitCode: '80', period: '2021', value: 70 },
      { indicatorCode: 'ECO_EINVOICE_RATE', unitCode: '80', period: '2099', value: 70 },
      { indicatorCode: 'ECO_ETAX_ENTERPRISES', unitCode: '80', period: '2021', value: 12 },
    ];
    const counts = await gql<{ reportEconomyObservations: Omit<Summary, 'rows'> }>(system.url,
      `mutation ($input: [ObservationInput!]!) { reportEconomyObservations(input: $input) { imported updated unchanged rejected } }`, { input: batch }, taxReporter);
    expect(counts.errors).toBeUndefined();
    expect(counts.data!.reportEconomyObservations).toEqual({ imported: 2, updated: 0, unchanged: 0, rejected: 1 });
    const again = await gql<{ reportEconomyObservations: { unchanged: number; rows: (Row & { cursor: string | null })[] } }>(system.url,
      `mutation ($input: [ObservationInput!]!) { reportEconomyObservations(input: $input) { unchanged ...Outcomes } }
       fragment Outcomes on ReportSummary { ... on ReportSummary { rows { index outcome code cursor } } }`, { input: batch }, taxReporter);
    expect(again.errors).toBeUndefined();
    const { unchanged, rows } = again.data!.reportEconomyObservations;
    expect(unchanged).toBe(2);
    expect(rows.map((r) => [r.index, r.outcome, r.code])).toEqual([[0, 'UNCHANGED', null], [1, 'REJECTED', 'E_PERIOD_FUTURE'], [2, 'UNCHANGED', null]]);
    expect(rows[0].cursor).toMatch(/^\d+$/);
    expect(rows[2].cursor).toMatch(/^\d+$/);
    expect(rows[1].cursor).toBeNull();
  });

  it('should store a correction as a new revision and keep the history', async () => {
    const row = { indicatorCode: 'ECO_EINVOICE_RATE', unitCode: '70', period: '2022', value: 80 };
    await report([row]);
    const res = (await report([{ ...row, value: 81.25 }])).data!.reportEconomyObservations;
    expect(res).toMatchObject({ imported: 0, updated: 1 });
    const now = await latest('ECO_EINVOICE_RATE', '70');
    expect(now!.value).toBe(81.25);
    expect(now!.history).toEqual([{ value: 80, revision: 1 }, { value: 81.25, revision: 2 }]);
  });

  it('should refuse a write without a token as UNAUTHENTICATED, and store nothing', async () => {
    const res = await report([{ indicatorCode: 'ECO_EINVOICE_RATE', unitCode: '52', period: '2021', value: 50 }], {});
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await latest('ECO_EINVOICE_RATE', '52')).toBeNull();
  });

  it('should refuse a bad token as UNAUTHENTICATED and a viewer as FORBIDDEN', async () => {
    const row = [{ indicatorCode: 'ECO_EINVOICE_RATE', unitCode: '52', period: '2021', value: 50 }];
    expect((await report(row, bearer(`${token('admin')}x`))).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await report(row, bearer(token('viewer')))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it("should reject per row what a reporter of another agency sends, and let an admin write it", async () => {
    const row = { indicatorCode: 'ECO_EINVOICE_RATE', unitCode: '52', period: '2021', value: 50 };
    const other = (await report([row], bearer(token('reporter', 'VPCP')))).data!.reportEconomyObservations;
    expect(other.rejected).toBe(1);
    expect(other.rows[0]).toMatchObject({ field: 'indicatorCode', code: 'E_FORBIDDEN', reason: expect.stringMatching(/^reporter of agency VPCP may not write ECO_EINVOICE_RATE/) });
    const admin = (await report([row], bearer(token('admin')))).data!.reportEconomyObservations;
    expect(admin.imported).toBe(1);
  });

  it('should let anyone read without a token', async () => {
    const res = await gql<{ societyIndicator: { latest: { value: number; period: string } } }>(
      system.url,
      `{ societyIndicator(code: "SOC_MOBILE_BROADBAND_MBPS") { latest(unitCode: "19") { value period } } }`,
    );
    expect(res.data?.societyIndicator.latest).toEqual({ value: 33.95, period: '2022' });
  });
});
