import { type TestSystem, startTestSystem } from '../../support/system';
import { TEST_JWT_SECRET } from '../../support/tokens';
import { type GraphQLErrorJson, wsOnce } from './ws-once';

/** `{ units { children { parent { children … code } } } }` with `depth` levels of selection. */
export function unitsRecursion(depth: number): string {
  let inner = 'code';
  for (let i = depth - 2; i >= 1; i--) inner = `${i % 2 ? 'children' : 'parent'} { ${inner} }`;
  return `{ units { ${inner} } }`;
}
/** `n` aliases of a real field (graphql-armor lets `__typename` aliases through: they cost nothing). */
const fieldAliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: units { code }`).join(' ')} }`;

interface HttpAnswer {
  status: number;
  contentType: string;
  text: string;
  body: { data?: unknown; errors?: GraphQLErrorJson[] } | null;
}

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  let parsed: HttpAnswer['body'] = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON: the assertions say so */
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, body: parsed };
}
const query = (url: string, q: string, headers?: Record<string, string>) => post(url, JSON.stringify({ query: q }), headers);

const expectRefused = (errors: GraphQLErrorJson[] | undefined, limit: string) => {
  expect(errors).toEqual(expect.arrayContaining([expect.objectContaining({ extensions: expect.objectContaining({ code: 'OPERATION_LIMIT_EXCEEDED', limit }) })]));
};

describe('the edges of a default install (NODE_ENV unset, as `npm start`)', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ NODE_ENV: '', IOC_JWT_SECRET: TEST_JWT_SECRET });
  }, 180_000);
  afterAll(async () => {
    await system?.dispose();
  });

  describe('operation limits over HTTP', () => {
    it('should answer the units/children/parent recursion at depth 22 with a depth error, not 100 MB', async () => {
      const res = await query(system.url, unitsRecursion(22));
      expect(res.status).toBe(400);
      expect(res.body?.data).toBeUndefined();
      expectRefused(res.body?.errors, 'depth');
      expect(res.text.length).toBeLessThan(2000);
    });

    it('should still answer the same recursion within the depth limit', async () => {
      const res = await query(system.url, unitsRecursion(6));
      expect(res.status).toBe(200);
      expect(res.body?.errors).toBeUndefined();
      expect((res.body?.data as { units: unknown[] }).units.length).toBeGreaterThan(60);
    });

    it('should refuse 1,000 aliases (by tokens first) and 101 aliases, and accept 20 (the wall asks for targets with up to ~20)', async () => {
      expectRefused((await query(system.url, fieldAliases(1000))).body?.errors, 'tokens');
      expectRefused((await query(system.url, fieldAliases(101))).body?.errors, 'aliases');
      const ok = await query(system.url, fieldAliases(20));
      expect(ok.body?.errors).toBeUndefined();
    });

    it('should refuse a document of 1 MB of aliases by its token count, in the parser', async () => {
      const big = `{ ${'a: __typename '.repeat(70_000)}}`;
      const res = await query(system.url, big);
      expect(res.status).toBe(400);
      expectRefused(res.body?.errors, 'tokens');
    });

    it('should refuse too many directives and too high a cost', async () => {
      expectRefused((await query(system.url, `{ __typename ${'@include(if: true) '.repeat(60)}}`)).body?.errors, 'directives');
      // Wide and deep: 40 × governanceIndicators { series { indicator { series … } } } costs far above 5000.
      const wide = `{ ${Array.from({ length: 40 }, (_, i) => `i${i}: governanceIndicators { series(unitCode: "14") { indicator { series(unitCode: "14") { indicator { code } } } } }`).join(' ')} }`;
      expectRefused((await query(system.url, wide)).body?.errors, 'cost');
    });

    it('should answer a 4.9 MB body with 413 as a JSON GraphQL error, without a stack', async () => {
      const huge = `{ ${'a: __typename '.repeat(Math.ceil(4.9e6 / 15))}}`;
      const res = await query(system.url, huge);
      expect(res.status).toBe(413);
      expect(res.contentType).toMatch(/application\/json/);
      expect(res.body?.errors?.[0].extensions?.code).toBe('PAYLOAD_TOO_LARGE');
      expect(res.body?.errors?.[0].message).toMatch(/IOC_MAX_BODY_BYTES/);
      expect(res.text).not.toMatch(/<html|<pre|\bat \S+ \(|node_modules|\/dist\//i);
    });

    it('should answer a body that is not JSON with 400 as a JSON GraphQL error, without a stack', async () => {
      const res = await post(system.url, '{"query": ');
      expect(res.status).toBe(400);
      expect(res.body?.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
      expect(res.text).not.toMatch(/<html|<pre|\bat \S+ \(|node_modules|\/dist\//i);
    });

    it('should apply the same limits at a subgraph called directly', async () => {
      const res = await query(system.subgraphs.governance.url, unitsRecursion(22));
      expect(res.status).toBe(400);
      expectRefused(res.body?.errors, 'depth');
      expectRefused((await query(system.subgraphs.governance.url, fieldAliases(101))).body?.errors, 'aliases');
    });
  });

  describe('operation limits over graphql-ws', () => {
    it('should refuse a deep query, a query of 1,000 aliases and a deep subscription with an error message', async () => {
      expectRefused((await wsOnce(system.wsUrl, unitsRecursion(22))).errors, 'depth');
      expectRefused((await wsOnce(system.wsUrl, fieldAliases(101))).errors, 'aliases');
      expectRefused((await wsOnce(system.wsUrl, fieldAliases(1000))).errors, 'tokens');
      const deepSub = `subscription { governanceReadings { unit { ${unitsRecursion(20).slice(10, -4)} } } }`;
      expectRefused((await wsOnce(system.wsUrl, deepSub)).errors, 'depth');
    });

    it('should refuse a deep mutation over graphql-ws', async () => {
      const m = `mutation { reportGovernanceObservations(input: []) { rows { ${'x { '.repeat(12)}y${' }'.repeat(12)} } } }`;
      const answer = await wsOnce(system.wsUrl, m);
      expect(answer.errors?.length).toBeGreaterThan(0);
      expectRefused(answer.errors, 'depth');
    });

    it('should still answer a query within the limits over graphql-ws', async () => {
      const answer = await wsOnce(system.wsUrl, unitsRecursion(6));
      expect(answer.errors).toBeUndefined();
      expect(answer.next[0].errors).toBeUndefined();
    });

    it('should apply the same limits over graphql-ws at a subgraph called directly', async () => {
      const wsUrl = system.subgraphs.governance.url.replace(/^http/, 'ws');
      expectRefused((await wsOnce(wsUrl, unitsRecursion(22))).errors, 'depth');
    });
  });

  describe('production posture', () => {
    it('should carry no stack trace, file path or internal address in any error answer', async () => {
      const answers = await Promise.all([
        query(system.url, '{ nope }'),
        query(system.url, '{ unit(code: 1 }'),
        query(system.url, `mutation { reportGovernanceObservations(input: [{ indicatorCode: "X", unitCode: "14", period: "2024", value: 1 }]) { imported } }`),
        query(system.url, 'query ($c: ID!) { unit(code: $c) { name } }'),
        query(system.url, '{ unit(code: "14") { name } }', { authorization: 'Bearer not.a.token' }),
        query(system.subgraphs.governance.url, '{ nope }'),
      ]);
      for (const a of answers) {
        expect(a.body?.errors?.length).toBeGreaterThan(0);
        for (const e of a.body!.errors!) expect(e.extensions?.stacktrace).toBeUndefined();
        expect(a.text).not.toMatch(/stacktrace|node_modules|\/dist\/|\.ts:\d+|127\.0\.0\.1:\d+/);
      }
    });

    it('should suggest field names while introspection is on (the default)', async () => {
      const res = await query(system.url, '{ unti(code: "14") { name } }');
      expect(res.body?.errors?.[0].message).toMatch(/Did you mean "unit"/);
    });

    it('should answer a subscription sent over HTTP with 400 naming WebSocket, not 500', async () => {
      for (const url of [system.url, system.subgraphs.governance.url]) {
        const res = await query(url, 'subscription { governanceReadings { value } }');
        expect(res.status).toBe(400);
        expect(res.body?.errors?.[0].extensions?.code).toBe('SUBSCRIPTION_OVER_HTTP');
        expect(res.body?.errors?.[0].message).toMatch(/WebSocket/);
      }
    });

    it('should answer a bad x-ioc-context at a subgraph with 401 UNAUTHENTICATED, not 500', async () => {
      for (const context of ['not-a-jwt', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl']) {
        const res = await query(system.subgraphs.governance.url, '{ units { code } }', { 'x-ioc-context': context });
        expect(res.status).toBe(401);
        expect(res.body?.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
        expect(res.body?.errors?.[0].message).toMatch(/x-ioc-context/);
      }
    });

    it('should keep serving after every refusal above', async () => {
      const res = await query(system.url, '{ unit(code: "14") { name } }');
      expect(res.body?.data).toEqual({ unit: { name: 'Tỉnh Sơn La' } });
      expect((await fetch(system.url.replace('/graphql', '/healthz'))).status).toBe(200);
    });
  });
});
