import { AsyncLocalStorage } from 'node:async_hooks';
import { metrics } from '@ioc-graph/kit/internal';
import { LRUCache } from 'lru-cache';
import { FrequencySketch } from './frequency-sketch';
import { MAP_ENTRY_BYTES, stringBytes, valueBytes } from './heap-size';
import { DEFAULT_WRITE_WAIT_MS, WRITE_FALLBACKS, WRITE_WAIT_OUTCOMES, type WriteWaitOutcome, WriteWaits } from './write-waits';

export interface QueryCacheOptions {
  /** Cache subgraph fetches at all. @default true (IOC_QUERY_CACHE=0 turns it off) */
  enabled?: boolean;
  /**
   * Bound of the cache's heap memory, in bytes: the two frequency sketches of its admission (see
   * {@link QueryCache.admits}; 2 × 512 KiB at the defaults, each at most an eighth of the bytes of
   * the pools it guards), and in what is left the entries — each entry's key, kept text, parsed
   * answer, dependencies and bookkeeping, as V8 holds them (see heap-size.ts). @default 67108864 (64 MiB)
   */
  maxBytes?: number;
  /** Bound of the number of cached responses. @default 10000 */
  maxEntries?: number;
  /**
   * The part of both bounds that anonymous callers' entries may take together, 0 to 1: a stranger
   * asking many distinct queries evicts only anonymous entries, never an authenticated caller's.
   * Half of it holds new anonymous entries, the other half those that served a hit since (the
   * wall's dashboards, asked again and again), so one-off queries churn only the first half. An
   * entry moves to the second half only when it has been asked for more often lately than the
   * entries it would evict there (TinyLFU admission), so asking junk twice does not get it in.
   * @default 0.5
   */
  anonymousShare?: number;
  /**
   * The part of the authenticated pool's bounds (entries and bytes) that the entries one credential
   * holder filled may take, 0 to 1, keyed by the principal's subject (see {@link QueryCache.asHolder}):
   * beyond it a holder's new entry replaces his own least recently used ones, so one holder asking
   * many distinct queries, each often, cannot push another holder's entries out. @default 0.25
   */
  holderShare?: number;
  /**
   * How long a mutation's answer waits for its subgraph's change feed to pass the write, in ms (see
   * {@link QueryCache.settleWrite}); past it the subgraph's entries are dropped instead. 0: never wait.
   * @default 2000 ({@link DEFAULT_WRITE_WAIT_MS})
   */
  writeWaitMs?: number;
}

/** Which part of the bounds an entry counts against (see {@link QueryCacheOptions.anonymousShare}). */
export type CachePool = 'authenticated' | 'anonymous-new' | 'anonymous-reused';

/** Counters for `/healthz` (and `/metrics`): totals since start, plus the current size. */
export interface QueryCacheStats {
  enabled: boolean;
  /** Subgraph fetches answered from the cache. */
  hits: number;
  /** Whole queries answered from the cache (no planning, no fetch). */
  responseHits: number;
  /** Queries looked up among whole answers and not found. */
  responseMisses: number;
  /** Cacheable fetches that went to the subgraph (and may have filled an entry). */
  misses: number;
  /** Fetches that could not use the cache: mutations, uncacheable fields, a subgraph whose invalidation stream is not live. */
  bypassed: number;
  /** Times a subgraph's entries were dropped (an event, a mutation through the gateway, a lost stream). */
  invalidations: number;
  /** Entries dropped by those invalidations. */
  invalidatedEntries: number;
  entries: number;
  /** Estimated heap bytes of the entries (counted against IOC_QUERY_CACHE_MAX_BYTES). */
  bytes: number;
  /** Bytes of the admission's frequency sketches (counted against IOC_QUERY_CACHE_MAX_BYTES before the entries). */
  sketchBytes: number;
  /** Entries and bytes by pool. */
  pools: Record<CachePool, { entries: number; bytes: number; maxBytes: number }>;
  /** Per subgraph: `live` (served from the cache) or `bypass` (its invalidation stream is not live). */
  subgraphs: Record<string, 'live' | 'bypass'>;
  /** Mutations settled by outcome: `reached` (their own event dropped what they touched) or a fallback (all the subgraph's entries dropped). */
  writes: Record<WriteWaitOutcome, number>;
}

/** What a fetch must carry from its start to its end to fill an entry: see {@link QueryCache.begin}. */
export interface FillTicket {
  readonly subgraph: string;
  readonly key: string;
  /** The subgraph's invalidation count when the fetch started. */
  readonly seq: number;
  readonly units: readonly string[] | null;
  readonly anonymous: boolean;
  /** The subject of the authenticated caller whose fetch fills it (see {@link QueryCache.asHolder}). */
  readonly holder?: string;
}

/** What an entry depends on: units of a subgraph (their readings and their descendants'), or all of it (null). */
export interface Dependency {
  subgraph: string;
  units: readonly string[] | null;
}

interface Entry {
  /** A subgraph fetch's raw response body (each hit parses its own copy), or a whole answer (shared, never mutated). */
  value: string | object;
  /** Estimated heap bytes of the entry and its key, counted against the bound. */
  size: number;
  deps: readonly Dependency[];
  /** Who filled it, in the authenticated pool: counted against that holder's share. */
  holder?: string;
}

/** A whole answer in the making: its fetches' dependencies, and whether every fetch could be cached. */
export interface ResponseTicket {
  readonly key: string;
  /** Invalidation counts per subgraph when the request started. */
  readonly seqs: ReadonlyMap<string, number>;
  readonly deps: Dependency[];
  readonly anonymous: boolean;
  /** The subject of the authenticated caller, as in {@link FillTicket.holder}. */
  readonly holder?: string;
  cacheable: boolean;
}

interface Invalidation {
  seq: number;
  /** The units it touched (an event's unit and its ancestors); null: everything. */
  units: ReadonlySet<string> | null;
}

interface SubgraphState {
  /** `live`: its invalidation stream is subscribed and caught up, entries may be filled and served. */
  kind: 'live' | 'bypass';
  /** Invalidations so far; a fetch that started before one that touches it fills nothing. */
  seq: number;
  /** The latest invalidations, to judge fetches in flight (older ones than kept refuse to fill). */
  recent: Invalidation[];
  /** Entries that depend on the whole subgraph. */
  whole: Set<string>;
  /** The readings field its feed announces per unit (`healthReadings`), told by its live stream; see {@link QueryCache.readingsField}. */
  readingsField?: string;
  /** Entries by the units they depend on. */
  byUnit: Map<string, Set<string>>;
}

const RECENT_INVALIDATIONS = 1_000;

/** `scopeOf` of a caller without a credential (see cache-policy.ts). */
const ANONYMOUS_SCOPE = 'anonymous';

/** Prefix of the keys of whole answers (the others are subgraph fetches). */
const RESPONSE_KEY = '\u0000response\n';

/** The `cache` label of an entry on /metrics: `response` (whole answers) or `fetch` (subgraph fetches). */
function labelOf(key: string): 'response' | 'fetch' {
  return key.startsWith(RESPONSE_KEY) ? 'response' : 'fetch';
}

export const DEFAULT_QUERY_CACHE_MAX_BYTES = 64 * 1024 * 1024;
export const DEFAULT_QUERY_CACHE_MAX_ENTRIES = 10_000;
export const DEFAULT_QUERY_CACHE_ANONYMOUS_SHARE = 0.5;
export const DEFAULT_QUERY_CACHE_HOLDER_SHARE = 0.25;

/**
 * Heap bytes of an entry besides its value and key: the entry, its dependency list, lru-cache's
 * slots (key map, key and value lists), and one Set entry per unit (or whole subgraph) it is filed under.
 */
function overheadBytes(deps: readonly Dependency[]): number {
  let n = 48 + 56 + MAP_ENTRY_BYTES + 16;
  for (const d of deps) n += 40 + (d.units ? 48 + d.units.length * (8 + MAP_ENTRY_BYTES) : MAP_ENTRY_BYTES);
  return n;
}

/**
 * Subgraph fetch results kept until something may have changed them — exact freshness, no TTL.
 * An entry is keyed by the subgraph, the caller's scope (what it may see) and the exact request
 * body. It depends on a list of units (an entity fetch of those units: an event of one of them or of
 * a descendant, whose value rolls up into them, drops it) or else on its whole subgraph (any event
 * of that subgraph drops it). A mutation sent through the gateway waits for its own event (see
 * {@link settleWrite}); the loss of the subgraph's invalidation stream, and a write whose event
 * cannot be awaited, drop all the subgraph's entries at once.
 * A subgraph is served from the cache only while its stream is live ({@link setLive}); a fetch fills
 * an entry only when no invalidation touching it happened between its start and its answer, so an
 * answer read before a write can never outlive the write's event.
 */
export class QueryCache {
  readonly enabled: boolean;
  private readonly pools: Record<CachePool, LRUCache<string, Entry>>;
  private readonly subgraphs = new Map<string, SubgraphState>();
  private readonly counters = { hits: 0, responseHits: 0, responseMisses: 0, misses: 0, bypassed: 0, invalidations: 0, invalidatedEntries: 0 };
  private readonly listeners = new Set<(subgraph: string) => void>();
  private readonly writeOutcomes = Object.fromEntries(WRITE_WAIT_OUTCOMES.map((o) => [o, 0])) as Record<WriteWaitOutcome, number>;
  /** Where each subgraph's change feed stands, and the writes waiting for it (fed by the invalidation streams). */
  readonly writes: WriteWaits;
  /**
   * How often each key was asked for lately, by who asks (apart, so a stranger's flood of asks
   * does not age an official's counts): admission to the anonymous reused half and to the
   * authenticated pool (see {@link admits}).
   */
  private readonly frequencies: Record<'anonymous' | 'authenticated', FrequencySketch>;
  /** Bytes of the two sketches' tables, taken off `maxBytes` before the pools share it. */
  private readonly sketchBytes: number;
  /** The subject of the authenticated caller whose request is running (see {@link asHolder}). */
  private readonly holder = new AsyncLocalStorage<string>();
  /** Per holder, the authenticated entries he filled (key → size, least recently used first) and their bytes. */
  private readonly holders = new Map<string, { bytes: number; keys: Map<string, number> }>();
  /** A holder's bound in the authenticated pool (see {@link QueryCacheOptions.holderShare}). */
  private readonly holderBound: { entries: number; bytes: number };

  constructor(options: QueryCacheOptions = {}) {
    this.enabled = options.enabled ?? true;
    this.writes = new WriteWaits(options.writeWaitMs ?? DEFAULT_WRITE_WAIT_MS);
    const maxEntries = options.maxEntries ?? DEFAULT_QUERY_CACHE_MAX_ENTRIES;
    const maxBytes = options.maxBytes ?? DEFAULT_QUERY_CACHE_MAX_BYTES;
    const share = Math.min(1, Math.max(0, options.anonymousShare ?? DEFAULT_QUERY_CACHE_ANONYMOUS_SHARE));
    const entriesOf = (part: number) => Math.max(1, Math.floor(maxEntries * part));
    // Wide enough to tell apart every entry of the pools they guard; halved after 10 × that many
    // asks. Their tables are counted in the bound: at most an eighth of their pools' bytes each
    // (narrower with a small bound), and the pools share what is left.
    this.frequencies = {
      anonymous: new FrequencySketch({ capacity: 2 * entriesOf(share / 2), maxBytes: (maxBytes * share) / 8 }),
      authenticated: new FrequencySketch({ capacity: entriesOf(1 - share), maxBytes: (maxBytes * (1 - share)) / 8 }),
    };
    this.sketchBytes = this.frequencies.anonymous.bytes + this.frequencies.authenticated.bytes;
    const entryBytes = Math.max(0, maxBytes - this.sketchBytes);
    const pool = (part: number) => new LRUCache<string, Entry>({
      // lru-cache takes a positive integer only (0 or 1.5 would throw at start): 0 keeps nothing.
      max: entriesOf(part),
      maxSize: Math.max(1, Math.floor(entryBytes * part)),
      sizeCalculation: (e) => e.size,
      dispose: (e, key, reason) => {
        this.untrack(e, key);
        if (reason === 'evict') metrics.cacheEvictions.inc({ cache: labelOf(key) });
      },
    });
    this.pools = { authenticated: pool(1 - share), 'anonymous-new': pool(share / 2), 'anonymous-reused': pool(share / 2) };
    const holderShare = Math.min(1, Math.max(0, options.holderShare ?? DEFAULT_QUERY_CACHE_HOLDER_SHARE));
    const authenticated = this.pools.authenticated;
    this.holderBound = { entries: Math.max(1, Math.floor(authenticated.max * holderShare)), bytes: Math.floor(authenticated.maxSize * holderShare) };
  }

  /**
   * Runs `fn` (a request, with the cache lookups and fills it makes) on behalf of the credential
   * holder `subject`: the authenticated entries it fills count against that holder's share. The
   * holder travels with the request's async context, as the fetches deep in Apollo's executor have
   * only the caller's scope, which many holders share.
   */
  asHolder<T>(subject: string, fn: () => T): T {
    return this.holder.run(subject, fn);
  }

  /**
   * The entry of `key` in the caller's pools. An anonymous entry's hit moves it to the reused half
   * when {@link admits} lets it in; otherwise it stays in the new half (as most recently used).
   */
  private lookup(key: string, anonymous: boolean): Entry | undefined {
    // Every ask counts, hit or miss: the wall's dashboards gain frequency even while a stranger's
    // churn keeps pushing them out of the new half.
    this.frequencies[anonymous ? 'anonymous' : 'authenticated'].increment(key);
    if (!anonymous) {
      const e = this.pools.authenticated.get(key);
      const owned = e?.holder === undefined ? undefined : this.holders.get(e.holder);
      const asker = this.holder.getStore();
      if (e && owned && asker !== undefined && e.holder !== asker) {
        // Asked by another holder: shared, no longer one holder's to evict by filling his share
        // (else whoever filled an official's dashboard first could push it out with his own
        // queries). It stays under the pool's own LRU and admission.
        if (owned.keys.delete(key)) owned.bytes -= e.size;
        if (owned.keys.size === 0) this.holders.delete(e.holder!);
        e.holder = undefined;
      } else if (owned?.keys.delete(key)) owned.keys.set(key, e!.size); // most recently used of its holder
      return e;
    }
    const reused = this.pools['anonymous-reused'].get(key);
    if (reused) return reused;
    const fresh = this.pools['anonymous-new'].get(key);
    if (fresh && this.admits('anonymous-reused', key, fresh)) {
      this.pools['anonymous-new'].delete(key); // untracks it
      this.keep('anonymous-reused', key, fresh);
    }
    return fresh;
  }

  /**
   * TinyLFU admission to the anonymous reused half and the authenticated pool: an entry gets in
   * when there is room, or when it was asked for more often lately than every entry it would evict
   * (least recently used first) — a tie keeps the incumbents. So a stranger asking each of many
   * junk queries twice evicts nothing the wall asks for more often; to push the wall out he must
   * ask each junk query more often than the wall asks its dashboards, within one aging period of
   * the sketch. In the authenticated pool (one LRU, no new half) a token holder's one-off queries
   * likewise cannot evict an official's dashboards; an official's new query gets in on its second
   * ask at the latest (once the pool is full of entries asked once).
   */
  private admits(pool: 'anonymous-reused' | 'authenticated', key: string, entry: Entry): boolean {
    const lru = this.pools[pool];
    const frequencies = this.frequencies[pool === 'authenticated' ? 'authenticated' : 'anonymous'];
    if (lru.has(key)) return true; // a second fill of the same entry replaces it
    if (entry.size > lru.maxSize) return false;
    let entries = lru.size + 1 - lru.max;
    let bytes = lru.calculatedSize + entry.size - lru.maxSize;
    if (entries <= 0 && bytes <= 0) return true;
    const frequency = frequencies.frequency(key);
    for (const victim of lru.rkeys()) {
      if (frequencies.frequency(victim) >= frequency) return false;
      entries--;
      bytes -= lru.peek(victim)?.size ?? 0;
      if (entries <= 0 && bytes <= 0) return true;
    }
    return false;
  }

  /** Files an entry in a pool; `false` when refused: too large for it, or not admitted (see {@link admits}). */
  private keep(pool: CachePool, key: string, entry: Entry): boolean {
    // A second fill of an entry already reused (two misses in flight): the first copy stays.
    if (pool === 'anonymous-new' && this.pools['anonymous-reused'].has(key)) return false;
    if (pool === 'authenticated' && entry.holder !== undefined && !this.roomForHolder(key, entry as Entry & { holder: string })) return false;
    if (pool === 'authenticated' && !this.admits(pool, key, entry)) return false;
    const lru = this.pools[pool];
    lru.set(key, entry);
    // Refused as too large for the bound: not kept, so not tracked either.
    if (!lru.has(key)) return false;
    this.track(entry, key);
    return true;
  }

  /**
   * Makes room within its holder's share for an authenticated entry: drops the holder's own least
   * recently used entries until it fits; `false` when it is larger than the share itself.
   */
  private roomForHolder(key: string, entry: Entry & { holder: string }): boolean {
    const bound = this.holderBound;
    if (entry.size > bound.bytes) return false;
    const owned = this.holders.get(entry.holder);
    if (!owned) return true;
    const replaced = owned.keys.get(key);
    let entries = owned.keys.size + (replaced === undefined ? 1 : 0);
    let bytes = owned.bytes - (replaced ?? 0) + entry.size;
    for (const [victim, size] of [...owned.keys]) {
      if (entries <= bound.entries && bytes <= bound.bytes) break;
      if (victim === key) continue;
      this.pools.authenticated.delete(victim); // untracks it
      entries--;
      bytes -= size;
    }
    return true;
  }

  /**
   * Starts a cacheable fetch: its cached body (a hit), or a ticket to fill the entry with the answer
   * (a miss), or null when the subgraph is not live (bypass).
   * @param scope what the caller may see (see `scopeOf`)
   * @param body the exact request body sent to the subgraph
   * @param units the units the answer depends on (see `dependenciesOf`); null: the whole subgraph
   */
  begin(subgraph: string, scope: string, body: string, units: readonly string[] | null = null): { hit: string } | { ticket: FillTicket } | null {
    const s = this.subgraphs.get(subgraph);
    if (!this.enabled || s?.kind !== 'live') {
      this.counters.bypassed++;
      return null;
    }
    const key = `${subgraph}\n${scope}\n${body}`;
    const anonymous = scope === ANONYMOUS_SCOPE;
    const e = this.lookup(key, anonymous);
    if (e) {
      this.counters.hits++;
      metrics.cacheHits.inc({ cache: 'fetch' });
      return { hit: e.value as string };
    }
    this.counters.misses++;
    metrics.cacheMisses.inc({ cache: 'fetch' });
    return { ticket: { subgraph, key, seq: s.seq, units, anonymous, holder: anonymous ? undefined : this.holder.getStore() } };
  }

  /** Counts a fetch that cannot use the cache (a mutation, an uncacheable field). */
  bypass(): void {
    this.counters.bypassed++;
  }

  /** Fills the entry of a fetch started with {@link begin}, unless an invalidation touching it happened meanwhile. */
  fill(ticket: FillTicket, body: string): void {
    const s = this.subgraphs.get(ticket.subgraph);
    if (!s || s.kind !== 'live' || this.touchedSince(s, ticket)) return;
    const deps = [{ subgraph: ticket.subgraph, units: ticket.units }];
    const size = stringBytes(ticket.key) + stringBytes(body) + overheadBytes(deps);
    this.keep(ticket.anonymous ? 'anonymous-new' : 'authenticated', ticket.key, { value: body, size, deps, holder: ticket.holder });
  }

  /**
   * Starts a whole query: its cached answer (a hit), or a ticket that its subgraph fetches report
   * to (see `postThroughCache`), or null when disabled.
   * @param key the operation and its variables
   * @param scope what the caller may see (see `scopeOf`)
   */
  beginResponse(key: string, scope: string): { hit: object } | { ticket: ResponseTicket } | null {
    if (!this.enabled) return null;
    const k = `${RESPONSE_KEY}${scope}\n${key}`;
    const anonymous = scope === ANONYMOUS_SCOPE;
    const e = this.lookup(k, anonymous);
    if (e) {
      this.counters.responseHits++;
      metrics.cacheHits.inc({ cache: 'response' });
      return { hit: e.value as object };
    }
    this.counters.responseMisses++;
    metrics.cacheMisses.inc({ cache: 'response' });
    const holder = anonymous ? undefined : this.holder.getStore();
    return { ticket: { key: k, seqs: new Map([...this.subgraphs].map(([n, s]) => [n, s.seq])), deps: [], anonymous, holder, cacheable: true } };
  }

  /**
   * Keeps a whole answer when every fetch of it was cacheable and no invalidation touching one of
   * them happened since the request started.
   * @param value the answer as JSON.parse makes it (its heap size is estimated by walking it)
   * @param body its JSON text, kept with it (see response-cache.ts): counted too
   * @returns whether it was kept
   */
  fillResponse(ticket: ResponseTicket, value: object, body: string): boolean {
    if (!ticket.cacheable || !ticket.deps.length) return false;
    for (const d of ticket.deps) {
      const s = this.subgraphs.get(d.subgraph);
      const seq = ticket.seqs.get(d.subgraph);
      if (!s || s.kind !== 'live' || seq === undefined || this.touchedSince(s, { seq, units: d.units })) return false;
    }
    // The kept text is held by a WeakMap entry of the answer (another Map entry's worth).
    const size = stringBytes(ticket.key) + valueBytes(value) + stringBytes(body) + MAP_ENTRY_BYTES + overheadBytes(ticket.deps);
    return this.keep(ticket.anonymous ? 'anonymous-new' : 'authenticated', ticket.key, { value, size, deps: ticket.deps, holder: ticket.holder });
  }

  /**
   * Drops a subgraph's entries that depend on any of `units` (and those that depend on the whole
   * subgraph), and the fills in flight that would. Without `units`: every entry of the subgraph.
   * @param units an event's unit and its ancestors
   */
  invalidate(subgraph: string, units: ReadonlySet<string> | null = null): void {
    // Off: nothing to drop or count, but the in-flight dedupe must still hear of the write.
    if (!this.enabled) {
      for (const l of this.listeners) l(subgraph);
      return;
    }
    const s = this.state(subgraph);
    s.seq++;
    s.recent.push({ seq: s.seq, units });
    if (s.recent.length > RECENT_INVALIDATIONS) s.recent.shift();
    this.counters.invalidations++;
    const keys = new Set(s.whole);
    if (units) for (const u of units) for (const k of s.byUnit.get(u) ?? []) keys.add(k);
    else for (const set of s.byUnit.values()) for (const k of set) keys.add(k);
    this.counters.invalidatedEntries += keys.size;
    for (const k of keys) {
      metrics.cacheInvalidations.inc({ cache: labelOf(k) });
      for (const lru of Object.values(this.pools)) lru.delete(k);
    }
    for (const l of this.listeners) l(subgraph);
  }

  /**
   * Tells `listener` of every invalidation (the gateway detaches its in-flight dedupe then: a read
   * that joined a call started before the write would fill the cache with what the write changed).
   * @returns how to stop
   */
  onInvalidate(listener: (subgraph: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * After a mutation of `subgraph` was answered: waits until its change feed has passed `position`
   * (the answer's feed position), so its own event has dropped exactly the entries it touched;
   * on any other outcome drops all the subgraph's entries (and detaches the in-flight dedupe), as
   * every write did before. When the cache holds nothing of the subgraph there is nothing to keep:
   * no wait (a batch import is not slowed by its own feed's delivery), the same drop (it refuses
   * the fills in flight). Either way a read sent after this returns sees the write. With the cache
   * off nothing waits: it only detaches the dedupe.
   * @returns how the wait ended
   */
  async settleWrite(subgraph: string, position: string | undefined): Promise<WriteWaitOutcome> {
    const started = performance.now();
    const outcome: WriteWaitOutcome = !this.enabled ? 'not-live'
      : this.writes.check(subgraph, position) ?? (this.holds(subgraph) ? await this.writes.wait(subgraph, position) : 'nothing-cached');
    if (outcome !== 'reached') this.invalidate(subgraph);
    if (this.enabled && WRITE_FALLBACKS.has(outcome)) metrics.cacheWriteFallbacks.inc({ reason: outcome });
    if (this.enabled) {
      this.writeOutcomes[outcome]++;
      metrics.cacheWriteWait.observe({ outcome }, (performance.now() - started) / 1000);
    }
    return outcome;
  }

  /** Serves a subgraph from the cache (its invalidation stream is live) or bypasses it (dropping its entries). */
  setLive(subgraph: string, live: boolean, readingsField?: string): void {
    const s = this.state(subgraph);
    if (readingsField !== undefined) s.readingsField = readingsField;
    if (!live) {
      this.invalidate(subgraph);
      // Its change feed's position is unknown until the stream is back: writes waiting fall back.
      this.writes.lost(subgraph, 'not-live');
    }
    s.kind = live ? 'live' : 'bypass';
  }

  /**
   * The field of `subgraph` whose values its change feed announces per unit (the kit's
   * `AdministrativeUnit.<pillar>Readings`, named like its readings subscription), as its stream
   * told {@link setLive}; undefined before.
   */
  readingsField(subgraph: string): string | undefined {
    return this.subgraphs.get(subgraph)?.readingsField;
  }

  stats(): QueryCacheStats {
    return {
      enabled: this.enabled,
      ...this.counters,
      entries: Object.values(this.pools).reduce((n, p) => n + p.size, 0),
      bytes: Object.values(this.pools).reduce((n, p) => n + p.calculatedSize, 0),
      sketchBytes: this.sketchBytes,
      pools: Object.fromEntries(Object.entries(this.pools).map(([name, p]) => [name, { entries: p.size, bytes: p.calculatedSize, maxBytes: p.maxSize }])) as QueryCacheStats['pools'],
      subgraphs: Object.fromEntries([...this.subgraphs].map(([name, s]) => [name, s.kind])),
      writes: { ...this.writeOutcomes },
    };
  }

  clear(): void {
    for (const name of this.subgraphs.keys()) this.setLive(name, false);
  }

  private state(subgraph: string): SubgraphState {
    let s = this.subgraphs.get(subgraph);
    if (!s) this.subgraphs.set(subgraph, (s = { kind: 'bypass', seq: 0, recent: [], whole: new Set(), byUnit: new Map() }));
    return s;
  }

  /** Whether any entry (a fetch or a whole answer) depends on the subgraph. */
  private holds(subgraph: string): boolean {
    const s = this.subgraphs.get(subgraph);
    return !!s && (s.whole.size > 0 || s.byUnit.size > 0);
  }

  private touchedSince(s: SubgraphState, t: { seq: number; units: readonly string[] | null }): boolean {
    if (s.seq === t.seq) return false;
    const since = s.recent.filter((i) => i.seq > t.seq);
    // Fewer kept than happened: some are forgotten, so assume the worst.
    if (since.length < s.seq - t.seq) return true;
    return since.some((i) => !i.units || !t.units || t.units.some((u) => i.units!.has(u)));
  }

  private track(e: Entry, key: string): void {
    if (e.holder !== undefined) {
      let owned = this.holders.get(e.holder);
      if (!owned) this.holders.set(e.holder, (owned = { bytes: 0, keys: new Map() }));
      owned.keys.set(key, e.size);
      owned.bytes += e.size;
    }
    for (const d of e.deps) {
      const s = this.state(d.subgraph);
      if (!d.units) { s.whole.add(key); continue; }
      for (const u of d.units) {
        let set = s.byUnit.get(u);
        if (!set) s.byUnit.set(u, (set = new Set()));
        set.add(key);
      }
    }
  }

  private untrack(e: Entry, key: string): void {
    const owned = e.holder === undefined ? undefined : this.holders.get(e.holder);
    if (owned?.keys.delete(key)) {
      owned.bytes -= e.size;
      if (owned.keys.size === 0) this.holders.delete(e.holder!);
    }
    for (const d of e.deps) {
      const s = this.subgraphs.get(d.subgraph);
      if (!s) continue;
      if (!d.units) { s.whole.delete(key); continue; }
      for (const u of d.units) {
        const set = s.byUnit.get(u);
        set?.delete(key);
        if (set?.size === 0) s.byUnit.delete(u);
      }
    }
  }
}
