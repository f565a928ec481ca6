import { ApolloGateway } from '@apollo/gateway';
import { type GraphQLServerHandle, type Logger, startGraphQLServer } from '@ioc-graph/kit/internal';
import { AuthenticatedDataSource, gatewayContext } from './auth';
import { observeSubscriptions } from './observability';
import { mountStaticPages } from './http/static-pages';
import { type SubgraphEntry, composeSupergraph } from './supergraph';
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
}

export interface GatewayHandle extends GraphQLServerHandle {
  supergraphSdl: string;
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
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => new AuthenticatedDataSource({ url }, name),
  });
  const subscriptions = new SubscriptionServer({
    supergraphSdl, logger, authenticate: options.authenticate, ...options.subscriptionLimits,
  });
  const subscriptionMetrics = observeSubscriptions(subscriptions);
  const subgraphHealth = options.subgraphs.map((s) => ({ name: s.name, url: new URL('/healthz', s.routingUrl).toString() }));
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
    health: async () => ({
      subscriptions: subscriptions.snapshot(),
      subgraphs: Object.fromEntries(
        await Promise.all(
          subgraphHealth.map(async (s) => {
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
  });
  return {
    ...server,
    supergraphSdl,
    dispose: () => (subscriptionMetrics.dispose(), server.dispose()), // Apollo Server stops the gateway
  };
}
