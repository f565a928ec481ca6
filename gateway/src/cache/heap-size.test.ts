import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { buildSchema, graphql } from 'graphql';
import { stringBytes, valueBytes } from './heap-size';
import { QueryCache } from './query-cache';
import { answerThroughCache, responseTicketOf } from './response-cache';

// The query cache's byte count against the heap its entries really hold: fill it with distinct
// answers shaped like the dashboard's (made by graphql-js, as the gateway's executor makes them),
// and read heapUsed after a full collection before and after.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapUsed = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const schema = buildSchema(`
  type Reading { indicatorCode: String value: Float period: String note: String }
  type Unit { code: String name: String economyReadings: [Reading] children: [Unit] }
  type Query { unit(code: String): Unit }`);
const QUERY = '{ unit { code name economyReadings { indicatorCode value period note } children { code name economyReadings { indicatorCode value period note } } } }';

interface Shape {
  /** Reading values: small integers (no boxed number) or fractions (a boxed double each). */
  value: (i: number, k: number) => number;
  /** Unit names: Latin-1 (1 byte a character) or Vietnamese (2 bytes a character). */
  name: (i: number) => string;
  /** Readings per unit. */
  readings: number;
  note: (i: number, k: number) => string | null;
}
const unit = (s: Shape, i: number, depth: number): object => ({
  code: `U${i}-${depth}`,
  name: s.name(i),
  economyReadings: Array.from({ length: s.readings }, (_, k) => ({ indicatorCode: `ECO_INDICATOR_${k}`, value: s.value(i, k), period: '2025', note: s.note(i, k) })),
  children: depth ? Array.from({ length: 6 }, (_, c) => unit(s, i * 10 + c, depth - 1)) : [],
});
const request = (i: number) =>
  ({ operation: { operation: 'query' }, context: {}, request: { operationName: 'Dashboard', variables: { unit: `U${i}` } }, queryHash: String(i).padStart(64, 'a') }) as unknown as GatewayGraphQLRequestContext;

/** Fills `cache` with `n` distinct whole answers and `n` distinct subgraph fetches; returns the heap they added. */
async function fill(cache: QueryCache, shape: Shape, n: number, scope: (i: number) => string): Promise<number> {
  const before = heapUsed();
  for (let i = 0; i < n; i++) {
    const root = unit(shape, i, 1);
    const rc = request(i);
    (rc.context as { principal?: unknown }).principal = scope(i) === 'anonymous' ? null : { subject: 's', roles: [scope(i)], agencyCode: null };
    await answerThroughCache(cache, rc, async () => {
      responseTicketOf(rc.context)!.deps.push({ subgraph: 'economy', units: [`U${i}`, `U${i}0`, `U${i}1`] });
      return (await graphql({ schema, source: QUERY, rootValue: { unit: () => root } })) as never;
    });
    // A subgraph fetch: the request body is part of the key, the response body is kept as text.
    const reps = Array.from({ length: 7 }, (_, c) => ({ __typename: 'AdministrativeUnit', code: `U${i}${c}` }));
    const body = JSON.stringify({ query: 'query($r:[_Any!]!){_entities(representations:$r){...on AdministrativeUnit{economyReadings{value}}}}', variables: { r: reps } });
    const started = cache.begin('economy', scope(i), body, reps.map((r) => r.code));
    if (started && 'ticket' in started) cache.fill(started.ticket, JSON.stringify({ data: { _entities: reps.map(() => ({ economyReadings: [{ value: i }] })) } }));
  }
  return heapUsed() - before;
}

const SHAPES: [string, Shape][] = [
  ['fractional values, Latin-1 names', { value: (i, k) => i * 1.37 + k + 0.5, name: (i) => `Province number ${i}`, readings: 8, note: () => null }],
  ['integer values, Vietnamese names', { value: (i, k) => i + k, name: (i) => `Tỉnh Tây Ninh số ${i}`, readings: 8, note: () => null }],
  ['many readings with long notes', { value: (i, k) => i / 3 + k, name: (i) => `P${i}`, readings: 20, note: (i, k) => `reported late by agency ${i} for indicator ${k}, revised after audit` }],
];

describe('the query cache memory estimate', () => {
  it.each(SHAPES)('should count within 1.5× the heap a cache full of distinct answers really holds (%s)', async (_name, shape) => {
    const cache = new QueryCache({ maxBytes: 1024 ** 3, maxEntries: 100_000 });
    cache.setLive('economy', true);
    const real = await fill(cache, shape, 1_500, (i) => (i % 2 ? 'anonymous' : 'official'));
    const { bytes, entries } = cache.stats();
    console.log(`${_name}: ${entries} entries, real ${(real / 1e6).toFixed(1)} MB, counted ${(bytes / 1e6).toFixed(1)} MB (${(real / bytes).toFixed(2)}×)`);
    expect(entries).toBe(3_000);
    expect(real / bytes).toBeGreaterThan(1 / 1.5);
    expect(real / bytes).toBeLessThan(1.5);
  });

  it('should keep the real heap of a cache filled far past IOC_QUERY_CACHE_MAX_BYTES within 1.5× of it', async () => {
    const maxBytes = 8 * 1024 * 1024;
    const cache = new QueryCache({ maxBytes, maxEntries: 100_000 });
    cache.setLive('economy', true);
    const real = await fill(cache, SHAPES[0][1], 4_000, (i) => (i % 3 ? 'anonymous' : 'official'));
    expect(cache.stats().bytes).toBeLessThanOrEqual(maxBytes);
    expect(real).toBeLessThan(1.5 * maxBytes);
  });

  it("should count within 1.5× the heap of a stranger's answers whose aliases make new property names each time", () => {
    const cache = new QueryCache({ maxBytes: 1024 ** 3, maxEntries: 100_000 });
    cache.setLive('economy', true);
    const before = heapUsed();
    for (let i = 0; i < 1_000; i++) {
      const r = cache.beginResponse(`Aliases\n{}\n${i}`, 'anonymous');
      if (!r || !('ticket' in r)) throw new Error('expected a miss');
      r.ticket.deps.push({ subgraph: 'economy', units: ['19'] });
      // `{ a0_0: __typename a0_1: __typename … }`: __typename aliases are free of IOC_MAX_ALIASES.
      const body = `${JSON.stringify({ data: Object.fromEntries(Array.from({ length: 400 }, (_, k) => [`a${i}_${k}`, 'Query'])) })}\n`;
      cache.fillResponse(r.ticket, JSON.parse(body) as object, body);
    }
    const real = heapUsed() - before;
    const { bytes } = cache.stats();
    expect(real / bytes).toBeLessThan(1.5);
    expect(real / bytes).toBeGreaterThan(1 / 1.5);
  });

  it('should count a string by its characters: 1 byte each for Latin-1, 2 for anything else, plus its header', () => {
    expect(stringBytes('x'.repeat(1_000))).toBe(1_016);
    expect(stringBytes('Tây'.repeat(1_000))).toBe(3_016);
    expect(stringBytes('Tỉnh'.repeat(1_000))).toBe(8_016);
  });

  it("should count a graphql-js result (null-prototype objects) above the same answer parsed from its text", () => {
    const parsed = JSON.parse('{"a":{"b":1.5,"c":"a string longer than ten"},"d":[1,2,3]}') as Record<string, unknown>;
    const executed = Object.assign(Object.create(null) as object, { a: Object.assign(Object.create(null) as object, parsed.a), d: parsed.d });
    expect(valueBytes(executed)).toBeGreaterThan(valueBytes(parsed));
    expect(valueBytes(parsed)).toBeGreaterThan(stringBytes('a string longer than ten'));
  });
});
