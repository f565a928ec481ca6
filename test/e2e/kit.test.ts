import { Client } from 'pg';
import { type TestSystem, gql, startTestSystem } from '../support/system';
import { TEST_JWT_SECRET, bearer, token } from '../support/tokens';

describe('the indicator kit across the unit tree and time', () => {
  let system: TestSystem;
  let admin: Record<string, string>;

  const observationCount = async (schema: string) => {
    const c = new Client({ connectionString: system.database.url });
    await c.connect();
    try {
      const { rows } = await c.query(`SELECT count(*)::int AS n FROM ${schema}.observation`);
      return rows[0].n as number;
    } finally {
      await c.end();
    }
  };

  beforeAll(async () => {
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET });
    admin = bearer(token('admin'));
  });
  afterAll(async () => {
    await system?.dispose();
  });

  it("should roll a province's value up from its districts by the indicator's aggregation", async () => {
    const report = await gql(system.url, `mutation ($input: [ObservationInput!]!) { reportGovernanceObservations(input: $input) { imported } }`, {
      input: [
        { indicatorCode: 'GOV_ONLINE_PUBLIC_SERVICES', unitCode: '540', period: '2024', value: 120 },
        { indicatorCode: 'GOV_ONLINE_PUBLIC_SERVICES', unitCode: '549', period: '2024', value: 95 },
      ],
    }, admin);
    expect(report.errors).toBeUndefined();
    const dossiers = await gql(system.url, `mutation ($input: [DossierFlowInput!]!) { recordDossiers(input: $input) { imported } }`, {
      input: [
        { unitCode: '540', period: '2024', receivedOnline: 300, receivedOffline: 700, resolvedOnTime: 990, resolvedLate: 10 },
        { unitCode: '549', period: '2024', receivedOnline: 900, receivedOffline: 100, resolvedOnTime: 1000, resolvedLate: 0 },
      ],
    }, admin);
    expect(dossiers.errors).toBeUndefined();
    const res = await gql<{ sum: { latest: { value: number; period: string; rolledUpFrom: string[] } }; ratio: { latest: { value: number } } }>(
      system.url,
      `{ sum: governanceIndicator(code: "GOV_ONLINE_PUBLIC_SERVICES") { latest(unitCode: "52") { value period rolledUpFrom } }
         ratio: governanceIndicator(code: "GOV_ONLINE_DOSSIER_RATE") { latest(unitCode: "52") { value } } }`,
    );
    expect(res.data!.sum.latest).toEqual({ value: 215, period: '2024', rolledUpFrom: ['540', '549'] });
    expect(res.data!.ratio.latest.value).toBe(60); // (300 + 900) / (1000 + 1000), not the mean of 30 % and 90 %
  });

  it('should include the predecessors of a merged unit in its series when asked', async () => {
    await gql(system.url, `mutation { reportGovernanceObservations(input: [{ indicatorCode: "GOV_DIGITAL_SIGNATURES", unitCode: "06", period: "2023", value: 640 }]) { imported } }`, {}, admin);
    const q = (flag: boolean) =>
      gql<{ governanceIndicator: { series: { unitCode: string; period: string }[] } }>(
        system.url,
        `{ governanceIndicator(code: "GOV_DIGITAL_SIGNATURES") { series(unitCode: "19", from: "2021", includePredecessors: ${flag}) { unitCode period } } }`,
      );
    expect((await q(false)).data!.governanceIndicator.series.map((r) => r.unitCode)).not.toContain('06');
    expect((await q(true)).data!.governanceIndicator.series).toContainEqual({ unitCode: '06', period: '2023' });
  });

  it('should report completeness per agency and period: expected, received, on time', async () => {
    const res = await gql<{ governanceReportingCompleteness: { agencyCode: string; expected: number; received: number; onTime: number; completeness: number; missing: string[] }[] }>(
      system.url,
      `{ governanceReportingCompleteness(period: "2023", agencyCode: "VPCP") { agencyCode expected received onTime completeness missing } }`,
    );
    expect(res.errors).toBeUndefined();
    const [vpcp] = res.data!.governanceReportingCompleteness;
    expect(vpcp.agencyCode).toBe('VPCP');
    expect(vpcp.received).toBeGreaterThan(0);
    expect(vpcp.expected).toBe(vpcp.received + vpcp.missing.length);
    expect(vpcp.onTime).toBe(0); // the seed was recorded years after 2023 ended
    expect(vpcp.missing).toContain('GOV_ONLINE_PUBLIC_SERVICES@540'); // reports for 2024, not for 2023
  });

  it('should raise one alert when a report changes the status against target, and none when it does not', async () => {
    const alerts = async () => {
      const c = new Client({ connectionString: system.database.url });
      await c.connect();
      try {
        const { rows } = await c.query(`SELECT payload FROM governance.outbox WHERE kind = 'alert' ORDER BY id`);
        return rows.map((r) => r.payload as { previousStatus: string; status: string; value: number });
      } finally {
        await c.end();
      }
    };
    const before = (await alerts()).length;
    const send = (value: number) => gql(system.url, `mutation ($v: Float!) { reportGovernanceObservations(input: [{ indicatorCode: "GOV_ONLINE_DOSSIER_RATE", unitCode: "14", period: "2024", value: $v }]) { imported updated } }`, { v: value }, admin);
    await send(92); // 69.46 (OFF_TRACK against 90) → 92 (ON_TRACK)
    await send(93); // still ON_TRACK
    const after = await alerts();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({ previousStatus: 'OFF_TRACK', status: 'ON_TRACK', value: 92 });
  });

  it('should seed idempotently: a restart stores no new revision', async () => {
    const before = await Promise.all(['governance', 'economy', 'society'].map(observationCount));
    await system.subgraphs.governance.stop();
    await system.subgraphs.governance.start();
    const after = await Promise.all(['governance', 'economy', 'society'].map(observationCount));
    expect(after).toEqual(before);
  });
});
