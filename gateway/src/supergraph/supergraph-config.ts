import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { SUBGRAPH_NAME, supergraphConfigSchema } from './supergraph-config.schema';

/** One subgraph of the graph, as `supergraph.yaml` lists it. */
export interface SubgraphEntry {
  name: string;
  /** Where the gateway sends operations (HTTP; the same path over WebSocket for subscriptions). */
  routingUrl: string;
  /** Where its schema comes from: a running subgraph's URL, or an SDL file. */
  schema: { subgraphUrl: string } | { file: string };
  /** How long the gateway waits for one call to it (`timeout: 10s`, `500ms` or a number of ms). @default 10000 */
  timeoutMs?: number;
  /**
   * `context_secret`: the HS256 secret the gateway signs this subgraph's `x-ioc-context` with (≥ 32
   * bytes; usually `${env.HEALTH_CONTEXT_SECRET}`). Unset: `<NAME>_CONTEXT_SECRET`, else
   * `IOC_GATEWAY_SECRET`, from the gateway's environment.
   */
  contextSecret?: string;
}

export class SupergraphConfigError extends Error {
  override name = 'SupergraphConfigError';
}

const ENV_REF = /\$\{env\.([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** Replaces `${env.NAME}` and `${env.NAME:-default}` as rover does. */
export function interpolateEnv(text: string, env: NodeJS.ProcessEnv, file: string): string {
  return text.replace(ENV_REF, (_m, name: string, fallback: string | undefined) => {
    const v = env[name];
    if (v !== undefined && v !== '') return v;
    if (fallback !== undefined) return fallback;
    throw new SupergraphConfigError(`${file}: environment variable ${name} is not set and has no default`);
  });
}

/** Parses a rover `supergraph.yaml`; names the file, entry and key at fault. */
export function parseSupergraphConfig(text: string, file: string, env: NodeJS.ProcessEnv = process.env): SubgraphEntry[] {
  let doc: unknown;
  try {
    doc = parse(interpolateEnv(text, env, file));
  } catch (err) {
    if (err instanceof SupergraphConfigError) throw err;
    throw new SupergraphConfigError(`${file} is not valid YAML: ${(err as Error).message}`);
  }
  const result = supergraphConfigSchema.safeParse(doc ?? {});
  if (!result.success) {
    const [issue] = result.error.issues;
    const [top, name, ...key] = issue.path.map(String);
    if (top !== 'subgraphs' || name === undefined) throw new SupergraphConfigError(`${file} lists no subgraphs (${issue.message})`);
    throw new SupergraphConfigError(`${file}: subgraph "${name}": ${key.length ? `${key.join('.')} ` : ''}${issue.message}`);
  }
  const entries = Object.entries(result.data.subgraphs);
  if (!entries.length) throw new SupergraphConfigError(`${file} lists no subgraphs (expected a "subgraphs:" map)`);
  return entries.map(([name, entry]) => {
    if (!SUBGRAPH_NAME.test(name)) throw new SupergraphConfigError(`${file}: subgraph "${name}": invalid name`);
    return { name, ...entry };
  });
}


export async function loadSupergraphConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<SubgraphEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new SupergraphConfigError(`Cannot read the subgraph list ${file}: ${(err as Error).message}`);
  }
  return parseSupergraphConfig(text, file, env);
}
