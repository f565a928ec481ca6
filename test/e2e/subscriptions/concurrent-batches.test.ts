import { type TestSystem, gql, startTestSystem } from '../../support/system';
import { TEST_JWT_SECRET, bearer, token } from '../../support/tokens';
import { REPORT_GOVERNANCE, gatewayStats, subscribe, waitFor } from './feed-client';

// A batch numbers its own outbox rows under the sequencer's lock; a dossier write (inside its own
// transaction) leaves them to the sequencer. Both kinds, at once, must reach the feed once each,
// in feed order, with the cursors the reports returned.
const QUERY = `subscription { governanceReadings { cursor indicator { code } unit { code } period value } }`;
interface Event { governanceReadings: { cursor: string; indicator: { code: string }; unit: { code: string }; period: string; value: number } }
interface Report { reportGovernanceObservations: { rows: { outcome: string; reason: string | null; cursor: string | null }[] } }

describe('readings of concurrent report batches and dossier writes', () => {
  let system: TestSystem;
  let admin: Record<string, string>;

  beforeAll(async () => {
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET });
    admin = bearer(token('admin'));
  });
  afterAll(async () => {
    await system?.dispose();
  });

  it('should deliver every stored reading once, in feed order, with the cursor its report returned', async () => {
    const units = ((await gql<{ units: { code: string }[] }>(system.url, '{ units(level: PROVINCE, validOn: "2024-01-01") { code } }')).data?.units ?? []).map((u) => u.code);
    expect(units.length).toBeGreaterThanOrEqual(40);
    const feed = subscribe<Event>(system.wsUrl, QUERY);
    await waitFor(async () => (await gatewayStats(system.url)).upstreamSubscriptions === 1, 'the upstream subscription');

    // Four batches of 100 new rows, and a fifth correcting the first batch's rows, all at once.
    const batch = (b: number, value: number) => units.slice((b % 4) * 10, (b % 4) * 10 + 10).flatMap((unitCode) =>
      Array.from({ length: 10 }, (_, m) => ({ indicatorCode: 'GOV_OVERDUE_DOSSIER_RATE', unitCode, period: `2020-${String(m + 1).padStart(2, '0')}`, value })));
    const report = (rows: unknown[]) => gql<Report>(system.url, REPORT_GOVERNANCE, { input: rows }, admin);
    const dossier = gql<{ recordDossiers: { imported: number; updated: number; rejected: number } }>(system.url,
      `mutation ($input: [DossierFlowInput!]!) { recordDossiers(input: $input) { imported updated rejected } }`,
      { input: [{ unitCode: units[45], period: '2023', receivedOnline: 4321, receivedOffline: 1234, resolvedOnTime: 5000, resolvedLate: 101 }] }, admin);
    const answers = await Promise.all([report(batch(0, 1.5)), report(batch(1, 2.5)), report(batch(2, 3.5)), report(batch(3, 4.5)), report(batch(4, 5.5))]);
    const dossierAnswer = await dossier;
    expect(dossierAnswer.errors).toBeUndefined();
    const flows = dossierAnswer.data!.recordDossiers;
    expect([flows.imported + flows.updated, flows.rejected]).toEqual([1, 0]);

    const cursors = answers.flatMap((a) => {
      expect(a.errors).toBeUndefined();
      return a.data!.reportGovernanceObservations.rows.map((r) => {
        expect([r.outcome, r.reason]).toEqual([expect.stringMatching(/^(IMPORTED|UPDATED)$/), null]);
        return r.cursor!;
      });
    });
    expect(cursors).toHaveLength(500);
    expect(new Set(cursors).size).toBe(500);

    const reported = new Set(cursors);
    await feed.until((f) => f.received.filter((e) => reported.has(e.governanceReadings.cursor)).length === 500, 'every reported reading');
    await feed.until((f) => f.received.some((e) => e.governanceReadings.unit.code === units[45]), "the dossier write's readings");
    await new Promise((r) => setTimeout(r, 500)); // let a duplicate, if any, arrive
    const received = feed.received.map((e) => BigInt(e.governanceReadings.cursor));
    // Once each, in feed order: strictly increasing cursors.
    received.forEach((c, i) => i > 0 && expect(c > received[i - 1]).toBe(true));
    expect(feed.received.filter((e) => reported.has(e.governanceReadings.cursor))).toHaveLength(500);
    // The corrections (value 5.5) and the first batch (1.5) share keys: both revisions are readings.
    const first = feed.received.filter((e) => e.governanceReadings.unit.code === units[0] && e.governanceReadings.period === '2020-01');
    expect(first.map((e) => e.governanceReadings.value).sort()).toEqual([1.5, 5.5]);
    await feed.dispose();
  });
});
