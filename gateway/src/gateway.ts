import { ApolloGateway } from '@apollo/gateway';
import { type GraphQLServerHandle, type Logger, startGraphQLServer } from '@ioc-graph/kit/internal';
import { AuthenticatedDataSource, gatewayContext } from './auth';
import { mountAdminReload } from './http/admin-reload';
import { mountStaticPages } from './http/static-pages';
import { SupergraphManager, type SupergraphManagerOptions } from './supergraph';
import { type Authenticate, type SubscriptionLimits, SubscriptionServer } from './subscriptions';

export interface GatewayOptions {
  /** The subgraph list (rover supergraph.yaml); watched and reloaded (see SupergraphManager). */
  supergraphConfig: string;
  /** Folder of each subgraph's last known SDL. */
  cacheDir: string;
  /** Reload tuning (timeouts, retry, debounce). */
  reload?: Partial<Pick<SupergraphManagerOptions, 'fetchTimeoutMs' | 'retryUnavailableMs' | 'debounceMs'>>;
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
}

export interface GatewayHandle extends GraphQLServerHandle {
  /** The supergraph served now. */
  readonly supergraphSdl: string;
  supergraph: SupergraphManager;
}

/**
 * The federation gateway: composes the subgraphs at start and again when the subgraph list changes
 * (keeping the last good graph; see SupergraphManager), plans and executes operations with Apollo
 * Gateway, and serves GraphiQL and the wall.
 */
export async function startGateway(options: GatewayOptions): Promise<GatewayHandle> {
  const { logger } = options;
  const supergraph = new SupergraphManager({
    configFile: options.supergraphConfig, cacheDir: options.cacheDir, logger, coreTimeoutMs: options.subgraphTimeoutMs, ...options.reload,
  });
  const supergraphSdl = await supergraph.start();
  const gateway = new ApolloGateway({
    // A function with an update callback: Apollo Gateway swaps the graph in place on each reload.
    supergraphSdl: async ({ update }) => {
      supergraph.onUpdate((sdl) => update(sdl));
      return { supergraphSdl: supergraph.supergraphSdl, cleanup: async () => supergraph.dispose() };
    },
    buildService: ({ url }) => new AuthenticatedDataSource({ url }),
  });
  const subscriptions = new SubscriptionServer({
    supergraphSdl, logger, authenticate: options.authenticate, ...options.subscriptionLimits,
  });
  supergraph.onUpdate((sdl, changed) => subscriptions.updateSupergraph(sdl, changed));
  const subgraphHealth = () => supergraph.subgraphs().map((s) => ({ name: s.name, url: new URL('/healthz', s.url).toString() }));
  const server = await startGraphQLServer({
    name: 'gateway',
    gateway,
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
    health: async () => ({
      subscriptions: subscriptions.snapshot(),
      supergraph: supergraph.health(),
      subgraphs: Object.fromEntries(
        await Promise.all(
          subgraphHealth().map(async (s) => {
            try {
              const res = await fetch(s.url, { signal: AbortSignal.timeout(2000) });
              return [s.name, res.ok ? 'ok' : `HTTP ${res.status}`] as const;
            } catch (err) {
              return [s.name, `unreachable: ${(err as Error).message}`] as const;
            }
          }),
        ),
      ),
    }),
  }).catch((err: unknown) => {
    supergraph.dispose(); // the watch would keep the process alive
    throw err;
  });
  return {
    ...server,
    get supergraphSdl() {
      return supergraph.supergraphSdl;
    },
    supergraph,
    dispose: () => server.dispose(), // Apollo Server stops the gateway (and its cleanup the watch)
  };
}
