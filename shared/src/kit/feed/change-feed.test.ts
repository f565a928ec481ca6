import http from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import type { DataSource } from 'typeorm';
import type { Logger } from '../../log';
import type { KitCatalog } from '../catalog';
import type { KitContext } from '../kit.context';
import { GATEWAY_QUERY_CACHE_SUBJECT } from '../../auth/tokens';
import type { OperationLimits } from '../../server/limits';
import { CHANGE_FEED_SUBSCRIPTION, serveChangeFeed } from './change-feed';
import { type FeedChanges, FeedHub, InvalidCursorError } from './feed-hub';

const quiet = { warn() {}, error() {}, info() {}, debug() {} } as unknown as Logger;

/**
 * An outbox in memory, answering the change feed's query (`seq > $1 AND seq <= $2`, readings only,
 * by seq, `LIMIT $3`) as PostgreSQL would. `reads` counts the queries.
 */
function fakeOutbox() {
  const rows: { seq: bigint; kind: 'reading' | 'alert'; unit_code: string }[] = [];
  const o = {
    rows,
    reads: 0,
    ds: {
      query: async (_sql: string, [after, head, limit]: [string, string, number]) => {
        o.reads++;
        return rows
          .filter((r) => r.kind === 'reading' && r.seq > BigInt(after) && r.seq <= BigInt(head))
          .slice(0, limit)
          .map((r) => ({ seq: r.seq.toString(), unit_code: r.unit_code }));
      },
    } as unknown as DataSource,
    /** Appends `n` readings over `units` (in turn) and `alerts` alert rows after them; returns the last seq. */
    write(n: number, units: string[], alerts = 0): bigint {
      for (let i = 0; i < n + alerts; i++) rows.push({ seq: BigInt(rows.length + 1), kind: i < n ? 'reading' : 'alert', unit_code: units[i % units.length] });
      return BigInt(rows.length);
    },
  };
  return o;
}

const hubOver = (outbox: ReturnType<typeof fakeOutbox>) =>
  new FeedHub({ url: 'postgres://unused', schema: 'economy', ds: outbox.ds, catalog: {} as KitCatalog, logger: quiet });

/** The next `n` events of `it`. */
async function take<T>(it: AsyncIterator<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  while (out.length < n) out.push((await it.next()).value as T);
  return out;
}

describe("the kit's change feed", () => {
  it('should give one event per page of at most 500 readings: its end cursor and its distinct units', async () => {
    const outbox = fakeOutbox();
    const hub = hubOver(outbox);
    hub.advance(outbox.write(1_203, ['01', '19', '79'], 4));
    const feed = hub.changes('0');
    const pages = await take(feed, 3);
    expect(pages).toEqual([
      { cursor: '500', unitCodes: ['01', '19', '79'] },
      { cursor: '1000', unitCodes: ['79', '01', '19'] },
      { cursor: '1207', unitCodes: ['19', '79', '01'] }, // the last page ends at the head, past the alerts
    ]);
    expect(outbox.reads).toBe(3); // a read per page, not per reading
    await feed.return!();
  });

  it('should resume after a cursor: the rest, nothing before it, nothing twice', async () => {
    const outbox = fakeOutbox();
    const hub = hubOver(outbox);
    hub.advance(outbox.write(600, ['01']));
    const feed = hub.changes('500');
    expect(await take(feed, 1)).toEqual([{ cursor: '600', unitCodes: ['01'] }]);
    await feed.return!();
  });

  it('should start at the head without a cursor, and give what is written from then on', async () => {
    const outbox = fakeOutbox();
    const hub = hubOver(outbox);
    hub.advance(outbox.write(10, ['01']));
    const feed = hub.changes();
    const next = feed.next();
    hub.advance(outbox.write(2, ['19', '19']));
    expect((await next).value).toEqual<FeedChanges>({ cursor: '12', unitCodes: ['19'] });
    expect(hub.openStreams).toBe(1);
    await feed.return!();
    expect(hub.openStreams).toBe(0);
  });

  it('should skip a stretch of only alerts without an event', async () => {
    const outbox = fakeOutbox();
    const hub = hubOver(outbox);
    hub.advance(outbox.write(0, ['01'], 3));
    const feed = hub.changes('0');
    const next = feed.next();
    hub.advance(outbox.write(1, ['79']));
    expect((await next).value).toEqual({ cursor: '4', unitCodes: ['79'] });
    await feed.return!();
  });

  it("should say the highest reading as a mutation's feed position (alerts after it get no event), and none while a write waits for the sequencer", () => {
    const hub = hubOver(fakeOutbox());
    expect(hub.readingPosition).toBe('0');
    hub.advance(7n, 5n); // readings up to 5, alerts 6 and 7
    expect(hub.readingPosition).toBe('5');
    hub.advance(9n); // another replica's NOTIFY: no reading of ours
    expect(hub.readingPosition).toBe('5');
    hub.noteUnsequenced();
    expect(hub.readingPosition).toBeNull();
  });

  it('should refuse a cursor it never gave out', () => {
    const hub = hubOver(fakeOutbox());
    expect(() => hub.changes('abc')).toThrow(InvalidCursorError);
  });

  describe('over graphql-ws', () => {
    let server: http.Server;
    let wss: WebSocketServer;
    let served: { dispose(): Promise<void> | void };
    let url: string;
    let outbox: ReturnType<typeof fakeOutbox>;

    beforeAll(async () => {
      outbox = fakeOutbox();
      const hub = hubOver(outbox);
      hub.advance(outbox.write(3, ['01', '19']));
      server = http.createServer();
      wss = new WebSocketServer({ server });
      // The subgraph's context function: a principal only for a (here: fake) context the gateway
      // signed, for its own query cache or on behalf of a caller; a hub that fails for `broken`.
      const context = async (_h: http.IncomingHttpHeaders, params: Record<string, unknown> | undefined): Promise<KitContext> => {
        const token = params?.['x-ioc-context'];
        if (token === undefined) return { principal: null };
        if (token === 'signed' || token === 'broken') return { principal: { subject: GATEWAY_QUERY_CACHE_SUBJECT, roles: ['viewer'], agencyCode: null } };
        if (token === 'signed for a caller') return { principal: { subject: 'admin', roles: ['admin'], agencyCode: null } };
        throw new Error('does not verify');
      };
      const limits: OperationLimits = { maxDepth: 10, maxAliases: 100, maxDirectives: 50, maxTokens: 5000, maxCost: 25_000, listSize: 10, maxBodyBytes: 4 * 1024 * 1024, maxUnfinishedBodiesPerAddress: 16, introspection: false, stackTraces: false };
      served = serveChangeFeed(wss, { hub: () => hub, context, logger: quiet, limits });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await served.dispose();
      wss.close();
      await new Promise((r) => server.close(r));
    });

    /** Connects with `params`, subscribes after `after` (with `query`); the close code (or null) and the events. */
    function connect(params: Record<string, unknown>, after: string, query = CHANGE_FEED_SUBSCRIPTION) {
      const events: unknown[] = [];
      const socket = new WebSocket(url, 'graphql-transport-ws');
      const closed = new Promise<number>((r) => socket.on('close', (code) => r(code)));
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: params })));
      socket.on('message', (raw) => {
        const msg = JSON.parse(raw.toString()) as { type: string; payload?: unknown };
        if (msg.type === 'connection_ack') socket.send(JSON.stringify({ type: 'subscribe', id: '1', payload: { query, variables: { after } } }));
        else events.push(msg);
      });
      return { events, closed, socket };
    }

    it("should serve the gateway's signed context a page per event", async () => {
      const c = connect({ 'x-ioc-context': 'signed' }, '0');
      const deadline = Date.now() + 5_000;
      while (!c.events.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(c.events).toEqual([{ type: 'next', id: '1', payload: { data: { changes: { cursor: '3', unitCodes: ['01', '19'] } } } }]);
      c.socket.close(1000);
    });

    it('should close a connection without a context, or with one that does not verify, with 4403 Forbidden', async () => {
      const anonymous = connect({}, '0');
      expect(await anonymous.closed).toBe(4403);
      const forged = connect({ 'x-ioc-context': 'forged' }, '0');
      expect(await forged.closed).toBe(4403);
      expect([...anonymous.events, ...forged.events]).toEqual([]);
    });

    it("should refuse a context the gateway signed on a caller's behalf (not its own query cache's) with 4403", async () => {
      const caller = connect({ 'x-ioc-context': 'signed for a caller' }, '0');
      const served = new Promise((r) => setTimeout(() => r('still open after 5 s'), 5_000).unref());
      expect(await Promise.race([caller.closed, served])).toBe(4403);
      caller.socket.close(1000);
      expect(caller.events).toEqual([]);
    });

    /** The first message of a subscription with `query` over the gateway's context. */
    async function firstAnswer(query: string, token = 'signed') {
      const c = connect({ 'x-ioc-context': token }, '0', query);
      const deadline = Date.now() + 5_000;
      while (!c.events.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      c.socket.close(1000);
      return c.events[0] as { type: string; payload: { message: string; extensions?: { code?: string; limit?: string } }[] | { errors?: { message: string; extensions?: { code?: string } }[] } };
    }

    it('should refuse documents over the operation limits as the public endpoint does (aliases, tokens, introspection)', async () => {
      const aliases = `subscription { changes(after: "0") { ${Array.from({ length: 150 }, (_, i) => `c${i}: cursor`).join(' ')} } }`;
      const tokens = `subscription { changes(after: "0") { ${'cursor '.repeat(6_000)} } }`;
      const introspection = 'subscription { changes(after: "0") { cursor __type(name: "Query") { name } } }';
      for (const [query, limit] of [[aliases, 'aliases'], [tokens, 'tokens']] as const) {
        const answer = await firstAnswer(query);
        expect(answer.type).toBe('error');
        expect(answer.payload).toEqual([expect.objectContaining({ extensions: { code: 'OPERATION_LIMIT_EXCEEDED', limit } })]);
      }
      expect((await firstAnswer(introspection)).type).toBe('error');
    });

    it('should answer an error that is not a GraphQL error with a fixed text and INTERNAL_SERVER_ERROR, never its message', async () => {
      const failing = new WebSocketServer({ noServer: true });
      const s = serveChangeFeed(failing, {
        hub: () => { throw new Error('connect ECONNREFUSED 10.1.2.3:5432 at /srv/ioc/shared/dist/kit/feed/feed-hub.js'); },
        context: async () => ({ principal: { subject: GATEWAY_QUERY_CACHE_SUBJECT, roles: ['viewer'], agencyCode: null } }),
        logger: quiet,
      });
      const other = http.createServer();
      other.on('upgrade', (req, socket, head) => failing.handleUpgrade(req, socket, head, (ws) => failing.emit('connection', ws, req)));
      await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
      const saved = url;
      url = `ws://127.0.0.1:${(other.address() as AddressInfo).port}`;
      try {
        const answer = await firstAnswer(CHANGE_FEED_SUBSCRIPTION);
        const text = JSON.stringify(answer);
        expect(text).not.toMatch(/ECONNREFUSED|10\.1\.2\.3|\/srv\//);
        expect(text).toContain('INTERNAL_SERVER_ERROR');
      } finally {
        url = saved;
        await s.dispose();
        failing.close();
        await new Promise((r) => other.close(r));
      }
    });
  });
});
