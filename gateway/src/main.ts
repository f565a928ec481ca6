import { createLogger, readSecret, runMain } from '@ioc-graph/kit/internal';
import { readGatewayConfig } from './config';
import { startGateway } from './gateway';

const logger = createLogger('gateway');

runMain('gateway', logger, async () => {
  const config = readGatewayConfig();
  // Fail fast in production without secrets; warn once in development.
  readSecret('IOC_JWT_SECRET');
  readSecret('IOC_GATEWAY_SECRET');
  const gateway = await startGateway({
    supergraphConfig: config.supergraphConfig,
    cacheDir: config.cacheDir,
    port: config.port,
    host: config.host,
    logger,
    webDir: config.webDir,
  });
  logger.info(
    { url: gateway.url, subgraphs: Object.fromEntries(gateway.supergraph.subgraphs().map((s) => [s.name, s.state.kind])) },
    'gateway ready',
  );
  return gateway;
});
