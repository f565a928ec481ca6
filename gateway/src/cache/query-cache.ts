import { LRUCache } from 'lru-cache';

export interface QueryCacheOptions {
  /** Cache subgraph fetches at all. @default true (IOC_QUERY_CACHE=0 turns it off) */
  enabled?: boolean;
  /** Bound of the cached response bodies, in bytes (UTF-16: 2 per character of body and key). @default 67108864 (64 MiB) */
  maxBytes?: number;
  /** Bound of the number of cached responses. @default 10000 */
  maxEntries?: number;
}

/** Counters for `/healthz` (and `/metrics`): totals since start, plus the current size. */
export interface QueryCacheStats {
  enabled: boolean;
  /** Fetches answered from the cache. */
  hits: number;
  /** Cacheable fetches that went to the subgraph (and may have filled an entry). */
  misses: number;
  /** Fetches that could not use the cache: mutations, uncacheable fields, a subgraph whose invalidation stream is not live. */
  bypassed: number;
  /** Times a subgraph's entries were dropped (an event, a mutation through the gateway, a lost stream). */
  invalidations: number;
  /** Entries dropped by those invalidations. */
  invalidatedEntries: number;
  entries: number;
  bytes: number;
  /** Per subgraph: `live` (served from the cache) or `bypass` (its invalidation stream is not live). */
  subgraphs: Record<string, 'live' | 'bypass'>;
}

/** What a fetch must carry from its start to its end to fill an entry: see {@link QueryCache.begin}. */
export interface FillTicket {
  readonly subgraph: string;
  readonly key: string;
  readonly generation: number;
}

interface Entry {
  subgraph: string;
  /** The subgraph's raw response body; each hit parses its own copy. */
  body: string;
}

interface SubgraphState {
  /** `live`: its invalidation stream is subscribed and caught up, entries may be filled and served. */
  kind: 'live' | 'bypass';
  /** Advanced by every invalidation; a fetch that started in an older generation fills nothing. */
  generation: number;
  keys: Set<string>;
}

export const DEFAULT_QUERY_CACHE_MAX_BYTES = 64 * 1024 * 1024;
export const DEFAULT_QUERY_CACHE_MAX_ENTRIES = 10_000;

/**
 * Subgraph fetch results kept until something may have changed them — exact freshness, no TTL.
 * An entry is keyed by the subgraph, the caller's scope (what it may see) and the exact request
 * body, and depends on its whole subgraph: any outbox event of that subgraph, any mutation sent to
 * it through the gateway, and the loss of its invalidation stream drop all its entries at once.
 * A subgraph is served from the cache only while its stream is live ({@link setLive}); a fetch fills
 * an entry only when no invalidation of its subgraph happened between its start and its answer
 * (generations), so an answer read before a write can never outlive the write's event.
 */
export class QueryCache {
  readonly enabled: boolean;
  private readonly lru: LRUCache<string, Entry>;
  private readonly subgraphs = new Map<string, SubgraphState>();
  private readonly counters = { hits: 0, misses: 0, bypassed: 0, invalidations: 0, invalidatedEntries: 0 };

  constructor(options: QueryCacheOptions = {}) {
    this.enabled = options.enabled ?? true;
    this.lru = new LRUCache<string, Entry>({
      max: Math.max(1, Math.floor(options.maxEntries ?? DEFAULT_QUERY_CACHE_MAX_ENTRIES)),
      maxSize: options.maxBytes ?? DEFAULT_QUERY_CACHE_MAX_BYTES,
      sizeCalculation: (e, key) => 2 * (e.body.length + key.length) + 64,
      dispose: (e, key) => this.subgraphs.get(e.subgraph)?.keys.delete(key),
    });
  }

  /**
   * Starts a cacheable fetch: its cached body (a hit), or a ticket to fill the entry with the answer
   * (a miss), or null when the subgraph is not live (bypass).
   * @param scope what the caller may see (see `scopeOf`)
   * @param body the exact request body sent to the subgraph
   */
  begin(subgraph: string, scope: string, body: string): { hit: string } | { ticket: FillTicket } | null {
    const s = this.subgraphs.get(subgraph);
    if (!this.enabled || s?.kind !== 'live') {
      this.counters.bypassed++;
      return null;
    }
    const key = `${subgraph}\n${scope}\n${body}`;
    const e = this.lru.get(key);
    if (e) {
      this.counters.hits++;
      return { hit: e.body };
    }
    this.counters.misses++;
    return { ticket: { subgraph, key, generation: s.generation } };
  }

  /** Counts a fetch that cannot use the cache (a mutation, an uncacheable field). */
  bypass(): void {
    this.counters.bypassed++;
  }

  /** Fills the entry of a fetch started with {@link begin}, unless its subgraph was invalidated meanwhile. */
  fill(ticket: FillTicket, body: string): void {
    const s = this.subgraphs.get(ticket.subgraph);
    if (!s || s.kind !== 'live' || s.generation !== ticket.generation) return;
    s.keys.add(ticket.key);
    this.lru.set(ticket.key, { subgraph: ticket.subgraph, body });
    // Refused as too large for the bound: not kept, so not tracked either.
    if (!this.lru.has(ticket.key)) s.keys.delete(ticket.key);
  }

  /** Drops every entry of a subgraph, and every fill in flight for it. */
  invalidate(subgraph: string): void {
    const s = this.state(subgraph);
    s.generation++;
    this.counters.invalidations++;
    const keys = [...s.keys];
    this.counters.invalidatedEntries += keys.length;
    for (const k of keys) this.lru.delete(k);
    s.keys.clear();
  }

  /** Serves a subgraph from the cache (its invalidation stream is live) or bypasses it (dropping its entries). */
  setLive(subgraph: string, live: boolean): void {
    const s = this.state(subgraph);
    if (!live) this.invalidate(subgraph);
    s.kind = live ? 'live' : 'bypass';
  }

  stats(): QueryCacheStats {
    return {
      enabled: this.enabled,
      ...this.counters,
      entries: this.lru.size,
      bytes: this.lru.calculatedSize,
      subgraphs: Object.fromEntries([...this.subgraphs].map(([name, s]) => [name, s.kind])),
    };
  }

  clear(): void {
    for (const name of this.subgraphs.keys()) this.setLive(name, false);
  }

  private state(subgraph: string): SubgraphState {
    let s = this.subgraphs.get(subgraph);
    if (!s) this.subgraphs.set(subgraph, (s = { kind: 'bypass', generation: 0, keys: new Set() }));
    return s;
  }
}
