import path from 'node:path';
import { loadLocalSecrets, localSecretsFile, localStateDir, parsers, readEnv } from '@ioc-graph/kit/internal';
import { type RunningSystem, SYSTEM_SECRETS, startSystem } from '../system';
import { formatLogLine } from '../log-format';
import { type RunningSimulator, startSimulator } from '../simulator';

/** Retries of a gateway that did not start, with backoff (about 30 s in all), before `npm start` gives up with exit 1. */
const GATEWAY_START_TRIES = 5;

/** `npm start`: the whole graph in one terminal, stopped cleanly by Ctrl-C. */
export async function startCommand(): Promise<void> {
  const config = readEnv({
    databaseUrl: { env: 'DATABASE_URL', default: undefined as string | undefined, parse: parsers.url, doc: 'PostgreSQL URL; unset: the embedded server' },
    dataDir: { env: 'IOC_DATA_DIR', default: '.data/postgres', parse: parsers.string, doc: 'data folder of the embedded PostgreSQL' },
    gateway: { env: 'GATEWAY_PORT', default: 4000, parse: parsers.port, doc: 'gateway port' },
    governance: { env: 'GOVERNANCE_PORT', default: 4001, parse: parsers.port, doc: 'governance subgraph port' },
    economy: { env: 'ECONOMY_PORT', default: 4002, parse: parsers.port, doc: 'economy subgraph port' },
    society: { env: 'SOCIETY_PORT', default: 4003, parse: parsers.port, doc: 'society subgraph port' },
    simulator: { env: 'IOC_SIMULATOR', default: true, parse: parsers.boolean, doc: 'post demo traffic through the gateway (0 = off)' },
    simulatorRate: { env: 'IOC_SIMULATOR_RATE', default: 1, parse: parsers.positiveNumber, doc: 'demo readings per second' },
  });
  const say = (m: string) => process.stdout.write(`\u001b[36m›\u001b[0m ${m}\n`);
  // Secrets not set in the environment come from the data folder, generated there on first start
  // (random, mode 0600), so `npm run token` on this machine signs with the same one.
  const secretsFile = localSecretsFile({ ...process.env, IOC_DATA_DIR: config.dataDir });
  // The gateway's schema cache follows the data folder too (unless set), as the secrets do.
  const stateDir = localStateDir({ ...process.env, IOC_DATA_DIR: config.dataDir });
  const cacheEnv = process.env.IOC_SUPERGRAPH_CACHE_DIR ? {} : { IOC_SUPERGRAPH_CACHE_DIR: path.join(stateDir, 'supergraph-cache') };
  const missing = SYSTEM_SECRETS.filter((n) => !process.env[n]);
  let secretEnv: Record<string, string> = {};
  if (missing.length) {
    try {
      const kept = loadLocalSecrets(secretsFile, { names: SYSTEM_SECRETS, create: true });
      secretEnv = Object.fromEntries(missing.map((n) => [n, kept[n]]));
    } catch (err) {
      process.stderr.write(`\u001b[31m✗\u001b[0m ${(err as Error).message}\n`);
      process.exit(1);
    }
  }
  let system: RunningSystem | undefined;
  let simulator: RunningSimulator | undefined;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // First of all: exits from now on are the shutdown (Ctrl-C reaches every child), not crashes.
    system?.expectStop();
    if (simulator) {
      say('stopping the simulator…');
      await simulator.stop();
    }
    say('stopping: gateway, subgraphs, database…');
    await system?.dispose();
    say('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  try {
    system = await startSystem({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      ports: { gateway: config.gateway, governance: config.governance, economy: config.economy, society: config.society },
      // The gateway re-reads partners' context secrets from the same file at each reload.
      env: { ...secretEnv, ...cacheEnv, IOC_SECRETS_FILE: secretsFile },
      onProgress: say,
      onLine: (service, line) => {
        const text = formatLogLine(service, line);
        if (text) process.stdout.write(text + '\n');
      },
      restartOnCrash: true,
      onDatabaseCrash: ({ code, signal, restartInMs }) =>
        say(`the embedded PostgreSQL stopped unexpectedly (${signal ?? `exit ${code}`}); restarting it on the same data folder and port in ${restartInMs} ms`),
      onDatabaseRestarted: () => say('the embedded PostgreSQL is back'),
    });
  } catch (err) {
    process.stderr.write(`\u001b[31m✗\u001b[0m ${(err as Error).message}\n`);
    process.exit(1);
  }
  for (const [name, svc] of Object.entries({ ...system.subgraphs, gateway: system.gateway })) {
    svc.on('crash', ({ code, signal, restartInMs }) =>
      say(`${name} stopped unexpectedly (${signal ?? `exit ${code}`}); restarting in ${restartInMs} ms`),
    );
    svc.on('restarted', () => say(`${name} is back`));
  }
  if (stopping) return;
  const running = system;
  if (running.gateway.status !== 'running') {
    // No banner for a gateway that is not serving: a failure line, tries with backoff, and a
    // non-zero exit when they are spent (a config fault such as a missing SUPERGRAPH_CONFIG file
    // does not mend itself). The banner comes when a try succeeds.
    const fail = (m: string) => process.stderr.write(`\u001b[31m✗\u001b[0m ${m}\n`);
    fail(
      `the gateway did not start: fix what its lines above name (SUPERGRAPH_CONFIG and the file it points at, a subgraph entry, a secret); ` +
        `trying ${GATEWAY_START_TRIES} more times before giving up`,
    );
    let tries = 0;
    const onCrash = () => {
      if (stopping || ++tries < GATEWAY_START_TRIES) return;
      running.gateway.off('crash', onCrash);
      fail(`the gateway did not start after ${GATEWAY_START_TRIES} retries; giving up (fix what its lines above name, then npm start again)`);
      stopping = true;
      running.expectStop();
      void running.dispose().finally(() => process.exit(1));
    };
    running.gateway.on('crash', onCrash);
    running.gateway.once('restarted', () => {
      running.gateway.off('crash', onCrash);
      void ready(running);
    });
    return;
  }
  await ready(running);

  async function ready(system: RunningSystem): Promise<void> {
    if (stopping) return;
    const simulate = config.simulator && config.simulatorRate > 0;
    const gw = `http://localhost:${system.gateway.port}`;
    const partners = await partnerLines(`${gw}/healthz`, Object.keys(system.subgraphs));
    process.stdout.write(`
  IOC Graph is running.
    GraphQL     ${gw}/graphql   (HTTP and WebSocket)
    GraphiQL    ${gw}/graphiql
    Wall        ${gw}/wall?unit=19
    Health      ${gw}/healthz
    Subgraphs   governance ${system.subgraphs.governance.url}
                economy    ${system.subgraphs.economy.url}
                society    ${system.subgraphs.society.url}
    Partners    ${partners}
    Database    ${system.database.embedded ? 'embedded PostgreSQL, data in ' + config.dataDir : 'DATABASE_URL'}
    Secrets     ${missing.length ? `${secretsFile} (generated, mode 0600)` : 'from the environment'}
    Simulator   ${simulate ? `demo traffic, ${config.simulatorRate} reading(s)/s (IOC_SIMULATOR=0 turns it off)` : 'off'}
  Ctrl-C stops everything.
`);
    if (!simulate) return;
    const started = await startSimulator({
      gatewayUrl: system.gateway.url,
      env: system.env,
      rate: config.simulatorRate,
      log: (line) => say(line),
    });
    if (stopping) await started.stop();
    else simulator = started;
  }
}


/** The partner subgraphs the gateway serves (from its /healthz), one per line, for the banner. */
async function partnerLines(healthUrl: string, core: string[]): Promise<string> {
  try {
    const body = (await (await fetch(healthUrl, { signal: AbortSignal.timeout(3000) })).json()) as {
      supergraph?: { subgraphs?: Record<string, { url: string; kind: string }> };
    };
    const partners = Object.entries(body.supergraph?.subgraphs ?? {}).filter(([name]) => !core.includes(name));
    if (!partners.length) return 'none (a partner joins by an entry in SUPERGRAPH_CONFIG, no restart)';
    const width = Math.max(...partners.map(([n]) => n.length));
    return partners.map(([name, s]) => `${name.padEnd(width)} ${s.url}${s.kind === 'live' ? '' : ` (${s.kind})`}`).join('\n                ');
  } catch {
    return 'unknown (the gateway did not answer /healthz)';
  }
}
