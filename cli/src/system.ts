import path from 'node:path';
import net from 'node:net';
import {
  type DatabaseHandle, PortInUseError, PortsInUseError, ServiceProcess, contextSecretVariable, findFreePort, generateSecret, listen, openDatabase,
} from '@ioc-graph/kit/internal';

/** The repository root (cli/dist/.. /..). */
export const ROOT = path.resolve(__dirname, '../..');

export const SERVICES = [
  { name: 'governance', script: 'subgraphs/governance/dist/main.js', portEnv: 'GOVERNANCE_PORT', defaultPort: 4001 },
  { name: 'economy', script: 'subgraphs/economy/dist/main.js', portEnv: 'ECONOMY_PORT', defaultPort: 4002 },
  { name: 'society', script: 'subgraphs/society/dist/main.js', portEnv: 'SOCIETY_PORT', defaultPort: 4003 },
] as const;

export type SubgraphName = (typeof SERVICES)[number]['name'];

/**
 * The secrets a system runs with: client tokens (`IOC_JWT_SECRET`), the default context secret
 * (`IOC_GATEWAY_SECRET`, for subgraphs without their own) and each core subgraph's own context
 * secret (`GOVERNANCE_CONTEXT_SECRET`…).
 */
export const SYSTEM_SECRETS: readonly string[] = ['IOC_JWT_SECRET', 'IOC_GATEWAY_SECRET', ...SERVICES.map((s) => contextSecretVariable(s.name))];

/** `env` with every one of {@link SYSTEM_SECRETS} it lacks set to a fresh random secret. */
export function withGeneratedSecrets(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, ...Object.fromEntries(SYSTEM_SECRETS.filter((n) => !env[n]).map((n) => [n, generateSecret()])) };
}

export interface SystemOptions {
  /** Use this PostgreSQL; otherwise start the embedded one with data in `dataDir`. */
  databaseUrl?: string;
  /** @default `<root>/.data/postgres` */
  dataDir?: string;
  /** Ports; 0 = a free one. Defaults: the standard ports 4000–4003. */
  ports?: Partial<Record<SubgraphName | 'gateway', number>>;
  /**
   * Extra environment for every service. Secrets missing here and in `process.env` are generated
   * for this run only (random, in memory); `npm start` passes the ones it keeps in the data folder.
   */
  env?: NodeJS.ProcessEnv;
  /** Every output line of every service, with its name. */
  onLine?: (service: string, line: string) => void;
  /** Progress messages ("starting economy…"). */
  onProgress?: (message: string) => void;
  /**
   * Supervise: restart any service that exits without being asked to (any exit code, the gateway
   * included) and the embedded PostgreSQL, with backoff; a gateway that cannot start (e.g. it
   * refused the graph) is retried while the subgraphs keep serving. @default false
   */
  restartOnCrash?: boolean;
  /** The embedded PostgreSQL exited unexpectedly / is back (when supervised). */
  onDatabaseCrash?: (info: { code: number | null; signal: NodeJS.Signals | null; restartInMs: number }) => void;
  onDatabaseRestarted?: () => void;
}

export interface RunningSystem {
  database: DatabaseHandle;
  subgraphs: Record<SubgraphName, ServiceProcess & { url: string; port: number }>;
  gateway: ServiceProcess & { url: string; port: number };
  env: NodeJS.ProcessEnv;
  /** From now on every exit is expected (nothing is restarted); call first when shutting down. */
  expectStop(): void;
  /** Stops the gateway, then the subgraphs, then the embedded database. */
  dispose(): Promise<void>;
}

/** Fails now, naming the variable, if a port is taken (rather than when its service starts). */
async function ensurePortFree(port: number, service: string, envVar: string): Promise<void> {
  const srv = net.createServer();
  await listen(srv, port, '127.0.0.1', { service, envVar });
  await new Promise((resolve) => srv.close(resolve));
}

/**
 * Starts the whole graph: the database (embedded unless `databaseUrl`), the three subgraphs and the
 * gateway, each as its own process, and waits until every one is healthy.
 */
export async function startSystem(options: SystemOptions = {}): Promise<RunningSystem> {
  const progress = options.onProgress ?? (() => undefined);
  // Every busy port is checked before anything starts, so one message names them all.
  const busy: PortInUseError[] = [];
  const portOf = async (name: SubgraphName | 'gateway', def: number, envVar: string) => {
    const wanted = options.ports?.[name] ?? def;
    if (wanted === 0) return findFreePort();
    try {
      await ensurePortFree(wanted, name, envVar);
    } catch (err) {
      if (!(err instanceof PortInUseError)) throw err;
      busy.push(err);
    }
    return wanted;
  };
  const ports = {
    governance: await portOf('governance', 4001, 'GOVERNANCE_PORT'),
    economy: await portOf('economy', 4002, 'ECONOMY_PORT'),
    society: await portOf('society', 4003, 'SOCIETY_PORT'),
    gateway: await portOf('gateway', 4000, 'GATEWAY_PORT'),
  };
  if (busy.length === 1) throw busy[0];
  if (busy.length) throw new PortsInUseError(busy);
  progress(options.databaseUrl ? 'connecting to PostgreSQL (DATABASE_URL)' : 'starting the embedded PostgreSQL');
  const database = await openDatabase({
    databaseUrl: options.databaseUrl,
    dataDir: options.dataDir ?? path.join(ROOT, '.data/postgres'),
    supervise: options.restartOnCrash,
    onCrash: options.onDatabaseCrash,
    onRestarted: options.onDatabaseRestarted,
  });
  const env: NodeJS.ProcessEnv = {
    ...withGeneratedSecrets({ ...process.env, ...options.env }),
    DATABASE_URL: database.url,
    GOVERNANCE_PORT: String(ports.governance),
    ECONOMY_PORT: String(ports.economy),
    SOCIETY_PORT: String(ports.society),
    GATEWAY_PORT: String(ports.gateway),
    GOVERNANCE_URL: `http://127.0.0.1:${ports.governance}/graphql`,
    ECONOMY_URL: `http://127.0.0.1:${ports.economy}/graphql`,
    SOCIETY_URL: `http://127.0.0.1:${ports.society}/graphql`,
  };
  const started: ServiceProcess[] = [];
  const make = (name: string, script: string, port: number) =>
    Object.assign(
      new ServiceProcess({
        name,
        script: path.join(ROOT, script),
        env,
        healthUrl: `http://127.0.0.1:${port}/healthz`,
        onLine: (line) => options.onLine?.(name, line),
        restartOnCrash: options.restartOnCrash,
      }),
      { url: `http://127.0.0.1:${port}/graphql`, port },
    );
  try {
    const subgraphs = {} as RunningSystem['subgraphs'];
    // Subgraphs start one after another: on two cores, parallel starts only contend.
    for (const s of SERVICES) {
      progress(`starting the ${s.name} subgraph on :${ports[s.name]}`);
      const svc = make(s.name, s.script, ports[s.name]);
      started.push(svc);
      await svc.start();
      subgraphs[s.name] = svc;
    }
    progress(`starting the gateway on :${ports.gateway}`);
    const gateway = make('gateway', 'gateway/dist/main.js', ports.gateway);
    started.push(gateway);
    try {
      await gateway.start();
    } catch (err) {
      // Supervised, a gateway that cannot start (a graph it refuses, a partner down) never takes
      // the subgraphs down with it: they keep serving and the gateway is retried with backoff.
      if (!options.restartOnCrash) throw err;
      progress(`the gateway did not start: ${(err as Error).message}\n  the subgraphs keep serving; retrying the gateway with backoff`);
      gateway.restartLater();
    }
    const expectStop = () => {
      for (const s of started) s.expectStop();
      database.expectStop?.();
    };
    let disposed: Promise<void> | undefined;
    return {
      database,
      subgraphs,
      gateway,
      env,
      expectStop,
      dispose: () =>
        (disposed ??= (async () => {
          expectStop();
          await gateway.stop();
          await Promise.all(SERVICES.map((s) => subgraphs[s.name].stop()));
          await database.dispose();
        })()),
    };
  } catch (err) {
    database.expectStop?.();
    await Promise.all(started.map((s) => s.stop()));
    await database.dispose();
    throw err;
  }
}
