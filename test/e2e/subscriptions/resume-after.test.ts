import { type TestSystem, startTestSystem } from '../../support/system';
import { TEST_JWT_SECRET, bearer, token } from '../../support/tokens';
import { gatewayStats, reportGovernance, subscribe, waitFor } from './feed-client';

const QUERY = `subscription ($after: ID) {
  governanceReadings(unitCodes: ["14"], indicatorCodes: ["GOV_DOSSIERS_RECEIVED"], after: $after) { cursor value unit { name } }
}`;
interface Event { governanceReadings: { cursor: string; value: number; unit: { name: string } } }

describe('a client that reconnects with after', () => {
  let system: TestSystem;
  let admin: Record<string, string>;
  const post = (value: number) =>
    reportGovernance(system.url, admin, { indicatorCode: 'GOV_DOSSIERS_RECEIVED', unitCode: '14', period: '2024', value });

  beforeAll(async () => {
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET });
    admin = bearer(token('admin'));
  });
  afterAll(async () => {
    await system?.dispose();
  });

  it('should receive exactly the readings missed while away, then the live ones', async () => {
    const first = subscribe<Event>(system.wsUrl, QUERY);
    await waitFor(async () => (await gatewayStats(system.url)).upstreamSubscriptions === 1, 'the upstream subscription');
    const c1 = await post(1001);
    await first.until((f) => f.received.length === 1, 'the first reading');
    expect(first.received[0].governanceReadings.cursor).toBe(c1);
    await first.dispose();
    await waitFor(async () => (await gatewayStats(system.url)).upstreamSubscriptions === 0, 'the upstream to close');

    // Away: three readings, one of them for another unit (not in the filter).
    const c2 = await post(1002);
    await reportGovernance(system.url, admin, { indicatorCode: 'GOV_DOSSIERS_RECEIVED', unitCode: '19', period: '2024', value: 5 });
    const c3 = await post(1003);

    const again = subscribe<Event>(system.wsUrl, QUERY, { after: c1 });
    await again.until((f) => f.received.length === 2, 'the missed readings');
    const c4 = await post(1004);
    await again.until((f) => f.received.length === 3, 'the live reading');
    await new Promise((r) => setTimeout(r, 500)); // let a duplicate, if any, arrive
    expect(again.received.map((e) => [e.governanceReadings.cursor, e.governanceReadings.value])).toEqual([
      [c2, 1002],
      [c3, 1003],
      [c4, 1004],
    ]);
    expect(again.received[0].governanceReadings.unit.name).toBe('Tỉnh Sơn La');
    await again.dispose();
  });
});
