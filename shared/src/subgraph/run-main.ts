import { subgraphContext } from '../auth/tokens';
import { createLogger, type Logger } from '../log';
import { startSubgraph } from './start-subgraph';
import { readSubgraphConfig } from './subgraph.config';
import type { SubgraphDefinition } from './subgraph.types';

/**
 * Runs a service as a process: starts it, stops it cleanly on SIGINT/SIGTERM, and exits non-zero
 * with one clear line when it cannot start.
 */
export function runMain(name: string, logger: Logger, start: () => Promise<{ dispose(): Promise<void> }>): void {
  let service: { dispose(): Promise<void> } | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `${name} stopping`);
    try {
      await service?.dispose();
      process.exit(0);
    } catch (err) {
      logger.error({ err }, `${name} did not stop cleanly`);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  start().then(
    (s) => {
      service = s;
      if (stopping) void s.dispose();
    },
    (err: Error) => {
      logger.fatal({ err: err.message }, `${name} could not start`);
      console.error(`${name}: ${err.message}`);
      process.exit(1);
    },
  );
}

/**
 * The whole `main` of a subgraph process: configuration from the environment, logger, start, and
 * clean stop. Each subgraph's `main.ts` is one call of this.
 */
export async function runSubgraphProcess(def: SubgraphDefinition, defaultPort: number): Promise<void> {
  const logger = createLogger(def.name);
  runMain(def.name, logger, async () => {
    const config = readSubgraphConfig(def.name, defaultPort);
    const server = await startSubgraph(def, {
      databaseUrl: config.databaseUrl,
      port: config.port,
      host: config.host,
      portEnv: `${def.name.toUpperCase()}_PORT`,
      logger,
      seed: config.seed,
      context: subgraphContext(process.env, def.name),
    });
    logger.info({ url: server.url }, `${def.name} subgraph ready`);
    return server;
  });
}
