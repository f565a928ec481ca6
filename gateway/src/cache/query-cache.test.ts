import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import type { FormattedExecutionResult } from 'graphql';
import { cachePolicy, scopeOf, unitDependencies } from './cache-policy';
import { QueryCache } from './query-cache';
import { answerThroughCache, responseTicketOf, stringifyAnswer } from './response-cache';

const fill = (cache: QueryCache, body: string, units: string[] | null = null, answer = `answer of ${body}`) => {
  const r = cache.begin('economy', 'anonymous', body, units);
  if (!r || !('ticket' in r)) throw new Error(`expected a miss, got ${JSON.stringify(r)}`);
  cache.fill(r.ticket, answer);
};
const hit = (cache: QueryCache, body: string, scope = 'anonymous') => {
  const r = cache.begin('economy', scope, body);
  return r && 'hit' in r ? r.hit : undefined;
};

describe('QueryCache', () => {
  let cache: QueryCache;
  beforeEach(() => {
    cache = new QueryCache();
    cache.setLive('economy', true);
  });

  it('should answer a second identical fetch from the cache and count it', () => {
    fill(cache, 'q');
    expect(hit(cache, 'q')).toBe('answer of q');
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, entries: 1 });
  });

  it('should take any bound IOC_QUERY_CACHE_MAX_BYTES accepts (0, a fraction) rather than throw at start', () => {
    for (const maxBytes of [0, 0.5, 1_000_000.5]) {
      const c = new QueryCache({ maxBytes });
      c.setLive('economy', true);
      fill(c, 'q');
      expect(c.stats().bytes).toBeLessThanOrEqual(Math.max(1, maxBytes));
    }
  });

  it('should count its frequency sketches in IOC_QUERY_CACHE_MAX_BYTES: the pools share what they leave', () => {
    const defaults = new QueryCache();
    const { sketchBytes, pools } = defaults.stats();
    expect(sketchBytes).toBe(1024 * 1024); // 2 × 512 KiB at 10,000 entries
    const poolBytes = Object.values(pools).reduce((n, p) => n + p.maxBytes, 0);
    expect(poolBytes + sketchBytes).toBeLessThanOrEqual(64 * 1024 * 1024);
    expect(poolBytes + sketchBytes).toBeGreaterThan(64 * 1024 * 1024 - 4);
    // A small bound: narrower sketches (an eighth of their pools' bytes at most), entries and sketches within it.
    const small = new QueryCache({ maxBytes: 200_000 });
    small.setLive('economy', true);
    for (let i = 0; i < 2_000; i++) fill(small, `q ${i}`, null, 'x'.repeat(500));
    expect(small.stats().sketchBytes).toBeLessThanOrEqual(200_000 / 8);
    expect(small.stats().bytes + small.stats().sketchBytes).toBeLessThanOrEqual(200_000);
  });

  it('should still tell its listeners of a write when off (the in-flight dedupe detaches), and count nothing', () => {
    const off = new QueryCache({ enabled: false });
    const heard: string[] = [];
    off.onInvalidate((name) => heard.push(name));
    off.invalidate('economy');
    expect(heard).toEqual(['economy']);
    expect(off.stats()).toMatchObject({ invalidations: 0, subgraphs: {} });
  });

  it('should keep scopes apart', () => {
    fill(cache, 'q');
    expect(hit(cache, 'q', scopeOf({ subject: 'a', roles: ['viewer'] }))).toBeUndefined();
  });

  it('should bypass a subgraph whose stream is not live, and drop its entries when the stream is lost', () => {
    fill(cache, 'q');
    cache.setLive('economy', false);
    expect(cache.begin('economy', 'anonymous', 'q')).toBeNull();
    expect(cache.stats()).toMatchObject({ entries: 0, bypassed: 1 });
    cache.setLive('economy', true);
    expect(hit(cache, 'q')).toBeUndefined();
  });

  it('should drop the entries of a unit and of its ancestors on an event, and keep the others', () => {
    fill(cache, 'province', ['19']);
    fill(cache, 'district', ['190']);
    fill(cache, 'other province', ['52']);
    fill(cache, 'whole', null);
    cache.invalidate('economy', new Set(['190', '19']));
    expect(hit(cache, 'province')).toBeUndefined();
    expect(hit(cache, 'district')).toBeUndefined();
    expect(hit(cache, 'whole')).toBeUndefined();
    expect(hit(cache, 'other province')).toBe('answer of other province');
  });

  it('should not fill an entry whose fetch started before an event that touches it', () => {
    const r = cache.begin('economy', 'anonymous', 'q', ['19']);
    const other = cache.begin('economy', 'anonymous', 'p', ['52']);
    cache.invalidate('economy', new Set(['19']));
    if (!r || !('ticket' in r) || !other || !('ticket' in other)) throw new Error('expected misses');
    cache.fill(r.ticket, 'stale');
    cache.fill(other.ticket, 'fresh');
    expect(hit(cache, 'q')).toBeUndefined();
    expect(hit(cache, 'p')).toBe('fresh');
  });

  it('should stay within its byte bound, least recently used first', () => {
    cache = new QueryCache({ maxBytes: 10_000 });
    cache.setLive('economy', true);
    for (let i = 0; i < 20; i++) fill(cache, `q${i}`, null, 'x'.repeat(1_000));
    const s = cache.stats();
    expect(s.bytes).toBeLessThanOrEqual(10_000);
    expect(hit(cache, 'q19')).toBeDefined();
    expect(hit(cache, 'q0')).toBeUndefined();
    cache.invalidate('economy'); // evicted entries are no longer tracked
    expect(cache.stats().entries).toBe(0);
  });

  it('should keep a whole answer until one of its dependencies is touched', () => {
    const start = () => {
      const r = cache.beginResponse('dashboard 19', 'anonymous');
      if (!r || !('ticket' in r)) throw new Error('expected a miss');
      r.ticket.deps.push({ subgraph: 'economy', units: ['19'] });
      return r.ticket;
    };
    cache.fillResponse(start(), { data: { v: 1 } }, '{"data":{"v":1}}\n');
    expect(cache.beginResponse('dashboard 19', 'anonymous')).toEqual({ hit: { data: { v: 1 } } });
    cache.invalidate('economy', new Set(['52']));
    expect(cache.beginResponse('dashboard 19', 'anonymous')).toEqual({ hit: { data: { v: 1 } } });
    cache.invalidate('economy', new Set(['190', '19']));
    const t = start();
    cache.invalidate('economy', new Set(['19'])); // a write while the answer was being made
    cache.fillResponse(t, { data: { v: 2 } }, '{"data":{"v":2}}\n');
    expect(cache.beginResponse('dashboard 19', 'anonymous')).not.toHaveProperty('hit');
  });

  describe('shared between callers', () => {
    const OFFICIAL = JSON.stringify([['official'], null]);
    const BIG = 'x'.repeat(2_000);
    const stranger = (c: QueryCache, n: number) => {
      for (let i = 0; i < n; i++) {
        const r = c.begin('economy', 'anonymous', `stranger ${i}`);
        if (r && 'ticket' in r) c.fill(r.ticket, BIG);
      }
    };

    it("should not let a stranger's many distinct queries evict an authenticated caller's entries", () => {
      cache = new QueryCache({ maxBytes: 200_000 });
      cache.setLive('economy', true);
      const r = cache.begin('economy', OFFICIAL, 'dashboard');
      if (!r || !('ticket' in r)) throw new Error('expected a miss');
      cache.fill(r.ticket, BIG);
      stranger(cache, 1_000);
      expect(hit(cache, 'dashboard', OFFICIAL)).toBe(BIG);
      const { pools, bytes } = cache.stats();
      expect(pools['anonymous-new'].bytes + pools['anonymous-reused'].bytes).toBeLessThanOrEqual(100_000);
      expect(bytes).toBeLessThanOrEqual(200_000);
    });

    it("should keep the wall's reused anonymous entries while a stranger's one-off queries churn", () => {
      cache = new QueryCache({ maxBytes: 200_000 });
      cache.setLive('economy', true);
      fill(cache, 'wall dashboard', null, BIG);
      expect(hit(cache, 'wall dashboard')).toBe(BIG); // asked again: reused
      stranger(cache, 1_000);
      expect(hit(cache, 'wall dashboard')).toBe(BIG);
      expect(cache.stats().pools['anonymous-reused'].entries).toBe(1);
    });

    it('should protect whole answers the same way, and keep no anonymous entry with a share of 0', () => {
      cache = new QueryCache({ maxBytes: 200_000, anonymousShare: 0 });
      cache.setLive('economy', true);
      const answer = (scope: string) => {
        const r = cache.beginResponse('dashboard 19', scope);
        if (!r || !('ticket' in r)) return r?.hit;
        r.ticket.deps.push({ subgraph: 'economy', units: ['19'] });
        cache.fillResponse(r.ticket, { data: { v: scope } }, `{"data":{"v":${JSON.stringify(scope)}}}\n`);
        return undefined;
      };
      answer(OFFICIAL);
      answer('anonymous');
      stranger(cache, 100);
      expect(answer(OFFICIAL)).toEqual({ data: { v: OFFICIAL } });
      expect(answer('anonymous')).toBeUndefined();
      expect(cache.stats().pools['anonymous-new'].entries).toBe(0);
    });
  });

  describe('admission to the reused half (TinyLFU)', () => {
    // 20 reused entries (of 80), the sketch halved every 400 anonymous asks.
    const bounded = () => {
      const c = new QueryCache({ maxEntries: 80 });
      c.setLive('economy', true);
      return c;
    };
    /** Asks `body` as an anonymous caller, filling it on a miss; whether it was a hit. */
    const ask = (c: QueryCache, body: string) => {
      const r = c.begin('economy', 'anonymous', body);
      if (!r) throw new Error('expected the subgraph to be live');
      if ('hit' in r) return true;
      c.fill(r.ticket, `answer of ${body}`);
      return false;
    };
    const WALL = Array.from({ length: 20 }, (_, i) => `wall dashboard ${i}`);
    const askWall = (c: QueryCache) => WALL.filter((q) => !ask(c, q));

    it("should not let a stranger who asks each of many distinct queries twice evict the wall's steadily asked entries", () => {
      cache = bounded();
      for (let round = 0; round < 5; round++) askWall(cache);
      expect(cache.stats().pools['anonymous-reused'].entries).toBe(20);
      const missed: string[] = [];
      for (let i = 0; i < 2_600; i++) {
        ask(cache, `junk ${i}`);
        ask(cache, `junk ${i}`); // a hit: without admission, this moved it to the reused half
        if (i % 10 === 9) missed.push(...askWall(cache));
      }
      expect(missed).toEqual([]);
      expect(askWall(cache)).toEqual([]);
    });

    it('should still let a genuinely popular new entry into the reused half', () => {
      cache = bounded();
      for (let round = 0; round < 3; round++) askWall(cache);
      for (let i = 0; i < 8; i++) ask(cache, 'new dashboard');
      // One-off queries churn the new half: the popular entry is no longer there, but reused.
      for (let i = 0; i < 100; i++) ask(cache, `one-off ${i}`);
      expect(ask(cache, 'new dashboard')).toBe(true);
      expect(cache.stats().pools['anonymous-reused'].entries).toBe(20);
    });

    it('should let a changed workload take over the reused half as the old counts age', () => {
      cache = bounded();
      for (let round = 0; round < 20; round++) askWall(cache); // every count at its cap
      const NEXT = Array.from({ length: 20 }, (_, i) => `next dashboard ${i}`);
      for (let round = 0; round < 40; round++) for (const q of NEXT) ask(cache, q);
      for (let i = 0; i < 100; i++) ask(cache, `one-off ${i}`);
      expect(NEXT.filter((q) => !ask(cache, q))).toEqual([]);
      expect(WALL.filter((q) => ask(cache, q))).toEqual([]);
    });

    it("should not let a token holder's many one-off queries evict an official's steadily asked entries (authenticated pool)", () => {
      cache = bounded(); // 40 authenticated entries
      const OFFICIAL = JSON.stringify([['official'], null]);
      const OTHER = JSON.stringify([['someone'], null]);
      const askAs = (scope: string, body: string) => {
        const r = cache.begin('economy', scope, body);
        if (!r) throw new Error('expected the subgraph to be live');
        if ('hit' in r) return true;
        cache.fill(r.ticket, `answer of ${body}`);
        return false;
      };
      const DASHBOARDS = Array.from({ length: 40 }, (_, i) => `official dashboard ${i}`);
      for (let round = 0; round < 5; round++) for (const q of DASHBOARDS) askAs(OFFICIAL, q);
      const missed: string[] = [];
      for (let i = 0; i < 2_000; i++) {
        askAs(OTHER, `junk ${i}`);
        askAs(OTHER, `junk ${i}`);
        if (i % 10 === 9) missed.push(...DASHBOARDS.filter((q) => !askAs(OFFICIAL, q)));
      }
      expect(missed).toEqual([]);
    });

    it("should not let one credential holder asking many distinct queries, each often, push another holder's steadily asked entries out", () => {
      // 40 authenticated entries; one holder may fill at most half of them.
      const c = new QueryCache({ maxEntries: 80, holderShare: 0.5 });
      c.setLive('economy', true);
      const OFFICIAL = JSON.stringify([['official'], null]); // both holders have the same scope
      const askAs = (holder: string, body: string) => c.asHolder(holder, () => {
        const r = c.begin('economy', OFFICIAL, body);
        if (!r) throw new Error('expected the subgraph to be live');
        if ('hit' in r) return true;
        c.fill(r.ticket, `answer of ${body}`);
        return false;
      });
      const DASHBOARDS = Array.from({ length: 20 }, (_, i) => `dashboard ${i}`);
      for (let round = 0; round < 5; round++) for (const q of DASHBOARDS) askAs('official-1', q);
      const missed: string[] = [];
      for (let round = 0; round < 10; round++) {
        // Between two of the official's rounds, 40 new queries each asked 16 times: as frequent as
        // the counters go, so admission by frequency alone would let them in over his dashboards.
        for (let i = 0; i < 40; i++) for (let n = 0; n < 16; n++) askAs('holder-2', `query ${round} ${i}`);
        missed.push(...DASHBOARDS.filter((q) => !askAs('official-1', q)));
      }
      expect(missed).toEqual([]);
      expect(c.stats().pools.authenticated.entries).toBe(40); // holder-2 keeps his share: his latest 20
      expect(askAs('holder-2', 'query 9 39')).toBe(true);
      expect(askAs('holder-2', 'query 9 0')).toBe(false);
    });

    it("should not let the holder who filled an entry first push it out with his own queries once another holder asks for it", () => {
      const c = new QueryCache({ maxEntries: 100, holderShare: 0.25 }); // 50 authenticated entries, 12 per holder
      c.setLive('economy', true);
      const VIEWER = JSON.stringify([['viewer'], null]); // both holders have the same scope
      const askAs = (holder: string, body: string) => c.asHolder(holder, () => {
        const r = c.begin('economy', VIEWER, body, ['19']);
        if (!r) throw new Error('expected the subgraph to be live');
        if ('hit' in r) return true;
        c.fill(r.ticket, `answer of ${body}`);
        return false;
      });
      askAs('mallory', 'dashboard'); // first to ask after an event: he fills the official's dashboard
      for (let i = 0; i < 20; i++) expect(askAs('official', 'dashboard')).toBe(true);
      for (let i = 0; i < 12; i++) askAs('mallory', `junk ${i}`); // a full share of his own
      expect(askAs('official', 'dashboard')).toBe(true);
      expect(c.stats().pools.authenticated.entries).toBe(13);
      for (let i = 12; i < 40; i++) askAs('mallory', `junk ${i}`);
      expect(c.stats().pools.authenticated.entries).toBe(13); // mallory still holds his share only
    });

    it("should bound a holder's bytes in the authenticated pool too, and refuse an entry larger than his share", () => {
      const c = new QueryCache({ maxBytes: 2_000_000, anonymousShare: 0.5, holderShare: 0.25 });
      c.setLive('economy', true);
      const SCOPE = JSON.stringify([['official'], null]);
      const fillAs = (holder: string, body: string, answer: string) => c.asHolder(holder, () => {
        const r = c.begin('economy', SCOPE, body);
        if (r && 'ticket' in r) c.fill(r.ticket, answer);
      });
      const bound = c.stats().pools.authenticated.maxBytes / 4;
      for (let i = 0; i < 100; i++) fillAs('holder-2', `big ${i}`, 'x'.repeat(20_000));
      expect(c.stats().pools.authenticated.bytes).toBeLessThanOrEqual(bound);
      fillAs('holder-2', 'huge', 'x'.repeat(Math.ceil(bound)));
      expect(c.stats().pools.authenticated.bytes).toBeLessThanOrEqual(bound);
      expect(c.asHolder('holder-2', () => c.begin('economy', SCOPE, 'huge'))).toHaveProperty('ticket');
    });

    it('should protect whole answers the same way', () => {
      cache = bounded();
      const answer = (key: string) => {
        const r = cache.beginResponse(key, 'anonymous');
        if (!r || !('ticket' in r)) return r?.hit;
        r.ticket.deps.push({ subgraph: 'economy', units: ['19'] });
        cache.fillResponse(r.ticket, { data: { key } }, `{"data":{"key":${JSON.stringify(key)}}}\n`);
        return undefined;
      };
      for (let round = 0; round < 5; round++) for (const q of WALL) answer(q);
      const missed: string[] = [];
      for (let i = 0; i < 1_000; i++) {
        answer(`junk ${i}`);
        answer(`junk ${i}`);
        if (i % 10 === 9) missed.push(...WALL.filter((q) => answer(q) === undefined));
      }
      expect(missed).toEqual([]);
    });
  });

  it('should cache nothing when disabled', () => {
    cache = new QueryCache({ enabled: false });
    cache.setLive('economy', true);
    expect(cache.begin('economy', 'anonymous', 'q')).toBeNull();
  });
});

describe('cachePolicy', () => {
  it('should invalidate on a mutation, bypass dossierFlows and a broken document', () => {
    expect(cachePolicy('mutation { reportEconomyObservations(input: []) { imported } }')).toBe('invalidate');
    expect(cachePolicy('{ unit(code: "14") { dossierFlows { period } } }')).toBe('bypass');
    expect(cachePolicy('{ unit(code: ')).toBe('bypass');
  });

  it('should depend on the units of an entity fetch that reads only their readings', () => {
    const q = 'query($representations:[_Any!]!){_entities(representations:$representations){...on AdministrativeUnit{economyReadings{indicatorCode value period status}}}}';
    expect(cachePolicy(q)).toBe('cache-units');
    expect(unitDependencies({ representations: [{ __typename: 'AdministrativeUnit', code: '19' }, { __typename: 'AdministrativeUnit', code: '190' }] })).toEqual(['19', '190']);
    expect(unitDependencies({ representations: [{ __typename: 'EconomyIndicator', code: 'X' }] })).toBeNull();
  });

  it('should depend on the whole subgraph when a fetch may read another unit', () => {
    expect(cachePolicy('query($r:[_Any!]!){_entities(representations:$r){...on AdministrativeUnit{economyReadings{unit{parent{code}}}}}}')).toBe('cache-whole');
    expect(cachePolicy('{ economyIndicator(code: "X") { latest(unitCode: "19") { value } } }')).toBe('cache-whole');
  });
});

describe('answerThroughCache', () => {
  const request = (variables: Record<string, unknown>) =>
    ({ operation: { operation: 'query' }, context: {}, request: { operationName: 'Dashboard', variables }, queryHash: 'h' }) as unknown as GatewayGraphQLRequestContext;

  it('should write a hit with the text kept at fill, equal to what Apollo Server would write, and anything else as Apollo Server does', async () => {
    const cache = new QueryCache();
    cache.setLive('economy', true);
    const data = { unit: { code: '19', value: 1.5, name: 'Tây Ninh "mới"' } };
    const run = jest.fn(async () => ({ data }));
    const rc = request({ unit: '19' });
    const first = await answerThroughCache(cache, rc, async () => {
      const ticket = responseTicketOf(rc.context)!;
      ticket.deps.push({ subgraph: 'economy', units: ['19'] });
      return run();
    });
    const hit = await answerThroughCache(cache, request({ unit: '19' }), run);
    expect(run).toHaveBeenCalledTimes(1);
    // The kept copy is the parsed text (plain objects, a third of the executor's heap), equal to the first answer.
    expect(hit.data).toEqual(first.data);
    const written = stringifyAnswer({ errors: undefined, data: hit.data, extensions: undefined } as FormattedExecutionResult);
    expect(written).toBe(`${JSON.stringify({ data })}\n`);
    expect(stringifyAnswer({ data: { other: 1 } })).toBe('{"data":{"other":1}}\n');
    expect(stringifyAnswer({ errors: [{ message: 'x' }], data: hit.data } as FormattedExecutionResult)).toBe(`${JSON.stringify({ errors: [{ message: 'x' }], data })}\n`);
    // Dropped by an event of the unit: run again; the new answer is written with its own text.
    cache.invalidate('economy', new Set(['19']));
    const rc2 = request({ unit: '19' });
    const again = await answerThroughCache(cache, rc2, async () => {
      responseTicketOf(rc2.context)!.deps.push({ subgraph: 'economy', units: ['19'] });
      return { data: { unit: { code: '19', value: 2 } } };
    });
    expect(run).toHaveBeenCalledTimes(1);
    expect(stringifyAnswer({ data: again.data! })).toBe('{"data":{"unit":{"code":"19","value":2}}}\n');
  });

  it("should count the whole answers and subgraph fetches an authenticated request fills against its holder's share", async () => {
    const cache = new QueryCache({ maxEntries: 16, holderShare: 0.25 }); // 8 authenticated entries, 2 per holder
    cache.setLive('economy', true);
    const official = (subject: string) => ({ subject, roles: ['official'], agencyCode: null });
    const ask = (subject: string, unit: string) => {
      const rc = { ...request({ unit }), queryHash: `dashboard of ${unit}`, context: { principal: official(subject) } } as unknown as GatewayGraphQLRequestContext;
      return answerThroughCache(cache, rc, async () => {
        await new Promise((resolve) => setImmediate(resolve)); // the fetches run later, as in the executor
        const r = cache.begin('economy', scopeOf(official(subject)), `fetch of ${unit}`, [unit]);
        if (r && 'ticket' in r) cache.fill(r.ticket, `answer of ${unit}`);
        responseTicketOf(rc.context)!.deps.push({ subgraph: 'economy', units: [unit] });
        return { data: { unit } };
      });
    };
    for (const unit of ['1', '2', '3', '4']) await ask('official-1', unit);
    expect(cache.stats().pools.authenticated.entries).toBe(2); // his latest answer and fetch
    for (const unit of ['5', '6']) await ask('official-2', unit);
    expect(cache.stats().pools.authenticated.entries).toBe(4);
  });
});
