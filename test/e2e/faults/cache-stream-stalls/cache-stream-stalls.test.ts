import net from 'node:net';
import { ServiceProcess, findFreePort } from '@ioc-graph/kit/internal';
import { cacheStats, latestReading, reportEconomyDirectly, served, startGatewayWithEconomyAt, until } from '../../../support/query-cache';
import { type TestSystem, startTestSystem } from '../../../support/system';
import { TEST_JWT_SECRET } from '../../../support/tokens';

// The gateway's query cache hears of a subgraph's writes through one invalidation stream (a
// graphql-ws subscription). If that stream stalls — the socket stays open but nothing gets through
// (a proxy, a NAT or a load balancer that stopped forwarding) — events are lost silently, and an
// entry the cache keeps may be stale for ever. The gateway must notice the stall (keep-alive pings
// unanswered) and bypass the cache for that subgraph until the stream is back.

/**
 * A TCP proxy in front of a subgraph that can stop forwarding its WebSocket connections (those that
 * begin with an HTTP upgrade) while plain HTTP requests still go through: the stream stalls, reads
 * still work, and nothing is closed.
 */
class StallingProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  /** WebSocket bytes are dropped (both ways) while set. */
  frozen = false;

  constructor(private readonly targetPort: number, readonly port: number) {}

  async open(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.targetPort, '127.0.0.1');
      let websocket: boolean | null = null;
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => {
          this.sockets.delete(s);
          client.destroy();
          upstream.destroy();
        });
      }
      client.on('data', (chunk) => {
        websocket ??= /^upgrade:\s*websocket/im.test(chunk.toString('latin1'));
        if (!(websocket && this.frozen)) upstream.write(chunk);
      });
      upstream.on('data', (chunk) => {
        if (!(websocket && this.frozen)) client.write(chunk);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

const UNIT = '14';
// Not shorter: on a loaded 2-core machine a pong can take a few hundred ms, and a spurious loss
// (a bypass before the proxy freezes) would fail the 'cached' precondition.
const PING_MS = 1000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a stalled invalidation stream', () => {
  let system: TestSystem;
  let proxy: StallingProxy;
  let gateway: ServiceProcess;
  let url: string;

  const stats = () => cacheStats(url);
  const latest = async () => (await latestReading(url, UNIT)).value;
  /** Posts to the economy subgraph itself (not through the proxy): the gateway hears of it only by its feed. */
  const reportDirectly = (value: number) => reportEconomyDirectly(system, UNIT, value);

  beforeAll(async () => {
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET });
    await system.gateway.stop(); // this test's gateway reaches economy through the proxy
    proxy = new StallingProxy(system.subgraphs.economy.port, await findFreePort());
    await proxy.open();
    // economy's routing URL (queries, subscriptions, the cache's stream) through the proxy.
    ({ gateway, url } = await startGatewayWithEconomyAt(system, `http://127.0.0.1:${proxy.port}/graphql`, { IOC_QUERY_CACHE_PING_MS: String(PING_MS) }));
    await until(stats, (s) => ['governance', 'economy', 'society'].every((n) => s.subgraphs[n] === 'live'), 'every stream live');
    await reportDirectly(10);
    await until(latest, (v) => v === 10, 'the first value');
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await proxy?.close();
    await system?.dispose();
  });

  it('should bypass the cache for that subgraph rather than serve an answer an unseen event changed, and cache again once the stream is back', async () => {
    await until(stats, (s) => s.subgraphs.economy === 'live', 'the economy stream live', 20_000);
    await latest();
    const before = await stats();
    expect(await latest()).toBe(10); // cached
    expect(served(await stats()) - served(before)).toBe(1);

    proxy.frozen = true;
    try {
      await reportDirectly(20); // its event cannot reach the gateway now
      // Within the keep-alive timeout (two pings unanswered) the subgraph is bypassed and its
      // entries dropped; from then on every read goes to the subgraph and sees the write.
      const down = await until(stats, (s) => s.subgraphs.economy === 'bypass', 'the stalled stream to be noticed', 10 * PING_MS + 5_000);
      expect(down.streams.economy).not.toBe('live');
      const mid = await stats();
      for (let i = 0; i < 10; i++) {
        expect(await latest()).toBe(20);
        await sleep(PING_MS / 2);
      }
      const after = await stats();
      expect(served(after)).toBe(served(mid));
      expect(after.bypassed - mid.bypassed).toBeGreaterThanOrEqual(10);
      expect(after.subgraphs.economy).toBe('bypass'); // still stalled: still bypassed
    } finally {
      proxy.frozen = false;
    }

    // Back: a new stream resumes after the last cursor it saw, and the cache serves economy again.
    await until(stats, (s) => s.subgraphs.economy === 'live', 'the stream to come back', 20_000);
    // Cached again once the resumed stream's replay of the write made during the stall has come by.
    await until(async () => {
      const back = await stats();
      expect(await latest()).toBe(20);
      return served(await stats()) - served(back) === 1;
    }, (cached) => cached, 'economy cached again', 20_000);
    // And its events invalidate again.
    await reportDirectly(30);
    await until(latest, (v) => v === 30, 'a direct write after the stall to show', 10_000);
  });
});
