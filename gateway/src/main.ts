import { createLogger, readSecret, runMain } from '@ioc-graph/kit/internal';
import { readGatewayConfig } from './config';
import { startGateway } from './gateway';
import { readSubscriptionLimits } from './subscriptions';

const logger = createLogger('gateway');

/**
 * How long the gateway drains after SIGTERM/SIGINT before it exits anyway, in ms: requests in
 * flight finish, and the process is gone within 2 s even if a connection lingers, so a supervisor
 * (npm start, docker, systemd) brings it back quickly.
 */
const DRAIN_DEADLINE_MS = 1_500;
/**
 * How long requests in flight may finish after SIGTERM, in ms: those still running then get a JSON
 * 503 (SERVICE_UNAVAILABLE, Retry-After), written well before the process exits at DRAIN_DEADLINE_MS.
 */
const REQUEST_DRAIN_MS = 1_100;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () =>
    setTimeout(() => {
      logger.warn({ signal, deadlineMs: DRAIN_DEADLINE_MS }, 'drain deadline passed; exiting');
      process.exit(0);
    }, DRAIN_DEADLINE_MS).unref(),
  );
}

runMain('gateway', logger, async () => {
  const config = readGatewayConfig();
  // Fail fast without a usable secret: the client tokens' one, and every subgraph's context secret.
  readSecret('IOC_JWT_SECRET');
  const gateway = await startGateway({
    supergraphConfig: config.supergraphConfig,
    cacheDir: config.cacheDir,
    reload: { pollSchemasMs: config.pollSchemasMs },
    port: config.port,
    host: config.host,
    logger,
    webDir: config.webDir,
    subscriptionLimits: {
      ...readSubscriptionLimits(),
      maxUpstreamStreams: config.maxUpstreamStreams,
      maxUpstreamStreamsPerSocket: config.maxUpstreamStreamsPerSocket,
      maxUpstreamStreamsPerAddress: config.maxUpstreamStreamsPerAddress,
      upstreamPingIntervalMs: config.upstreamPingIntervalMs,
    },
    queryDedupe: config.queryDedupe,
    queryCache: { enabled: config.queryCache, maxBytes: config.queryCacheMaxBytes, maxEntries: config.queryCacheMaxEntries, anonymousShare: config.queryCacheAnonymousShare, holderShare: config.queryCacheHolderShare, pingIntervalMs: config.queryCachePingIntervalMs, writeWaitMs: config.queryCacheWriteWaitMs },
    drainMs: REQUEST_DRAIN_MS,
  });
  logger.info(
    { url: gateway.url, subgraphs: Object.fromEntries(gateway.supergraph.subgraphs().map((s) => [s.name, s.state.kind])) },
    'gateway ready',
  );
  return gateway;
});
