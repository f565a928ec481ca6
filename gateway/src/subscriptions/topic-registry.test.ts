import { Kind, type OperationDefinitionNode, OperationTypeNode, parse } from 'graphql';
import type { Logger } from '@ioc-graph/kit/internal';
import type { PreparedOperation } from './planner';
import type { FanoutStats, Subscriber } from './topic';
import { DEFAULT_UPSTREAM_LIMITS, TopicRegistry } from './topic-registry';
import type { Upstream } from './upstream';

const DOC = parse(`subscription ($after: ID) { readings(after: $after) { cursor } }`);
const op = {
  key: 'readings',
  kind: OperationTypeNode.SUBSCRIPTION,
  operationContext: { operation: DOC.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!, fragments: {} },
  primary: {
    serviceName: 'governance', query: 'subscription { readings { cursor } }', variableUsages: [], responseName: 'readings',
    resume: { initialAfter: () => null, afterVariable: 'after' },
  },
} as unknown as PreparedOperation;

const quiet = { warn() {}, error() {}, info() {}, debug() {} } as unknown as Logger;
const sub = (id: string): Subscriber & { errors: unknown } => {
  const s = { id, errors: null as unknown, write() {}, error: (e: unknown) => void (s.errors = e), complete() {} };
  return s;
};

function registry(limits: Partial<typeof DEFAULT_UPSTREAM_LIMITS> = {}) {
  const opened: Upstream[] = [];
  const stats: FanoutStats = { upstreamSubscriptions: 0, upstreamOpened: 0, topics: 0, events: 0, frames: 0 };
  const r = new TopicRegistry({
    ...DEFAULT_UPSTREAM_LIMITS,
    ...limits,
    executor: {} as never,
    logger: quiet,
    stats,
    subgraphs: { governance: { wsUrl: 'ws://127.0.0.1:9/graphql', healthUrl: 'http://127.0.0.1:9/healthz' } },
    upstreamConnectTimeoutMs: 5000,
    upstreamResumeTimeoutMs: 120_000,
    upstreamFactory: () => {
      const u = { start() {}, stop() {} };
      opened.push(u);
      return u;
    },
  });
  return { r, opened, stats };
}

describe('TopicRegistry', () => {
  it('should share one topic among identical subscriptions whatever their after', () => {
    const { r } = registry();
    expect(r.join('k', op, {}, { principal: null }, sub('a'), null, null).kind).toBe('subscribed');
    expect(r.join('k', op, {}, { principal: null }, sub('b'), null, '12').kind).toBe('subscribed');
    expect(r.topics.size).toBe(1);
    expect(r.topics.get('k')!.subscribers.size).toBe(2);
    r.closeAll();
  });

  it('should refuse a new live feed beyond the global cap with a clear error, and still let clients join open ones', () => {
    const { r } = registry({ maxUpstreamStreams: 2 });
    r.join('k1', op, {}, { principal: null }, sub('a'), null, null);
    r.join('k2', op, {}, { principal: null }, sub('b'), null, null);
    const third = r.join('k3', op, {}, { principal: null }, sub('c'), null, null);
    expect(third).toEqual({ kind: 'errors', errors: [expect.objectContaining({ message: expect.stringContaining('at most 2'), extensions: { code: 'TOO_MANY_UPSTREAM_STREAMS' } })] });
    expect(r.join('k1', op, {}, { principal: null }, sub('d'), null, null).kind).toBe('subscribed');
    r.closeAll();
  });

  it('should cap the live feeds one connection opens, and free its slot when the feed closes', () => {
    const { r } = registry({ maxUpstreamStreamsPerSocket: 1 });
    const socket = {};
    const a = sub('a');
    const first = r.join('k1', op, {}, { principal: null }, a, socket, null);
    expect(r.join('k2', op, {}, { principal: null }, sub('b'), socket, null).kind).toBe('errors');
    expect(r.join('k2', op, {}, { principal: null }, sub('c'), {}, null).kind).toBe('subscribed'); // another socket
    if (first.kind === 'subscribed') first.cancel();
    expect(r.join('k3', op, {}, { principal: null }, sub('d'), socket, null).kind).toBe('subscribed');
    r.closeAll();
  });

  it('should cap the live feeds the sockets of one address open together, whatever the number of sockets', () => {
    const { r } = registry({ maxUpstreamStreamsPerSocket: 5, maxUpstreamStreamsPerAddress: 2 });
    const from = (id: string, address: string) => ({ ...sub(id), address });
    const first = r.join('k1', op, {}, { principal: null }, from('a', '10.0.0.9'), {}, null);
    expect(r.join('k2', op, {}, { principal: null }, from('b', '10.0.0.9'), {}, null).kind).toBe('subscribed');
    const refused = r.join('k3', op, {}, { principal: null }, from('c', '10.0.0.9'), {}, null);
    expect(refused).toMatchObject({ kind: 'errors', errors: [{ extensions: { code: 'TOO_MANY_UPSTREAM_STREAMS' } }] });
    expect(r.join('k3', op, {}, { principal: null }, from('d', '10.0.0.7'), {}, null).kind).toBe('subscribed'); // another address
    expect(r.join('k1', op, {}, { principal: null }, from('e', '10.0.0.9'), {}, null).kind).toBe('subscribed'); // joining is free
    if (first.kind === 'subscribed') first.cancel();
    r.closeAll();
  });

  it('should refuse an after that is not a feed cursor with BAD_USER_INPUT', () => {
    const { r } = registry();
    const out = r.join('k', op, {}, { principal: null }, sub('a'), null, 'yesterday');
    expect(out).toEqual({ kind: 'errors', errors: [expect.objectContaining({ message: expect.stringContaining('"yesterday" is not a feed cursor'), extensions: { code: 'BAD_USER_INPUT' } })] });
  });

  it('should tell every subscriber when it closes all topics', () => {
    const { r } = registry();
    let completed = 0;
    const s = { ...sub('a'), complete: () => void completed++ };
    r.join('k', op, {}, { principal: null }, s, null, null);
    r.closeAll();
    expect(completed).toBe(1);
    expect(r.topics.size).toBe(0);
  });
});
