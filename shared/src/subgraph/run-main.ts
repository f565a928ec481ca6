import { subgraphContext } from '../auth/tokens';
import { openDatabase, redact } from '../db';
import { createLogger, type Logger } from '../log';
import { startSubgraph } from './start-subgraph';
import { readSubgraphConfig } from './subgraph.config';
import type { SubgraphDefinition } from './subgraph.types';

/** How long a service may take to stop after SIGINT/SIGTERM before it exits anyway, in ms. */
const STOP_DEADLINE_MS = 8_000;

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
    // A stop that hangs (e.g. a database that is gone holds the pool's close) still ends the process:
    // the drain (5 s by default) and the database's close get this long in all.
    setTimeout(() => {
      logger.warn({ signal, deadlineMs: STOP_DEADLINE_MS }, `${name} did not stop in time; exiting`);
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
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
 * clean stop (SIGINT/SIGTERM). Each subgraph's `main.ts` is one call of this; so is a partner's.
 *
 * Environment: `<NAME>_PORT` (e.g. `HEALTH_PORT` for `name: 'health'`; @default `defaultPort`),
 * `HOST` (@default 127.0.0.1), `DATABASE_URL` — unset: the process starts its own embedded PostgreSQL
 * with data in `IOC_DATA_DIR` (@default `.data/postgres` in the working folder) and stops it on exit —,
 * `IOC_SEED` (@default true), `IOC_GATEWAY_SECRET`, `LOG_LEVEL`.
 *
 * @param def the subgraph (see {@link SubgraphDefinition})
 * @param defaultPort port when `<NAME>_PORT` is unset; 0 = any free port
 */
export async function runSubgraphProcess(def: SubgraphDefinition, defaultPort: number): Promise<void> {
  const logger = createLogger(def.name);
  runMain(def.name, logger, async () => {
    const config = readSubgraphConfig(def.name, defaultPort);
    if (!config.databaseUrl) logger.info({ dataDir: config.dataDir }, 'DATABASE_URL unset: starting an embedded PostgreSQL');
    // runMain stops the database after the server's drain: requests in flight keep their database.
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, ownSignals: true });
    let server;
    try {
      server = await startSubgraph(def, {
        databaseUrl: database.url,
        port: config.port,
        host: config.host,
        portEnv: `${def.name.toUpperCase()}_PORT`,
        logger,
        seed: config.seed,
        context: subgraphContext(process.env, def.name),
      });
    } catch (err) {
      await database.dispose();
      throw err;
    }
    logger.info({ url: server.url, database: database.embedded ? `embedded, data in ${config.dataDir}` : redact(database.url) }, `${def.name} subgraph ready`);
    const running = server;
    return {
      dispose: async () => {
        await running.dispose();
        await database.dispose();
      },
    };
  });
}
