import { FEED_POSITION_HEADER, GATEWAY_CONTEXT_HEADER } from '@ioc-graph/kit/internal';
import { INDICATOR, PERIOD, REPORT, cacheStats, latestReading, reportThroughGateway, unitReadings, until, wholeFromCache } from '../../support/query-cache';
import { type TestSystem, gql, startTestSystem } from '../../support/system';
import { TEST_JWT_SECRET, bearer, gatewayContext, token } from '../../support/tokens';

// A write through the gateway is visible to the very next read (issue 11) without emptying its
// subgraph's part of the query cache: the subgraph's answer says where its change feed stands after
// the write, and the gateway answers once its invalidation stream is there — the write's own event
// dropped exactly the entries it touched. Other units' entries stay cached.

const WRITTEN = '01';
const OTHER = '14';

describe('the query cache after a write through the gateway', () => {
  let system: TestSystem;
  let reporter: Record<string, string>;
  const stats = () => cacheStats(system.url);
  /** Reads `unit`'s readings until a read is answered from the cache (a late event may drop the first copy). */
  const cachedReadings = (unit: string) => until(async () => {
    await unitReadings(system.url, unit);
    const before = await stats();
    await unitReadings(system.url, unit);
    return wholeFromCache(before, await stats());
  }, (cached) => cached, `${unit}'s readings answered from the cache`);

  beforeAll(async () => {
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET, IOC_QUERY_CACHE_PING_MS: '10000' });
    reporter = bearer(token('reporter', 'TCT'));
    await until(stats, (s) => ['governance', 'economy', 'society'].every((n) => s.subgraphs[n] === 'live'), 'every invalidation stream live', 60_000);
  }, 120_000);
  afterAll(async () => {
    await system?.dispose();
  });

  it("should keep other units' cached entries after a write, and show the write on the very next read", async () => {
    for (let i = 0; i < 3; i++) {
      await cachedReadings(OTHER);
      await latestReading(system.url, WRITTEN);
      const before = await stats();
      const value = 60 + i + 0.5;
      await reportThroughGateway(system.url, WRITTEN, value, reporter);
      const written = await stats();
      expect(written.writes.reached - before.writes.reached).toBe(1);
      // The written unit's answers were dropped by the write's own event: the next read sees it.
      expect(await latestReading(system.url, WRITTEN)).toEqual({ value, period: PERIOD });
      expect(await unitReadings(system.url, WRITTEN)).toContainEqual({ indicatorCode: INDICATOR, period: PERIOD, value });
      // The other unit's answer is still served from the cache.
      const mid = await stats();
      await unitReadings(system.url, OTHER);
      expect(wholeFromCache(mid, await stats())).toBe(true);
    }
  });

  it("should show a dossier write (reports in the governance subgraph's own transaction, sequenced after its commit) on the very next read, by its own event", async () => {
    const online = async () => {
      const res = await gql<{ governanceIndicator: { latest: { value: number; period: string } } }>(
        system.url, '{ governanceIndicator(code: "GOV_ONLINE_DOSSIER_RATE") { latest(unitCode: "594") { value period } } }');
      expect(res.errors).toBeUndefined();
      return res.data!.governanceIndicator.latest;
    };
    const record = async (receivedOnline: number) => {
      const res = await gql<{ recordDossiers: { rejected: number } }>(system.url,
        'mutation ($input: [DossierFlowInput!]!) { recordDossiers(input: $input) { rejected } }',
        { input: [{ unitCode: '594', period: '2025', receivedOnline, receivedOffline: 1000 - receivedOnline, resolvedOnTime: 900, resolvedLate: 100 }] },
        bearer(token('reporter', 'VPCP')));
      expect(res.errors).toBeUndefined();
      expect(res.data!.recordDossiers.rejected).toBe(0);
    };
    for (const receivedOnline of [600, 650, 700]) {
      await online();
      await online(); // cached
      const before = await stats();
      await record(receivedOnline);
      expect((await stats()).writes.reached - before.writes.reached).toBe(1);
      expect(await online()).toEqual({ value: receivedOnline / 10, period: '2025' });
    }
  });

  it("should drop nothing after a mutation the subgraph refused for who the caller is (a viewer's report), so no token holder can empty a pillar's cached answers", async () => {
    await cachedReadings(OTHER);
    const before = await stats();
    const res = await gql(system.url, 'mutation { reportEconomyObservations(input: []) { imported } reportSocietyObservations(input: []) { imported } }', {}, bearer(token('viewer')));
    expect(res.errors?.length).toBeGreaterThan(0);
    expect(res.errors!.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
    const after = await stats();
    expect(after.invalidations).toBe(before.invalidations);
    expect(after.writes).toEqual(before.writes);
    await unitReadings(system.url, OTHER);
    expect(wholeFromCache(after, await stats())).toBe(true);
  });

  it('should count how long writes waited and how often they fell back on /metrics', async () => {
    const metrics = await (await fetch(system.url.replace('/graphql', '/metrics'))).text();
    expect(metrics).toMatch(/^ioc_cache_write_wait_seconds_count\{outcome="reached"\} [1-9]/m);
    expect(metrics).toContain('# TYPE ioc_cache_write_fallbacks_total counter');
  });

  it("should have the subgraph say its feed position after a mutation's writes, and only then", async () => {
    const economy = system.subgraphs.economy.url;
    const post = (query: string, variables: Record<string, unknown>, headers: Record<string, string>) =>
      fetch(economy, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
    const context = { [GATEWAY_CONTEXT_HEADER]: gatewayContext(system.env, 'economy') };
    const head = async () => BigInt(((await (await fetch(new URL('healthz', economy))).json()) as { feedPosition: string }).feedPosition);
    const before = await head();
    const write = await post(REPORT, { input: [{ indicatorCode: INDICATOR, unitCode: WRITTEN, period: PERIOD, value: 80.5 }] }, context);
    expect(write.status).toBe(200);
    const position = write.headers.get(FEED_POSITION_HEADER);
    expect(position).toMatch(/^\d+$/);
    expect(BigInt(position!)).toBeGreaterThan(before);
    expect(BigInt(position!)).toBeLessThanOrEqual(await head());
    // A query, a mutation without a caller (refused), a failed mutation: no position.
    const read = await post('{ economyIndicator(code: "ECO_EINVOICE_RATE") { code } }', {}, context);
    expect(read.headers.get(FEED_POSITION_HEADER)).toBeNull();
    const anonymous = await post(REPORT, { input: [{ indicatorCode: INDICATOR, unitCode: WRITTEN, period: PERIOD, value: 81 }] }, {});
    expect(anonymous.headers.get(FEED_POSITION_HEADER)).toBeNull();
    const bad = await post(REPORT, { input: 'nonsense' }, context);
    expect(bad.headers.get(FEED_POSITION_HEADER)).toBeNull();
  });

  it('should not send the feed position to the client', async () => {
    const res = await fetch(system.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...reporter },
      body: JSON.stringify({ query: 'mutation ($input: [ObservationInput!]!) { reportEconomyObservations(input: $input) { rejected } }', variables: { input: [{ indicatorCode: INDICATOR, unitCode: WRITTEN, period: PERIOD, value: 70 }] } }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ioc-feed-position')).toBeNull();
    expect(await res.text()).not.toContain('feedPosition');
  });
});
