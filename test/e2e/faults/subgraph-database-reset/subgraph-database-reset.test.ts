import { cacheStats, latestReading, reportEconomyDirectly, INDICATOR, PERIOD, REPORT, until } from '../../../support/query-cache';
import { sqlAt } from '../../../support/database';
import { type TestSystem, gql, startTestSystem } from '../../../support/system';
import { TEST_JWT_SECRET, bearer, token } from '../../../support/tokens';
import { gatewayStats, subscribe, waitFor } from '../../subscriptions/feed-client';

// A subgraph restarted on a fresh database (a new data directory, or a restore of an older backup)
// behind a running gateway: its feed numbers from 1 again. The gateway's open subscription resumes
// after its last cursor, which the new database never issued: it must get the next readings (the
// feed replays its outbox from the start), not wait silently until the new numbering passes it.
// And the gateway's query cache must not serve what it cached of the old database.

const UNIT = '19';
interface Event { economyReadings: { cursor: string; value: number } }

describe('a subgraph restarted on a fresh database behind a running gateway', () => {
  let system: TestSystem;
  let reporter: Record<string, string>;

  const sql = (text: string) => sqlAt(system.database.url, text);
  const report = async (value: number) => {
    const res = await gql<{ reportEconomyObservations: { rejected: number } }>(
      system.url, REPORT, { input: [{ indicatorCode: INDICATOR, unitCode: UNIT, period: PERIOD, value }] }, reporter);
    expect(res.errors).toBeUndefined();
    expect(res.data!.reportEconomyObservations.rejected).toBe(0);
  };
  const live = () => until(() => cacheStats(system.url), (s) => s.subgraphs.economy === 'live', 'the economy invalidation stream live', 60_000);

  beforeAll(async () => {
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET, IOC_QUERY_CACHE_PING_MS: '10000' });
    reporter = bearer(token('reporter', 'TCT'));
    // A feed that has been running a while: its numbering is far ahead of a fresh database's.
    await sql(`SELECT setval('economy.outbox_seq', 5000)`);
  });
  afterAll(async () => {
    await system?.dispose();
  });

  it('should deliver the next readings to the open subscription and show them in cached queries', async () => {
    const feed = subscribe<Event>(system.wsUrl, `subscription { economyReadings(unitCodes: ["${UNIT}"], indicatorCodes: ["${INDICATOR}"]) { cursor value } }`);
    await waitFor(async () => (await gatewayStats(system.url)).upstreamSubscriptions === 1, 'the upstream subscription');
    await live();
    await report(41);
    await feed.until((f) => f.received.length === 1, 'the reading before the reset');
    const before = BigInt(feed.received[0].economyReadings.cursor);
    expect(before).toBeGreaterThan(5000n);
    // Cached: read twice once the write's own event has come by.
    await until(() => latestReading(system.url, UNIT), (r) => r.value === 41, 'the reading before the reset');
    await latestReading(system.url, UNIT);

    await system.subgraphs.economy.stop();
    await sql(`DROP SCHEMA economy CASCADE`); // a fresh database for the economy subgraph
    await system.subgraphs.economy.start();
    await live();

    // Written straight to the subgraph: the gateway hears of it only through the feed.
    await reportEconomyDirectly(system, UNIT, 42);
    await feed.until((f) => f.received.some((e) => e.economyReadings.value === 42), 'the first reading after the reset', 60_000);
    await until(() => latestReading(system.url, UNIT), (r) => r.value === 42, 'the cached query to show the reading after the reset', 30_000);
    await report(43);
    await feed.until((f) => f.received.some((e) => e.economyReadings.value === 43), 'the next reading after the reset');
    expect(await latestReading(system.url, UNIT)).toEqual({ value: 43, period: PERIOD });

    expect(feed.errors).toBeNull();
    expect(feed.completed).toBe(false);
    // The new database numbers from its start and its whole outbox is replayed (the seed's readings
    // of the unit too): each event once, in the new numbering, in order.
    const after = feed.received.slice(1);
    expect(after.map((e) => e.economyReadings.value).slice(-2)).toEqual([42, 43]);
    const cursors = after.map((e) => BigInt(e.economyReadings.cursor));
    expect(cursors).toEqual([...cursors].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(new Set(cursors).size).toBe(cursors.length);
    for (const c of cursors) expect(c).toBeLessThan(before);
    await feed.dispose();
  }, 180_000);
});
