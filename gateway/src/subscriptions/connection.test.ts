import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CloseCode as GraphQLWsCloseCode, MessageType } from 'graphql-ws';
import type { WebSocketServer } from 'ws';
import type { Logger } from '@ioc-graph/kit/internal';
import { composeSupergraph } from '../supergraph';
import { ANONYMOUS, type Authenticate } from './auth';
import { CloseCode, CloseReason } from './close-codes';
import { SharedFrame } from './protocol';
import { type StartOutcome, type SubscriptionLimits, SubscriptionServer } from './server';
import type { Subscriber } from './topic';

// The style of graphql-ws's own tests/server.test.ts: the server side driven through a fake socket,
// message by message, asserting what it sends and how it closes.

/** A `ws` socket as the connection sees it; `close` throws past 123 bytes of reason, as `ws` does. */
class FakeSocket extends EventEmitter {
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: Record<string, unknown>[] = [];
  closed: { code: number; reason: string } | null = null;
  terminated = false;
  pings = 0;
  answerPings = true;

  constructor(readonly protocol = 'graphql-transport-ws') {
    super();
  }

  send(data: string | Buffer): void {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    this.sent.push(JSON.parse(data.toString()) as Record<string, unknown>);
  }

  close(code: number, reason: string): void {
    if (Buffer.byteLength(reason) > 123) throw new RangeError('The message must not be greater than 123 bytes');
    if (this.readyState >= 2) return;
    this.readyState = 2;
    this.closed = { code, reason };
    setImmediate(() => {
      this.readyState = 3;
      this.emit('close', code, Buffer.from(reason));
    });
  }

  terminate(): void {
    if (this.readyState === 3) return;
    this.terminated = true;
    this.readyState = 3;
    this.emit('close', 1006, Buffer.alloc(0));
  }

  ping(): void {
    this.pings++;
    if (this.answerPings) setImmediate(() => this.emit('pong'));
  }

  /** What a client sends: an object (as JSON), raw text, or a binary frame. */
  receive(message: unknown, isBinary = false): void {
    this.emit('message', Buffer.from(typeof message === 'string' ? message : JSON.stringify(message)), isBinary);
  }

  /** Messages of one type the server sent. */
  of(type: string): Record<string, unknown>[] {
    return this.sent.filter((m) => m.type === type);
  }
}

const settle = async (rounds = 5) => {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
};
/**
 * Timers on a fake clock (the socket's own `setImmediate` stays real, so `settle` still delivers
 * messages and pongs): a test of timeouts asserts on the clock it moves, not on a loaded machine's.
 */
const useFakeClock = () => jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
/** Moves the fake clock `ms` forward in `step` increments, letting the sockets answer between them. */
const advance = async (ms: number, step = 5) => {
  for (let t = 0; t < ms; t += step) {
    jest.advanceTimersByTime(Math.min(step, ms - t));
    await settle();
  }
};

const silent = { error: jest.fn(), warn: jest.fn(), info: jest.fn(), debug: jest.fn() } as unknown as Logger;
let supergraphSdl: string;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ws-connection-'));
  const link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])';
  writeFileSync(
    path.join(dir, 'feed.graphql'),
    `${link} type Query { unit(code: ID!): Unit } type Unit @key(fields: "code") { code: ID! name: String! }
     type Reading { cursor: ID! value: Float! } type Subscription { readings(after: ID): Reading! }`,
  );
  ({ supergraphSdl } = await composeSupergraph([{ name: 'feed', routingUrl: 'http://127.0.0.1:9/graphql', schema: { file: 'feed.graphql' } }], dir));
});

interface Harness {
  server: SubscriptionServer;
  wss: EventEmitter & { options: Record<string, unknown> };
  dispose(): Promise<void>;
  /** A new socket on the server; `init` sends `connection_init` and waits for the acknowledgement. */
  connect(options?: { protocol?: string; init?: boolean }): Promise<FakeSocket>;
}

/** A server with `limits`, attached to a fake WebSocket server; `start` is stubbed unless `realStart`. */
function harness(limits: Partial<SubscriptionLimits> = {}, authenticate: Authenticate = async () => ANONYMOUS): Harness {
  const server = new SubscriptionServer({ supergraphSdl, logger: silent, authenticate, keepAliveIntervalMs: 0, ...limits });
  const wss = Object.assign(new EventEmitter(), { options: {} as Record<string, unknown> });
  const attached = server.attach(wss as unknown as WebSocketServer);
  return {
    server,
    wss,
    dispose: () => attached.dispose(),
    async connect({ protocol, init = true } = {}) {
      const socket = new FakeSocket(protocol);
      wss.emit('connection', socket, {} as IncomingMessage);
      if (init) {
        socket.receive({ type: MessageType.ConnectionInit });
        await settle();
        expect(socket.of(MessageType.ConnectionAck)).toHaveLength(1);
      }
      return socket;
    },
  };
}

/** Stubs `start`: each subscribe joins a pretend topic; returns the subscribers it was given. */
function stubSubscribed(server: SubscriptionServer): { subscribers: Subscriber[]; cancelled: string[] } {
  const subscribers: Subscriber[] = [];
  const cancelled: string[] = [];
  jest.spyOn(server, 'start').mockImplementation(async (_payload, _principal, _params, subscriber): Promise<StartOutcome> => {
    subscribers.push(subscriber);
    return { kind: 'subscribed', subscriber, cancel: () => void cancelled.push(subscriber.id) };
  });
  return { subscribers, cancelled };
}

const subscribe = (id: string, query = 'subscription { readings { value } }') => ({ type: MessageType.Subscribe, id, payload: { query } });

let h: Harness;
afterEach(async () => {
  await h?.dispose();
  jest.restoreAllMocks();
  jest.useRealTimers();
});

describe('the close codes', () => {
  it('should be graphql-ws\'s own, plus the gateway\'s slow-consumer code', () => {
    expect(CloseCode.BadRequest).toBe(GraphQLWsCloseCode.BadRequest);
    expect(CloseCode.SubscriberAlreadyExists).toBe(4409);
    expect(CloseCode.SlowConsumer).toBe(4508);
  });

  it('should have every close reason within the 123 bytes a close frame allows', () => {
    for (const reason of Object.values(CloseReason)) expect(Buffer.byteLength(reason)).toBeLessThanOrEqual(123);
  });
});

describe('the handshake', () => {
  it('should acknowledge connection_init and count the client', async () => {
    h = harness();
    const socket = await h.connect();
    expect(socket.sent).toEqual([{ type: MessageType.ConnectionAck }]);
    expect(h.server.snapshot().clients).toBe(1);
  });

  it('should choose graphql-transport-ws among offered subprotocols (else echo the first, to refuse it with 4406)', () => {
    h = harness();
    const choose = h.wss.options.handleProtocols as (p: Set<string>) => string | false;
    expect(choose(new Set(['graphql-ws', 'graphql-transport-ws']))).toBe('graphql-transport-ws');
    expect(choose(new Set(['graphql-ws']))).toBe('graphql-ws');
    expect(choose(new Set())).toBe(false);
    expect(h.wss.options.maxPayload).toBe(h.server.limits.maxPayloadBytes);
  });

  it.each([['graphql-ws'], ['']])('should refuse subprotocol "%s" with 4406 and leave no trace', async (protocol) => {
    h = harness();
    const sockets: FakeSocket[] = [];
    for (let i = 0; i < 100; i++) sockets.push(await h.connect({ protocol, init: false }));
    await settle();
    for (const s of sockets) expect(s.closed).toEqual({ code: 4406, reason: CloseReason.SubprotocolNotAcceptable });
    expect(h.server.snapshot()).toMatchObject({ clients: 0, operations: 0, refusedSubprotocol: 100 });
    // A refused socket has no listener of ours left but the error guard: nothing holds it.
    expect(sockets[0].listenerCount('message')).toBe(0);
    expect(sockets[0].listenerCount('pong')).toBe(0);
  });

  it('should refuse sockets beyond the per-address and overall caps with 1013 and count them as gone when they close', async () => {
    h = harness({ maxConnections: 3, maxConnectionsPerAddress: 2 });
    const from = (address: string) => {
      const socket = new FakeSocket();
      h.wss.emit('connection', socket, { socket: { remoteAddress: address } } as unknown as IncomingMessage);
      return socket;
    };
    const [a1, a2, a3] = [from('10.0.0.9'), from('10.0.0.9'), from('10.0.0.9')];
    expect(a3.closed).toEqual({ code: 1013, reason: CloseReason.TooManyConnections });
    expect([a1.closed, a2.closed]).toEqual([null, null]);
    const b1 = from('10.0.0.7');
    expect(b1.closed).toBeNull();
    expect(from('10.0.0.8').closed).toEqual({ code: 1013, reason: CloseReason.TooManyConnections }); // overall cap
    expect(h.server.snapshot()).toMatchObject({ clients: 3, refusedConnections: 2 });
    a1.emit('close', 1000, Buffer.from(''));
    await settle();
    expect(from('10.0.0.9').closed).toBeNull(); // its slot is free again
  });

  it('should close with 4408 when connection_init does not come in time', async () => {
    useFakeClock();
    h = harness({ connectionInitTimeoutMs: 30 });
    const socket = await h.connect({ init: false });
    await advance(29);
    expect(socket.closed).toBeNull();
    await advance(2);
    expect(socket.closed).toEqual({ code: 4408, reason: CloseReason.ConnectionInitialisationTimeout });
    await settle();
    expect(h.server.snapshot().clients).toBe(0);
  });

  it('should not time out a connection that was initialised', async () => {
    useFakeClock();
    h = harness({ connectionInitTimeoutMs: 30 });
    const socket = await h.connect();
    await advance(300);
    expect(socket.closed).toBeNull();
  });

  it('should close with 4429 on a second connection_init, also while the first is being checked', async () => {
    h = harness();
    const socket = await h.connect();
    socket.receive({ type: MessageType.ConnectionInit });
    await settle();
    expect(socket.closed).toEqual({ code: 4429, reason: CloseReason.TooManyInitialisationRequests });

    let release!: () => void;
    const slow = harness({}, () => new Promise((r) => (release = () => r(ANONYMOUS))));
    const s2 = await slow.connect({ init: false });
    s2.receive({ type: MessageType.ConnectionInit });
    s2.receive({ type: MessageType.ConnectionInit });
    await settle();
    expect(s2.closed?.code).toBe(4429);
    release();
    await settle();
    expect(s2.of(MessageType.ConnectionAck)).toEqual([]); // closed meanwhile: no acknowledgement
    await slow.dispose();
  });

  it('should close with 4403 when the connection_init token is refused', async () => {
    h = harness({}, async () => null);
    const socket = await h.connect({ init: false });
    socket.receive({ type: MessageType.ConnectionInit, payload: { authorization: 'Bearer bad' } });
    await settle();
    expect(socket.closed).toEqual({ code: 4403, reason: CloseReason.Forbidden });
    expect(socket.sent).toEqual([]);
  });

  it('should close with 4500 and a fixed reason when checking the token fails unexpectedly', async () => {
    h = harness({}, async () => {
      throw new Error('database at 10.0.0.7 is down');
    });
    const socket = await h.connect({ init: false });
    socket.receive({ type: MessageType.ConnectionInit, payload: { authorization: 'Bearer x' } });
    await settle();
    expect(socket.closed).toEqual({ code: 4500, reason: CloseReason.InternalServerError });
    expect(h.server.snapshot().clients).toBe(0);
  });

  it('should close with 4401 when subscribe comes before the acknowledgement', async () => {
    h = harness();
    const socket = await h.connect({ init: false });
    socket.receive(subscribe('1'));
    await settle();
    expect(socket.closed).toEqual({ code: 4401, reason: CloseReason.Unauthorized });
  });

  it('should answer ping with pong, echoing its payload, before and after connection_init', async () => {
    h = harness();
    const socket = await h.connect({ init: false });
    socket.receive({ type: MessageType.Ping });
    socket.receive({ type: MessageType.ConnectionInit });
    socket.receive({ type: MessageType.Ping, payload: { t: 1 } });
    socket.receive({ type: MessageType.Pong, payload: { ignored: true } });
    await settle();
    expect(socket.sent).toEqual([{ type: 'pong' }, { type: 'pong', payload: { t: 1 } }, { type: 'connection_ack' }]);
    expect(socket.closed).toBeNull();
  });
});

describe('malformed messages', () => {
  const long = 'x'.repeat(200);
  it.each([
    ['invalid JSON', '{"type":'],
    ['a JSON array', '[1,2]'],
    ['no type', { id: '1' }],
    ['a numeric type', { type: 42 }],
    ['an unknown type', { type: 'start' }],
    ['a 200-character type', { type: long }],
    ['a connection_init with a string payload', { type: 'connection_init', payload: long }],
    ['a server-only next', { type: 'next', id: '1', payload: {} }],
    ['a server-only connection_ack', { type: 'connection_ack' }],
    ['a subscribe without id', { type: 'subscribe', payload: { query: '{ __typename }' } }],
    ['a subscribe without payload', { type: 'subscribe', id: '1' }],
    ['a subscribe without query', { type: 'subscribe', id: '1', payload: { variables: {} } }],
    ['a subscribe with array variables', { type: 'subscribe', id: '1', payload: { query: '{ __typename }', variables: [long] } }],
    ['a complete without id', { type: 'complete' }],
  ])('should close with 4400 and a fixed reason on %s', async (_name, message) => {
    h = harness();
    const socket = await h.connect();
    expect(() => socket.receive(message)).not.toThrow();
    await settle();
    expect(socket.closed?.code).toBe(4400);
    expect([CloseReason.InvalidMessage, CloseReason.UnexpectedMessage]).toContain(socket.closed?.reason);
    expect(h.server.snapshot().clients).toBe(0);
  });

  it('should close with 4400 on a binary frame', async () => {
    h = harness();
    const socket = await h.connect();
    socket.receive({ type: 'ping' }, true);
    await settle();
    expect(socket.closed).toEqual({ code: 4400, reason: CloseReason.BinaryMessage });
  });

  it('should refuse a malformed message before connection_init with 4400 too', async () => {
    h = harness();
    const socket = await h.connect({ init: false });
    socket.receive({ type: long });
    await settle();
    expect(socket.closed).toEqual({ code: 4400, reason: CloseReason.InvalidMessage });
  });
});

describe('subscriptions', () => {
  it('should stream shared frames under the subscription id and complete it', async () => {
    h = harness();
    const { subscribers } = stubSubscribed(h.server);
    const socket = await h.connect();
    socket.receive(subscribe('a'));
    await settle();
    const frame = new SharedFrame({ data: { readings: { value: 1 } } });
    subscribers[0].write(frame);
    subscribers[0].complete();
    expect(socket.sent.slice(1)).toEqual([
      { type: 'next', id: 'a', payload: { data: { readings: { value: 1 } } } },
      { type: 'complete', id: 'a' },
    ]);
    expect(h.server.snapshot().operations).toBe(0);
  });

  it('should answer a query once, with next then complete', async () => {
    h = harness();
    jest.spyOn(h.server, 'start').mockResolvedValue({ kind: 'result', result: { data: { unit: null } } });
    const socket = await h.connect();
    socket.receive(subscribe('q', '{ unit(code: "1") { name } }'));
    await settle();
    expect(socket.sent.slice(1)).toEqual([{ type: 'next', id: 'q', payload: { data: { unit: null } } }, { type: 'complete', id: 'q' }]);
  });

  it('should cancel a subscription on complete, and ignore complete for an unknown id', async () => {
    h = harness();
    const { cancelled } = stubSubscribed(h.server);
    const socket = await h.connect();
    socket.receive(subscribe('a'));
    await settle();
    socket.receive({ type: MessageType.Complete, id: 'unknown' });
    socket.receive({ type: MessageType.Complete, id: 'a' });
    await settle();
    expect(cancelled).toEqual(['a']);
    expect(socket.closed).toBeNull();
    expect(h.server.snapshot().operations).toBe(0);
  });

  it('should cancel a subscription completed while it is still being planned', async () => {
    h = harness();
    const cancelled: string[] = [];
    let finish!: (o: StartOutcome) => void;
    jest.spyOn(h.server, 'start').mockImplementation(
      (_p, _pr, _c, subscriber) =>
        new Promise<StartOutcome>((resolve) => (finish = () => resolve({ kind: 'subscribed', subscriber, cancel: () => void cancelled.push(subscriber.id) }))),
    );
    const socket = await h.connect();
    socket.receive(subscribe('a'));
    await settle();
    socket.receive({ type: MessageType.Complete, id: 'a' });
    await settle();
    finish({} as StartOutcome);
    await settle();
    expect(cancelled).toEqual(['a']);
    expect(h.server.snapshot().operations).toBe(0);
  });

  it.each([['1'], ['y'.repeat(200)]])('should close with 4409 and a fixed reason on a duplicate id (%#), leaving no open socket', async (id) => {
    h = harness();
    const { cancelled } = stubSubscribed(h.server);
    const socket = await h.connect();
    socket.receive(subscribe(id));
    await settle();
    socket.receive(subscribe(id));
    await settle();
    expect(socket.closed).toEqual({ code: 4409, reason: CloseReason.SubscriberAlreadyExists });
    expect(socket.readyState).toBe(3);
    expect(cancelled).toEqual([id]);
    expect(h.server.snapshot()).toMatchObject({ clients: 0, operations: 0 });
  });

  it('should refuse a subscribe beyond the per-socket cap with an error, keeping the socket', async () => {
    h = harness({ maxSubscriptionsPerSocket: 2 });
    stubSubscribed(h.server);
    const socket = await h.connect();
    for (const id of ['1', '2', '3']) socket.receive(subscribe(id));
    await settle();
    expect(socket.of('error')).toEqual([
      { type: 'error', id: '3', payload: [{ message: expect.stringMatching(/at most 2/), extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', limit: 2 } }] },
    ]);
    expect(socket.closed).toBeNull();
  });

  it('should refuse a subscribe beyond the global cap with an error, and accept again once one ends', async () => {
    h = harness({ maxSubscriptions: 2 });
    stubSubscribed(h.server);
    const a = await h.connect();
    const b = await h.connect();
    a.receive(subscribe('1'));
    a.receive(subscribe('2'));
    await settle();
    b.receive(subscribe('1'));
    await settle();
    expect(b.of('error')).toEqual([{ type: 'error', id: '1', payload: [{ message: expect.stringMatching(/most operations at once \(2\)/), extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', limit: 2 } }] }]);
    expect(b.closed).toBeNull();
    a.receive({ type: MessageType.Complete, id: '1' });
    b.receive(subscribe('again'));
    await settle();
    expect(b.of('error')).toHaveLength(1);
    expect(h.server.snapshot().operations).toBe(2);
    a.close(1000, 'bye');
    await settle();
    expect(h.server.snapshot().operations).toBe(1);
  });

  it('should send the errors of a refused operation as an error message, keeping the socket', async () => {
    h = harness();
    const socket = await h.connect();
    socket.receive(subscribe('bad', 'subscription { nope }'));
    await settle();
    expect(socket.of('error')).toEqual([
      { type: 'error', id: 'bad', payload: [expect.objectContaining({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })] },
    ]);
    expect(socket.closed).toBeNull();
    expect(h.server.snapshot().operations).toBe(0);
  });

  it('should close with 4403 when the token has expired by a later subscribe', async () => {
    let allowed = true;
    h = harness({}, async () => (allowed ? ANONYMOUS : null));
    stubSubscribed(h.server);
    const socket = await h.connect();
    allowed = false;
    socket.receive(subscribe('1'));
    await settle();
    expect(socket.closed).toEqual({ code: 4403, reason: CloseReason.Forbidden });
    expect(h.server.snapshot().operations).toBe(0);
  });

  it('should close with 4500 and a fixed reason when starting fails unexpectedly', async () => {
    h = harness();
    jest.spyOn(h.server, 'start').mockRejectedValue(new TypeError('e.toJSON is not a function at /srv/secret.ts'));
    const socket = await h.connect();
    socket.receive(subscribe('1'));
    await settle();
    expect(socket.closed).toEqual({ code: 4500, reason: CloseReason.InternalServerError });
    expect(h.server.snapshot().operations).toBe(0);
  });

  it('should close a slow consumer with 4508 and cancel its subscriptions', async () => {
    h = harness({ maxBufferedBytes: 100 });
    const { subscribers, cancelled } = stubSubscribed(h.server);
    const socket = await h.connect();
    socket.receive(subscribe('1'));
    await settle();
    socket.bufferedAmount = 101;
    subscribers[0].write(new SharedFrame({ data: { readings: { value: 2 } } }));
    expect(socket.closed).toEqual({ code: 4508, reason: CloseReason.SlowConsumer });
    expect(cancelled).toEqual(['1']);
    expect(h.server.snapshot().slowConsumersDropped).toBe(1);
  });

  it('should cancel every subscription when the client goes away', async () => {
    h = harness();
    const { cancelled } = stubSubscribed(h.server);
    const socket = await h.connect();
    socket.receive(subscribe('1'));
    socket.receive(subscribe('2'));
    await settle();
    socket.emit('error', new Error('ECONNRESET'));
    socket.terminate();
    expect(cancelled.sort()).toEqual(['1', '2']);
    expect(h.server.snapshot()).toMatchObject({ clients: 0, operations: 0 });
  });
});

describe('keep-alive and shutdown', () => {
  it('should ping clients and keep those that answer', async () => {
    useFakeClock();
    h = harness({ keepAliveIntervalMs: 20, keepAliveTimeoutMs: 20 });
    const socket = await h.connect();
    await advance(100);
    expect(socket.pings).toBe(5);
    expect(socket.terminated).toBe(false);
  });

  it('should cut a client that does not answer a ping, cancelling its subscriptions', async () => {
    useFakeClock();
    h = harness({ keepAliveIntervalMs: 20, keepAliveTimeoutMs: 20 });
    const { cancelled } = stubSubscribed(h.server);
    const socket = await h.connect();
    socket.receive(subscribe('1'));
    await settle();
    socket.answerPings = false;
    await advance(39); // the next ping at 20 ms is not answered; its timeout runs out at 40 ms
    expect(socket.terminated).toBe(false);
    await advance(1);
    expect(socket.terminated).toBe(true);
    expect(cancelled).toEqual(['1']);
    expect(h.server.snapshot()).toMatchObject({ clients: 0, operations: 0, keepAliveTimeouts: 1 });
  });

  it('should close every client with 1001 when the server shuts down', async () => {
    h = harness();
    const socket = await h.connect();
    await h.dispose();
    expect(socket.closed).toEqual({ code: 1001, reason: CloseReason.ShuttingDown });
    expect(h.server.snapshot().clients).toBe(0);
  });
});
