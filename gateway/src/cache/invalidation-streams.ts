import { Supergraph, baseType } from '@apollo/federation-internals';
import type { Logger } from '@ioc-graph/kit/internal';
import { UpstreamConnection } from '../subscriptions/upstream';
import type { QueryCache } from './query-cache';

export interface InvalidationStreamsOptions {
  supergraphSdl: string;
  cache: QueryCache;
  logger: Logger;
  /**
   * After the subscription is sent, how long until the subgraph surely registered it (it starts
   * from its feed's head when it handles the message), in ms. Only the first connection of a stream
   * relies on it: later ones resume from the last cursor and miss nothing. @default 300
   */
  settleMs?: number;
  /** First wait before reconnecting a lost stream, doubled up to 5 s, in ms. @default 250 */
  retryMs?: number;
}

/** A stream's state: the cache serves its subgraph only while `live`. */
type StreamState =
  | { kind: 'connecting'; upstream: UpstreamConnection }
  | { kind: 'settling'; upstream: UpstreamConnection; timer: NodeJS.Timeout }
  | { kind: 'live'; upstream: UpstreamConnection }
  | { kind: 'waiting'; timer: NodeJS.Timeout }
  | { kind: 'stopped' };

/** A subgraph that can tell the gateway what changed: its readings subscription field. */
export interface FeedSource {
  name: string;
  wsUrl: string;
  /** The `Subscription` field whose type implements `Reading` (e.g. `governanceReadings`). */
  field: string;
}

/** The subgraphs of a supergraph that serve a readings feed; the others are never cached. */
export function feedSources(supergraphSdl: string): FeedSource[] {
  const out: FeedSource[] = [];
  for (const s of Supergraph.build(supergraphSdl).subgraphs()) {
    const root = s.schema.schemaDefinition.root('subscription')?.type;
    const field = root?.fields().find((f) => {
      const t = f.type && baseType(f.type);
      return t?.kind === 'ObjectType' && t.implementsInterface('Reading');
    });
    if (field) out.push({ name: s.name, wsUrl: s.url.replace(/^http/, 'ws'), field: field.name });
  }
  return out;
}

/**
 * One invalidation subscription per subgraph: the readings feed with no filter, over graphql-ws.
 * Every event drops the subgraph's cached entries; a lost stream drops them all and bypasses the
 * cache for that subgraph until the stream is subscribed again (resuming after the last cursor, so
 * no event is missed while it was away). Each gateway replica keeps its own streams, so a subgraph's
 * writes reach every replica's cache. Own code rather than graphql-ws's client: it reuses the
 * gateway's small upstream client, whose connection state this owner drives.
 */
export class InvalidationStreams {
  private readonly streams = new Map<string, Stream>();
  private readonly tree: UnitTree;

  constructor(private readonly options: InvalidationStreamsOptions) {
    this.tree = new UnitTree(unitsSource(options.supergraphSdl), options.logger);
    for (const source of feedSources(options.supergraphSdl)) {
      const stream = new Stream(source, options, this.tree);
      this.streams.set(source.name, stream);
      stream.start();
    }
  }

  /** Per subgraph: the stream's state (`connecting`, `settling`, `live`, `waiting`). */
  snapshot(): Record<string, string> {
    return Object.fromEntries([...this.streams].map(([name, s]) => [name, s.state.kind]));
  }

  dispose(): void {
    this.tree.dispose();
    for (const s of this.streams.values()) s.stop();
    this.streams.clear();
  }
}

class Stream {
  state: StreamState = { kind: 'stopped' };
  private cursor: string | null = null;
  private retryMs: number;

  constructor(
    private readonly source: FeedSource,
    private readonly o: InvalidationStreamsOptions,
    private readonly tree: UnitTree,
  ) {
    this.retryMs = o.retryMs ?? 250;
  }

  start(): void {
    const { source, o } = this;
    const query = `subscription IocCacheInvalidation($after: ID) { ${source.field}(after: $after) { cursor unitCode } }`;
    const upstream: UpstreamConnection = new UpstreamConnection(
      { url: source.wsUrl, query, variables: this.cursor ? { after: this.cursor } : {} },
      {
        subscribed: () => {
          if (this.state.kind !== 'connecting' || this.state.upstream !== upstream) return;
          // Resuming after a known cursor misses nothing; a first subscription waits until the
          // subgraph surely registered it (it reads from its head at that moment).
          const settle = this.cursor ? 0 : (o.settleMs ?? 300);
          this.state = { kind: 'settling', upstream, timer: setTimeout(() => this.goLive(upstream), settle) };
        },
        next: (payload) => {
          if (!this.owns(upstream)) return;
          const reading = payload.data?.[source.field] as { cursor?: unknown; unitCode?: unknown } | null | undefined;
          if (typeof reading?.cursor === 'string') this.cursor = reading.cursor;
          o.cache.invalidate(source.name, typeof reading?.unitCode === 'string' ? this.tree.selfAndAncestors(reading.unitCode) : null);
        },
        error: (errors) => {
          // A cursor the subgraph no longer knows (its database was replaced): start afresh.
          this.cursor = null;
          this.lost(upstream, `refused: ${JSON.stringify(errors).slice(0, 200)}`);
        },
        complete: () => this.lost(upstream, 'completed by the subgraph'),
        lost: (reason) => this.lost(upstream, reason),
      },
    );
    this.state = { kind: 'connecting', upstream };
    upstream.start();
  }

  stop(): void {
    const s = this.state;
    if (s.kind === 'settling' || s.kind === 'waiting') clearTimeout(s.timer);
    if ('upstream' in s) s.upstream.stop();
    this.state = { kind: 'stopped' };
    this.o.cache.setLive(this.source.name, false);
  }

  private owns(upstream: UpstreamConnection): boolean {
    return 'upstream' in this.state && this.state.upstream === upstream;
  }

  private goLive(upstream: UpstreamConnection): void {
    if (this.state.kind !== 'settling' || this.state.upstream !== upstream) return;
    this.state = { kind: 'live', upstream };
    this.retryMs = this.o.retryMs ?? 250;
    this.o.cache.setLive(this.source.name, true);
    this.tree.refresh();
    this.o.logger.debug({ subgraph: this.source.name }, 'query cache: invalidation stream live');
  }

  private lost(upstream: UpstreamConnection, reason: string): void {
    if (!this.owns(upstream)) return;
    const s = this.state;
    if (s.kind === 'settling') clearTimeout(s.timer);
    upstream.stop();
    // Never serve what an unseen event may have changed: drop all and bypass until back.
    this.o.cache.setLive(this.source.name, false);
    if (s.kind === 'live') this.o.logger.warn({ subgraph: this.source.name, reason }, 'query cache: invalidation stream lost; bypassing the cache for this subgraph');
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, 5_000);
    this.state = { kind: 'waiting', timer: setTimeout(() => this.start(), wait) };
  }
}

/** The subgraph that serves the unit tree (`Query.units` with `parent { code }`), if any. */
function unitsSource(supergraphSdl: string): string | null {
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
class UnitTree {
  private parents: Map<string, string | null> | null = null;
  private loading: AbortController | null = null;

  constructor(private readonly url: string | null, private readonly logger: Logger) {}

  /** The unit and its ancestors; null (everything) when the unit is unknown. */
  selfAndAncestors(code: string): Set<string> | null {
    const parents = this.parents;
    if (!parents?.has(code)) return null;
    const out = new Set<string>();
    for (let c: string | null | undefined = code; c && !out.has(c); c = parents.get(c)) out.add(c);
    return out;
  }

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
      .catch((err) => this.logger.warn({ reason: (err as Error).message }, 'query cache: cannot read the unit tree; events drop their whole subgraph'))
      .finally(() => { if (this.loading === abort) this.loading = null; });
  }

  dispose(): void {
    this.loading?.abort();
  }
}
