import { GATEWAY_CONTEXT_HEADER } from '@ioc-graph/kit/internal';
import { INDICATOR, LATEST, PERIOD, REPORT, cacheStats, latestReading, reportEconomyDirectly, served, until } from '../../support/query-cache';
import { type TestSystem, gql, startTestSystem } from '../../support/system';
import { TEST_JWT_SECRET, bearer, gatewayContext, token } from '../../support/tokens';

// The gateway's query cache (issue 11): subgraph fetch results reused until an outbox event or a
// mutation drops them, never a TTL. Counters on /healthz prove where an answer came from.

const UNIT = '14';

describe('the query cache', () => {
  let system: TestSystem;
  let reporter: Record<string, string>;
  let viewer: Record<string, string>;

  const stats = () => cacheStats(system.url);
  const latest = (headers: Record<string, string> = {}) => latestReading(system.url, UNIT, headers);
  const reportThroughGateway = async (value: number) => {
    const res = await gql<{ reportEconomyObservations: { imported: number; updated: number; rejected: number } }>(
      system.url, REPORT, { input: [{ indicatorCode: INDICATOR, unitCode: UNIT, period: PERIOD, value }] }, reporter);
    expect(res.errors).toBeUndefined();
    expect(res.data!.reportEconomyObservations.rejected).toBe(0);
  };
  /** Posts to the economy subgraph itself: the gateway hears of it only through the outbox events. */
  const reportDirectly = (value: number) => reportEconomyDirectly(system, UNIT, value);
  const allLive = () => until(stats, (s) => ['governance', 'economy', 'society'].every((n) => s.subgraphs[n] === 'live'), 'every invalidation stream live');

  beforeAll(async () => {
    // Pings every 10 s: stalls are cache-stream-stalls' subject; here a loaded machine's slow pong
    // would bypass (and empty) the cache in the middle of a hit count.
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET, IOC_QUERY_CACHE_PING_MS: '10000' });
    reporter = bearer(token('reporter', 'TCT'));
    viewer = bearer(token('viewer'));
    await allLive();
    await reportThroughGateway(90);
  });
  afterAll(async () => {
    await system?.dispose();
  });

  it('should answer a second identical query from the cache', async () => {
    // Retried only until the event of beforeAll's write has come by (it drops the entry once more).
    await until(async () => {
      const first = await latest();
      const before = await stats();
      const second = await latest();
      const after = await stats();
      expect(second).toEqual(first);
      return served(after) - served(before) === 1 && after.misses === before.misses;
    }, (cached) => cached, 'a second identical query answered from the cache');
  });

  it('should show a write through the gateway on the very next read', async () => {
    await latest();
    await latest(); // now surely cached
    await reportThroughGateway(91.25);
    expect(await latest()).toEqual({ value: 91.25, period: PERIOD });
    // And cached again afterwards, once the write's own event (which drops the entry once more) has come by.
    await until(async () => {
      const before = await stats();
      const again = await latest();
      expect(again).toEqual({ value: 91.25, period: PERIOD });
      return served(await stats()) - served(before) === 1;
    }, (cached) => cached, 'the answer to be cached again');
  });

  it('should drop an entry shortly after a write sent to the subgraph directly, through its event', async () => {
    await latest();
    const cached = await latest();
    expect(cached.value).toBe(91.25);
    const before = await stats();
    await reportDirectly(92.5);
    const seen = await until(() => latest(), (r) => r.value === 92.5, 'the direct write to show through the gateway', 5_000);
    expect(seen).toEqual({ value: 92.5, period: PERIOD });
    expect((await stats()).invalidations).toBeGreaterThan(before.invalidations);
  });

  it('should never answer from the cache across a subgraph restart, and cache again once its stream is back', async () => {
    await latest();
    expect((await latest()).value).toBe(92.5);
    await system.subgraphs.economy.stop();
    try {
      const down = await until(stats, (s) => s.subgraphs.economy === 'bypass', 'the economy stream to be lost');
      expect(down.entries).toBe(0);
      // While it is away the gateway asks the subgraph (and fails), never the dropped entry.
      const res = await gql(system.url, LATEST, { code: INDICATOR, unit: UNIT });
      expect(res.errors?.[0]?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
    } finally {
      await system.subgraphs.economy.start();
    }
    // A write right after the restart, before or while the gateway's stream comes back (retried: the
    // test's own keep-alive socket to the old process may be the first to find it closed).
    await until(() => reportDirectly(93.75).then(() => true, () => false), (ok) => ok, 'a direct write to the restarted subgraph');
    expect(await latest()).toEqual({ value: 93.75, period: PERIOD });
    await allLive();
    // Cached again once the resumed stream's replay of that write (which drops the entry) has come by.
    await until(async () => {
      const before = await stats();
      expect(await latest()).toEqual({ value: 93.75, period: PERIOD });
      return served(await stats()) - served(before) === 1;
    }, (cached) => cached, 'the answer to be cached again');
    // And the restarted subgraph's events still reach the cache.
    await reportDirectly(94);
    await until(() => latest(), (r) => r.value === 94, 'a direct write after the restart to show', 5_000);
  });

  it("should drop a province's cached readings when one of its districts reports (roll-ups), and keep other provinces'", async () => {
    // A SUM indicator Bình Thuận (60) has no reading of: its value is La Gi's (594) rolled up.
    const PROVINCE = '60';
    const DISTRICT = '594';
    const readings = async (unit: string) => {
      const res = await gql<{ unit: { economyReadings: { indicatorCode: string; value: number }[] } }>(
        system.url, `query ($unit: ID!) { unit(code: $unit) { economyReadings { indicatorCode value } } }`, { unit });
      expect(res.errors).toBeUndefined();
      return res.data!.unit.economyReadings;
    };
    const indicators = await gql<{ economyIndicators: { code: string; unit: string }[] }>(system.url, '{ economyIndicators { code unit } }');
    const own = new Set((await readings(PROVINCE)).map((r) => r.indicatorCode));
    const indicator = indicators.data!.economyIndicators.find((i) => i.unit === 'count' && !own.has(i.code))?.code;
    expect(indicator).toBeDefined();
    await readings('52');
    await readings(PROVINCE);
    const before = await stats();
    await readings(PROVINCE);
    await readings('52');
    const cached = await stats();
    expect(cached.misses - before.misses).toBe(0); // both cached (governance's and economy's fetches)
    expect(served(cached) - served(before)).toBe(2); // two whole answers
    const res = await gql<{ reportEconomyObservations: { rejected: number } }>(
      system.subgraphs.economy.url, REPORT, { input: [{ indicatorCode: indicator, unitCode: DISTRICT, period: '2024', value: 1234 }] },
      { [GATEWAY_CONTEXT_HEADER]: gatewayContext(system.env, 'economy') });
    expect(res.data?.reportEconomyObservations.rejected).toBe(0);
    const seen = await until(() => readings(PROVINCE), (rs) => rs.some((r) => r.indicatorCode === indicator), 'the district\'s reading to roll up into its province', 5_000);
    expect(seen.find((r) => r.indicatorCode === indicator)!.value).toBe(1234);
    const mid = await stats();
    await readings('52'); // another province's entries survived the event
    expect((await stats()).misses - mid.misses).toBe(0);
  });

  it('should not share entries between callers who may see different things', async () => {
    await latest();
    await latest();
    const before = await stats();
    await latest(viewer); // another scope: its own miss
    const mid = await stats();
    expect(mid.misses - before.misses).toBe(1);
    expect(served(mid) - served(before)).toBe(0);
    await latest(viewer);
    await latest(reporter); // a reporter of an agency: yet another scope
    const after = await stats();
    expect(served(after) - served(mid)).toBe(1);
    expect(after.misses - mid.misses).toBe(1);
  });

  it('should bypass the cache for a mutation and for fields no event announces', async () => {
    const before = await stats();
    const res = await gql(system.url, `query ($unit: ID!) { unit(code: $unit) { dossierFlows { period } } }`, { unit: UNIT });
    expect(res.errors).toBeUndefined();
    await gql(system.url, `query ($unit: ID!) { unit(code: $unit) { dossierFlows { period } } }`, { unit: UNIT });
    const after = await stats();
    expect(served(after)).toBe(served(before));
    expect(after.bypassed - before.bypassed).toBeGreaterThanOrEqual(2);
  });
});
