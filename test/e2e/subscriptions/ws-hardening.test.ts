import { type TestSystem, gql, startTestSystem } from '../../support/system';
import { waitFor } from './feed-client';
import { RawClient } from './raw-client';

// Issue 8 ("What was seen", WebSocket cases) and issue 12 (graphql-ws errors), against a real
// gateway on a free port. The gateway must outlive every one of them: its process id is checked.

const FEED = 'subscription { governanceReadings { cursor value } }';
const MAX_SUBSCRIPTIONS = 150;

interface Stats {
  clients: number;
  operations: number;
  subscribers: number;
  keepAliveTimeouts: number;
  refusedSubprotocol: number;
}

describe('the graphql-ws endpoint under hostile input', () => {
  let system: TestSystem;
  let pid: number | undefined;
  const exits: unknown[] = [];
  const open: RawClient[] = [];
  const stats = async (): Promise<Stats> => {
    const res = await fetch(system.url.replace('/graphql', '/healthz'));
    expect(res.status).toBe(200);
    return ((await res.json()) as { subscriptions: Stats }).subscriptions;
  };
  const client = async (make: () => Promise<RawClient>) => {
    const c = await make();
    open.push(c);
    return c;
  };
  /** No client of these tests is left on the gateway, and it is the same process as at start. */
  const settled = async () => {
    await waitFor(async () => {
      const s = await stats();
      return s.clients === 0 && s.operations === 0;
    }, 'the gateway to count no client and no operation', 20_000);
    expect(system.gateway.pid).toBe(pid);
    expect(exits).toEqual([]);
  };

  beforeAll(async () => {
    system = await startTestSystem({
      IOC_WS_KEEPALIVE_MS: '1000',
      IOC_WS_KEEPALIVE_TIMEOUT_MS: '3000',
      IOC_WS_MAX_SUBSCRIPTIONS: String(MAX_SUBSCRIPTIONS),
    });
    pid = system.gateway.pid;
    system.gateway.on('exit', (code: unknown, signal: unknown) => exits.push({ code, signal }));
  });
  afterEach(async () => {
    for (const c of open.splice(0)) c.close();
    await settled();
  });
  afterAll(async () => {
    await system?.dispose();
  });

  describe('close reasons never carry client input', () => {
    it('should close a 200-character message type with 4400 and keep serving', async () => {
      const c = await client(() => RawClient.ready(system.wsUrl));
      c.send({ type: 't'.repeat(200) });
      expect(await c.whenClosed()).toEqual({ code: 4400, reason: 'Invalid message' });
      // Still the same gateway, answering HTTP and new sockets.
      expect((await gql(system.url, '{ unit(code: "14") { name } }')).data).toEqual({ unit: { name: 'Tỉnh Sơn La' } });
      const again = await client(() => RawClient.ready(system.wsUrl));
      again.send({ type: 'ping' });
      await again.next((m) => m.type === 'pong', 'the pong');
    });

    it('should close a duplicate 200-character subscription id with 4409 and a fixed reason, leaving no socket open', async () => {
      const c = await client(() => RawClient.ready(system.wsUrl));
      const id = 'i'.repeat(200);
      c.send({ type: 'subscribe', id, payload: { query: FEED } });
      c.send({ type: 'subscribe', id, payload: { query: FEED } });
      expect(await c.whenClosed()).toEqual({ code: 4409, reason: 'Subscriber for this id already exists' });
    });

    it('should close a duplicate short id with 4409 too', async () => {
      const c = await client(() => RawClient.ready(system.wsUrl));
      c.send({ type: 'subscribe', id: '1', payload: { query: FEED } });
      c.send({ type: 'subscribe', id: '1', payload: { query: FEED } });
      expect((await c.whenClosed()).code).toBe(4409);
    });
  });

  describe('refused handshakes leave no trace', () => {
    it.each([['the legacy graphql-ws', 'graphql-ws'], ['no', null]])('should refuse 100 connections offering %s subprotocol with 4406, counting none of them', async (_name, protocol) => {
      const before = await stats();
      const refused = await Promise.all(Array.from({ length: 100 }, () => RawClient.open(system.wsUrl, protocol)));
      const closes = await Promise.all(refused.map((c) => c.whenClosed()));
      expect(new Set(closes.map((c) => `${c.code} ${c.reason}`))).toEqual(new Set(['4406 Subprotocol not acceptable']));
      const after = await stats();
      expect(after.clients).toBe(before.clients);
      expect(after.refusedSubprotocol - before.refusedSubprotocol).toBe(100);
    });

    it('should accept a client that offers graphql-transport-ws among others', async () => {
      const c = await client(() => RawClient.open(system.wsUrl, ['graphql-ws', 'graphql-transport-ws']));
      expect(c.socket.protocol).toBe('graphql-transport-ws');
      c.send({ type: 'connection_init' });
      await c.next((m) => m.type === 'connection_ack', 'the acknowledgement');
    });
  });

  describe('malformed and out-of-order messages', () => {
    it.each([
      ['malformed JSON', 4400, '{"type":"connection_init"'],
      ['an unknown type', 4400, { type: 'start', id: '1', payload: { query: FEED } }],
      ['a subscribe with a bad payload', 4400, { type: 'subscribe', id: '1', payload: { query: 42 } }],
      ['a message only a server sends', 4400, { type: 'next', id: '1', payload: {} }],
      ['a second connection_init', 4429, { type: 'connection_init' }],
    ])('should close on %s with %d', async (_name, code, message) => {
      const c = await client(() => RawClient.ready(system.wsUrl));
      c.send(message);
      expect((await c.whenClosed()).code).toBe(code);
    });

    it('should close on a binary frame with 4400', async () => {
      const c = await client(() => RawClient.ready(system.wsUrl));
      c.send({ type: 'ping' }, { binary: true });
      expect(await c.whenClosed()).toEqual({ code: 4400, reason: 'Binary messages are not supported' });
    });

    it('should close a subscribe sent before connection_init with 4401', async () => {
      const c = await client(() => RawClient.open(system.wsUrl));
      c.send({ type: 'subscribe', id: '1', payload: { query: FEED } });
      expect((await c.whenClosed()).code).toBe(4401);
    });

    it('should close a message larger than the limit with 1009', async () => {
      const c = await client(() => RawClient.ready(system.wsUrl));
      c.send({ type: 'subscribe', id: '1', payload: { query: `{ __typename ${' '.repeat(100_000)}}` } });
      expect((await c.whenClosed()).code).toBe(1009);
    });

    it('should ignore complete for an unknown id, and answer ping with pong', async () => {
      const c = await client(() => RawClient.ready(system.wsUrl));
      c.send({ type: 'complete', id: 'never-subscribed' });
      c.send({ type: 'ping', payload: { n: 1 } });
      expect(await c.next((m) => m.type === 'pong', 'the pong')).toEqual({ type: 'pong', payload: { n: 1 } });
      expect(c.closed).toBeNull();
    });
  });

  describe('operation errors carry codes, as on HTTP (issue 12)', () => {
    /** The `error` message of one operation; the socket must stay open and answer afterwards. */
    const refusal = async (query: string, variables?: Record<string, unknown>) => {
      const c = await client(() => RawClient.ready(system.wsUrl));
      c.send({ type: 'subscribe', id: 'x', payload: { query, variables } });
      const error = await c.next((m) => m.type === 'error' && m.id === 'x', 'the error');
      c.send({ type: 'subscribe', id: 'y', payload: { query: '{ unit(code: "14") { code } }' } });
      expect(await c.next((m) => m.type === 'next' && m.id === 'y', 'the next query')).toMatchObject({ payload: { data: { unit: { code: '14' } } } });
      expect(c.closed).toBeNull();
      return error.payload as { message: string; extensions?: { code?: string } }[];
    };

    it('should mark a validation error GRAPHQL_VALIDATION_FAILED, like HTTP', async () => {
      const query = '{ unit(code: "14") { nope } }';
      const overWs = await refusal(query);
      const overHttp = (await gql(system.url, query)).errors!;
      expect(overWs).toEqual([expect.objectContaining({ message: overHttp[0].message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })]);
      expect(overHttp[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });

    it('should mark a syntax error GRAPHQL_PARSE_FAILED and bad variables BAD_USER_INPUT', async () => {
      expect((await refusal('{ unit(code: '))[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
      expect((await refusal('query($c: ID!) { unit(code: $c) { name } }', { c: { x: 1 } }))[0].extensions?.code).toBe('BAD_USER_INPUT');
    });

    it.each([
      ['subscription { __typename @skip(if: $u) }', undefined],
      ['subscription($u: Boolean!) { governanceReadings @skip(if: $u) { value } }', { u: true }],
      ['subscription($u: Boolean!) { governanceReadings @include(if: $u) { value } }', { u: true }],
    ])('should refuse %s cleanly, never as an internal error', async (query, variables) => {
      expect(await refusal(query, variables)).toEqual([
        expect.objectContaining({ message: expect.stringMatching(/must not use `@skip` or `@include`/), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
      ]);
    });

    it('should refuse a 20,000-level nested list argument with an error, not by closing the socket', async () => {
      const deep = `${'['.repeat(20_000)}"19"${']'.repeat(20_000)}`;
      expect(await refusal(`{ governanceIndicators(codes: ${deep}) { code } }`)).toEqual([
        { message: 'The document is nested too deeply to be read', extensions: { code: 'GRAPHQL_PARSE_FAILED' } },
      ]);
      expect(await refusal(`subscription { governanceReadings(unitCodes: ${deep}) { value } }`)).toEqual([
        { message: 'The document is nested too deeply to be read', extensions: { code: 'GRAPHQL_PARSE_FAILED' } },
      ]);
    });
  });

  describe('bounds', () => {
    it(`should refuse subscriptions beyond the global cap (${MAX_SUBSCRIPTIONS}) with an error, keeping the sockets`, async () => {
      const a = await client(() => RawClient.ready(system.wsUrl));
      const b = await client(() => RawClient.ready(system.wsUrl));
      for (let i = 1; i <= 100; i++) a.send({ type: 'subscribe', id: String(i), payload: { query: FEED } });
      await waitFor(async () => (await stats()).operations === 100, 'the first 100 subscriptions');
      for (let i = 1; i <= 60; i++) b.send({ type: 'subscribe', id: String(i), payload: { query: FEED } });
      await waitFor(() => b.messages.filter((m) => m.type === 'error').length === 10, 'the ten refusals');
      expect(b.messages.filter((m) => m.type === 'error').map((m) => m.id)).toEqual(['51', '52', '53', '54', '55', '56', '57', '58', '59', '60']);
      expect(b.messages.find((m) => m.type === 'error')?.payload).toEqual([
        { message: expect.stringMatching(/most operations at once \(150\)/), extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', limit: MAX_SUBSCRIPTIONS } },
      ]);
      expect((await stats()).operations).toBe(MAX_SUBSCRIPTIONS);
      // Room comes back as soon as subscriptions end.
      a.send({ type: 'complete', id: '1' });
      await waitFor(async () => (await stats()).operations === MAX_SUBSCRIPTIONS - 1, 'the completed one to leave');
      b.send({ type: 'subscribe', id: 'late', payload: { query: FEED } });
      await waitFor(async () => (await stats()).operations === MAX_SUBSCRIPTIONS, 'the late subscription');
      expect(b.messages.some((m) => m.type === 'error' && m.id === 'late')).toBe(false);
      expect(a.closed).toBeNull();
      expect(b.closed).toBeNull();
    });

    it('should cut a client that stops answering pings, and keep one that answers', async () => {
      const silent = await client(() => RawClient.ready(system.wsUrl, { autoPong: false }));
      const alive = await client(() => RawClient.ready(system.wsUrl));
      silent.send({ type: 'subscribe', id: '1', payload: { query: FEED } });
      await waitFor(async () => (await stats()).operations === 1, 'the subscription');
      const before = (await stats()).keepAliveTimeouts;
      expect((await silent.whenClosed(20_000)).code).toBe(1006);
      expect(alive.closed).toBeNull();
      const after = await stats();
      expect(after.keepAliveTimeouts - before).toBe(1);
      expect(after.operations).toBe(0);
    });
  });
});
