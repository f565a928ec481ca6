import { type GraphQLServerHandle, type HealthViewer, type Logger, reasonKind, startGraphQLServer } from '@ioc-graph/kit/internal';
import { configureGatewayAuth, contextRefusedReason, gatewayContext, probeContextHeader } from './auth';
import { InvalidationStreams, QueryCache, type QueryCacheOptions, answerThroughCache, stringifyAnswer } from './cache';
import { SubgraphClients, SubgraphDataSource } from './fetch';
import { mountAdminReload } from './http/admin-reload';
import { observeQueryCache, observeSubscriptions } from './observability';
import { mountStaticPages } from './http/static-pages';
import { QueryGateway } from './query';
import { CORE_SUBGRAPHS, SupergraphManager, type SupergraphManagerOptions } from './supergraph';
import { type Authenticate, type SubscriptionLimits, SubscriptionServer } from './subscriptions';

export interface GatewayOptions {
  /** The subgraph list (rover supergraph.yaml); watched and reloaded (see SupergraphManager). */
  supergraphConfig: string;
  /** Folder of each subgraph's last known SDL. */
  cacheDir: string;
  /** Reload tuning (timeouts, retry, debounce). */
  reload?: Partial<Pick<SupergraphManagerOptions, 'fetchTimeoutMs' | 'retryUnavailableMs' | 'debounceMs' | 'pollSchemasMs'>>;
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
  /**
   * Subgraph fetch results and whole answers kept until an outbox event or a mutation drops them;
   * `pingIntervalMs` is the keep-alive of its invalidation streams (see InvalidationStreamsOptions);
   * `writeWaitMs` bounds a mutation's wait for its own event (see QueryCache.settleWrite).
   * @default on, 64 MiB, 10000 entries, pings every 5000 ms, writes wait up to 2000 ms
   */
  queryCache?: QueryCacheOptions & { pingIntervalMs?: number };
  /** How long requests in flight may finish on dispose() before they get a 503, in ms. @default 5000 */
  drainMs?: number;
}

/** The query cache's states for a stranger: on or off, and per subgraph `live`/`bypass` and its stream's state; no counter. */
function cacheStates(queries: unknown): Record<string, unknown> {
  const cache = (queries as { cache?: { enabled?: boolean; subgraphs?: unknown; streams?: unknown } } | undefined)?.cache;
  return { enabled: cache?.enabled, subgraphs: cache?.subgraphs, streams: cache?.streams };
}

/** The anonymous part of the gateway's health: see `publicHealth` in startGateway. */
export function publicGatewayHealth(full: Record<string, unknown>, viewer: HealthViewer = { loopback: false }): Record<string, unknown> {
  const subgraphs = Object.fromEntries(Object.entries((full.subgraphs ?? {}) as Record<string, string>).map(([name, s]) => [name, reasonKind(s)]));
  const reasons = Object.entries(subgraphs).filter(([, s]) => s !== 'ok').map(([name, s]) => `${name}: ${s}`);
  return {
    status: full.status,
    subgraphs,
    ...(reasons.length ? { reasons } : {}),
    // Counters (hits, sockets, deduped requests) tell a stranger how others use the system: on this machine only.
    ...(viewer.loopback ? { subscriptions: full.subscriptions, queries: full.queries } : { queries: { cache: cacheStates(full.queries) } }),
    supergraph: { state: (full.supergraph as { state?: string } | undefined)?.state },
  };
}

export interface GatewayHandle extends GraphQLServerHandle {
  /** The supergraph served now. */
  readonly supergraphSdl: string;
  supergraph: SupergraphManager;
  /** The query cache (its `stats()` are under /healthz `queries.cache`). */
  queryCache: QueryCache;
}

/**
 * The federation gateway: composes the subgraphs at start and again when the subgraph list changes
 * (keeping the last good graph; see SupergraphManager), plans and executes operations with Apollo
 * Gateway, and serves GraphiQL and the wall.
 */
export async function startGateway(options: GatewayOptions): Promise<GatewayHandle> {
  const { logger } = options;
  let timeouts = new Map<string, number | undefined>();
  const supergraph = new SupergraphManager({
    configFile: options.supergraphConfig, cacheDir: options.cacheDir, logger, coreTimeoutMs: options.subgraphTimeoutMs, ...options.reload,
    // Each (re)read of the config: every subgraph's own context secret and call timeout.
    // A partner without a usable secret is left out (misconfigured); a core one stops the (re)load.
    onConfig: (entries, env) => {
      const refused = configureGatewayAuth(entries, { logger, env, core: CORE_SUBGRAPHS });
      timeouts = new Map(entries.map((e) => [e.name, e.timeoutMs]));
      return refused;
    },
  });
  const supergraphSdl = await supergraph.start();
  // Bounded, pooled, circuit-broken subgraph calls; see fetch/ and query/. Timeouts follow the
  // config as it is reloaded.
  const clients = new SubgraphClients(() => timeouts, {
    dedupe: options.queryDedupe,
    onFailure: (err, cause) => logger.warn({ subgraph: err.serviceName, code: err.code, cause: (cause as Error)?.message }, err.message),
  });
  // Exact freshness: entries live until their subgraph's outbox events (one stream per subgraph and
  // replica, following reloads) drop them; a mutation through this gateway waits for its own; see cache/.
  const cache = new QueryCache(options.queryCache);
  const streams = cache.enabled
    ? new InvalidationStreams({ supergraphSdl, cache, logger, pingIntervalMs: options.queryCache?.pingIntervalMs })
    : undefined;
  if (streams) {
    supergraph.onUpdate((sdl, changed) => streams.update(sdl, changed));
    supergraph.onReload(() => streams.retryRefusedChangeFeeds());
  }
  const gateway = new QueryGateway({
    // A function with an update callback: Apollo Gateway swaps the graph in place on each reload.
    supergraphSdl: async ({ update }) => {
      supergraph.onUpdate((sdl) => update(sdl));
      return { supergraphSdl: supergraph.supergraphSdl, cleanup: async () => supergraph.dispose() };
    },
    buildService: ({ name, url }) => new SubgraphDataSource({ url }, clients.for(name, url!), cache),
  }, { dedupe: options.queryDedupe, answer: cache.enabled ? (rc, run) => answerThroughCache(cache, rc, run) : undefined });
  // After a write (an event, a mutation) no new read may join a call that started before it.
  cache.onInvalidate((name) => {
    for (const c of clients.all) if (c.name === name) c.detachInflight();
    gateway.detachInflight();
  });
  const cacheMetrics = observeQueryCache(cache);
  const subscriptions = new SubscriptionServer({
    supergraphSdl, logger, authenticate: options.authenticate, ...options.subscriptionLimits,
    // A mutation over graphql-ws is answered once its own event dropped what it changed from the
    // query cache (or its subgraph's entries were dropped), as over HTTP, so the very next read sees
    // the write; its queries do not use the cache.
    dataSource: (name, url) => new SubgraphDataSource({ url }, clients.for(name, url), cache, true),
  });
  supergraph.onUpdate((sdl, changed) => subscriptions.updateSupergraph(sdl, changed));
  const subscriptionMetrics = observeSubscriptions(subscriptions);
  const server = await startGraphQLServer({
    name: 'gateway',
    gateway,
    // A cached answer is written with the text kept at fill (see cache/response-cache.ts).
    stringifyResult: stringifyAnswer,
    port: options.port,
    host: options.host,
    portEnv: 'GATEWAY_PORT',
    logger,
    context: gatewayContext,
    websocket: (wss) => subscriptions.attach(wss),
    routes: (app) => {
      mountAdminReload(app, supergraph);
      mountStaticPages(app, options.webDir);
    },
    // 200 with status `degraded` (and its reasons) while a subgraph is down: the gateway still serves
    // everything else. 503 is left for a gateway that cannot serve at all.
    health: async () => ({
      ...(await clients.health(undefined, { header: probeContextHeader, refused: contextRefusedReason })),
      subscriptions: subscriptions.snapshot(),
      queries: {
        dedupedRequests: gateway.dedupeHits,
        dedupedFetches: clients.all.reduce((n, c) => n + c.dedupeHits, 0),
        cache: { ...cache.stats(), streams: streams?.snapshot() ?? {}, feeds: streams?.feeds() ?? {} },
      },
      supergraph: supergraph.health(),
    }),
    // Anonymous callers (load balancers, strangers): states and reason kinds (and counters on this
    // machine); no subgraph URL, reload history, failure cause or library message (an admin token shows those).
    publicHealth: publicGatewayHealth,
    drainMs: options.drainMs,
  }).catch((err: unknown) => {
    supergraph.dispose(); // the watch would keep the process alive
    streams?.dispose();
    cacheMetrics.dispose();
    throw err;
  });
  return {
    ...server,
    get supergraphSdl() {
      return supergraph.supergraphSdl;
    },
    supergraph,
    queryCache: cache,
    // Apollo Server stops the gateway (and its cleanup the watch)
    dispose: () => {
      subscriptionMetrics.dispose();
      cacheMetrics.dispose();
      streams?.dispose();
      cache.writes.dispose();
      return server.dispose().finally(() => clients.dispose());
    },
  };
}
