import { GATEWAY_CONTEXT_HEADER } from '@ioc-graph/kit/internal';
import { Client } from 'pg';
import { type TestSystem, startTestSystem } from '../../support/system';
import { TEST_JWT_SECRET, bearer, gatewayContext, token } from '../../support/tokens';
import { gatewayStats, reportGovernance, subgraphStreams, subscribe, waitFor } from './feed-client';

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

  it('should follow a database restored from an older backup under the running subgraph, replaying its outbox', async () => {
    const wsUrl = system.subgraphs.governance.url.replace(/^http/, 'ws');
    const feed = subscribe<Event>(wsUrl, QUERY, {}, { [GATEWAY_CONTEXT_HEADER]: gatewayContext(system.env, 'governance') });
    await waitFor(async () => (await subgraphStreams(system.subgraphs.governance.url)) >= 1, 'the stream at the subgraph');
    const backup = await post(600);
    await post(601);
    const lost = await post(611);
    await feed.until((f) => f.received.length === 3, 'the readings before the restore');
    // What a restore of a backup taken after the first of them looks like to the feed: its outbox
    // and its numbering end where they ended then.
    const db = new Client({ connectionString: system.database.url });
    await db.connect();
    try {
      await db.query(`DELETE FROM governance.outbox WHERE seq > $1`, [backup]);
      await db.query(`SELECT setval('governance.outbox_seq', $1::bigint)`, [backup]);
    } finally {
      await db.end();
    }
    const restored = await post(602);
    expect(BigInt(restored)).toBeLessThan(BigInt(lost));
    await feed.until((f) => f.received.some((e) => e.governanceReadings.value === 602), 'the reading after the restore');
    expect(feed.errors).toBeNull();
    expect(feed.received[feed.received.length - 1].governanceReadings).toEqual({ cursor: restored, value: 602 });
    await feed.dispose();
  });
});
