import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { type TestSystem, startTestSystem } from '../../../support/system';
import { TEST_JWT_SECRET, bearer, token } from '../../../support/tokens';
import { gatewayStats, subscribe, waitFor } from '../../subscriptions/feed-client';
import { steadyWriter, tally } from '../steady-load';

interface Event { economyReadings: { cursor: string; value: number; unit: { name: string } | null } }

describe('a subgraph of the rest of the plan dies mid-stream', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET });
  }, 120_000);
  afterAll(async () => {
    await system?.dispose();
  });

  it('should deliver every event, with unit null and an error naming governance while governance is down', async () => {
    const feed = subscribe<Event>(system.wsUrl, `subscription { economyReadings(unitCodes: ["14"]) { cursor value unit { name } } }`);
    await waitFor(async () => (await gatewayStats(system.url)).upstreamSubscriptions === 1, 'the upstream subscription');
    const writer = steadyWriter(system.url, bearer(token('admin')), {
      pillar: 'Economy', indicatorCode: 'ECO_CASHLESS_PAYMENT_POINTS', unitCode: '14', period: '2024',
    });
    await feed.until((f) => f.received.length >= 3, 'events while governance is up');

    await system.subgraphs.governance.stop();
    const atKill = feed.received.length;
    await feed.until((f) => f.received.length >= atKill + 5, 'events while governance is down');
    await system.subgraphs.governance.start();
    const atRestart = feed.received.length;
    await feed.until((f) => f.received.length >= atRestart + 3 && f.received[f.received.length - 1].economyReadings.unit !== null, 'events after governance came back', 60_000);
    await writer.stop();

    const cursors = () => feed.received.map((e) => e.economyReadings.cursor);
    await feed.until(() => tally(writer.written, cursors()).lost.length === 0, 'every written reading');
    expect(tally(writer.written, cursors())).toEqual({ lost: [], duplicated: 0 });
    // Every event kept its reading; while governance was down, the unit was null.
    for (const e of feed.received) expect(typeof e.economyReadings.value).toBe('number');
    const down = feed.received.filter((e) => e.economyReadings.unit === null);
    expect(down.length).toBeGreaterThanOrEqual(5);
    expect(feed.received[0].economyReadings.unit).toEqual({ name: 'Tỉnh Sơn La' });
    expect(feed.received[feed.received.length - 1].economyReadings.unit).toEqual({ name: 'Tỉnh Sơn La' });
    expect(feed.errors).toBeNull();
    await feed.dispose();
  }, 120_000);

  it('should name the subgraph and the path in the errors of an event it could not complete', async () => {
    const frames: { data: unknown; errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[] }[] = [];
    const client = createClient({ url: system.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    const stop = client.subscribe(
      { query: `subscription { economyReadings(unitCodes: ["19"]) { cursor value unit { name } } }` },
      { next: (v) => void frames.push(v as never), error: () => undefined, complete: () => undefined },
    );
    await waitFor(async () => (await gatewayStats(system.url)).upstreamSubscriptions === 1, 'the upstream subscription');
    await system.subgraphs.governance.stop();
    const writer = steadyWriter(system.url, bearer(token('admin')), {
      pillar: 'Economy', indicatorCode: 'ECO_CASHLESS_PAYMENT_POINTS', unitCode: '19', period: '2024',
    });
    await waitFor(() => frames.length >= 1, 'an event while governance is down');
    await writer.stop();
    await system.subgraphs.governance.start();
    expect(frames[0].data).toEqual({ economyReadings: { cursor: expect.any(String), value: expect.any(Number), unit: null } });
    // The error is where the failed fetch's field is (as on HTTP); its null propagates to `unit`.
    expect(frames[0].errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('governance'),
        path: ['economyReadings', 'unit', 'name'],
        extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'governance' }),
      }),
    ]);
    expect(JSON.stringify(frames[0])).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|at .*\.js/);
    stop();
    await client.dispose();
  }, 120_000);
});
