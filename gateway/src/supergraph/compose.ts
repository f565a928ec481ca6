import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { Source, parse } from 'graphql';
import type { SubgraphEntry } from './supergraph-config';

/** One composition problem: the subgraphs it names (from the error's nodes) and Apollo's message. */
export interface CompositionProblem {
  subgraphs: string[];
  message: string;
  /** Apollo's error code, e.g. `INVALID_FIELD_SHARING`. */
  code?: string;
}

export class CompositionError extends Error {
  override name = 'CompositionError';
  readonly problems: string[];
  constructor(readonly details: CompositionProblem[]) {
    const problems = details.map((d) => `${d.subgraphs.length ? `[${d.subgraphs.join(', ')}] ` : ''}${d.message}`);
    super(`The graph does not compose:\n  - ${problems.join('\n  - ')}`);
    this.problems = problems;
  }
}

/** A subgraph's schema, ready to compose. */
export interface SubgraphSdl {
  name: string;
  url: string;
  sdl: string;
}

/**
 * Composes SDLs with Apollo's composition.
 * @throws CompositionError naming each subgraph at fault and what is wrong
 */
export function composeSdls(subgraphs: SubgraphSdl[]): { supergraphSdl: string; hints: string[] } {
  const services = subgraphs.map((s) => {
    try {
      return { name: s.name, url: s.url, typeDefs: parse(new Source(s.sdl, s.name)) };
    } catch (err) {
      throw new CompositionError([{ subgraphs: [s.name], message: `its schema does not parse: ${(err as Error).message}` }]);
    }
  });
  const result = composeServices(services);
  if (result.errors) {
    throw new CompositionError(
      result.errors.map((err) => ({
        subgraphs: [...new Set((err.nodes ?? []).map((n) => n.loc?.source?.name).filter((n): n is string => !!n))],
        message: err.message,
        code: (err.extensions as { code?: string } | undefined)?.code,
      })),
    );
  }
  return { supergraphSdl: result.supergraphSdl, hints: result.hints.map((h) => h.toString()) };
}

export interface FetchOptions {
  /** Keep trying a subgraph that is not up yet for this long. @default 30000 */
  timeoutMs?: number;
  /** Progress, e.g. "waiting for economy". */
  onWait?: (subgraph: string, reason: string) => void;
}

/** Fetches a subgraph's SDL (`_service { sdl }`), waiting for it to come up. */
export async function fetchSubgraphSdl(entry: SubgraphEntry, baseDir: string, options: FetchOptions = {}): Promise<string> {
  if ('file' in entry.schema) return readFile(path.resolve(baseDir, entry.schema.file), 'utf8');
  const url = entry.schema.subgraphUrl;
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ _service { sdl } }' }),
        signal: AbortSignal.timeout(Math.max(500, Math.min(5000, deadline - Date.now()))),
      });
      const body = (await res.json()) as { data?: { _service?: { sdl?: string } }; errors?: { message: string }[] };
      const sdl = body.data?._service?.sdl;
      if (sdl) return sdl;
      throw new Error(body.errors?.[0]?.message ?? `HTTP ${res.status} without _service.sdl: is it a federated subgraph?`);
    } catch (err) {
      const reason = (err as Error).message;
      if (Date.now() > deadline) {
        throw new Error(`Subgraph "${entry.name}" at ${url} did not answer with its schema: ${reason}`);
      }
      if (attempt % 4 === 0) options.onWait?.(entry.name, reason);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/**
 * Composes the subgraphs into a supergraph SDL with Apollo's composition. A composition error names
 * each subgraph at fault and what is wrong.
 */
export async function composeSupergraph(
  entries: SubgraphEntry[],
  baseDir: string,
  options: FetchOptions = {},
): Promise<{ supergraphSdl: string; hints: string[] }> {
  const sdls = await Promise.all(entries.map((e) => fetchSubgraphSdl(e, baseDir, options)));
  return composeSdls(entries.map((e, i) => ({ name: e.name, url: e.routingUrl, sdl: sdls[i] })));
}
