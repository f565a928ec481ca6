import { createLogger, readSecret, runMain } from '@ioc-graph/kit/internal';
import path from 'node:path';
import { configureGatewayAuth } from './auth';
import { readGatewayConfig } from './config';
import { startGateway } from './gateway';
import { loadSupergraphConfig } from './supergraph';

const logger = createLogger('gateway');

runMain('gateway', logger, async () => {
  const config = readGatewayConfig();
  // Fail fast without a usable secret: the client tokens' one, and every subgraph's context secret.
  readSecret('IOC_JWT_SECRET');
  const subgraphs = await loadSupergraphConfig(config.supergraphConfig);
  configureGatewayAuth(subgraphs, { logger });
  const gateway = await startGateway({
    subgraphs,
    baseDir: path.dirname(config.supergraphConfig),
    port: config.port,
    host: config.host,
    logger,
    webDir: config.webDir,
  });
  logger.info({ url: gateway.url, subgraphs: subgraphs.map((s) => s.name) }, 'gateway ready');
  return gateway;
});
