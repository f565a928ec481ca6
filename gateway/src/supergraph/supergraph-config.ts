import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

/** One subgraph of the graph, as `supergraph.yaml` lists it. */
export interface SubgraphEntry {
  name: string;
  /** Where the gateway sends operations (HTTP; the same path over WebSocket for subscriptions). */
  routingUrl: string;
  /** Where its schema comes from: a running subgraph's URL, or an SDL file. */
  schema: { subgraphUrl: string } | { file: string };
  /** How long the gateway waits for one call to it (`timeout: 10s`, `500ms` or a number of ms). @default 10000 */
  timeoutMs?: number;
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
    const entry = raw as { routing_url?: unknown; schema?: { subgraph_url?: unknown; file?: unknown } } | null;
    const where = `${file}: subgraph "${name}"`;
    if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(name)) throw new SupergraphConfigError(`${where}: invalid name`);
    const routingUrl = entry?.routing_url;
    if (typeof routingUrl !== 'string' || !/^https?:\/\//.test(routingUrl)) {
      throw new SupergraphConfigError(`${where}: routing_url must be an http(s) URL`);
    }
    const schema = entry?.schema;
    const timeoutMs = parseTimeout((entry as { timeout?: unknown } | null)?.timeout, where);
    const extra = timeoutMs === undefined ? {} : { timeoutMs };
    if (typeof schema?.subgraph_url === 'string') return { name, routingUrl, schema: { subgraphUrl: schema.subgraph_url }, ...extra };
    if (typeof schema?.file === 'string') return { name, routingUrl, schema: { file: schema.file }, ...extra };
    // rover also accepts a subgraph with only routing_url for introspection
    return { name, routingUrl, schema: { subgraphUrl: routingUrl }, ...extra };
  });
}

/** `timeout:` of a subgraph entry (not a rover key: rover ignores it): `10s`, `500ms` or a number of ms. */
function parseTimeout(raw: unknown, where: string): number | undefined {
  if (raw === undefined || raw === null) return undefined;
  const m = typeof raw === 'number' ? [String(raw), String(raw), 'ms'] : typeof raw === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*$/.exec(raw) : null;
  const ms = m ? Number(m[1]) * (m[2] === 's' ? 1000 : 1) : NaN;
  if (!Number.isFinite(ms) || ms < 1 || ms > 600_000) {
    throw new SupergraphConfigError(`${where}: timeout must be a duration between 1ms and 600s (e.g. "10s", "500ms"), got ${JSON.stringify(raw)}`);
  }
  return ms;
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
