import http from 'node:http';
import { FEED_POSITION_HEADER, type ServiceProcess, findFreePort } from '@ioc-graph/kit/internal';
import { PERIOD, cacheStats, latestReading, reportThroughGateway, startGatewayWithEconomyAt, unitReadings, until, wholeFromCache } from '../../../support/query-cache';
import { SubgraphProxy } from '../../../support/subgraph-proxy';
import { type TestSystem, startTestSystem } from '../../../support/system';
import { TEST_JWT_SECRET, bearer, token } from '../../../support/tokens';

// A write through the gateway waits for its subgraph's change feed to pass it, so that its own
// event drops what it touched. When that cannot be awaited — the subgraph's answer carries no feed
// position (a partner on an older kit), or the feed does not get through in time (a stalled
// stream) — the gateway drops all the subgraph's entries instead: the write is still visible to the
// very next read, and the wait is bounded.

/**
 * An HTTP proxy in front of a subgraph that can take the feed position off its answers
 * (`stripPosition`: a subgraph on an older kit) and stop forwarding its WebSocket connections
 * (`frozen`: the invalidation stream stalls, socket open) while plain requests go through.
 */
class FeedProxy extends SubgraphProxy {
  stripPosition = false;
  /** Mutation answers that carried a position when it was taken off. */
  stripped = 0;

  protected override answer(_req: http.IncomingMessage, answer: http.IncomingMessage, res: http.ServerResponse): boolean {
    if (!this.stripPosition || answer.headers[FEED_POSITION_HEADER] === undefined) return false;
    const headers = { ...answer.headers };
    delete headers[FEED_POSITION_HEADER];
    this.stripped++;
    res.writeHead(answer.statusCode ?? 502, headers);
    answer.pipe(res);
    return true;
  }
}

const WRITTEN = '01';
const OTHER = '14';
const WAIT_MS = 1_500;

describe('a write whose change feed position cannot be awaited', () => {
  let system: TestSystem;
  let proxy: FeedProxy;
  let gateway: ServiceProcess;
  let url: string;
  let reporter: Record<string, string>;

  const stats = () => cacheStats(url);
  /** Caches `unit`'s readings: true once a read of them is answered from the cache. */
  const cacheReadings = (unit: string) => until(async () => {
    await unitReadings(url, unit);
    const before = await stats();
    await unitReadings(url, unit);
    return wholeFromCache(before, await stats());
  }, (cached) => cached, `${unit}'s readings cached`);
  /** Whether the next read of `unit`'s readings is answered from the cache. */
  const servedFromCache = async (unit: string) => {
    const before = await stats();
    await unitReadings(url, unit);
    return wholeFromCache(before, await stats());
  };

  beforeAll(async () => {
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET });
    await system.gateway.stop(); // this test's gateway reaches economy through the proxy
    proxy = new FeedProxy(system.subgraphs.economy.port, await findFreePort());
    await proxy.open();
    // Pings every 10 s: a frozen stream is not noticed as lost within the test's write, which then
    // waits for its position until the bound.
    ({ gateway, url } = await startGatewayWithEconomyAt(system, `http://127.0.0.1:${proxy.port}/graphql`, {
      IOC_QUERY_CACHE_PING_MS: '10000', IOC_QUERY_CACHE_WRITE_WAIT_MS: String(WAIT_MS),
    }));
    reporter = bearer(token('reporter', 'TCT'));
    await until(stats, (s) => ['governance', 'economy', 'society'].every((n) => s.subgraphs[n] === 'live'), 'every stream live', 60_000);
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await proxy?.close();
    await system?.dispose();
  });

  it("should drop the subgraph's entries when its answer carries no position (a partner on an older kit), and still show the write on the very next read", async () => {
    proxy.stripPosition = true;
    try {
      await cacheReadings(OTHER);
      await latestReading(url, WRITTEN);
      await latestReading(url, WRITTEN);
      const before = await stats();
      await reportThroughGateway(url, WRITTEN, 33.5, reporter);
      expect(proxy.stripped).toBeGreaterThan(0);
      expect((await stats()).writes['no-position'] - before.writes['no-position']).toBe(1);
      expect(await latestReading(url, WRITTEN)).toEqual({ value: 33.5, period: PERIOD });
      expect(await servedFromCache(OTHER)).toBe(false); // the whole subgraph was dropped
    } finally {
      proxy.stripPosition = false;
    }
    // With the position back, a write keeps the other unit's entries again.
    await cacheReadings(OTHER);
    await reportThroughGateway(url, WRITTEN, 34.5, reporter);
    expect(await latestReading(url, WRITTEN)).toEqual({ value: 34.5, period: PERIOD });
    expect(await servedFromCache(OTHER)).toBe(true);
  });

  it("should answer the write after the bound and drop the subgraph's entries when its stream stalls, and show the write on the very next read", async () => {
    await cacheReadings(OTHER);
    await latestReading(url, WRITTEN);
    const before = await stats();
    proxy.frozen = true;
    try {
      const started = Date.now();
      await reportThroughGateway(url, WRITTEN, 35.5, reporter);
      const took = Date.now() - started;
      const after = await stats();
      expect(after.writes.timeout - before.writes.timeout).toBe(1);
      expect(took).toBeGreaterThanOrEqual(WAIT_MS - 50); // it waited for the feed, bounded
      expect(await latestReading(url, WRITTEN)).toEqual({ value: 35.5, period: PERIOD });
    } finally {
      proxy.frozen = false;
    }
    // Back (the stalled stream is lost and resumed, or catches up): cached and exact again.
    await until(stats, (s) => s.subgraphs.economy === 'live', 'the economy stream live again', 40_000);
    await cacheReadings(OTHER);
    await reportThroughGateway(url, WRITTEN, 36.5, reporter);
    expect(await latestReading(url, WRITTEN)).toEqual({ value: 36.5, period: PERIOD });
  });

  it('should not wait for a stream that is not live (its subgraph bypassed), and show the write on the very next read', async () => {
    await latestReading(url, WRITTEN);
    proxy.frozen = true;
    try {
      // Two pings unanswered: the stream is lost, and cannot come back while frozen.
      await until(stats, (s) => s.subgraphs.economy === 'bypass', 'the stalled stream to be noticed', 40_000, 250);
      const before = await stats();
      await reportThroughGateway(url, WRITTEN, 37.5, reporter);
      expect((await stats()).writes['not-live'] - before.writes['not-live']).toBe(1); // not a timeout: no wait
      expect(await latestReading(url, WRITTEN)).toEqual({ value: 37.5, period: PERIOD });
    } finally {
      proxy.frozen = false;
    }
    await until(stats, (s) => s.subgraphs.economy === 'live', 'the economy stream live again', 40_000);
  });
});
