import { Kind, type OperationDefinitionNode, OperationTypeNode, parse } from 'graphql';
import type { Logger } from '@ioc-graph/kit/internal';
import type { PreparedOperation } from './planner';
import type { SharedFrame } from './protocol';
import { type Clock, type FanoutStats, Topic, type TopicOptions } from './topic';
import type { Upstream, UpstreamHandlers, UpstreamOptions } from './upstream';

/** A clock whose time moves only when the test says. */
class FakeClock implements Clock {
  t = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private seq = 0;
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => {
    const id = ++this.seq;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  };
  clearTimeout = (h: unknown) => {
    this.timers = this.timers.filter((x) => x.id !== h);
  };
  /** Moves time forward, firing due timers in order (and letting promises settle between them). */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await flush();
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
    }
    this.t = end;
    await flush();
  }
}

const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise((r) => setImmediate(r));
};

/** An upstream the test drives: ack, events, losses. */
class FakeUpstream implements Upstream {
  started = false;
  stopped = false;
  constructor(
    readonly options: UpstreamOptions,
    readonly on: UpstreamHandlers,
  ) {}
  start() {
    this.started = true;
  }
  stop() {
    this.stopped = true;
  }
  acked = false;
  ack() {
    this.acked = true;
    this.on.acknowledged?.();
  }
  emit(cursor: string, value: number) {
    this.on.next({ data: { readings: { __iocCursor: cursor, cursor, value, unit: { __typename: 'AdministrativeUnit', code: '14' } } } });
  }
  close(code: number, acknowledged = true) {
    this.on.lost({ kind: [4400, 4401, 4403, 4406, 4409, 4429, 4500].includes(code) ? 'fatal' : 'network', code, reason: `closed (${code})`, acknowledged });
  }
}

const DOC = parse(`subscription ($after: ID) { readings(after: $after) { cursor value unit { name } } }`);
const op: PreparedOperation = {
  key: 'readings',
  kind: OperationTypeNode.SUBSCRIPTION,
  operationContext: {
    operation: DOC.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!,
    fragments: Object.create(null),
  } as unknown as PreparedOperation['operationContext'],
  primary: {
    serviceName: 'governance',
    query: 'subscription($__iocAfter: ID) { readings(after: $__iocAfter) { cursor value unit { __typename code } __iocCursor: cursor } }',
    variableUsages: [],
    responseName: 'readings',
    resume: { initialAfter: (v) => (v.after as string) ?? null, afterVariable: 'after' },
  },
  rest: { kind: 'Fetch', serviceName: 'governance', operation: '{ _entities { name } }', operationKind: OperationTypeNode.QUERY, variableUsages: [] } as never,
};

type Completion = { data?: Record<string, unknown> | null; errors?: unknown[] };
/** The rest of the plan: names the unit, or fails like Apollo's executor on a dead subgraph. */
function executor(outcome: () => 'ok' | 'down' | Promise<void> = () => 'ok'): TopicOptions['executor'] {
  return {
    completeEvent: async (_op: PreparedOperation, data: Record<string, unknown>): Promise<Completion> => {
      const r = data.readings as { cursor: string; value: number };
      const o = outcome();
      if (o instanceof Promise) await o;
      if (o === 'down') return { data: null, errors: [new Error('fetch failed: connect ECONNREFUSED 127.0.0.1:4001')] };
      return { data: { readings: { cursor: r.cursor, value: r.value, unit: { name: 'Tỉnh Sơn La' } } } };
    },
  } as unknown as TopicOptions['executor'];
}

function subscriber(id = '1') {
  const s = {
    id,
    frames: [] as { data: { readings: { cursor: string; value: number; unit: { name: string } | null } } | null; errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[] }[],
    errors: null as unknown[] | null,
    completed: false,
    write(f: SharedFrame) {
      s.frames.push(JSON.parse(f.for('x').toString()).payload);
    },
    error(e: readonly unknown[]) {
      s.errors = [...e];
    },
    complete() {
      s.completed = true;
    },
  };
  return s;
}
const cursors = (s: ReturnType<typeof subscriber>) => s.frames.map((f) => f.data?.readings.cursor);

const quiet = { warn() {}, error() {}, info() {}, debug() {} } as unknown as Logger;

function setup(over: Partial<TopicOptions> = {}) {
  const clock = new FakeClock();
  const upstreams: FakeUpstream[] = [];
  const stats: FanoutStats = { upstreamSubscriptions: 0, upstreamOpened: 0, topics: 0, events: 0, frames: 0 };
  let closed = 0;
  const topic = new Topic({
    key: 'k',
    op,
    variables: {},
    context: { principal: null },
    wsUrl: 'ws://governance',
    healthUrl: 'http://governance/healthz',
    executor: executor(),
    logger: quiet,
    stats,
    clock,
    feedPosition: async () => '10',
    upstreamFactory: (o, h) => {
      const u = new FakeUpstream(o, h);
      upstreams.push(u);
      return u;
    },
    onClosed: () => void closed++,
    ...over,
  });
  return { clock, upstreams, stats, topic, closedCount: () => closed };
}

describe('Topic', () => {
  it('should subscribe from the feed position and deliver each event once to every subscriber', async () => {
    const { topic, upstreams, clock } = setup();
    const a = subscriber('a');
    const b = subscriber('b');
    topic.add(a);
    topic.add(b);
    await topic.start();
    await clock.advance(0);
    expect(topic.kind).toBe('connecting');
    expect(upstreams[0].options.variables).toEqual({ __iocAfter: '10' });
    upstreams[0].ack();
    expect(topic.kind).toBe('live');
    upstreams[0].emit('11', 1);
    upstreams[0].emit('12', 2);
    await clock.advance(0);
    expect(cursors(a)).toEqual(['11', '12']);
    expect(cursors(b)).toEqual(['11', '12']);
    expect(a.frames[0].data!.readings.unit).toEqual({ name: 'Tỉnh Sơn La' });
  });

  it('should resume after the last cursor when the upstream is lost', async () => {
    const { topic, upstreams, clock, stats } = setup();
    const a = subscriber();
    topic.add(a);
    await topic.start();
    await clock.advance(0);
    upstreams[0].ack();
    upstreams[0].emit('11', 1);
    upstreams[0].close(1001);
    expect(topic.kind).toBe('resuming');
    await clock.advance(6000);
    expect(upstreams).toHaveLength(2);
    expect(upstreams[1].options.variables).toEqual({ __iocAfter: '11' });
    upstreams[1].ack();
    upstreams[1].emit('12', 2);
    await clock.advance(0);
    expect(cursors(a)).toEqual(['11', '12']);
    expect(stats.upstreamSubscriptions).toBe(1);
  });

  it('should end its subscribers with an error when the subgraph closes with 4500 after the ack, without retrying', async () => {
    const { topic, upstreams, clock, closedCount } = setup();
    const a = subscriber();
    topic.add(a);
    await topic.start();
    await clock.advance(0);
    upstreams[0].ack();
    upstreams[0].close(4500);
    await clock.advance(60_000);
    expect(upstreams).toHaveLength(1);
    expect(topic.kind).toBe('closed');
    expect(closedCount()).toBe(1);
    expect(a.errors).toEqual([
      expect.objectContaining({ message: expect.stringContaining('governance'), extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'governance' } }),
    ]);
    expect(JSON.stringify(a.errors)).not.toMatch(/ws:\/\/|127\.0\.0\.1/);
  });

  it('should end its subscribers with an error when the subgraph refuses the connection with 4403', async () => {
    const { topic, upstreams, clock } = setup();
    const a = subscriber();
    topic.add(a);
    await topic.start();
    await clock.advance(0);
    upstreams[0].close(4403, false);
    await clock.advance(60_000);
    expect(upstreams).toHaveLength(1);
    expect(a.errors).toHaveLength(1);
  });

  it('should back off (not retry every 100 ms) an upstream that closes right after its ack, and then give up with an error', async () => {
    const { topic, upstreams, clock } = setup({ connectTimeoutMs: 5000, resumeTimeoutMs: 120_000 });
    const a = subscriber();
    topic.add(a);
    await topic.start();
    await clock.advance(0);
    for (let elapsed = 0; elapsed < 200_000 && topic.kind !== 'closed'; elapsed += 50) {
      const u = upstreams[upstreams.length - 1];
      if (!u.acked && u.started) {
        u.ack();
        u.close(1000); // "normal closure" right after the ack, every time
      }
      await clock.advance(50);
    }
    expect(topic.kind).toBe('closed');
    expect(a.errors).toHaveLength(1);
    // A busy loop would have made ~50 attempts in 5 s; the backoff makes a handful.
    expect(upstreams.length).toBeLessThanOrEqual(8);
  });

  it('should deliver the primary subgraph\'s fields with null and an error where another subgraph failed', async () => {
    let down = false;
    const { topic, upstreams, clock } = setup({ executor: executor(() => (down ? 'down' : 'ok')) });
    const a = subscriber();
    topic.add(a);
    await topic.start();
    await clock.advance(0);
    upstreams[0].ack();
    upstreams[0].emit('11', 1);
    await clock.advance(0);
    down = true;
    upstreams[0].emit('12', 2);
    await clock.advance(0);
    expect(a.frames).toHaveLength(2);
    expect(a.frames[1].data).toEqual({ readings: { cursor: '12', value: 2, unit: null } });
    expect(a.frames[1].errors).toEqual([
      { message: expect.stringContaining('governance'), path: ['readings', 'unit'], extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'governance' } },
    ]);
    expect(JSON.stringify(a.frames[1])).not.toContain('127.0.0.1');
  });

  it('should tell its subscribers when it closes', async () => {
    const { topic, upstreams, clock } = setup();
    const a = subscriber();
    topic.add(a);
    await topic.start();
    await clock.advance(0);
    topic.close();
    expect(a.completed).toBe(true);
    expect(upstreams[0].stopped).toBe(true);
    const late = subscriber('late');
    topic.add(late);
    expect(late.errors).toHaveLength(1);
  });

  it('should pause its upstream when events back up beyond the bound, and resume after the last delivered cursor', async () => {
    let release!: () => void;
    let gate = new Promise<void>((r) => (release = r));
    const { topic, upstreams, clock } = setup({ maxPendingEvents: 3, executor: executor(() => gate) });
    const a = subscriber();
    topic.add(a);
    await topic.start();
    await clock.advance(0);
    upstreams[0].ack();
    for (let i = 11; i <= 15; i++) upstreams[0].emit(String(i), i);
    expect(upstreams[0].stopped).toBe(true);
    expect(topic.kind).toBe('resuming');
    const open = () => {};
    release();
    gate = Promise.resolve();
    open();
    await clock.advance(0);
    expect(cursors(a)).toEqual(['11', '12', '13', '14']);
    expect(upstreams).toHaveLength(2);
    expect(upstreams[1].options.variables).toEqual({ __iocAfter: '14' });
  });

  it('should replay what followed a subscriber\'s own cursor, then join the shared live stream without gap or duplicate', async () => {
    const { topic, upstreams, clock, stats } = setup();
    const live = subscriber('live');
    topic.add(live);
    await topic.start();
    await clock.advance(0);
    upstreams[0].ack();
    upstreams[0].emit('11', 1);
    await clock.advance(0);
    // Two walls come back with their own cursors: one catch-up stream for both.
    const w1 = subscriber('w1');
    const w2 = subscriber('w2');
    topic.add(w1, '5');
    topic.add(w2, '8');
    await clock.advance(50);
    expect(upstreams).toHaveLength(2);
    const catchUp = upstreams[1];
    expect(catchUp.options.variables).toEqual({ __iocAfter: '5' });
    // Live moves on while the replay runs.
    upstreams[0].emit('13', 3);
    catchUp.emit('6', 0);
    catchUp.emit('9', 0);
    catchUp.emit('11', 1);
    await clock.advance(0);
    catchUp.emit('13', 3); // meets the live stream: replay ends
    await clock.advance(0);
    expect(catchUp.stopped).toBe(true);
    expect(stats.catchUpStreams).toBe(0);
    upstreams[0].emit('14', 4);
    await clock.advance(0);
    expect(cursors(w1)).toEqual(['6', '9', '11', '13', '14']);
    expect(cursors(w2)).toEqual(['9', '11', '13', '14']);
    expect(cursors(live)).toEqual(['11', '13', '14']);
  });

  it('should switch a joiner to live when the live stream reaches its cursor first', async () => {
    const { topic, upstreams, clock } = setup();
    topic.add(subscriber('live'));
    await topic.start();
    await clock.advance(0);
    upstreams[0].ack();
    const w = subscriber('w');
    topic.add(w, '10');
    await clock.advance(50);
    const catchUp = upstreams[1];
    catchUp.emit('12', 2); // the replay is ahead
    await clock.advance(0);
    upstreams[0].emit('12', 2); // live catches up: no duplicate
    upstreams[0].emit('15', 5);
    await clock.advance(0);
    expect(catchUp.stopped).toBe(true);
    expect(cursors(w)).toEqual(['12', '15']);
  });

  it('should not repeat what a replay several events ahead of the live stream already gave', async () => {
    const { topic, upstreams, clock } = setup();
    topic.add(subscriber('live'));
    await topic.start();
    await clock.advance(0);
    upstreams[0].ack();
    const w = subscriber('w');
    topic.add(w, '10');
    await clock.advance(50);
    const catchUp = upstreams[1];
    for (const c of [12, 13, 14]) catchUp.emit(String(c), c); // the replay is three events ahead
    await clock.advance(0);
    for (const c of [12, 13, 14, 15]) upstreams[0].emit(String(c), c);
    await clock.advance(0);
    expect(cursors(w)).toEqual(['12', '13', '14', '15']);
    expect(catchUp.stopped).toBe(true);
  });

  it('should replay from the start to a joiner whose cursor the feed never issued, even when a live event comes first', async () => {
    const { topic, upstreams, clock } = setup();
    const live = subscriber('live');
    topic.add(live);
    await topic.start();
    await clock.advance(0);
    upstreams[0].ack();
    const w = subscriber('w');
    topic.add(w, '5005'); // a cursor of the subgraph's old database: its feed numbers from 1 again
    await clock.advance(50);
    const catchUp = upstreams[1];
    expect(catchUp.options.variables).toEqual({ __iocAfter: '5005' });
    upstreams[0].emit('11', 11); // live, before the replay says anything
    await clock.advance(0);
    // The subgraph found 5005 never issued: it replays its outbox from the start.
    for (const c of [3, 7, 11, 12]) catchUp.emit(String(c), c);
    await clock.advance(0);
    upstreams[0].emit('12', 12);
    upstreams[0].emit('13', 13);
    await clock.advance(0);
    expect(cursors(w)).toEqual(['3', '7', '11', '12', '13']);
    expect(cursors(live)).toEqual(['11', '12', '13']);
    expect(catchUp.stopped).toBe(true);
  });

  it('should serve the replay of a subgraph whose feed starts its numbering again, to live subscribers and joiners alike', async () => {
    const { topic, upstreams, clock } = setup();
    const live = subscriber('live');
    topic.add(live);
    await topic.start();
    await clock.advance(0);
    upstreams[0].ack();
    upstreams[0].emit('11', 11);
    await clock.advance(0);
    const w = subscriber('w');
    topic.add(w, '8');
    await clock.advance(50);
    // The subgraph restarted on a fresh database: resumed after 11, its feed replays from 1.
    upstreams[0].close(1006);
    await clock.advance(10_000);
    const resumed = upstreams[upstreams.length - 1];
    expect(resumed.options.variables).toEqual({ __iocAfter: '11' });
    resumed.ack();
    resumed.emit('1', 101);
    resumed.emit('2', 102);
    await clock.advance(0);
    expect(cursors(live)).toEqual(['11', '1', '2']);
    expect(cursors(w)).toEqual(['1', '2']);
  });
});
