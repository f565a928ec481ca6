import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

/** One subgraph of the graph, as `supergraph.yaml` lists it. */
export interface SubgraphEntry {
  name: string;
  /** Where the gateway sends operations (HTTP; the same path over WebSocket for subscriptions). */
  routingUrl: string;
  /** Where its schema comes from: a running subgraph's URL, or an SDL file. */
  schema: { subgraphUrl: string } | { file: string };
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

/** Parses a rover `supergraph.yaml`; names the file and entry at fault. */
export function parseSupergraphConfig(text: string, file: string, env: NodeJS.ProcessEnv = process.env): SubgraphEntry[] {
  let doc: unknown;
  try {
    doc = parse(interpolateEnv(text, env, file));
  } catch (err) {
    if (err instanceof SupergraphConfigError) throw err;
    throw new SupergraphConfigError(`${file} is not valid YAML: ${(err as Error).message}`);
  }
  const subgraphs = (doc as { subgraphs?: Record<string, unknown> } | null)?.subgraphs;
  if (!subgraphs || typeof subgraphs !== 'object' || !Object.keys(subgraphs).length) {
    throw new SupergraphConfigError(`${file} lists no subgraphs (expected a "subgraphs:" map)`);
  }
  return Object.entries(subgraphs).map(([name, raw]) => {
    const entry = raw as { routing_url?: unknown; context_secret?: unknown; schema?: { subgraph_url?: unknown; file?: unknown } } | null;
    const where = `${file}: subgraph "${name}"`;
    if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(name)) throw new SupergraphConfigError(`${where}: invalid name`);
    const routingUrl = entry?.routing_url;
    if (typeof routingUrl !== 'string' || !/^https?:\/\//.test(routingUrl)) {
      throw new SupergraphConfigError(`${where}: routing_url must be an http(s) URL`);
    }
    const secret = entry?.context_secret;
    if (secret !== undefined && secret !== null && secret !== '' && typeof secret !== 'string') {
      throw new SupergraphConfigError(`${where}: context_secret must be a string (e.g. \${env.${name.toUpperCase()}_CONTEXT_SECRET})`);
    }
    // Empty (e.g. `${env.X:-}` with X unset) means unset: the gateway's environment decides.
    const contextSecret = typeof secret === 'string' && secret ? { contextSecret: secret } : {};
    const schema = entry?.schema;
    if (typeof schema?.subgraph_url === 'string') return { name, routingUrl, schema: { subgraphUrl: schema.subgraph_url }, ...contextSecret };
    if (typeof schema?.file === 'string') return { name, routingUrl, schema: { file: schema.file }, ...contextSecret };
    // rover also accepts a subgraph with only routing_url for introspection
    return { name, routingUrl, schema: { subgraphUrl: routingUrl }, ...contextSecret };
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
