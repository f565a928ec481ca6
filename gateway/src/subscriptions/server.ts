import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError, getVariableValues } from 'graphql';
import type { WebSocketServer } from 'ws';
import type { Logger } from '@ioc-graph/kit/internal';
import { type Authenticate, type Principal, forwarded, jwtAuthenticate, principalKey } from './auth';
import { CloseCode } from './close-codes';
import { Connection } from './connection';
import { type ExecutionContext, PlanExecutor } from './executor';
import { OperationPlanner, OperationTypeNode, type PreparedOperation } from './planner';
import { type ReplanOutcome, replanTopics } from './supergraph-update';
import type { SubscribePayload } from './protocol';
import { type FanoutStats, type Subscriber, Topic } from './topic';

/** Limits of the WebSocket endpoint. */
export interface SubscriptionLimits {
  /** Time allowed between the upgrade and `connection_init`. @default 3000 */
  connectionInitTimeoutMs: number;
  /** Operations running at once on one socket. @default 100 */
  maxSubscriptionsPerSocket: number;
  /** Largest message a client may send, in bytes (ws `maxPayload`; beyond: close 1009). @default 65536 */
  maxPayloadBytes: number;
  /** Bytes queued for a client before it is dropped as a slow consumer (close 4508). @default 1048576 */
  maxBufferedBytes: number;
  /** Time to reach a subgraph for a new subscription before answering with an error. @default 5000 */
  upstreamConnectTimeoutMs: number;
  /** Time to reach a subgraph again after it went away before failing its subscriptions. @default 120000 */
  upstreamResumeTimeoutMs: number;
}

export interface SubscriptionServerOptions extends Partial<SubscriptionLimits> {
  /** The composed supergraph. */
  supergraphSdl: string;
  logger: Logger;
  /** Checks `connection_init` payloads (at connect and at each subscribe). @default jwtAuthenticate() */
  authenticate?: Authenticate;
}

/** Counters for `/healthz`, metrics and the benchmark. */
export interface SubscriptionStats extends FanoutStats {
  /** Open client sockets. */
  clients: number;
  /** Client subscriptions served by topics. */
  subscribers: number;
  slowConsumersDropped: number;
}

/** What `start` made of a subscribe message. */
export type StartOutcome =
  | { kind: 'subscribed'; subscriber: Subscriber; cancel(): void }
  | { kind: 'result'; result: unknown; cancel?: undefined }
  | { kind: 'errors'; errors: readonly GraphQLFormattedError[]; cancel?: undefined };

export const DEFAULT_LIMITS: SubscriptionLimits = Object.freeze({
  connectionInitTimeoutMs: 3000,
  maxSubscriptionsPerSocket: 100,
  maxPayloadBytes: 64 * 1024,
  maxBufferedBytes: 1024 * 1024,
  upstreamConnectTimeoutMs: 5000,
  upstreamResumeTimeoutMs: 120_000,
});

/**
 * The gateway's graphql-ws endpoint: federated subscriptions, deduplicated into shared upstream
 * subscriptions (see {@link Topic}), and queries and mutations executed with the query planner.
 *
 * @example
 * const subs = new SubscriptionServer({ supergraphSdl, logger });
 * startGraphQLServer({ ..., websocket: (wss) => subs.attach(wss) });
 */
export class SubscriptionServer {
  readonly limits: SubscriptionLimits;
  readonly logger: Logger;
  readonly authenticate: Authenticate;
  /** Replaced by {@link updateSupergraph}. */
  planner: OperationPlanner;
  readonly stats: SubscriptionStats = {
    clients: 0, subscribers: 0, topics: 0, upstreamSubscriptions: 0, upstreamOpened: 0, events: 0, frames: 0, slowConsumersDropped: 0,
  };
  private executor: PlanExecutor;
  private readonly topics = new Map<string, Topic>();
  private readonly connections = new Set<Connection>();
  private subgraphs: Record<string, { wsUrl: string; healthUrl: string }> = {};

  constructor(options: SubscriptionServerOptions) {
    const { supergraphSdl, logger, authenticate, ...limits } = options;
    this.limits = { ...DEFAULT_LIMITS, ...Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)) };
    this.logger = logger;
    this.authenticate = authenticate ?? jwtAuthenticate();
    this.planner = new OperationPlanner({ supergraphSdl });
    this.executor = new PlanExecutor(this.planner, logger);
    this.subgraphs = endpoints(this.planner);
  }

  /**
   * Serves a new supergraph (a reload): new operations are planned against it; open subscriptions
   * whose plans touch none of `changedSubgraphs` stay as they are, the others are re-planned and
   * continue from their cursor (see {@link replanTopics}).
   */
  updateSupergraph(supergraphSdl: string, changedSubgraphs: readonly string[]): Promise<ReplanOutcome> {
    this.planner = new OperationPlanner({ supergraphSdl });
    this.executor = new PlanExecutor(this.planner, this.logger);
    this.subgraphs = endpoints(this.planner);
    return replanTopics([...this.topics.values()], changedSubgraphs, {
      planner: this.planner,
      logger: this.logger,
      reopen: (op, from, cursor, subscribers) => {
        const { variables, context } = from.request;
        const topic = this.openTopic(from.key, op, variables, context, cursor);
        for (const s of subscribers) topic.add(s);
      },
    });
  }

  /** Serves the WebSocket server's connections; returns how to close them all. */
  attach(wss: WebSocketServer): { dispose(): Promise<void> } {
    // The server is made elsewhere: set the message limit on it (read at each upgrade).
    (wss.options as { maxPayload?: number }).maxPayload = this.limits.maxPayloadBytes;
    wss.on('connection', (socket, request) => {
      const c = new Connection(socket, request, this);
      this.connections.add(c);
      this.stats.clients = this.connections.size;
    });
    return {
      dispose: async () => {
        for (const c of [...this.connections]) c.close(CloseCode.GoingAway, 'Server is shutting down');
        for (const t of [...this.topics.values()]) t.close();
      },
    };
  }

  /** A snapshot of the counters. */
  snapshot(): SubscriptionStats {
    let subscribers = 0;
    for (const t of this.topics.values()) subscribers += t.subscribers.size;
    return { ...this.stats, clients: this.connections.size, topics: this.topics.size, subscribers };
  }

  /** @internal Called by a connection when it closes. */
  forget(c: Connection): void {
    this.connections.delete(c);
    this.stats.clients = this.connections.size;
  }

  /**
   * Starts what a `subscribe` message asks: joins (or opens) the topic of a subscription, or runs a
   * query or mutation once.
   */
  async start(
    payload: SubscribePayload,
    principal: Principal,
    _connectionParams: Record<string, unknown> | undefined,
    subscriber: Subscriber,
  ): Promise<StartOutcome> {
    let op;
    try {
      op = this.planner.prepare(payload.query, payload.operationName);
    } catch (err) {
      const errors = Array.isArray(err) ? err : [err instanceof GraphQLError ? err : new GraphQLError((err as Error).message)];
      return { kind: 'errors', errors: errors.map((e: GraphQLError) => e.toJSON()) };
    }
    const coerced = getVariableValues(this.planner.schema, op.operationContext.operation.variableDefinitions ?? [], payload.variables ?? {});
    if (coerced.errors) return { kind: 'errors', errors: coerced.errors.map((e) => e.toJSON()) };
    const variables = coerced.coerced;
    const context: ExecutionContext = { principal: forwarded(principal) };

    if (op.kind !== OperationTypeNode.SUBSCRIPTION) {
      const result = await this.executor.execute(op, variables, context);
      return { kind: 'result', result: { ...result, ...(result.errors ? { errors: result.errors.map((e) => e.toJSON()) } : {}) } };
    }
    const key = `${op.key}\u0000${stableJson(variables)}\u0000${principalKey(principal)}`;
    const topic = this.topics.get(key) ?? this.openTopic(key, op, variables, context);
    topic.add(subscriber);
    // By key, not this topic: a reload may hand the subscriber over to a re-planned topic.
    return { kind: 'subscribed', subscriber, cancel: () => this.topics.get(key)?.remove(subscriber) };
  }

  /** Opens (and registers) the shared upstream subscription of `key`. */
  private openTopic(
    key: string, op: PreparedOperation, variables: Record<string, unknown>, context: ExecutionContext, startAfter?: string | null,
  ): Topic {
    const subgraph = this.subgraphs[op.primary!.serviceName];
    const created: Topic = new Topic({
      key,
      op,
      variables,
      context,
      wsUrl: subgraph.wsUrl,
      healthUrl: subgraph.healthUrl,
      executor: this.executor,
      logger: this.logger,
      stats: this.stats,
      connectTimeoutMs: this.limits.upstreamConnectTimeoutMs,
      resumeTimeoutMs: this.limits.upstreamResumeTimeoutMs,
      startAfter,
      onClosed: (t) => {
        if (this.topics.get(t.key) === t) this.topics.delete(t.key);
        this.stats.topics = this.topics.size;
      },
    });
    this.topics.set(key, created);
    this.stats.topics = this.topics.size;
    void created.start().catch((err) => {
      this.logger.error({ err }, 'subscription start failed');
      created.close();
    });
    return created;
  }
}

function endpoints(planner: OperationPlanner): Record<string, { wsUrl: string; healthUrl: string }> {
  const out: Record<string, { wsUrl: string; healthUrl: string }> = {};
  for (const [name, url] of Object.entries(planner.subgraphUrls())) {
    out[name] = { wsUrl: url.replace(/^http/, 'ws'), healthUrl: new URL('/healthz', url).toString() };
  }
  return out;
}

/** JSON with sorted keys, so `{a,b}` and `{b,a}` are one subscription. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
