import { createLogger, readSecret, runMain } from '@ioc-graph/kit/internal';
import path from 'node:path';
import { readGatewayConfig } from './config';
import { startGateway } from './gateway';
import { readSubscriptionLimits } from './subscriptions';
import { loadSupergraphConfig } from './supergraph';

const logger = createLogger('gateway');

runMain('gateway', logger, async () => {
  const config = readGatewayConfig();
  // Fail fast in production without secrets; warn once in development.
  readSecret('IOC_JWT_SECRET');
  readSecret('IOC_GATEWAY_SECRET');
  const subgraphs = await loadSupergraphConfig(config.supergraphConfig);
  const gateway = await startGateway({
    subgraphs,
    baseDir: path.dirname(config.supergraphConfig),
    port: config.port,
    host: config.host,
    logger,
    webDir: config.webDir,
    subscriptionLimits: readSubscriptionLimits(),
    queryDedupe: config.queryDedupe,
    queryCache: { enabled: config.queryCache, maxBytes: config.queryCacheMaxBytes, maxEntries: config.queryCacheMaxEntries },
  });
  logger.info({ url: gateway.url, subgraphs: subgraphs.map((s) => s.name) }, 'gateway ready');
  return gateway;
});
