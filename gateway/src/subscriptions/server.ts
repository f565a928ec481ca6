import type { IncomingMessage } from 'node:http';
import type { GraphQLDataSource } from '@apollo/gateway';
import { type GraphQLFormattedError, getVariableValues, parse } from 'graphql';
import { handleProtocols } from 'graphql-ws';
import type { WebSocket, WebSocketServer } from 'ws';
import { ConfigError, type Logger, readEnv } from '@ioc-graph/kit/internal';
import { type Authenticate, type Principal, forwarded, jwtAuthenticate, principalKey } from './auth';
import { CloseCode, CloseReason } from './close-codes';
import { Connection } from './connection';
import { KeepAliveWheel } from './keep-alive';
import { type ExecutionContext, PlanExecutor } from './executor';
import {
  OperationErrorCode, conditionalSubscriptionRoot, conditionalSubscriptionRootIn, documentErrors, toClientError,
} from './operation-errors';
import { OperationPlanner, OperationTypeNode, type PreparedOperation } from './planner';
import { GRAPHQL_TRANSPORT_WS_PROTOCOL, type SubscribePayload } from './protocol';
import { type Clock, type FanoutStats, type Subscriber } from './topic';
import { DEFAULT_UPSTREAM_LIMITS, TopicRegistry, type UpstreamLimits } from './topic-registry';
import { type ReplanOutcome, replanTopics } from './supergraph-update';
import type { UpstreamFactory } from './upstream';

/** Limits of the WebSocket endpoint. */
export interface SubscriptionLimits extends UpstreamLimits {
  /** Time allowed between the upgrade and `connection_init`. @default 3000 */
  connectionInitTimeoutMs: number;
  /** Operations running at once on one socket; beyond, `subscribe` gets an `error` (TOO_MANY_SUBSCRIPTIONS). @default 100 */
  maxSubscriptionsPerSocket: number;
  /**
   * Client sockets open at once; beyond, a new one is closed with 1013 (try again later) before it
   * holds anything. Keeps the gateway below its file-descriptor limit. @default 12000
   */
  maxConnections: number;
  /** Client sockets open at once from one network address (one stranger cannot take them all). @default 6000 */
  maxConnectionsPerAddress: number;
  /** Operations running at once on all sockets together; beyond, `subscribe` gets an `error` (TOO_MANY_SUBSCRIPTIONS). @default 20000 */
  maxSubscriptions: number;
  /** Time between the server's WebSocket pings to each client, in ms; 0 = no pings. @default 12000 */
  keepAliveIntervalMs: number;
  /** Time a client may take to answer a ping before its socket is cut, in ms. @default 12000 */
  keepAliveTimeoutMs: number;
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
  /** Opens upstream subscriptions (tests inject fakes). @default one graphql-ws socket each */
  upstreamFactory?: UpstreamFactory;
  clock?: Clock;
  /**
   * The data source of each subgraph for queries, mutations and the rest of subscription plans: the
   * gateway passes its bounded, circuit-broken one, so a stalled subgraph costs an event its fields
   * (null + error) within the subgraph's timeout, not the whole feed. @default AuthenticatedDataSource
   */
  dataSource?: (name: string, url: string) => GraphQLDataSource;
}

/** Counters for `/healthz`, metrics and the benchmark. */
export interface SubscriptionStats extends FanoutStats {
  /** Open client sockets. */
  clients: number;
  /** Client subscriptions served by topics. */
  subscribers: number;
  /** Operations running on all sockets (subscriptions, and queries or mutations in flight): what `maxSubscriptions` bounds. */
  operations: number;
  slowConsumersDropped: number;
  /** Sockets cut because they did not answer a ping in time. */
  keepAliveTimeouts: number;
  /** Upgrades refused for not speaking `graphql-transport-ws` (closed 4406, never counted as clients). */
  refusedSubprotocol: number;
  /** Sockets refused at the connection limit (overall or per address), with 1013. */
  refusedConnections: number;
}

/** What `start` made of a subscribe message. */
export type StartOutcome =
  | { kind: 'subscribed'; subscriber: Subscriber; cancel(): void }
  | { kind: 'result'; result: unknown; cancel?: undefined }
  | { kind: 'errors'; errors: readonly GraphQLFormattedError[]; cancel?: undefined };

export const DEFAULT_LIMITS: SubscriptionLimits = Object.freeze({
  connectionInitTimeoutMs: 3000,
  maxSubscriptionsPerSocket: 100,
  maxSubscriptions: 20_000,
  maxConnections: 12_000,
  maxConnectionsPerAddress: 6_000,
  keepAliveIntervalMs: 12_000,
  keepAliveTimeoutMs: 12_000,
  maxPayloadBytes: 64 * 1024,
  maxBufferedBytes: 1024 * 1024,
  upstreamConnectTimeoutMs: 5000,
  upstreamResumeTimeoutMs: 120_000,
  ...DEFAULT_UPSTREAM_LIMITS,
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
    clients: 0, subscribers: 0, operations: 0, topics: 0, upstreamSubscriptions: 0, upstreamOpened: 0, catchUpStreams: 0, events: 0,
    frames: 0, slowConsumersDropped: 0, keepAliveTimeouts: 0, refusedSubprotocol: 0, refusedConnections: 0,
  };
  private executor: PlanExecutor;
  private readonly dataSource?: (name: string, url: string) => GraphQLDataSource;
  private readonly registry: TopicRegistry;
  private readonly connections = new Set<Connection>();
  /** Keep-alive of every client socket on one timer. @internal Connections join it. */
  readonly keepAlive: KeepAliveWheel;
  private readonly perAddress = new Map<string, number>();

  constructor(options: SubscriptionServerOptions) {
    const { supergraphSdl, logger, authenticate, upstreamFactory, clock, dataSource, ...limits } = options;
    this.dataSource = dataSource;
    this.limits = { ...DEFAULT_LIMITS, ...Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)) };
    this.logger = logger;
    this.authenticate = authenticate ?? jwtAuthenticate();
    this.keepAlive = new KeepAliveWheel({ intervalMs: this.limits.keepAliveIntervalMs, timeoutMs: this.limits.keepAliveTimeoutMs });
    this.planner = new OperationPlanner({ supergraphSdl });
    this.executor = new PlanExecutor(this.planner, logger, dataSource);
    this.registry = new TopicRegistry({
      ...this.limits, executor: this.executor, logger, stats: this.stats, subgraphs: endpoints(this.planner), upstreamFactory, clock,
    });
  }

  /**
   * Serves a new supergraph (a reload): new operations are planned against it; open subscriptions
   * whose plans touch none of `changedSubgraphs` stay as they are, the others are re-planned and
   * each subscriber continues from its own last cursor (see {@link replanTopics}).
   */
  updateSupergraph(supergraphSdl: string, changedSubgraphs: readonly string[]): Promise<ReplanOutcome> {
    this.planner = new OperationPlanner({ supergraphSdl });
    this.executor = new PlanExecutor(this.planner, this.logger, this.dataSource);
    this.registry.retarget(this.executor, endpoints(this.planner));
    return replanTopics([...this.registry.topics.values()], changedSubgraphs, {
      planner: this.planner,
      logger: this.logger,
      reopen: (op, from, handoffs) => {
        const { variables, context } = from.request;
        for (const { subscriber, cursor } of handoffs) {
          const joined = this.registry.join(from.key, op, variables, context, subscriber, subscriber.owner ?? null, cursor);
          if (joined.kind === 'errors') subscriber.error(joined.errors);
        }
      },
    });
  }

  /** Serves the WebSocket server's connections; returns how to close them all. */
  attach(wss: WebSocketServer): { dispose(): Promise<void> } {
    // The server is made elsewhere: set the message limit and the subprotocol choice on it (both
    // read at each upgrade). graphql-ws's `handleProtocols` picks `graphql-transport-ws` among the
    // offered ones; failing that the first offered one is echoed, so that the client completes the
    // upgrade and hears why it is refused (4406) instead of a bare handshake failure.
    const options = wss.options as { maxPayload?: number; handleProtocols?: (protocols: Set<string>) => string | false };
    options.maxPayload = this.limits.maxPayloadBytes;
    options.handleProtocols = (protocols) => handleProtocols(protocols) || (protocols.values().next().value ?? false);
    const onConnection = (socket: WebSocket, request: IncomingMessage) => this.accept(socket, request);
    wss.on('connection', onConnection);
    return {
      dispose: async () => {
        wss.off('connection', onConnection);
        for (const c of [...this.connections]) c.close(CloseCode.GoingAway, CloseReason.ShuttingDown);
        this.keepAlive.dispose();
        this.registry.closeAll();
      },
    };
  }

  /**
   * Takes an upgraded socket. One that does not speak `graphql-transport-ws` (the legacy `graphql-ws`
   * or none) is closed with 4406 as graphql-ws's server does, and leaves no trace: it is never a
   * client, and holds no timer or listener of ours.
   */
  accept(socket: WebSocket, request: IncomingMessage): Connection | null {
    const refuse = (code: CloseCode, reason: CloseReason) => {
      socket.on('error', () => undefined); // a peer gone mid-close is no crash
      socket.close(code, reason);
      setTimeout(() => socket.terminate(), 1000).unref();
      return null;
    };
    if (socket.protocol !== GRAPHQL_TRANSPORT_WS_PROTOCOL) {
      this.stats.refusedSubprotocol++;
      return refuse(CloseCode.SubprotocolNotAcceptable, CloseReason.SubprotocolNotAcceptable);
    }
    const address = request.socket?.remoteAddress ?? '';
    const fromAddress = this.perAddress.get(address) ?? 0;
    if (this.connections.size >= this.limits.maxConnections || fromAddress >= this.limits.maxConnectionsPerAddress) {
      this.stats.refusedConnections++;
      return refuse(CloseCode.TryAgainLater, CloseReason.TooManyConnections);
    }
    const c = new Connection(socket, request, this);
    this.connections.add(c);
    this.perAddress.set(address, fromAddress + 1);
    this.stats.clients = this.connections.size;
    return c;
  }

  /**
   * Reserves room for one more operation server-wide (`maxSubscriptions`); `false` when full.
   * @internal Called by a connection; each `true` is matched by one {@link releaseOperation}.
   */
  reserveOperation(): boolean {
    if (this.stats.operations >= this.limits.maxSubscriptions) return false;
    this.stats.operations++;
    return true;
  }

  /** @internal */
  releaseOperation(): void {
    this.stats.operations--;
  }

  /** A snapshot of the counters. */
  snapshot(): SubscriptionStats {
    let subscribers = 0;
    for (const t of this.registry.topics.values()) subscribers += t.subscribers.size;
    return { ...this.stats, clients: this.connections.size, topics: this.registry.topics.size, subscribers };
  }

  /** @internal Called by a connection when it closes. */
  forget(c: Connection): void {
    if (!this.connections.delete(c)) return;
    const address = c.address;
    const left = (this.perAddress.get(address) ?? 1) - 1;
    if (left > 0) this.perAddress.set(address, left);
    else this.perAddress.delete(address);
    this.stats.clients = this.connections.size;
  }

  /** Sockets open now (each one acknowledged or waiting for `connection_init`). */
  get clients(): number {
    return this.connections.size;
  }

  /**
   * Starts what a `subscribe` message asks: joins (or opens) the topic of a subscription, or runs a
   * query or mutation once.
   */
  async start(
    payload: SubscribePayload,
    principal: Principal,
    connectionParams: Record<string, unknown> | undefined,
    subscriber: Subscriber,
  ): Promise<StartOutcome> {
    const internal = (err: unknown) => this.logger.error({ err }, 'operation failed');
    let op: PreparedOperation;
    try {
      op = this.planner.prepare(payload.query, payload.operationName);
    } catch (err) {
      return { kind: 'errors', errors: this.refusal(err, payload) };
    }
    const conditional = conditionalSubscriptionRoot(op.operationContext.operation, op.operationContext.fragments);
    if (conditional) return { kind: 'errors', errors: [toClientError(conditional)] };
    let variables: Record<string, unknown>;
    try {
      const coerced = getVariableValues(this.planner.schema, op.operationContext.operation.variableDefinitions ?? [], payload.variables ?? {});
      if (coerced.errors) return { kind: 'errors', errors: coerced.errors.map((e) => toClientError(e, OperationErrorCode.BadUserInput)) };
      variables = coerced.coerced;
    } catch (err) {
      // e.g. variables nested deeper than the recursive coercion can walk
      if (err instanceof RangeError) return { kind: 'errors', errors: [{ message: 'The variables are nested too deeply', extensions: { code: OperationErrorCode.BadUserInput } }] };
      return { kind: 'errors', errors: [toClientError(err, OperationErrorCode.BadUserInput, internal)] };
    }
    const context: ExecutionContext = { principal: forwarded(principal) };

    if (op.kind !== OperationTypeNode.SUBSCRIPTION) {
      try {
        const result = await this.executor.execute(op, variables, context);
        return { kind: 'result', result: { ...result, ...(result.errors ? { errors: result.errors.map((e) => toClientError(e, undefined, internal)) } : {}) } };
      } catch (err) {
        return { kind: 'errors', errors: [toClientError(err, undefined, internal)] };
      }
    }
    // Identical operations share one topic whatever their `after`: it is the subscriber's own.
    const resume = op.primary!.resume;
    const after = resume?.initialAfter(variables) ?? null;
    const identity = Object.fromEntries(Object.entries(variables).filter(([k]) => k !== resume?.afterVariable));
    const key = `${op.key}\u0000${stableJson(identity)}\u0000${principalKey(principal)}`;
    const joined = this.registry.join(key, op, variables, context, subscriber, subscriber.owner ?? connectionParams ?? null, after);
    if (joined.kind === 'errors') return joined;
    return { kind: 'subscribed', subscriber, cancel: joined.cancel };
  }

  /** The errors of a document the planner refused, with their codes (see {@link documentErrors}). */
  private refusal(thrown: unknown, payload: SubscribePayload): GraphQLFormattedError[] {
    // graphql-js 16 throws from inside `validate` for `@skip(if: $v)` on a subscription's root
    // field; name the rule it breaks instead of its confusing message.
    if (!Array.isArray(thrown)) {
      try {
        const conditional = conditionalSubscriptionRootIn(parse(payload.query), payload.operationName);
        if (conditional) return [toClientError(conditional)];
      } catch {
        // not parseable: documentErrors says why
      }
    }
    return documentErrors(thrown, payload.query, (err) => this.logger.error({ err }, 'operation failed to prepare'));
  }
}

const count = (raw: string, name: string): number => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${name} must be a whole number ≥ 0, got "${raw}"`);
  return n;
};

/**
 * The WebSocket limits from the environment (each optional; unset keeps {@link DEFAULT_LIMITS}).
 * @throws {ConfigError} naming every variable with a bad value.
 */
export function readSubscriptionLimits(env: NodeJS.ProcessEnv = process.env): Partial<SubscriptionLimits> {
  const spec = (name: string, doc: string) => ({ env: name, default: undefined as number | undefined, parse: count, doc });
  const read = readEnv(
    {
      connectionInitTimeoutMs: spec('IOC_WS_INIT_TIMEOUT_MS', 'ms allowed between the upgrade and connection_init'),
      maxSubscriptionsPerSocket: spec('IOC_WS_MAX_SUBSCRIPTIONS_PER_SOCKET', 'operations at once on one socket'),
      maxSubscriptions: spec('IOC_WS_MAX_SUBSCRIPTIONS', 'operations at once on all sockets'),
      maxConnections: spec('IOC_WS_MAX_CONNECTIONS', 'client sockets open at once'),
      maxConnectionsPerAddress: spec('IOC_WS_MAX_CONNECTIONS_PER_ADDRESS', 'client sockets open at once from one address'),
      maxPayloadBytes: spec('IOC_WS_MAX_PAYLOAD_BYTES', 'largest client message, in bytes'),
      maxBufferedBytes: spec('IOC_WS_MAX_BUFFERED_BYTES', 'bytes queued for a client before it is dropped (4508)'),
      keepAliveIntervalMs: spec('IOC_WS_KEEPALIVE_MS', 'ms between pings to each client; 0 = off'),
      keepAliveTimeoutMs: spec('IOC_WS_KEEPALIVE_TIMEOUT_MS', 'ms a client may take to answer a ping'),
    },
    env,
  );
  return Object.fromEntries(Object.entries(read).filter(([, v]) => v !== undefined)) as Partial<SubscriptionLimits>;
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
