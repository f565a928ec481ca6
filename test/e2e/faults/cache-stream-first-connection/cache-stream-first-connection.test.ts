import net from 'node:net';
import { ServiceProcess, findFreePort } from '@ioc-graph/kit/internal';
import { cacheStats, latestReading, reportEconomyDirectly, served, startGatewayWithEconomyAt, until } from '../../../support/query-cache';
import { type TestSystem, startTestSystem } from '../../../support/system';
import { TEST_JWT_SECRET } from '../../../support/tokens';

// The gateway's invalidation stream of a subgraph is live (its entries cached) as soon as the
// subgraph acknowledges the connection; the subscription itself reaches the subgraph one round
// trip later. A write committed in that window must still be announced — the stream subscribes
// after the feed position it read before connecting — or the answer cached meanwhile stays stale
// for ever. Here a proxy holds the gateway's `subscribe` message for as long as the test likes.

/**
 * A TCP proxy in front of a subgraph that, while `holding`, keeps back what a WebSocket client sends
 * after its `connection_init` (the subscribe message, pings) and lets it through on {@link release};
 * plain HTTP requests and everything the subgraph sends go through at once.
 */
class HoldingProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly held: { to: net.Socket; chunk: Buffer }[] = [];
  holding = true;

  constructor(private readonly targetPort: number, readonly port: number) {}

  async open(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.targetPort, '127.0.0.1');
      let websocket: boolean | null = null;
      let chunks = 0;
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
        // 1: the upgrade request, 2: connection_init; then the subscribe message.
        if (websocket && ++chunks > 2 && (this.holding || this.held.length)) this.held.push({ to: upstream, chunk });
        else upstream.write(chunk);
      });
      upstream.on('data', (chunk) => client.write(chunk));
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  /** Lets the held messages through, in order, and stops holding. */
  release(): number {
    this.holding = false;
    const n = this.held.length;
    for (const { to, chunk } of this.held.splice(0)) to.write(chunk);
    return n;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

const UNIT = '19';

describe('the first connection of an invalidation stream', () => {
  let system: TestSystem;
  let proxy: HoldingProxy;
  let gateway: ServiceProcess;
  let url: string;

  const stats = () => cacheStats(url);
  const latest = async () => (await latestReading(url, UNIT)).value;
  /** Posts to the economy subgraph itself: the gateway hears of it only by its feed. */
  const reportDirectly = (value: number) => reportEconomyDirectly(system, UNIT, value);

  beforeAll(async () => {
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET });
    await reportDirectly(10);
    await system.gateway.stop(); // this test's gateway reaches economy through the proxy
    proxy = new HoldingProxy(system.subgraphs.economy.port, await findFreePort());
    await proxy.open();
    // Pings every 10 s: the held subscribe must not look like a stall (that would drop the entries).
    ({ gateway, url } = await startGatewayWithEconomyAt(system, `http://127.0.0.1:${proxy.port}/graphql`, { IOC_QUERY_CACHE_PING_MS: '10000' }));
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await proxy?.close();
    await system?.dispose();
  });

  it('should announce a write committed between the acknowledgement and the subscription reaching the subgraph, so the cached answer is dropped', async () => {
    // Acknowledged (live) while the subscribe message is still held by the proxy.
    await until(stats, (s) => s.subgraphs.economy === 'live', 'economy acknowledged');
    expect(await latest()).toBe(10); // fills the cache
    const before = await stats();
    expect(await latest()).toBe(10);
    expect(served(await stats()) - served(before)).toBe(1); // served from the cache

    await reportDirectly(20); // committed before the subgraph has the subscription
    expect(proxy.release()).toBeGreaterThan(0);

    // The subscription, after the position read before connecting, replays the write: the entry drops.
    expect(await until(latest, (v) => v === 20, 'the write to be seen through the gateway', 15_000)).toBe(20);
    expect((await stats()).streams.economy).toBe('live'); // the stream never had to reconnect
  });
});
