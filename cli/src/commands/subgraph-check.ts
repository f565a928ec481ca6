import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkSubgraph, fetchSubgraphSdl, formatCheckReport, loadSupergraphConfig } from '@ioc-graph/gateway';
import { UsageError, parseCommandArgs } from '../args';
import { ROOT } from '../system';

export const SUBGRAPH_CHECK_USAGE = `Usage: npm run ioc -- subgraph check --name NAME (--url URL | --schema FILE) [--routing-url URL] [--json]

Checks a subgraph before it goes live: composes it with the graph's other subgraphs (read from
SUPERGRAPH_CONFIG, default gateway/supergraph.yaml; the entry named NAME is replaced) and fails on
  - composition errors (one line per problem, with a hint),
  - partner policy: a core type prefix, a type a core subgraph owns (e.g. Agency), another key for
    AdministrativeUnit, @override or @provides of core fields,
  - breaking changes against today's graph that break one of the wall's operations.
--url reads the schema from a running subgraph (_service { sdl }); --schema reads an SDL file.
Exit status: 0 it may go live, 1 faults found, 2 bad usage.
`;

/**
 * The core subgraphs' URLs as `npm start` sets them for the gateway: `supergraph.yaml` reads
 * `GOVERNANCE_URL`…, which `npm start` derives from `GOVERNANCE_PORT`…; the check must find the
 * same graph when the ports were moved. Only the variables that are unset and have a port set.
 */
export function coreUrlsFromPorts(env: NodeJS.ProcessEnv): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const name of ['GOVERNANCE', 'ECONOMY', 'SOCIETY']) {
    const port = env[`${name}_PORT`];
    if (!env[`${name}_URL`] && port && /^\d+$/.test(port)) urls[`${name}_URL`] = `http://127.0.0.1:${port}/graphql`;
  }
  return urls;
}

/**
 * The environment the check reads `supergraph.yaml` with. The check signs nothing, so an entry's
 * `context_secret: ${env.<NAME>_CONTEXT_SECRET}` (the README's go-live entry, whose value the gateway
 * reads from the secrets file, not from the operator's shell) must not stop it: an unset
 * `*_CONTEXT_SECRET` reads as a placeholder. Every other variable reads as it is.
 */
export function checkEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return new Proxy(env, {
    get: (target, key) => {
      const value = target[key as string];
      if (typeof key === 'string' && (value === undefined || value === '') && /^[A-Z][A-Z0-9_]*_CONTEXT_SECRET$/.test(key)) return 'not-needed-by-the-check';
      return value;
    },
  });
}

/** `npm run ioc -- subgraph check …` */
export async function subgraphCommand(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub !== 'check') throw new UsageError(`Unknown subgraph command "${sub ?? ''}".\n\n${SUBGRAPH_CHECK_USAGE}`);
  const { values } = parseCommandArgs(
    rest,
    {
      name: { type: 'string' }, url: { type: 'string' }, schema: { type: 'string' }, 'routing-url': { type: 'string' },
      json: { type: 'boolean' }, help: { type: 'boolean' },
    },
    SUBGRAPH_CHECK_USAGE,
  );
  const options = values;
  if (options.help) {
    process.stdout.write(SUBGRAPH_CHECK_USAGE);
    return;
  }
  const name = options.name;
  const url = options.url;
  const schemaFile = options.schema;
  if (!name) throw new UsageError(`--name is required\n\n${SUBGRAPH_CHECK_USAGE}`);
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(name)) throw new UsageError(`--name must be a subgraph name (letters, digits, - and _), got "${name}"`);
  if (!!url === !!schemaFile) throw new UsageError(`give one of --url or --schema\n\n${SUBGRAPH_CHECK_USAGE}`);
  Object.assign(process.env, coreUrlsFromPorts(process.env));
  const configFile = path.resolve(process.env.SUPERGRAPH_CONFIG || path.join(ROOT, 'gateway/supergraph.yaml'));
  const entries = await loadSupergraphConfig(configFile, checkEnvironment(process.env));
  const baseDir = path.dirname(configFile);
  let sdl: string;
  if (schemaFile) {
    try {
      sdl = await readFile(schemaFile, 'utf8');
    } catch (err) {
      throw new Error(`Cannot read the schema file ${schemaFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  } else {
    sdl = await fetchSubgraphSdl({ name, routingUrl: url!, schema: { subgraphUrl: url! } }, baseDir, { timeoutMs: 5000 });
  }
  const routingUrl = options['routing-url'] ?? url ?? entries.find((e) => e.name === name)?.routingUrl ?? `http://${name}.invalid/graphql`;
  const report = await checkSubgraph({ name, candidate: { sdl, url: routingUrl }, entries, baseDir });
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatCheckReport(report)}\n`);
  if (!report.ok) process.exitCode = 1;
}
