import { type TestSystem, startTestSystem } from '../../support/system';
import { TEST_JWT_SECRET, bearer, token } from '../../support/tokens';
import { gatewayStats, reportGovernance, subscribe, waitFor } from './feed-client';

interface Event { governanceReadings: { cursor: string; value: number; unit: { economyReadings: unknown[] } } }

describe('restarting the subgraph that owns a subscription', () => {
  let system: TestSystem;
  let admin: Record<string, string>;
  const post = (value: number) =>
    reportGovernance(system.url, admin, { indicatorCode: 'GOV_DOSSIERS_RECEIVED', unitCode: '52', period: '2024', value });

  beforeAll(async () => {
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET });
    admin = bearer(token('admin'));
  });
  afterAll(async () => {
    await system?.dispose();
  });

  it('should lose nothing and duplicate nothing: the gateway resubscribes after the last cursor', async () => {
    const feed = subscribe<Event>(
      system.wsUrl,
      `subscription { governanceReadings(unitCodes: ["52"]) { cursor value unit { economyReadings { value } } } }`,
    );
    await waitFor(async () => (await gatewayStats(system.url)).upstreamSubscriptions === 1, 'the upstream subscription');
    const cursors = [await post(2001)];
    await feed.until((f) => f.received.length === 1, 'the first reading');

    await system.subgraphs.governance.stop();
    await system.subgraphs.governance.start();
    // Written before the gateway is back on the subgraph: it must still arrive, once.
    cursors.push(await post(2002), await post(2003));
    await feed.until((f) => f.received.length >= 3, 'the readings written around the restart');
    cursors.push(await post(2004));
    await feed.until((f) => f.received.length >= 4, 'a reading after the restart');
    await new Promise((r) => setTimeout(r, 500));

    expect(feed.received.map((e) => e.governanceReadings.cursor)).toEqual(cursors);
    expect(feed.received.map((e) => e.governanceReadings.value)).toEqual([2001, 2002, 2003, 2004]);
    expect(feed.errors).toBeNull();
    expect(feed.completed).toBe(false);
    expect((await gatewayStats(system.url)).upstreamSubscriptions).toBe(1);
    await feed.dispose();
  });
});
