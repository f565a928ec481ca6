import { Supergraph } from '@apollo/federation-internals';
import type { Logger } from '@ioc-graph/kit/internal';

/** The URL of the subgraph that serves the unit tree (`Query.units` with `parent { code }`), if any. */
export function unitsSource(supergraphSdl: string): string | null {
  for (const s of Supergraph.build(supergraphSdl).subgraphs()) {
    const query = s.schema.schemaDefinition.root('query')?.type;
    if (query?.fields().some((f) => f.name === 'units')) return s.url;
  }
  return null;
}

/**
 * Parents of the administrative units, so that an event of a district also drops what shows its
 * province (values roll up). Units are written only by the owning subgraph's seeder at start; the
 * tree is read again whenever a stream goes live (after a restart). A unit it does not know makes
 * the event drop its whole subgraph.
 */
export class UnitTree {
  private parents: Map<string, string | null> | null = null;
  private loading: AbortController | null = null;

  /** @param url the subgraph's GraphQL URL (see {@link unitsSource}); null: no tree, events drop their whole subgraph */
  constructor(readonly url: string | null, private readonly logger: Logger) {}

  /** The unit and its ancestors; null (everything) when the unit is unknown. */
  selfAndAncestors(code: string): Set<string> | null {
    const parents = this.parents;
    if (!parents?.has(code)) return null;
    const out = new Set<string>();
    for (let c: string | null | undefined = code; c && !out.has(c); c = parents.get(c)) out.add(c);
    return out;
  }

  /** Reads the tree again (in the background; one read at a time). */
  refresh(): void {
    if (!this.url || this.loading) return;
    const abort = (this.loading = new AbortController());
    void fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ units { code parent { code } } }' }),
      signal: AbortSignal.any([abort.signal, AbortSignal.timeout(10_000)]),
    })
      .then(async (res) => {
        const json = (await res.json()) as { data?: { units?: { code: string; parent: { code: string } | null }[] } };
        const units = json.data?.units;
        if (!Array.isArray(units)) throw new Error(`HTTP ${res.status} without units`);
        this.parents = new Map(units.map((u) => [u.code, u.parent?.code ?? null]));
      })
      .catch((err) => {
        if (!abort.signal.aborted) this.logger.warn({ reason: (err as Error).message }, 'query cache: cannot read the unit tree; events drop their whole subgraph');
      })
      .finally(() => { if (this.loading === abort) this.loading = null; });
  }

  dispose(): void {
    this.loading?.abort();
  }
}
