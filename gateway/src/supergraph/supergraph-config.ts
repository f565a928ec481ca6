import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { CORE_SUBGRAPHS, isCore } from './core';
import { SUBGRAPH_NAME, subgraphEntrySchema, supergraphConfigSchema } from './supergraph-config.schema';

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

/** A `supergraph.yaml` entry that cannot be used as written; the subgraph is left out of the graph. */
export interface UnresolvedEntry {
  name: string;
  /** `env-missing`: a `${env.X}` without default names an unset variable; `invalid`: a key's value is wrong; `unsigned`: no usable context secret. */
  kind: 'env-missing' | 'invalid' | 'unsigned';
  /** The variables to set (`env-missing`), in order of appearance. */
  missing: string[];
  /** What to fix, naming the file, the subgraph and the key or variable. */
  reason: string;
}

/** A read `supergraph.yaml`: the usable entries, and the partner entries left out. */
export interface SupergraphConfig {
  entries: SubgraphEntry[];
  unresolved: UnresolvedEntry[];
}

/** Replaces `${env.X}` in every string of `value`, collecting the names of unset variables without default. */
function interpolateDeep(value: unknown, env: NodeJS.ProcessEnv, missing: string[]): unknown {
  if (typeof value === 'string') {
    return value.replace(ENV_REF, (m, name: string, fallback: string | undefined) => {
      const v = env[name];
      if (v !== undefined && v !== '') return v;
      if (fallback !== undefined) return fallback;
      if (!missing.includes(name)) missing.push(name);
      return m;
    });
  }
  if (Array.isArray(value)) return value.map((v) => interpolateDeep(v, env, missing));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateDeep(v, env, missing)]));
  }
  return value;
}

/**
 * Reads a rover `supergraph.yaml`, entry by entry: `${env.X}` is replaced in each entry's values (not
 * in comments or across entries), so a partner entry naming an unset variable, or with a bad value,
 * is set aside in `unresolved` while the rest of the graph is served.
 * @throws SupergraphConfigError when the file is not a subgraph list, or a `core` subgraph's entry
 *   cannot be resolved (names the file, entry, key or variable to set)
 */
export function readSupergraphConfig(
  text: string,
  file: string,
  env: NodeJS.ProcessEnv = process.env,
  core: readonly string[] = CORE_SUBGRAPHS,
): SupergraphConfig {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new SupergraphConfigError(`${file} is not valid YAML: ${(err as Error).message}`);
  }
  const topMissing: string[] = [];
  const { subgraphs, ...top } = (raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
  const doc = { ...(interpolateDeep(top, env, topMissing) as object), subgraphs };
  if (topMissing.length) throw new SupergraphConfigError(`${file}: environment variable ${topMissing[0]} is not set and has no default`);
  const result = supergraphConfigSchema.safeParse(doc);
  if (!result.success && !(subgraphs && typeof subgraphs === 'object' && !Array.isArray(subgraphs))) {
    throw new SupergraphConfigError(`${file} lists no subgraphs (${result.error.issues[0].message})`);
  }
  const names = Object.keys(subgraphs as object);
  if (!names.length) throw new SupergraphConfigError(`${file} lists no subgraphs (expected a "subgraphs:" map)`);
  const entries: SubgraphEntry[] = [];
  const unresolved: UnresolvedEntry[] = [];
  for (const name of names) {
    const fault = (u: Omit<UnresolvedEntry, 'name'>) => {
      if (isCore(name, core)) throw new SupergraphConfigError(`${u.reason} (core subgraph: the gateway cannot start without it)`);
      unresolved.push({ name, ...u });
    };
    if (!SUBGRAPH_NAME.test(name)) {
      fault({ kind: 'invalid', missing: [], reason: `${file}: subgraph "${name}": invalid name` });
      continue;
    }
    const missing: string[] = [];
    const value = interpolateDeep((subgraphs as Record<string, unknown>)[name], env, missing);
    if (missing.length) {
      const vars = missing.join(', ');
      fault({ kind: 'env-missing', missing, reason: `${file}: subgraph "${name}": environment variable${missing.length > 1 ? 's' : ''} ${vars} ${missing.length > 1 ? 'are' : 'is'} not set and ${missing.length > 1 ? 'have' : 'has'} no default` });
      continue;
    }
    const parsed = subgraphEntrySchema.safeParse(value);
    if (!parsed.success) {
      const [issue] = parsed.error.issues;
      const key = issue.path.map(String);
      fault({ kind: 'invalid', missing: [], reason: `${file}: subgraph "${name}": ${key.length ? `${key.join('.')} ` : ''}${issue.message}` });
      continue;
    }
    entries.push({ name, ...parsed.data });
  }
  return { entries, unresolved };
}

/**
 * Parses a rover `supergraph.yaml` strictly (as `subgraph check` does); names the file, entry and key at fault.
 * @throws SupergraphConfigError at the first entry that cannot be resolved, core or partner
 */
export function parseSupergraphConfig(text: string, file: string, env: NodeJS.ProcessEnv = process.env): SubgraphEntry[] {
  const { entries, unresolved } = readSupergraphConfig(text, file, env, []);
  if (unresolved.length) throw new SupergraphConfigError(unresolved[0].reason);
  return entries;
}

/** Reads the file, then {@link readSupergraphConfig}. @throws SupergraphConfigError */
export async function readSupergraphConfigFile(file: string, env: NodeJS.ProcessEnv = process.env, core?: readonly string[]): Promise<SupergraphConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new SupergraphConfigError(`Cannot read the subgraph list ${file}: ${(err as Error).message}`);
  }
  return readSupergraphConfig(text, file, env, core);
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
