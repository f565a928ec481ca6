import { type TestSystem, startTestSystem } from '../../support/system';
import { TEST_JWT_SECRET, bearer, token } from '../../support/tokens';
import { type Feed, gatewayStats, reportGovernance, subgraphStreams, subscribe, waitFor } from './feed-client';

interface Event { governanceReadings: { cursor: string; value: number; indicator: { name: string } } }

describe('many identical subscribers', () => {
  let system: TestSystem;
  let feeds: Feed<Event>[] = [];

  beforeAll(async () => {
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET });
  });
  afterAll(async () => {
    await Promise.all(feeds.map((f) => f.dispose()));
    await system?.dispose();
  });

  it('should share one upstream subscription among 100 screens, and close it once when they leave', async () => {
    const query = `subscription { governanceReadings(unitCodes: ["60"]) { cursor value indicator { name } } }`;
    feeds = Array.from({ length: 100 }, () => subscribe<Event>(system.wsUrl, query));
    await waitFor(async () => (await gatewayStats(system.url)).subscribers === 100, '100 subscribers');
    expect(await gatewayStats(system.url)).toMatchObject({ upstreamSubscriptions: 1, upstreamOpened: 1, topics: 1 });
    // One for the 100 screens, plus the gateway query cache's own invalidation stream (always open).
    expect(await subgraphStreams(system.subgraphs.governance.url)).toBe(2);

    const cursor = await reportGovernance(system.url, bearer(token('admin')), {
      indicatorCode: 'GOV_DOSSIERS_RECEIVED', unitCode: '60', period: '2024', value: 3001,
    });
    await waitFor(() => feeds.every((f) => f.received.length === 1), 'every screen to receive the reading');
    for (const f of feeds) expect(f.received[0].governanceReadings).toMatchObject({ cursor, value: 3001 });

    await Promise.all(feeds.map((f) => f.dispose()));
    feeds = [];
    await waitFor(async () => (await gatewayStats(system.url)).upstreamSubscriptions === 0, 'the upstream to close');
    await waitFor(async () => (await subgraphStreams(system.subgraphs.governance.url)) === 1, 'the screens\' subgraph stream to close (the cache\'s stays)');
    expect(await gatewayStats(system.url)).toMatchObject({ upstreamOpened: 1, topics: 0, subscribers: 0 });
  });
});
