import http from 'node:http';
import net from 'node:net';
import WebSocket from 'ws';
import { CHANGE_FEED_SUBSCRIPTION, GATEWAY_CONTEXT_HEADER, GATEWAY_QUERY_CACHE_SUBJECT, ServiceProcess, findFreePort } from '@ioc-graph/kit/internal';
import { INDICATOR, REPORT, cacheStats, latestReading, reportEconomyDirectly, served, startGatewayWithEconomyAt, until } from '../../support/query-cache';
import { type TestSystem, gql, startTestSystem } from '../../support/system';
import { TEST_JWT_SECRET, bearer, gatewayContext, tokenWithSubject } from '../../support/tokens';
import { SubgraphProxy } from '../../support/subgraph-proxy';

// The gateway's query cache invalidates from each subgraph's change feed (one event per page of
// readings the subgraph reads from its outbox, `<graphql>/changes`) when the subgraph's /healthz
// announces it, and from the public readings subscription (one event per reading) when it does not
// (a partner on an older kit). Either way a write is invisible to no cached read.

interface Page {
  cursor: string;
  unitCodes: string[];
}

/**
 * A graphql-ws client of a subgraph's change feed (the protocol by hand: the test wants the close
 * code and every frame). `context` goes in `connection_init`.
 */
function changeFeed(url: string, context: string | null, after: string | null) {
  const pages: Page[] = [];
  const errors: unknown[] = [];
  const socket = new WebSocket(url, 'graphql-transport-ws');
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  const acknowledged = new Promise<void>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: context ? { [GATEWAY_CONTEXT_HEADER]: context } : {} })));
    socket.on('message', (raw) => {
      const msg = JSON.parse(raw.toString()) as { type: string; payload?: { data?: { changes?: Page } } };
      if (msg.type === 'connection_ack') {
        socket.send(JSON.stringify({ type: 'subscribe', id: '1', payload: { query: CHANGE_FEED_SUBSCRIPTION, variables: after ? { after } : {} } }));
        resolve();
      } else if (msg.type === 'next' && msg.payload?.data?.changes) pages.push(msg.payload.data.changes);
      else if (msg.type === 'error') errors.push(msg.payload);
    });
  });
  acknowledged.catch(() => undefined);
  return { pages, errors, closed, acknowledged, close: () => socket.close(1000) };
}

/**
 * Reads `unit`'s latest value through the gateway at `url` until it is `value` and answered from the
 * cache (the write's own event may drop the first copy cached).
 */
async function cachedAnswer(url: string, unit: string, value: number): Promise<void> {
  await until(async () => {
    const before = served(await cacheStats(url));
    const v = (await latestReading(url, unit)).value;
    return { v, served: served(await cacheStats(url)) - before };
  }, (r) => r.v === value && r.served === 1, `${unit}'s ${value} answered from the cache`);
}

/** A subgraph's /healthz feed position. */
async function position(baseUrl: string): Promise<string> {
  return ((await (await fetch(new URL('healthz', baseUrl))).json()) as { feedPosition: string }).feedPosition;
}

/** The provinces (valid on 2024-01-01) from the gateway. */
async function provinces(url: string): Promise<string[]> {
  const res = await gql<{ units: { code: string }[] }>(url, '{ units(level: PROVINCE, validOn: "2024-01-01") { code } }');
  return res.data!.units.map((u) => u.code);
}

/**
 * An HTTP proxy in front of a subgraph that answers like a subgraph on a kit without the change
 * feed: its /healthz says no `changeFeed`, and an upgrade to `/graphql/changes` is refused (400, as
 * ws refuses a path it does not serve). Everything else goes through.
 */
class OlderKitProxy extends SubgraphProxy {
  changeFeedUpgrades = 0;

  protected override answer(req: http.IncomingMessage, answer: http.IncomingMessage, res: http.ServerResponse): boolean {
    if (!req.url?.startsWith('/healthz')) return false;
    const chunks: Buffer[] = [];
    answer.on('data', (c: Buffer) => chunks.push(c));
    answer.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>;
      delete body.changeFeed;
      res.writeHead(answer.statusCode ?? 502, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    return true;
  }

  protected override upgrade(req: http.IncomingMessage, client: net.Socket): boolean {
    if (!req.url?.startsWith('/graphql/changes')) return false;
    this.changeFeedUpgrades++;
    client.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    return true;
  }
}

describe("the query cache's invalidation feed", () => {
  let system: TestSystem;
  let economyWs: string;
  let units: string[];

  beforeAll(async () => {
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET });
    economyWs = `${system.subgraphs.economy.url.replace(/^http/, 'ws')}/changes`;
    units = await provinces(system.url);
  }, 120_000);

  afterAll(async () => {
    await system?.dispose();
  });

  describe("a subgraph's change feed", () => {
    it('should give one event per page of readings, with the page\'s end cursor and distinct units, and resume after that cursor', async () => {
      const context = gatewayContext(system.env, 'economy'); // an admin's, to write
      const feedContext = gatewayContext(system.env, 'economy', { subject: GATEWAY_QUERY_CACHE_SUBJECT, roles: ['viewer'] });
      const from = await position(system.subgraphs.economy.url);
      const feed = changeFeed(economyWs, feedContext, from);
      await feed.acknowledged;
      // 63 provinces × 8 years = 504 readings in one batch: two pages (500 and 4).
      const input = [];
      for (let y = 2017; y <= 2024; y++) for (const unitCode of units) input.push({ indicatorCode: INDICATOR, unitCode, period: String(y), value: y - 2000 });
      const res = await gql<{ reportEconomyObservations: { imported: number; updated: number; rejected: number } }>(
        system.subgraphs.economy.url, REPORT, { input }, { [GATEWAY_CONTEXT_HEADER]: context });
      expect(res.errors).toBeUndefined();
      const { imported, updated, rejected } = res.data!.reportEconomyObservations;
      expect({ stored: imported + updated, rejected }).toEqual({ stored: input.length, rejected: 0 }); // the seed had a few
      expect(input.length).toBeGreaterThan(500);

      // Caught up: the last page ends at the feed's head.
      const [end] = await until(async () => [feed.pages.at(-1)?.cursor, await position(system.subgraphs.economy.url)], ([c, head]) => c === head && c !== from, 'the page that ends at the feed\'s head');
      expect(BigInt(end!) - BigInt(from)).toBeGreaterThanOrEqual(BigInt(input.length));
      expect(feed.errors).toEqual([]);
      expect(feed.pages.length).toBeGreaterThanOrEqual(2); // a page holds at most 500 readings
      expect(feed.pages.length).toBeLessThanOrEqual(Math.ceil(input.length / 500));
      expect(new Set(feed.pages.flatMap((p) => p.unitCodes))).toEqual(new Set(units));
      for (const p of feed.pages) expect(new Set(p.unitCodes).size).toBe(p.unitCodes.length); // distinct
      feed.close();

      // Resumed after the first page's cursor: the rest of the batch, nothing before it.
      const resumed = changeFeed(economyWs, feedContext, feed.pages[0].cursor);
      await resumed.acknowledged;
      await until(async () => resumed.pages.at(-1)?.cursor, (c) => c === end, 'the later pages again');
      expect(resumed.pages).toEqual(feed.pages.slice(1));
      resumed.close();
      // After the end: nothing until the next write.
      const caughtUp = changeFeed(economyWs, feedContext, end!);
      await caughtUp.acknowledged;
      await reportEconomyDirectly(system, '19', 42);
      await until(async () => caughtUp.pages.length, (n) => n >= 1, 'the next write\'s page');
      expect(caughtUp.pages).toEqual([{ cursor: expect.any(String), unitCodes: ['19'] }]);
      expect(BigInt(caughtUp.pages[0].cursor)).toBeGreaterThan(BigInt(end!));
      caughtUp.close();
    });

    it("should refuse a connection without the gateway's signed context (4403), and an upgrade with a forged one (401)", async () => {
      const anonymous = changeFeed(economyWs, null, null);
      expect(await anonymous.closed).toBe(4403);
      expect(anonymous.pages).toEqual([]);

      const signed = gatewayContext(system.env, 'economy');
      const wrong = `${signed.slice(0, -4)}${signed.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`; // its signature broken
      const forged = changeFeed(economyWs, wrong, null);
      expect(await forged.closed).toBe(4403);
      const upgrade = await new Promise<number>((resolve) => {
        const s = new WebSocket(economyWs, 'graphql-transport-ws', { headers: { [GATEWAY_CONTEXT_HEADER]: wrong } });
        s.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        s.on('open', () => resolve(101));
        s.on('error', () => undefined);
      });
      expect(upgrade).toBe(401);
    });

    it("should refuse a context the gateway signed on a caller's behalf (4403): only its query cache's own subject, which no client token may name", async () => {
      const callers = changeFeed(economyWs, gatewayContext(system.env, 'economy'), null); // an admin's, as the gateway forwards it
      expect(await callers.closed).toBe(4403);
      expect(callers.pages).toEqual([]);
      // A client token naming the gateway's own subject is refused at the gateway, so the gateway never signs it for a caller.
      const res = await fetch(system.url, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(tokenWithSubject(GATEWAY_QUERY_CACHE_SUBJECT)) }, body: JSON.stringify({ query: '{ __typename }' }) });
      expect(res.status).toBe(401);
      const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0]).toMatchObject({ message: expect.stringContaining('reserved for the gateway'), extensions: { code: 'UNAUTHENTICATED' } });
      // An ordinary token signed the same way is accepted (the refusal is the subject's).
      const ok = await fetch(system.url, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(tokenWithSubject('analyst')) }, body: JSON.stringify({ query: '{ __typename }' }) });
      expect(ok.status).toBe(200);
    });

    it('should refuse a document over the operation limits with OPERATION_LIMIT_EXCEEDED, as the public endpoint does', async () => {
      const socket = new WebSocket(economyWs, 'graphql-transport-ws');
      const feedContext = gatewayContext(system.env, 'economy', { subject: GATEWAY_QUERY_CACHE_SUBJECT, roles: ['viewer'] });
      const aliases = `subscription { changes { ${Array.from({ length: 150 }, (_, i) => `c${i}: cursor`).join(' ')} } }`;
      const answer = await new Promise<{ type: string; payload: unknown }>((resolve, reject) => {
        socket.on('error', reject);
        socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { [GATEWAY_CONTEXT_HEADER]: feedContext } })));
        socket.on('message', (raw) => {
          const msg = JSON.parse(raw.toString()) as { type: string; payload: unknown };
          if (msg.type === 'connection_ack') socket.send(JSON.stringify({ type: 'subscribe', id: '1', payload: { query: aliases } }));
          else resolve(msg);
        });
      });
      socket.close(1000);
      expect(answer).toEqual({ type: 'error', id: '1', payload: [expect.objectContaining({ extensions: { code: 'OPERATION_LIMIT_EXCEEDED', limit: 'aliases' } })] });
    });

    it('should not be part of the public schema or the supergraph', async () => {
      const res = await gql<{ __schema: { subscriptionType: { fields: { name: string }[] } } }>(system.url, '{ __schema { subscriptionType { fields { name } } } }');
      expect(res.data!.__schema.subscriptionType.fields.map((f) => f.name)).not.toContain('changes');
    });
  });

  describe('the gateway', () => {
    it("should read each subgraph's change feed, and a write on a subgraph drops the cached answer it changes", async () => {
      const stats = await until(() => cacheStats(system.url), (s) => Object.values(s.streams).every((k) => k === 'live') && Object.keys(s.streams).length === 3, 'three live streams');
      expect((stats as unknown as { feeds: Record<string, string> }).feeds).toEqual({ governance: 'changes', economy: 'changes', society: 'changes' });

      await reportEconomyDirectly(system, units[0], 10);
      await cachedAnswer(system.url, units[0], 10);

      await reportEconomyDirectly(system, units[0], 11); // the gateway hears of it only by the change feed
      expect(await until(async () => (await latestReading(system.url, units[0])).value, (v) => v === 11, 'the write seen through the gateway')).toBe(11);
    });

    describe('with a subgraph on a kit without the change feed', () => {
      let proxy: OlderKitProxy;
      let gateway: ServiceProcess;
      let url: string;

      beforeAll(async () => {
        proxy = new OlderKitProxy(system.subgraphs.economy.port, await findFreePort());
        await proxy.open();
        ({ gateway, url } = await startGatewayWithEconomyAt(system, `http://127.0.0.1:${proxy.port}/graphql`, {}));
      }, 120_000);

      afterAll(async () => {
        await gateway?.stop();
        await proxy?.close();
      });

      it('should invalidate from its readings subscription instead, so a write on it is still seen', async () => {
        const stats = await until(() => cacheStats(url), (s) => s.streams.economy === 'live', 'economy live');
        const feeds = (stats as unknown as { feeds: Record<string, string> }).feeds;
        expect(feeds.economy).toBe('readings');
        expect(feeds.governance).toBe('changes');
        expect(proxy.changeFeedUpgrades).toBe(0); // not even tried: its /healthz does not announce it

        await reportEconomyDirectly(system, units[1], 20);
        await cachedAnswer(url, units[1], 20);

        await reportEconomyDirectly(system, units[1], 21);
        expect(await until(async () => (await latestReading(url, units[1])).value, (v) => v === 21, 'the write seen through the gateway')).toBe(21);
      });
    });
  });
});
