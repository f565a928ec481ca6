import { createHash, createHmac } from 'node:crypto';
import os from 'node:os';
import WebSocket from 'ws';
import { type TestSystem, startTestSystem } from '../../support/system';
import { TEST_JWT_SECRET, bearer, gatewayContext, token } from '../../support/tokens';

// The network edge as a stranger meets it: no internal address, path, variable name or library
// message in any answer, and every client mistake a 4xx with a code (never INTERNAL_SERVER_ERROR).

type Answer = { status: number; text: string; body: { errors?: { message: string; extensions?: { code?: string } }[]; data?: unknown } & Record<string, unknown> };

async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: Answer['body'] = {};
  try {
    body = JSON.parse(text) as Answer['body'];
  } catch {
    // not JSON: the assertions below say so
  }
  return { status: res.status, text, body };
}
const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** What no answer to a stranger may contain: addresses, ports, paths, secrets' names, library texts. */
const INTERNALS = /127\.0\.0\.1|localhost|0\.0\.0\.0|https?:\/\/|\/work\/|node_modules|\.ts:\d|_SECRET|IOC_[A-Z]|postgres|Compact JWS|jose|stack/i;

/** Opens a graphql-transport-ws socket, sends `connection_init` with `payload`, resolves the first outcome. */
function connectionInit(wsUrl: string, payload: unknown): Promise<{ acked: boolean; code?: number; reason?: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl, 'graphql-transport-ws');
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', ...(payload === undefined ? {} : { payload }) })));
    ws.on('message', (m) => {
      if (JSON.parse(m.toString()).type === 'connection_ack') {
        ws.close();
        resolve({ acked: true });
      }
    });
    ws.on('close', (code, reason) => resolve({ acked: false, code, reason: reason.toString() }));
    ws.on('error', reject);
  });
}

describe('the network edge meets a stranger', () => {
  let system: TestSystem;
  let gateway: string;
  let economy: string;
  const base = (graphqlUrl: string) => graphqlUrl.replace('/graphql', '');

  beforeAll(async () => {
    // On every interface, so the test can also come from a non-loopback address.
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET, HOST: '0.0.0.0' });
    gateway = system.url;
    economy = system.subgraphs.economy.url;
  }, 120_000);

  afterAll(async () => {
    await system?.dispose();
  });

  describe('health and metrics', () => {
    it("should show an anonymous caller the gateway's states and reason kinds only, and an admin everything", async () => {
      const anonymous = await call(`${base(gateway)}/healthz`);
      expect(anonymous.status).toBe(200);
      expect(anonymous.body).toMatchObject({ status: 'ok', service: 'gateway', subgraphs: { governance: 'ok', economy: 'ok', society: 'ok' }, supergraph: { state: 'serving' } });
      expect(anonymous.body.supergraph).toEqual({ state: 'serving' });
      expect(anonymous.text).not.toMatch(INTERNALS);
      expect(anonymous.text).not.toMatch(new RegExp(`:${system.subgraphs.economy.port}\\b`));

      const admin = await call(`${base(gateway)}/healthz`, { headers: bearer(token('admin')) });
      expect(admin.body).toMatchObject({ supergraph: { subgraphs: { economy: { url: economy } } } });
    });

    it('should refuse a malformed or invalid credential on /healthz with 401 and a code, not answer as to a stranger', async () => {
      for (const authorization of ['Basic YWRtaW46YWRtaW4=', 'Bearer not-a-jwt', '']) {
        const res = await call(`${base(gateway)}/healthz`, { headers: { authorization } });
        expect(res.status).toBe(401);
        expect(res.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      }
    });

    it("should show /healthz counters (cache hits, sockets, deduped requests) on this machine and to an admin, and a stranger from the network states only", async () => {
      const external = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
      if (!external) throw new Error('this test needs a non-loopback IPv4 interface');
      await call(gateway, json({ query: '{ __typename }' }));
      const local = await call(`${base(gateway)}/healthz`);
      expect(local.body).toMatchObject({ queries: { cache: { hits: expect.any(Number), misses: expect.any(Number), entries: expect.any(Number) } }, subscriptions: { clients: expect.any(Number) } });
      const stranger = await call(`http://${external}:${system.gateway.port}/healthz`);
      expect(stranger.status).toBe(200);
      expect(stranger.body).toMatchObject({ status: 'ok', subgraphs: { economy: 'ok' }, supergraph: { state: 'serving' } });
      expect(stranger.body.queries).toEqual({ cache: { enabled: true, subgraphs: expect.any(Object), streams: expect.any(Object) } });
      expect(stranger.body).not.toHaveProperty('subscriptions');
      expect(stranger.text).not.toMatch(/hits|misses|dedupe|bytes|entries|clients|subscribers/i);
      const admin = await call(`http://${external}:${system.gateway.port}/healthz`, { headers: bearer(token('admin')) });
      expect(admin.body).toMatchObject({ queries: { cache: { hits: expect.any(Number) } }, subscriptions: { clients: expect.any(Number) } });
      // A subgraph: its feed position and change feed's version for anyone (gateways subscribe after it), its open streams on this machine only.
      const subgraphStranger = await call(`http://${external}:${system.subgraphs.economy.port}/healthz`);
      expect(Object.keys(subgraphStranger.body).sort()).toEqual(['changeFeed', 'feedPosition', 'service', 'status']);
    });

    it("should show an anonymous caller on this machine a subgraph's counters but not its database schema; the gateway's admin context shows it", async () => {
      const anonymous = await call(`${base(economy)}/healthz`);
      expect(anonymous.status).toBe(200);
      expect(Object.keys(anonymous.body).sort()).toEqual(['changeFeed', 'feedPosition', 'openStreams', 'service', 'status']);
      const admin = await call(`${base(economy)}/healthz`, { headers: { 'x-ioc-context': gatewayContext(system.env, 'economy') } });
      expect(admin.body).toMatchObject({ status: 'ok', schema: 'economy' });
    });

    it("should not let a stranger's junk operation names push an official's operations into `other` on /metrics", async () => {
      const named = (name: string, headers: Record<string, string> = {}) => call(gateway, json({ query: `query ${name} { __typename }`, operationName: name }, headers));
      expect((await named('OfficialsBoard', bearer(token('admin')))).status).toBe(200);
      for (let i = 0; i < 300; i += 25) await Promise.all(Array.from({ length: 25 }, (_, k) => named(`Junk${i + k}`)));
      // Refused ones (a bad document) admit nothing.
      for (let i = 0; i < 50; i++) await call(gateway, json({ query: `query Refused${i} { nope }`, operationName: `Refused${i}` }));
      expect((await named('LateOfficialOp', bearer(token('admin')))).status).toBe(200);
      const text = (await call(`${base(gateway)}/metrics`)).text;
      expect(text).toMatch(/operation_name="OfficialsBoard"/);
      expect(text).toMatch(/operation_name="LateOfficialOp"/);
      expect(text).not.toMatch(/operation_name="Refused/);
      const junk = new Set([...text.matchAll(/operation_name="(Junk\d+)"/g)].map((m) => m[1]));
      expect(junk.size).toBeLessThanOrEqual(50);
    });

    it('should serve /metrics on loopback and refuse it to an anonymous caller from the network with 403 and a code', async () => {
      expect((await call(`${base(gateway)}/metrics`)).status).toBe(200);
      const external = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
      if (!external) throw new Error('this test needs a non-loopback IPv4 interface');
      for (const port of [system.gateway.port, system.subgraphs.economy.port]) {
        const stranger = await call(`http://${external}:${port}/metrics`);
        expect(stranger.status).toBe(403);
        expect(stranger.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      }
      const admin = await call(`http://${external}:${system.gateway.port}/metrics`, { headers: bearer(token('admin')) });
      expect(admin.status).toBe(200);
      expect(admin.text).toMatch(/ioc_graphql_request_duration_seconds/);
      // A malformed credential is refused on loopback too, as /healthz refuses it.
      const malformed = await call(`${base(gateway)}/metrics`, { headers: { authorization: 'Bearer garbage' } });
      expect(malformed.status).toBe(401);
      expect(malformed.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('credentials', () => {
    it("should answer a forged gateway context at a subgraph with a generic 401 that names no secret's variable", async () => {
      const res = await call(economy, json({ query: '{ __typename }' }, { 'x-ioc-context': 'forged.token.value' }));
      expect(res.status).toBe(401);
      expect(res.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(res.text).not.toMatch(INTERNALS);
      expect(res.text).not.toMatch(/[A-Z]+_CONTEXT_SECRET|IOC_GATEWAY_SECRET|context_secret|supergraph/);
    });

    it.each([
      ['empty', ''],
      ['another scheme', 'Basic YWRtaW46YWRtaW4='],
      ['a bare token', 'eyJhbGciOiJIUzI1NiJ9.e30.x'],
      ['Bearer alone', 'Bearer'],
      ['two tokens', 'Bearer a b'],
      ['not a JWT', 'Bearer not-a-jwt'],
    ])('should refuse an HTTP Authorization header that is %s with 401 UNAUTHENTICATED and a fixed text', async (_what, authorization) => {
      const res = await call(gateway, json({ query: '{ __typename }' }, { authorization }));
      expect(res.status).toBe(401);
      expect(res.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(res.body.data).toBeUndefined();
      expect(res.text).not.toMatch(INTERNALS);
    });

    it('should refuse POST /admin/reload without an admin credential with 401 or 403 and a code', async () => {
      const reload = (headers: Record<string, string>) => call(`${base(gateway)}/admin/reload`, { method: 'POST', headers });
      for (const [headers, status, code] of [
        [{}, 401, 'UNAUTHENTICATED'],
        [{ authorization: 'Basic YWRtaW46YWRtaW4=' }, 401, 'UNAUTHENTICATED'],
        [bearer('not-a-jwt'), 401, 'UNAUTHENTICATED'],
        [bearer(token('viewer')), 403, 'FORBIDDEN'],
      ] as const) {
        const res = await reload(headers);
        expect(res.status).toBe(status);
        expect(res.body.errors?.[0].extensions?.code).toBe(code);
        expect(res.text).not.toMatch(INTERNALS);
      }
    });

    it('should refuse a token signed with another secret without telling the JWT library\'s reason', async () => {
      const res = await call(gateway, json({ query: '{ __typename }' }, bearer(`${token('admin').split('.').slice(0, 2).join('.')}.c2lnbmF0dXJl`)));
      expect(res.status).toBe(401);
      expect(res.body.errors?.[0]).toEqual({ message: 'The token was not issued for this graph', extensions: { code: 'UNAUTHENTICATED' } });
    });

    it('should tell a token that is not valid yet (nbf ahead) by the clock to check, not as issued for another graph', async () => {
      const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const input = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 'early', roles: ['viewer'], iss: 'ioc-graph', aud: 'ioc-graph', nbf: now + 3600, exp: now + 7200 })}`;
      const early = `${input}.${createHmac('sha256', TEST_JWT_SECRET).update(input).digest('base64url')}`;
      const res = await call(gateway, json({ query: '{ __typename }' }, bearer(early)));
      expect(res.status).toBe(401);
      expect(res.body.errors?.[0]).toEqual({ message: 'The token is not valid yet: check the clock of the machine that issued it', extensions: { code: 'UNAUTHENTICATED' } });
    });

    it.each([
      ['a number', { authorization: 42 }],
      ['an object', { authorization: { bearer: 'x' } }],
      ['an array', { Authorization: ['Bearer x'] }],
      ['an empty string', { authorization: '' }],
      ['null', { token: null }],
      ['not a JWT', { authorization: 'Bearer not-a-jwt' }],
    ])('should close a connection_init whose credential is %s with 4403 Forbidden, never treat it as anonymous', async (_what, payload) => {
      expect(await connectionInit(system.wsUrl, payload)).toEqual({ acked: false, code: 4403, reason: 'Forbidden' });
    });

    /** Opens a graphql-transport-ws upgrade with `headers`; resolves the refusal's status and body, or `open`. */
    const upgrade = (url: string, headers: Record<string, string>) =>
      new Promise<{ open: true } | { status: number; body: Answer['body'] }>((resolve, reject) => {
        const ws = new WebSocket(url, 'graphql-transport-ws', { headers });
        ws.on('open', () => {
          ws.close();
          resolve({ open: true });
        });
        ws.on('unexpected-response', (_req, res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Answer['body'] }));
        });
        ws.on('error', (err) => (err.message.startsWith('Unexpected server response') ? undefined : reject(err)));
      });

    it.each([
      ['another scheme', 'Basic YWRtaW46YWRtaW4='],
      ['an empty header', ''],
      ['not a JWT', 'Bearer not-a-jwt'],
      ['a token signed with another secret', `Bearer ${'x'}.${'y'}.c2lnbmF0dXJl`],
    ])('should refuse a WebSocket upgrade whose Authorization header is %s with 401 UNAUTHENTICATED, as over HTTP', async (_what, authorization) => {
      const res = await upgrade(system.wsUrl, { authorization });
      expect(res).toEqual({ status: 401, body: { errors: [{ message: expect.any(String), extensions: { code: 'UNAUTHENTICATED' } }] } });
      expect(JSON.stringify(res)).not.toMatch(INTERNALS);
      const http = await call(gateway, json({ query: '{ __typename }' }, { authorization }));
      expect(http.status).toBe(401);
    });

    it.each([
      ['a Sec-WebSocket-Protocol it cannot read', { 'Sec-WebSocket-Protocol': '"a b",,' }, 400],
      ['a Sec-WebSocket-Protocol naming one twice', { 'Sec-WebSocket-Protocol': 'graphql-transport-ws, graphql-transport-ws' }, 400],
    ])('should refuse a WebSocket upgrade with %s with a JSON error and a code, at the gateway, a subgraph and its change feed', async (_what, headers, status) => {
      for (const url of [system.wsUrl, economy.replace(/^http/, 'ws'), `${economy.replace(/^http/, 'ws')}/changes`]) {
        const res = await new Promise<{ status: number; type: string; text: string }>((resolve, reject) => {
          const ws = new WebSocket(url, { headers });
          ws.on('open', () => reject(new Error('the upgrade was accepted')));
          ws.on('unexpected-response', (_req, r) => {
            let text = '';
            r.on('data', (c: Buffer) => (text += c.toString()));
            r.on('end', () => resolve({ status: r.statusCode ?? 0, type: String(r.headers['content-type']), text }));
          });
          ws.on('error', (err) => (err.message.startsWith('Unexpected server response') ? undefined : reject(err)));
        });
        expect(res.status).toBe(status);
        expect(res.type).toMatch(/^application\/json/);
        expect(JSON.parse(res.text)).toEqual({ errors: [{ message: expect.stringMatching(/^The WebSocket upgrade was refused: .*Sec-WebSocket/), extensions: { code: 'BAD_REQUEST' } }] });
      }
    });

    it("should refuse a WebSocket upgrade to a subgraph with a forged gateway context, and open one with a valid header or none", async () => {
      const subgraphWs = economy.replace(/^http/, 'ws');
      expect(await upgrade(subgraphWs, { 'x-ioc-context': 'forged.token.value' })).toMatchObject({ status: 401, body: { errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] } });
      expect(await upgrade(subgraphWs, { 'x-ioc-context': gatewayContext(system.env, 'economy') })).toEqual({ open: true });
      expect(await upgrade(system.wsUrl, { authorization: `Bearer ${token('viewer')}` })).toEqual({ open: true });
      expect(await upgrade(system.wsUrl, {})).toEqual({ open: true });
    });

    it('should still acknowledge a connection_init without a credential (anonymous) and one with a valid token', async () => {
      expect(await connectionInit(system.wsUrl, undefined)).toEqual({ acked: true });
      expect(await connectionInit(system.wsUrl, {})).toEqual({ acked: true });
      expect(await connectionInit(system.wsUrl, { authorization: `Bearer ${token('viewer')}` })).toEqual({ acked: true });
    });
  });

  describe('persisted queries (Apollo APQ)', () => {
    const query = '{ unit(code: "14") { name } }';
    const apq = (sha256Hash: unknown, version: unknown = 1) => ({ persistedQuery: { version, sha256Hash } });

    it.each([
      ['gateway', () => gateway],
      ['subgraph', () => system.subgraphs.governance.url],
    ])('should answer a mismatched sha256 or an unsupported version with 400 BAD_REQUEST over POST and GET (%s)', async (_where, url) => {
      const cases: [string, RequestInit][] = [
        [url(), json({ query, extensions: apq('0'.repeat(64)) })],
        [url(), json({ query, extensions: apq(sha256(query), 2) })],
        [url(), json({ query, extensions: { persistedQuery: 'yes' } })],
        [`${url()}?query=${encodeURIComponent(query)}&extensions=${encodeURIComponent(JSON.stringify(apq('abc')))}`, { headers: { 'apollo-require-preflight': '1' } }],
      ];
      for (const [target, init] of cases) {
        const res = await call(target, init);
        expect(res.status).toBe(400);
        expect(res.body.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
        expect(res.body.errors?.[0].message).toMatch(/persistedQuery/);
      }
    });

    it('should answer an unknown hash with PERSISTED_QUERY_NOT_FOUND, then serve it once registered', async () => {
      const hash = sha256(query);
      const getUrl = `${gateway}?extensions=${encodeURIComponent(JSON.stringify(apq(hash)))}`;
      const unknown = await call(getUrl, { headers: { 'apollo-require-preflight': '1' } });
      expect(unknown.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      const registered = await call(gateway, json({ query, extensions: apq(hash) }));
      expect(registered.body).toEqual({ data: { unit: { name: 'Tỉnh Sơn La' } } });
      expect((await call(getUrl, { headers: { 'apollo-require-preflight': '1' } })).body).toEqual({ data: { unit: { name: 'Tỉnh Sơn La' } } });
    });
  });

  describe('client mistakes over HTTP', () => {
    const bigHeader = 'a'.repeat(70_000);
    const mistakes: [string, (url: string) => [string, RequestInit]][] = [
      ['several operations and no operationName', (u) => [u, json({ query: 'query A { __typename } query B { __typename }' })]],
      ['an unknown operationName', (u) => [u, json({ query: 'query A { __typename } query B { __typename }', operationName: 'C' })]],
      ['variables as a string', (u) => [u, json({ query: '{ __typename }', variables: '{}' })]],
      ['variables as an array', (u) => [u, json({ query: '{ __typename }', variables: [1] })]],
      ['extensions as a string', (u) => [u, json({ query: '{ __typename }', extensions: 'x' })]],
      ['operationName as a number', (u) => [u, json({ query: '{ __typename }', operationName: 5 })]],
      ['query as a number', (u) => [u, json({ query: 5 })]],
      ['a batched array', (u) => [u, json([{ query: '{ __typename }' }])]],
      ['a JSON null body', (u) => [u, json('null')]],
      ['an empty body', (u) => [u, json('')]],
      ['invalid UTF-8', (u) => [u, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.from([0x7b, 0x22, 0x71, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]) }]],
      ['a latin1 charset', (u) => [u, { method: 'POST', headers: { 'content-type': 'application/json; charset=latin1' }, body: '{"query":"{ __typename }"}' }]],
      ['text/plain', (u) => [u, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"query":"{ __typename }"}' }]],
      ['a form', (u) => [u, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=%7B__typename%7D' }]],
      ['a mutation over GET', (u) => [`${u}?query=${encodeURIComponent('mutation { __typename }')}`, { headers: { 'apollo-require-preflight': '1' } }]],
      ['PUT', (u) => [u, { ...json({ query: '{ __typename }' }), method: 'PUT' }]],
      ['a 70 kB header', (u) => [u, json({ query: '{ __typename }' }, { 'x-big': bigHeader })]],
    ];

    it.each(mistakes)('should answer %s with a 4xx and a code at the gateway and at a subgraph', async (_what, make) => {
      for (const url of [gateway, economy]) {
        const res = await call(...make(url));
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        const code = res.body.errors?.[0].extensions?.code;
        expect(typeof code).toBe('string');
        expect(code).not.toBe('INTERNAL_SERVER_ERROR');
        expect(res.text).not.toMatch(INTERNALS);
      }
    });
  });

  describe('persisted queries and mistakes over graphql-ws', () => {
    /** Acknowledged socket, one subscribe; the first answer (frames or a close). */
    const subscribeOnce = (payload: unknown) =>
      new Promise<{ frames: { type: string; payload?: unknown }[]; code?: number }>((resolve, reject) => {
        const ws = new WebSocket(system.wsUrl, 'graphql-transport-ws');
        const frames: { type: string; payload?: unknown }[] = [];
        ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init' })));
        ws.on('message', (m) => {
          const frame = JSON.parse(m.toString()) as { type: string };
          if (frame.type === 'connection_ack') return ws.send(JSON.stringify({ type: 'subscribe', id: '1', payload }));
          frames.push(frame);
          if (frame.type === 'complete' || frame.type === 'error') {
            ws.close();
            resolve({ frames });
          }
        });
        ws.on('close', (code) => resolve({ frames, code }));
        ws.on('error', reject);
      });

    it('should run a query sent with a persisted-query extension and close a subscribe without a query with 4400', async () => {
      const query = '{ unit(code: "14") { name } }';
      const withQuery = await subscribeOnce({ query, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } });
      expect(withQuery.frames[0]).toMatchObject({ type: 'next', payload: { data: { unit: { name: 'Tỉnh Sơn La' } } } });
      const hashOnly = await subscribeOnce({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } });
      expect(hashOnly).toEqual({ frames: [], code: 4400 });
    });

    it('should answer several operations without an operationName with an error frame and a code', async () => {
      const res = await subscribeOnce({ query: 'query A { __typename } query B { __typename }' });
      expect(res.frames).toEqual([{ type: 'error', id: '1', payload: [expect.objectContaining({ extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } })] }]);
    });
  });
});
