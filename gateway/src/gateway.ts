import { type GraphQLServerHandle, type Logger, startGraphQLServer } from '@ioc-graph/kit/internal';
import { gatewayContext } from './auth';
import { InvalidationStreams, QueryCache, type QueryCacheOptions, answerThroughCache } from './cache';
import { SubgraphClients, SubgraphDataSource } from './fetch';
import { mountStaticPages } from './http/static-pages';
import { type SubgraphEntry, composeSupergraph } from './supergraph';
import { QueryGateway } from './query';
import { type Authenticate, type SubscriptionLimits, SubscriptionServer } from './subscriptions';

export interface GatewayOptions {
  /** The subgraphs (from supergraph.yaml). */
  subgraphs: SubgraphEntry[];
  /** Folder that relative schema files are read from. */
  baseDir?: string;
  /** 0 = any free port. */
  port: number;
  host?: string;
  logger: Logger;
  /** Built web client (GraphiQL, wall). */
  webDir: string;
  /** How long to wait for subgraphs at start. @default 30000 */
  subgraphTimeoutMs?: number;
  /** Checks WebSocket `connection_init` payloads. @default the JWT check of HTTP requests (no token: anonymous) */
  authenticate?: Authenticate;
  /** Limits of the WebSocket endpoint. @default DEFAULT_LIMITS */
  subscriptionLimits?: Partial<SubscriptionLimits>;
  /** Share identical queries and subgraph fetches in flight (never mutations). @default true */
  queryDedupe?: boolean;
  /** Subgraph fetch results kept until an outbox event or a mutation drops them. @default on, 64 MiB, 10000 entries */
  queryCache?: QueryCacheOptions;
}

export interface GatewayHandle extends GraphQLServerHandle {
  supergraphSdl: string;
  /** The query cache (its `stats()` for /metrics). */
  queryCache: QueryCache;
}

/**
 * The federation gateway: composes the subgraphs at start (refusing to start with a broken graph),
 * plans and executes operations with Apollo Gateway, and serves GraphiQL and the wall.
 */
export async function startGateway(options: GatewayOptions): Promise<GatewayHandle> {
  const { logger } = options;
  const { supergraphSdl, hints } = await composeSupergraph(options.subgraphs, options.baseDir ?? process.cwd(), {
    timeoutMs: options.subgraphTimeoutMs,
    onWait: (name, reason) => logger.info({ subgraph: name, reason }, `waiting for subgraph ${name}`),
  });
  for (const h of hints) logger.debug({ hint: h }, 'composition hint');
  // Bounded, pooled, circuit-broken subgraph calls; see fetch/ and query/.
  const clients = new SubgraphClients(() => new Map(options.subgraphs.map((s) => [s.name, s.timeoutMs])), {
    dedupe: options.queryDedupe,
    onFailure: (err, cause) => logger.warn({ subgraph: err.serviceName, code: err.code, cause: (cause as Error)?.message }, err.message),
  });
  // Exact freshness: entries live until their subgraph's outbox events (one stream per subgraph and
  // replica) or a mutation through this gateway drop them; see cache/.
  const cache = new QueryCache(options.queryCache);
  const streams = cache.enabled ? new InvalidationStreams({ supergraphSdl, cache, logger }) : undefined;
  const gateway = new QueryGateway({
    supergraphSdl,
    buildService: ({ name, url }) => new SubgraphDataSource({ url }, clients.for(name, url!), cache),
  }, { dedupe: options.queryDedupe, answer: cache.enabled ? (rc, run) => answerThroughCache(cache, rc, run) : undefined });
  // After a write (an event, a mutation) no new read may join a call that started before it.
  cache.onInvalidate((name) => {
    for (const c of clients.all) if (c.name === name) c.detachInflight();
    gateway.detachInflight();
  });
  const subscriptions = new SubscriptionServer({
    supergraphSdl, logger, authenticate: options.authenticate, ...options.subscriptionLimits,
  });
  const server = await startGraphQLServer({
    name: 'gateway',
    gateway,
    port: options.port,
    host: options.host,
    portEnv: 'GATEWAY_PORT',
    logger,
    context: gatewayContext,
    websocket: (wss) => subscriptions.attach(wss),
    routes: (app) => mountStaticPages(app, options.webDir),
    // 200 with status `degraded` (and its reasons) while a subgraph is down: the gateway still serves
    // everything else. 503 is left for a gateway that cannot serve at all.
    health: async () => ({
      ...(await clients.health()),
      subscriptions: subscriptions.snapshot(),
      queries: {
        dedupedRequests: gateway.dedupeHits,
        dedupedFetches: clients.all.reduce((n, c) => n + c.dedupeHits, 0),
        cache: { ...cache.stats(), streams: streams?.snapshot() ?? {} },
      },
    }),
  });
  return {
    ...server,
    supergraphSdl,
    queryCache: cache,
    dispose: () => server.dispose().finally(() => { streams?.dispose(); return clients.dispose(); }), // Apollo Server stops the gateway
  };
}
