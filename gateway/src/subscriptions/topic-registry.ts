import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from '@ioc-graph/kit/internal';
import type { ExecutionContext, PlanExecutor } from './executor';
import type { PreparedOperation } from './planner';
import { type Clock, type FanoutStats, type Subscriber, Topic } from './topic';
import type { UpstreamFactory } from './upstream';

/** Bounds on the streams the gateway opens to subgraphs. */
export interface UpstreamLimits {
  /** Distinct live feeds (topics, one upstream stream each) open at once on this gateway. @default 1000 */
  maxUpstreamStreams: number;
  /** Distinct live feeds one client connection may cause to be opened (joining an open one is free). @default 20 */
  maxUpstreamStreamsPerSocket: number;
  /**
   * Distinct live feeds the clients of one network address may cause to be opened: bounds a stranger
   * who opens many sockets, so the global cap cannot be spent by one address. @default 200
   */
  maxUpstreamStreamsPerAddress: number;
  /** Keepalive ping interval on upstream sockets, in ms (a dead subgraph is noticed within two). @default 10000 */
  upstreamPingIntervalMs: number;
  /** Events a topic may hold undelivered before it pauses its upstream (see `TopicOptions.maxPendingEvents`). @default 256 */
  maxPendingEventsPerTopic: number;
}

export const DEFAULT_UPSTREAM_LIMITS: UpstreamLimits = Object.freeze({
  maxUpstreamStreams: 1000,
  maxUpstreamStreamsPerSocket: 20,
  maxUpstreamStreamsPerAddress: 200,
  upstreamPingIntervalMs: 10_000,
  maxPendingEventsPerTopic: 256,
});

export interface TopicRegistryOptions extends UpstreamLimits {
  executor: PlanExecutor;
  logger: Logger;
  stats: FanoutStats;
  subgraphs: Record<string, { wsUrl: string; healthUrl: string }>;
  upstreamConnectTimeoutMs: number;
  upstreamResumeTimeoutMs: number;
  clock?: Clock;
  upstreamFactory?: UpstreamFactory;
}

export type JoinOutcome =
  | { kind: 'subscribed'; cancel(): void }
  | { kind: 'errors'; errors: readonly GraphQLFormattedError[] };

/**
 * The topics of a gateway, by identity (operation, variables but `after`, who asks): identical
 * subscriptions share one, whatever their cursor; new ones are bounded globally and per socket.
 */
export class TopicRegistry {
  readonly topics = new Map<string, Topic>();
  private readonly opened = new Map<Topic, { owner: object | null; address: string | null }>();
  private readonly perAddress = new Map<string, number>();
  private readonly perOwner = new WeakMap<object, number>();

  constructor(private readonly o: TopicRegistryOptions) {}

  /**
   * Joins the topic of `key` (opening it if needed). `owner` is the client connection (for the
   * per-socket cap); `after` the subscriber's own cursor.
   */
  join(key: string, op: PreparedOperation, variables: Record<string, unknown>, context: ExecutionContext, subscriber: Subscriber, owner: object | null, after: string | null): JoinOutcome {
    if (after !== null && op.primary!.resume && !/^\d{1,19}$/.test(after)) {
      // The feed's cursors are outbox positions; say so now rather than replay from nowhere.
      return { kind: 'errors', errors: [{ message: `"${after}" is not a feed cursor: pass the cursor of a reading received earlier`, extensions: { code: 'BAD_USER_INPUT' } }] };
    }
    let topic = this.topics.get(key);
    if (!topic) {
      if (this.topics.size >= this.o.maxUpstreamStreams) {
        return { kind: 'errors', errors: [{ message: `Too many distinct live feeds are open on this gateway (at most ${this.o.maxUpstreamStreams}); retry later or subscribe to one already open`, extensions: { code: 'TOO_MANY_UPSTREAM_STREAMS' } }] };
      }
      const mine = owner ? (this.perOwner.get(owner) ?? 0) : 0;
      if (owner && mine >= this.o.maxUpstreamStreamsPerSocket) {
        return { kind: 'errors', errors: [{ message: `This connection opened too many distinct live feeds (at most ${this.o.maxUpstreamStreamsPerSocket})`, extensions: { code: 'TOO_MANY_UPSTREAM_STREAMS' } }] };
      }
      const address = subscriber.address ?? null;
      const fromAddress = address ? (this.perAddress.get(address) ?? 0) : 0;
      if (address && fromAddress >= this.o.maxUpstreamStreamsPerAddress) {
        return { kind: 'errors', errors: [{ message: `Clients at this address opened too many distinct live feeds (at most ${this.o.maxUpstreamStreamsPerAddress})`, extensions: { code: 'TOO_MANY_UPSTREAM_STREAMS' } }] };
      }
      const subgraph = this.o.subgraphs[op.primary!.serviceName];
      const created: Topic = new Topic({
        key,
        op,
        variables,
        context,
        wsUrl: subgraph.wsUrl,
        healthUrl: subgraph.healthUrl,
        executor: this.o.executor,
        logger: this.o.logger,
        stats: this.o.stats,
        connectTimeoutMs: this.o.upstreamConnectTimeoutMs,
        resumeTimeoutMs: this.o.upstreamResumeTimeoutMs,
        pingIntervalMs: this.o.upstreamPingIntervalMs,
        maxPendingEvents: this.o.maxPendingEventsPerTopic,
        clock: this.o.clock,
        upstreamFactory: this.o.upstreamFactory,
        onClosed: (t) => this.forget(t),
      });
      topic = created;
      this.topics.set(key, created);
      this.opened.set(created, { owner, address });
      if (owner) this.perOwner.set(owner, mine + 1);
      if (address) this.perAddress.set(address, fromAddress + 1);
      this.o.stats.topics = this.topics.size;
      void created.start().catch((err) => {
        this.o.logger.error({ err }, 'subscription start failed');
        created.close([{ message: 'The subscription could not start', extensions: { code: 'INTERNAL_SERVER_ERROR' } }], 'failed');
      });
    }
    topic.add(subscriber, after);
    // By key, not this topic: a reload may hand the subscriber over to a re-planned topic.
    return { kind: 'subscribed', cancel: () => this.topics.get(key)?.remove(subscriber) };
  }

  /** After a reload: new topics run on the new plan executor and reach the subgraphs at their new URLs. */
  retarget(executor: PlanExecutor, subgraphs: Record<string, { wsUrl: string; healthUrl: string }>): void {
    this.o.executor = executor;
    this.o.subgraphs = subgraphs;
  }

  /** Closes every topic, telling their subscribers. */
  closeAll(): void {
    for (const t of [...this.topics.values()]) t.close(undefined, 'disposed');
  }

  private forget(t: Topic): void {
    if (this.topics.get(t.key) === t) this.topics.delete(t.key);
    const opener = this.opened.get(t);
    this.opened.delete(t);
    const owner = opener?.owner;
    if (owner) this.perOwner.set(owner, Math.max(0, (this.perOwner.get(owner) ?? 1) - 1));
    const address = opener?.address;
    if (address) {
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left > 0) this.perAddress.set(address, left);
      else this.perAddress.delete(address);
    }
    this.o.stats.topics = this.topics.size;
  }
}
