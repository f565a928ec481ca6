import { GATEWAY_CONTEXT_HEADER } from '@ioc-graph/kit/internal';
import { type TestSystem, startTestSystem } from '../../support/system';
import { TEST_JWT_SECRET, bearer, gatewayContext, token } from '../../support/tokens';
import { reportGovernance, subscribe, waitFor, gatewayStats } from './feed-client';

// A cursor the feed never issued (ahead of its head: the subgraph runs on a fresh or restored
// database, or the cursor is another feed's) must not leave the subscription waiting silently:
// the feed replays its outbox from the start, then streams.

const QUERY = `subscription ($after: ID) {
  governanceReadings(unitCodes: ["14"], indicatorCodes: ["GOV_DOSSIERS_RECEIVED"], after: $after) { cursor value }
}`;
interface Event { governanceReadings: { cursor: string; value: number } }

describe('a subscription after a cursor the feed never issued', () => {
  let system: TestSystem;
  let admin: Record<string, string>;
  let earlier: string;
  const post = (value: number) =>
    reportGovernance(system.url, admin, { indicatorCode: 'GOV_DOSSIERS_RECEIVED', unitCode: '14', period: '2024', value });
  const values = (events: Event[]) => events.map((e) => e.governanceReadings.value);

  beforeAll(async () => {
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET });
    admin = bearer(token('admin'));
    earlier = await post(501);
  });
  afterAll(async () => {
    await system?.dispose();
  });

  it('should replay the outbox from its start and then deliver new readings, at the subgraph', async () => {
    const ahead = String(BigInt(earlier) + 5000n);
    const wsUrl = system.subgraphs.governance.url.replace(/^http/, 'ws');
    const feed = subscribe<Event>(wsUrl, QUERY, { after: ahead }, { [GATEWAY_CONTEXT_HEADER]: gatewayContext(system.env, 'governance') });
    await feed.until((f) => f.received.some((e) => e.governanceReadings.cursor === earlier), 'the replay of the reading written before');
    const fresh = await post(502);
    await feed.until((f) => f.received.some((e) => e.governanceReadings.cursor === fresh), 'the new reading');
    expect(feed.errors).toBeNull();
    const cursors = feed.received.map((e) => BigInt(e.governanceReadings.cursor));
    expect(cursors).toEqual([...cursors].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(new Set(cursors).size).toBe(cursors.length);
    expect(values(feed.received).slice(-2)).toEqual([501, 502]);
    await feed.dispose();
  });

  it('should replay the outbox from its start and then deliver new readings, through the gateway', async () => {
    // A live subscription of the same operation already runs: the newcomer joins it with its own `after`.
    const live = subscribe<Event>(system.wsUrl, QUERY);
    await waitFor(async () => (await gatewayStats(system.url)).upstreamSubscriptions >= 1, 'the upstream subscription');
    const ahead = String(BigInt(earlier) + 5000n);
    const feed = subscribe<Event>(system.wsUrl, QUERY, { after: ahead });
    await feed.until((f) => f.received.some((e) => e.governanceReadings.cursor === earlier), 'the replay of the reading written before');
    const fresh = await post(503);
    await feed.until((f) => f.received.some((e) => e.governanceReadings.cursor === fresh), 'the new reading');
    await live.until((f) => f.received.some((e) => e.governanceReadings.cursor === fresh), 'the new reading on the live subscription');
    await new Promise((r) => setTimeout(r, 500)); // let a duplicate, if any, arrive
    expect(feed.errors).toBeNull();
    const cursors = feed.received.map((e) => e.governanceReadings.cursor);
    expect(new Set(cursors).size).toBe(cursors.length);
    expect(values(feed.received).slice(-3)).toEqual([501, 502, 503]);
    expect(values(live.received)).toEqual([503]);
    await feed.dispose();
    await live.dispose();
  });
});
