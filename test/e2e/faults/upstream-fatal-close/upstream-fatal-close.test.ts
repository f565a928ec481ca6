import { randomBytes } from 'node:crypto';
import { type TestSystem, startTestSystem } from '../../../support/system';
import { TEST_JWT_SECRET, token } from '../../../support/tokens';
import { gatewayStats, subscribe } from '../../subscriptions/feed-client';

interface Event { governanceReadings: { cursor: string } }

describe('an upstream that refuses the gateway after connection_ack', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET });
    // The governance subgraph gets another context secret than the gateway: it refuses every
    // signed context the gateway sends (graphql-ws closes the socket with a 44xx/4500 code).
    const governance = system.subgraphs.governance;
    await governance.stop();
    governance.options.env = { ...governance.options.env, GOVERNANCE_CONTEXT_SECRET: randomBytes(48).toString('base64url') };
    await governance.start();
  }, 120_000);
  afterAll(async () => {
    await system?.dispose();
  });

  it('should end the subscription with a clear error to its client, without retrying in a loop', async () => {
    const before = (await gatewayStats(system.url)).upstreamOpened;
    const feed = subscribe<Event>(system.wsUrl, `subscription { governanceReadings(unitCodes: ["14"]) { cursor } }`, undefined, {
      authorization: `Bearer ${token('admin')}`,
    });
    await feed.until((f) => f.errors !== null, 'the error');
    const errors = feed.errors as { message: string; extensions?: Record<string, unknown> }[];
    expect(errors).toEqual([
      expect.objectContaining({ message: expect.stringContaining('governance'), extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'governance' } }),
    ]);
    expect(JSON.stringify(errors)).not.toMatch(/127\.0\.0\.1|ws:\/\/|secret/i);
    // No busy loop: a few seconds later the gateway has made one attempt (not one per 100 ms).
    await new Promise((r) => setTimeout(r, 3000));
    const after = await gatewayStats(system.url);
    expect(after.upstreamOpened - before).toBe(1);
    expect(after.upstreamSubscriptions).toBe(0);
    expect(after.topics).toBe(0);
    await feed.dispose();
  });
});
