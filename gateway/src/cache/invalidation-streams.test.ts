import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '@ioc-graph/kit/internal';
import type { Upstream, UpstreamFactory, UpstreamHandlers, UpstreamOptions } from '../subscriptions/upstream';
import { composeSupergraph } from '../supergraph';
import { InvalidationStream, InvalidationStreams } from './invalidation-streams';
import { QueryCache } from './query-cache';

const quiet = { warn() {}, error() {}, info() {}, debug() {} } as unknown as Logger;

/** A fake upstream subscription: the test plays the subgraph through `handlers`. */
class FakeUpstream implements Upstream {
  started = false;
  stopped = false;
  constructor(readonly options: UpstreamOptions, readonly handlers: UpstreamHandlers) {}
  start(): void {
    this.started = true;
  }
  stop(): void {
    this.stopped = true;
  }
  /** The subgraph emits a reading of `unitCode` at `cursor`. */
  event(cursor: string, unitCode = '19'): void {
    this.handlers.next({ data: { economyReadings: { cursor, unitCode } } });
  }
}

function fakeUpstreams(): { made: FakeUpstream[]; factory: UpstreamFactory; last(): FakeUpstream } {
  const made: FakeUpstream[] = [];
  return {
    made,
    factory: (options, handlers) => {
      const u = new FakeUpstream(options, handlers);
      made.push(u);
      return u;
    },
    last: () => made[made.length - 1],
  };
}

/** Fills one entry of `subgraph` and tells whether it is served (a live subgraph). */
function cached(cache: QueryCache, subgraph = 'economy', body = '{ q }'): boolean {
  const r = cache.begin(subgraph, 'anonymous', body);
  if (r && 'ticket' in r) cache.fill(r.ticket, '{"data":{}}');
  const again = cache.begin(subgraph, 'anonymous', body);
  return !!again && 'hit' in again;
}

const NO_TREE = { selfAndAncestors: () => null, refresh() {} };
const SOURCE = { name: 'economy', url: 'http://127.0.0.1:9/graphql', wsUrl: 'ws://127.0.0.1:9/graphql', field: 'economyReadings' };

/** A subgraph's feed position as its /healthz tells it: `at` (or a failure when it is an Error). */
function fakePositions(at: string | Error = '40') {
  const p = { at, reads: 0, read: async () => { p.reads++; if (p.at instanceof Error) throw p.at; return p.at; } };
  return p;
}

/** Lets the position read (a promise) settle, and the timers due by `ms`. */
const settle = (ms = 0) => jest.advanceTimersByTimeAsync(ms);

describe('an invalidation stream', () => {
  let cache: QueryCache;
  let upstreams: ReturnType<typeof fakeUpstreams>;
  let stream: InvalidationStream;
  let positions: ReturnType<typeof fakePositions>;

  beforeEach(() => {
    jest.useFakeTimers();
    cache = new QueryCache();
    upstreams = fakeUpstreams();
    positions = fakePositions();
    stream = new InvalidationStream(SOURCE, { cache, logger: quiet, upstreams: upstreams.factory, retryMs: 100, maxRetryMs: 400, pingIntervalMs: 500, feedPosition: positions.read }, NO_TREE);
  });
  afterEach(() => {
    stream.dispose();
    jest.useRealTimers();
  });

  it('should bypass its subgraph until the subgraph acknowledges the subscription, then serve it from the cache', async () => {
    expect(stream.state.kind).toBe('idle');
    stream.start();
    expect(stream.state.kind).toBe('positioning');
    expect(cached(cache)).toBe(false);
    await settle();
    expect(stream.state.kind).toBe('connecting');
    expect(cached(cache)).toBe(false);
    upstreams.last().handlers.acknowledged!();
    expect(stream.state.kind).toBe('live');
    expect(cached(cache)).toBe(true);
  });

  it('should ask the upstream for keep-alive pings, so that a stalled subgraph is noticed', async () => {
    stream.start();
    await settle();
    expect(upstreams.last().options.pingIntervalMs).toBe(500);
  });

  it('should subscribe after the feed position read before connecting, so a write committed before the subscription reaches the subgraph is replayed', async () => {
    stream.start();
    expect(upstreams.made).toHaveLength(0); // nothing subscribed before the position is known
    await settle();
    expect(positions.reads).toBe(1);
    expect(upstreams.last().options.variables).toEqual({ after: '40' });
    upstreams.last().handlers.acknowledged!();
    expect(cached(cache)).toBe(true);
    // The subgraph registers the subscription one round trip after the acknowledgement; the write
    // committed in between (seq 41) comes as the replay of what followed the position: it drops the entry.
    upstreams.last().event('41');
    expect(cached(cache, 'economy', '{ other }')).toBe(true);
    const r = cache.begin('economy', 'anonymous', '{ q }');
    expect(r && 'ticket' in r).toBe(true);
  });

  it('should not serve a subgraph whose feed position cannot be read, and try again with backoff until it can', async () => {
    positions.at = new Error('no feed position on its /healthz (HTTP 503)');
    stream.start();
    await settle();
    expect(stream.state).toMatchObject({ kind: 'waiting', reason: 'cannot read its feed position: no feed position on its /healthz (HTTP 503)' });
    expect(upstreams.made).toHaveLength(0);
    expect(cached(cache)).toBe(false);
    await settle(100);
    expect(positions.reads).toBe(2);
    expect(stream.state.kind).toBe('waiting');
    positions.at = '7';
    await settle(200);
    expect(upstreams.last().options.variables).toEqual({ after: '7' });
    upstreams.last().handlers.acknowledged!();
    expect(cached(cache)).toBe(true);
  });

  it('should resume after the feed position instead of its last cursor when the feed is now behind it (the database was replaced)', async () => {
    stream.start();
    await settle();
    upstreams.last().handlers.acknowledged!();
    upstreams.last().event('90');
    upstreams.last().handlers.lost({ kind: 'network', code: 1006, reason: 'closed (1006)', acknowledged: true });
    positions.at = '3';
    await settle(100);
    expect(upstreams.last().options.variables).toEqual({ after: '3' });
  });

  it('should stop reading the position on dispose, and never subscribe', async () => {
    stream.start();
    stream.dispose();
    await settle(1_000);
    expect(upstreams.made).toHaveLength(0);
    expect(stream.state.kind).toBe('disposed');
  });

  it('should drop the entries an event touches', async () => {
    stream.start();
    await settle();
    upstreams.last().handlers.acknowledged!();
    expect(cached(cache)).toBe(true);
    upstreams.last().event('7');
    const r = cache.begin('economy', 'anonymous', '{ q }');
    expect(r && 'ticket' in r).toBe(true);
  });

  it('should drop every entry of its subgraph when the feed cursors start again under it (its database was replaced)', async () => {
    const tree = { selfAndAncestors: (code: string) => new Set([code]), refresh() {} };
    stream.useTree(tree);
    stream.start();
    await settle();
    upstreams.last().handlers.acknowledged!();
    const fill = (body: string, unit: string) => {
      const r = cache.begin('economy', 'anonymous', body, [unit]);
      if (r && 'ticket' in r) cache.fill(r.ticket, '{"data":{}}');
    };
    const hit = (body: string, unit: string) => { const r = cache.begin('economy', 'anonymous', body, [unit]); return !!r && 'hit' in r; };
    upstreams.last().event('41', '19');
    fill('{ a }', '14');
    fill('{ b }', '19');
    upstreams.last().event('42', '19'); // an ordinary event: only unit 19's entries go
    expect(hit('{ a }', '14')).toBe(true);
    fill('{ b }', '19');
    upstreams.last().event('3', '19'); // numbering from the start again: a new database
    expect(hit('{ a }', '14')).toBe(false);
    expect(stream.state.kind).toBe('live');
  });

  it('should drop every entry and bypass the subgraph when the stream stalls, then resume after the last cursor', async () => {
    stream.start();
    await settle();
    const first = upstreams.last();
    first.handlers.acknowledged!();
    first.event('41');
    expect(cached(cache)).toBe(true);
    // The upstream's keep-alive found the subgraph silent for two intervals.
    first.handlers.lost({ kind: 'network', code: null, reason: 'no answer to pings for 1000 ms', acknowledged: true });
    expect(first.stopped).toBe(true);
    expect(stream.state).toMatchObject({ kind: 'waiting', reason: 'no answer to pings for 1000 ms' });
    expect(cache.stats().entries).toBe(0);
    expect(cached(cache)).toBe(false);
    positions.at = '45'; // written meanwhile: the stream replays from its own cursor
    await settle(100);
    expect(stream.state.kind).toBe('connecting');
    expect(upstreams.last().options.variables).toEqual({ after: '41' });
    expect(cached(cache)).toBe(false);
    upstreams.last().handlers.acknowledged!();
    expect(cached(cache)).toBe(true);
  });

  it('should ignore what an upstream it has replaced still reports', async () => {
    stream.start();
    await settle();
    const first = upstreams.last();
    first.handlers.lost({ kind: 'network', code: 1006, reason: 'closed (1006)', acknowledged: false });
    await settle(100);
    first.handlers.acknowledged!();
    expect(stream.state.kind).toBe('connecting');
    expect(cached(cache)).toBe(false);
  });

  it('should wait twice as long after each failed attempt, up to the maximum, and reset once live', async () => {
    stream.start();
    await settle();
    const lose = () => upstreams.last().handlers.lost({ kind: 'network', code: null, reason: 'ECONNREFUSED', acknowledged: false });
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      lose();
      const n = upstreams.made.length;
      let waited = 0;
      while (upstreams.made.length === n) {
        await settle(50);
        waited += 50;
      }
      waits.push(waited);
    }
    expect(waits).toEqual([100, 200, 400, 400]);
    upstreams.last().handlers.acknowledged!();
    lose();
    await settle(100);
    expect(stream.state.kind).toBe('connecting');
  });

  it('should start afresh without a cursor when the subgraph refuses it', async () => {
    stream.start();
    await settle();
    upstreams.last().handlers.acknowledged!();
    upstreams.last().event('99');
    upstreams.last().handlers.error([{ message: '"99" is not a feed cursor' }]);
    expect(cached(cache)).toBe(false);
    await settle(100);
    expect(positions.reads).toBe(2); // the position read again: after it, not after the refused cursor
    expect(upstreams.last().options.variables).toEqual({ after: '40' });
  });

  it('should stop for good on dispose: upstream stopped, entries dropped, no reconnect', async () => {
    stream.start();
    await settle();
    upstreams.last().handlers.acknowledged!();
    expect(cached(cache)).toBe(true);
    stream.dispose();
    expect(upstreams.last().stopped).toBe(true);
    expect(stream.state.kind).toBe('disposed');
    expect(cached(cache)).toBe(false);
    await settle(10_000);
    expect(upstreams.made).toHaveLength(1);
  });
});

describe("an invalidation stream of a subgraph that serves the change feed", () => {
  let cache: QueryCache;
  let upstreams: ReturnType<typeof fakeUpstreams>;
  let anchor: { position: string; changeFeed: boolean };
  let context: string | null;
  let stream: InvalidationStream;
  /** Districts 191, 192 of province 19; 01 alone. */
  const TREE = {
    selfAndAncestors: (code: string) => ({ '19': new Set(['19']), '191': new Set(['191', '19']), '192': new Set(['192', '19']), '01': new Set(['01']) })[code] ?? null,
    refresh() {},
  };
  /** Fills one entry of economy that depends on `units` and tells whether it is served. */
  const cachedOf = (units: string[], body = `{ ${units.join(' ')} }`): boolean => {
    const r = cache.begin('economy', 'anonymous', body, units);
    if (r && 'ticket' in r) cache.fill(r.ticket, '{"data":{}}');
    const again = cache.begin('economy', 'anonymous', body, units);
    return !!again && 'hit' in again;
  };
  const page = (cursor: string, unitCodes: unknown) => upstreams.last().handlers.next({ data: { changes: { cursor, unitCodes } } });

  beforeEach(() => {
    jest.useFakeTimers();
    cache = new QueryCache();
    upstreams = fakeUpstreams();
    anchor = { position: '40', changeFeed: true };
    context = 'signed-context';
    stream = new InvalidationStream(SOURCE, {
      cache, logger: quiet, upstreams: upstreams.factory, retryMs: 100, maxRetryMs: 400,
      feedPosition: async () => anchor, contextFor: async () => context,
    }, TREE);
  });
  afterEach(() => {
    stream.dispose();
    jest.useRealTimers();
  });

  it("should subscribe to the change feed after the position, with the gateway's signed context", async () => {
    stream.start();
    await settle();
    expect(upstreams.last().options).toMatchObject({
      url: 'ws://127.0.0.1:9/graphql/changes',
      variables: { after: '40' },
      connectionParams: { 'x-ioc-context': 'signed-context' },
    });
    expect(upstreams.last().options.query).toContain('changes(after: $after) { cursor unitCodes }');
    expect(stream.feed).toBe('changes');
  });

  it("should drop, for each page, the entries of its units and their ancestors, and keep the others", async () => {
    stream.start();
    await settle();
    upstreams.last().handlers.acknowledged!();
    expect(cachedOf(['19'])).toBe(true);
    expect(cachedOf(['192'])).toBe(true);
    expect(cachedOf(['01'])).toBe(true);
    page('540', ['191']); // a district of 19: 19's entry (which rolls it up) goes, 192's and 01's stay
    expect(cache.begin('economy', 'anonymous', '{ 19 }', ['19'])).toHaveProperty('ticket');
    expect(cache.begin('economy', 'anonymous', '{ 192 }', ['192'])).toHaveProperty('hit');
    expect(cache.begin('economy', 'anonymous', '{ 01 }', ['01'])).toHaveProperty('hit');
    page('1040', ['192', '01']); // both of a page's units
    expect(cache.begin('economy', 'anonymous', '{ 192 }', ['192'])).toHaveProperty('ticket');
    expect(cache.begin('economy', 'anonymous', '{ 01 }', ['01'])).toHaveProperty('ticket');
  });

  it('should drop the whole subgraph for a page with a unit it does not know', async () => {
    stream.start();
    await settle();
    upstreams.last().handlers.acknowledged!();
    expect(cachedOf(['01'])).toBe(true);
    page('41', ['01', 'NEW']);
    expect(cache.begin('economy', 'anonymous', '{ 01 }', ['01'])).toHaveProperty('ticket');
  });

  it("should resume after the last page's cursor after a loss", async () => {
    stream.start();
    await settle();
    upstreams.last().handlers.acknowledged!();
    page('540', ['01']);
    upstreams.last().handlers.lost({ kind: 'network', code: 1006, reason: 'closed (1006)', acknowledged: true });
    expect(cachedOf(['01'])).toBe(false); // bypassed until back
    anchor = { position: '900', changeFeed: true }; // written on meanwhile
    await settle(100);
    expect(upstreams.last().options).toMatchObject({ url: 'ws://127.0.0.1:9/graphql/changes', variables: { after: '540' } });
  });

  it('should read the readings feed when the subgraph does not announce the change feed, or the gateway has no context for it', async () => {
    anchor = { position: '40', changeFeed: false };
    stream.start();
    await settle();
    expect(upstreams.last().options.url).toBe('ws://127.0.0.1:9/graphql');
    expect(upstreams.last().options.query).toContain('economyReadings(after: $after) { cursor unitCode }');
    expect(upstreams.last().options.connectionParams).toBeUndefined();
    expect(stream.feed).toBe('readings');
    upstreams.last().handlers.lost({ kind: 'network', code: 1006, reason: 'closed (1006)', acknowledged: false });

    anchor = { position: '40', changeFeed: true };
    context = null;
    await settle(100);
    expect(upstreams.last().options.url).toBe('ws://127.0.0.1:9/graphql');
    expect(stream.feed).toBe('readings');
  });

  it.each([
    ['closes the socket with 4403 (a context it does not verify)', { kind: 'fatal', code: 4403, reason: 'closed (4403 Forbidden)', acknowledged: false }],
    ['answers the upgrade with an HTTP error (a proxy that does not route its path)', { kind: 'network', code: null, reason: 'Unexpected server response: 400', acknowledged: false }],
  ] as const)('should fall back to the readings feed when the change feed %s, resuming after the same cursor', async (_what, loss) => {
    stream.start();
    await settle();
    upstreams.last().handlers.lost({ ...loss });
    expect(cachedOf(['01'])).toBe(false);
    await settle(100);
    expect(upstreams.last().options).toMatchObject({ url: 'ws://127.0.0.1:9/graphql', variables: { after: '40' } });
    upstreams.last().handlers.acknowledged!();
    expect(stream.feed).toBe('readings');
    expect(cachedOf(['01'])).toBe(true);
    upstreams.last().handlers.next({ data: { economyReadings: { cursor: '41', unitCode: '01' } } });
    expect(cache.begin('economy', 'anonymous', '{ 01 }', ['01'])).toHaveProperty('ticket');
  });

  it('should try the change feed again after a reload (a context secret fixed or rotated meanwhile), resuming after the last cursor', async () => {
    stream.start();
    await settle();
    upstreams.last().handlers.lost({ kind: 'fatal', code: 4403, reason: 'closed (4403 Forbidden)', acknowledged: false });
    await settle(100);
    upstreams.last().handlers.acknowledged!();
    upstreams.last().handlers.next({ data: { economyReadings: { cursor: '41', unitCode: '01' } } });
    expect(stream.feed).toBe('readings');
    const made = upstreams.made.length;
    anchor = { position: '41', changeFeed: true }; // where the feed stands when read again
    stream.retryChangeFeed();
    await settle(400);
    expect(upstreams.made.length).toBe(made + 1);
    expect(upstreams.last().options).toMatchObject({ url: 'ws://127.0.0.1:9/graphql/changes', variables: { after: '41' } });
    upstreams.last().handlers.acknowledged!();
    expect(stream.feed).toBe('changes');
    stream.retryChangeFeed(); // not refused: nothing to do
    await settle(400);
    expect(upstreams.made.length).toBe(made + 1);
  });

  it.each(['503', '502', '504'])('should keep the change feed after its upgrade is answered %s (a subgraph draining for a restart, a proxy meanwhile): a transient error, not a refusal', async (status) => {
    stream.start();
    await settle();
    upstreams.last().handlers.lost({ kind: 'network', code: null, reason: `Unexpected server response: ${status}`, acknowledged: false });
    await settle(100);
    expect(upstreams.last().options.url).toBe('ws://127.0.0.1:9/graphql/changes');
    expect(stream.feed).toBe('changes');
  });

  it('should keep the change feed after a plain network loss before the acknowledgement', async () => {
    stream.start();
    await settle();
    upstreams.last().handlers.lost({ kind: 'network', code: null, reason: 'connect ECONNREFUSED', acknowledged: false });
    await settle(100);
    expect(upstreams.last().options.url).toBe('ws://127.0.0.1:9/graphql/changes');
  });
});

describe('the invalidation streams of a supergraph', () => {
  const link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])';
  const reading = 'interface Reading { cursor: ID! unitCode: ID! }';
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cache-streams-'));
    writeFileSync(path.join(dir, 'economy.graphql'), `${link} ${reading}
      type EconomyReading implements Reading { cursor: ID! unitCode: ID! value: Float! }
      type Query { economyThing: Int } type Subscription { economyReadings(after: ID): EconomyReading! }`);
    writeFileSync(path.join(dir, 'health.graphql'), `${link} ${reading}
      type HealthReading implements Reading { cursor: ID! unitCode: ID! value: Float! }
      type Query { healthThing: Int } type Subscription { healthAlerts: Int healthReadings(after: ID): HealthReading! }`);
    writeFileSync(path.join(dir, 'plain.graphql'), `${link} type Query { plainThing: Int }`);
  });
  const compose = async (subgraphs: Record<string, string>) =>
    (await composeSupergraph(Object.entries(subgraphs).map(([name, url]) => ({ name, routingUrl: url, schema: { file: `${name}.graphql` } })), dir)).supergraphSdl;

  it('should follow reloads: subscribe a partner that joins, drop one that leaves, resubscribe one that moves, never serve one without a feed', async () => {
    const cache = new QueryCache();
    const upstreams = fakeUpstreams();
    const streams = new InvalidationStreams({
      supergraphSdl: await compose({ economy: 'http://127.0.0.1:9001/graphql', plain: 'http://127.0.0.1:9003/graphql' }),
      cache, logger: quiet, upstreams: upstreams.factory, feedPosition: fakePositions().read,
    });
    const settled = () => new Promise((r) => setImmediate(r));
    try {
      await settled();
      expect(upstreams.made.map((u) => u.options.url)).toEqual(['ws://127.0.0.1:9001/graphql']);
      upstreams.last().handlers.acknowledged!();
      expect(streams.snapshot()).toEqual({ economy: 'live' });
      expect(cached(cache, 'plain')).toBe(false); // nothing would invalidate it

      // A partner joins: its own `<prefix>Readings` field, found by its type implementing Reading.
      const withHealth = await compose({ economy: 'http://127.0.0.1:9001/graphql', plain: 'http://127.0.0.1:9003/graphql', health: 'http://127.0.0.1:9002/graphql' });
      streams.update(withHealth, ['health']);
      await settled();
      const health = upstreams.last();
      expect(health.options).toMatchObject({ url: 'ws://127.0.0.1:9002/graphql' });
      expect(health.options.query).toContain('healthReadings(after: $after)');
      expect(cached(cache, 'health')).toBe(false);
      health.handlers.acknowledged!();
      expect(cached(cache, 'health')).toBe(true);
      expect(cached(cache, 'economy')).toBe(true);

      // It moves to another address: resubscribed there, its entries dropped; economy's kept.
      streams.update(await compose({ economy: 'http://127.0.0.1:9001/graphql', plain: 'http://127.0.0.1:9003/graphql', health: 'http://127.0.0.1:9012/graphql' }), ['health']);
      await settled();
      expect(health.stopped).toBe(true);
      expect(upstreams.last().options.url).toBe('ws://127.0.0.1:9012/graphql');
      expect(streams.snapshot()).toEqual({ economy: 'live', health: 'connecting' });
      expect(cached(cache, 'health')).toBe(false);
      const hit = cache.begin('economy', 'anonymous', '{ q }');
      expect(hit && 'hit' in hit).toBe(true);
      upstreams.last().handlers.acknowledged!();
      expect(cached(cache, 'health')).toBe(true);

      // It leaves: its stream disposed, its entries dropped, never served again.
      const moved = upstreams.last();
      streams.update(await compose({ economy: 'http://127.0.0.1:9001/graphql', plain: 'http://127.0.0.1:9003/graphql' }), ['health']);
      expect(moved.stopped).toBe(true);
      expect(streams.snapshot()).toEqual({ economy: 'live' });
      expect(cache.stats().subgraphs.health).toBe('bypass');
      expect(cached(cache, 'health')).toBe(false);
    } finally {
      streams.dispose();
    }
    expect(upstreams.made.every((u) => u.stopped)).toBe(true);
  });
});

describe('an invalidation stream and the writes waiting for its change feed', () => {
  let cache: QueryCache;
  let upstreams: ReturnType<typeof fakeUpstreams>;
  let anchor: { position: string; changeFeed: boolean };
  let stream: InvalidationStream;
  const TREE = { selfAndAncestors: (code: string) => new Set([code]), refresh() {} };
  const page = (cursor: string, unitCodes: string[]) => upstreams.last().handlers.next({ data: { changes: { cursor, unitCodes } } });
  const fillOf = (unit: string) => {
    const r = cache.begin('economy', 'anonymous', `{ ${unit} }`, [unit]);
    if (r && 'ticket' in r) cache.fill(r.ticket, '{"data":{}}');
  };
  const served = (unit: string) => 'hit' in (cache.begin('economy', 'anonymous', `{ ${unit} }`, [unit]) ?? {});
  const live = async () => {
    stream.start();
    await settle();
    upstreams.last().handlers.acknowledged!();
  };

  beforeEach(() => {
    jest.useFakeTimers();
    cache = new QueryCache();
    upstreams = fakeUpstreams();
    anchor = { position: '40', changeFeed: true };
    stream = new InvalidationStream(SOURCE, {
      cache, logger: quiet, upstreams: upstreams.factory, retryMs: 100, maxRetryMs: 400,
      feedPosition: async () => anchor, contextFor: async () => 'signed-context',
    }, TREE);
  });
  afterEach(() => {
    stream.dispose();
    jest.useRealTimers();
  });

  it("should answer a write once its page came by: the write's units dropped, the other units' entries kept", async () => {
    await live();
    fillOf('01');
    fillOf('19');
    let outcome: string | undefined;
    void cache.settleWrite('economy', '45').then((o) => (outcome = o));
    await settle();
    expect(outcome).toBeUndefined();
    page('45', ['01']);
    await settle();
    expect(outcome).toBe('reached');
    expect(served('01')).toBe(false);
    expect(served('19')).toBe(true);
    expect(cache.stats().writes).toMatchObject({ reached: 1, timeout: 0 });
  });

  it('should answer at once a write the stream has passed already (its position was read after the write)', async () => {
    await live();
    fillOf('19');
    await expect(cache.settleWrite('economy', '40')).resolves.toBe('reached');
    expect(served('19')).toBe(true);
  });

  it("should drop the subgraph's entries when the page does not come within the bound", async () => {
    await live();
    fillOf('19');
    const outcome = cache.settleWrite('economy', '45');
    await settle(2_000);
    await expect(outcome).resolves.toBe('timeout');
    expect(served('19')).toBe(false);
  });

  it("should drop the subgraph's entries when the stream is lost while a write waits, or its feed is reset", async () => {
    await live();
    fillOf('19');
    const lost = cache.settleWrite('economy', '45');
    upstreams.last().handlers.lost({ kind: 'network', code: null, reason: 'stalled', acknowledged: true });
    await expect(lost).resolves.toBe('not-live');
    await settle(100);
    upstreams.last().handlers.acknowledged!();
    page('50', ['01']);
    fillOf('19');
    const reset = cache.settleWrite('economy', '60');
    page('3', ['01']); // the feed starts again under the stream
    await expect(reset).resolves.toBe('reset');
    expect(served('19')).toBe(false);
  });

  it('should not wait when nothing of the subgraph is cached (nothing to keep), and refuse the fills in flight', async () => {
    await live();
    const r = cache.begin('economy', 'anonymous', '{ 19 }', ['19']); // a read in flight
    await expect(cache.settleWrite('economy', '45')).resolves.toBe('nothing-cached');
    if (r && 'ticket' in r) cache.fill(r.ticket, '{"data":{}}');
    expect(served('19')).toBe(false);
  });

  it('should not wait on the readings feed: its writes drop the subgraph\'s entries', async () => {
    anchor = { position: '40', changeFeed: false };
    await live();
    fillOf('19');
    await expect(cache.settleWrite('economy', '40')).resolves.toBe('not-live');
    expect(served('19')).toBe(false);
  });
});
