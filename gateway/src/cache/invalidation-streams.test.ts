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
const SOURCE = { name: 'economy', wsUrl: 'ws://127.0.0.1:9/graphql', field: 'economyReadings' };

describe('an invalidation stream', () => {
  let cache: QueryCache;
  let upstreams: ReturnType<typeof fakeUpstreams>;
  let stream: InvalidationStream;

  beforeEach(() => {
    jest.useFakeTimers();
    cache = new QueryCache();
    upstreams = fakeUpstreams();
    stream = new InvalidationStream(SOURCE, { cache, logger: quiet, upstreams: upstreams.factory, retryMs: 100, maxRetryMs: 400, pingIntervalMs: 500 }, NO_TREE);
  });
  afterEach(() => {
    stream.dispose();
    jest.useRealTimers();
  });

  it('should bypass its subgraph until the subgraph acknowledges the subscription, then serve it from the cache', () => {
    expect(stream.state.kind).toBe('idle');
    stream.start();
    expect(stream.state.kind).toBe('connecting');
    expect(cached(cache)).toBe(false);
    upstreams.last().handlers.acknowledged!();
    expect(stream.state.kind).toBe('live');
    expect(cached(cache)).toBe(true);
  });

  it('should ask the upstream for keep-alive pings, so that a stalled subgraph is noticed', () => {
    stream.start();
    expect(upstreams.last().options.pingIntervalMs).toBe(500);
    expect(upstreams.last().options.variables).toEqual({});
  });

  it('should drop the entries an event touches', () => {
    stream.start();
    upstreams.last().handlers.acknowledged!();
    expect(cached(cache)).toBe(true);
    upstreams.last().event('7');
    const r = cache.begin('economy', 'anonymous', '{ q }');
    expect(r && 'ticket' in r).toBe(true);
  });

  it('should drop every entry and bypass the subgraph when the stream stalls, then resume after the last cursor', () => {
    stream.start();
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
    jest.advanceTimersByTime(100);
    expect(stream.state.kind).toBe('connecting');
    expect(upstreams.last().options.variables).toEqual({ after: '41' });
    expect(cached(cache)).toBe(false);
    upstreams.last().handlers.acknowledged!();
    expect(cached(cache)).toBe(true);
  });

  it('should ignore what an upstream it has replaced still reports', () => {
    stream.start();
    const first = upstreams.last();
    first.handlers.lost({ kind: 'network', code: 1006, reason: 'closed (1006)', acknowledged: false });
    jest.advanceTimersByTime(100);
    first.handlers.acknowledged!();
    expect(stream.state.kind).toBe('connecting');
    expect(cached(cache)).toBe(false);
  });

  it('should wait twice as long after each failed attempt, up to the maximum, and reset once live', () => {
    stream.start();
    const lose = () => upstreams.last().handlers.lost({ kind: 'network', code: null, reason: 'ECONNREFUSED', acknowledged: false });
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      lose();
      const n = upstreams.made.length;
      let waited = 0;
      while (upstreams.made.length === n) {
        jest.advanceTimersByTime(50);
        waited += 50;
      }
      waits.push(waited);
    }
    expect(waits).toEqual([100, 200, 400, 400]);
    upstreams.last().handlers.acknowledged!();
    lose();
    jest.advanceTimersByTime(100);
    expect(stream.state.kind).toBe('connecting');
  });

  it('should start afresh without a cursor when the subgraph refuses it', () => {
    stream.start();
    upstreams.last().handlers.acknowledged!();
    upstreams.last().event('99');
    upstreams.last().handlers.error([{ message: '"99" is not a feed cursor' }]);
    expect(cached(cache)).toBe(false);
    jest.advanceTimersByTime(100);
    expect(upstreams.last().options.variables).toEqual({});
  });

  it('should stop for good on dispose: upstream stopped, entries dropped, no reconnect', () => {
    stream.start();
    upstreams.last().handlers.acknowledged!();
    expect(cached(cache)).toBe(true);
    stream.dispose();
    expect(upstreams.last().stopped).toBe(true);
    expect(stream.state.kind).toBe('disposed');
    expect(cached(cache)).toBe(false);
    jest.advanceTimersByTime(10_000);
    expect(upstreams.made).toHaveLength(1);
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
      cache, logger: quiet, upstreams: upstreams.factory,
    });
    try {
      expect(upstreams.made.map((u) => u.options.url)).toEqual(['ws://127.0.0.1:9001/graphql']);
      upstreams.last().handlers.acknowledged!();
      expect(streams.snapshot()).toEqual({ economy: 'live' });
      expect(cached(cache, 'plain')).toBe(false); // nothing would invalidate it

      // A partner joins: its own `<prefix>Readings` field, found by its type implementing Reading.
      const withHealth = await compose({ economy: 'http://127.0.0.1:9001/graphql', plain: 'http://127.0.0.1:9003/graphql', health: 'http://127.0.0.1:9002/graphql' });
      streams.update(withHealth, ['health']);
      const health = upstreams.last();
      expect(health.options).toMatchObject({ url: 'ws://127.0.0.1:9002/graphql' });
      expect(health.options.query).toContain('healthReadings(after: $after)');
      expect(cached(cache, 'health')).toBe(false);
      health.handlers.acknowledged!();
      expect(cached(cache, 'health')).toBe(true);
      expect(cached(cache, 'economy')).toBe(true);

      // It moves to another address: resubscribed there, its entries dropped; economy's kept.
      streams.update(await compose({ economy: 'http://127.0.0.1:9001/graphql', plain: 'http://127.0.0.1:9003/graphql', health: 'http://127.0.0.1:9012/graphql' }), ['health']);
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
