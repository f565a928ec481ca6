import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Latency buckets in seconds: 1 ms to 10 s (gateway answers are milliseconds, dashboards up to seconds). */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** How many distinct operation names authenticated callers may give their own label (see {@link operationNameLabel}); later ones are counted as `other`. */
export const MAX_OPERATION_NAMES = 200;
/** How many names anonymous callers' answered operations may label at once, least recently used replaced first. */
export const MAX_ANONYMOUS_OPERATION_NAMES = 50;

const registry = new Registry();

/**
 * The process's metrics (one registry per process: a gateway or a subgraph), served on `/metrics`.
 * Other parts of the system count on these:
 *
 * @example
 * metrics.dedupeHits.inc({ kind: 'inbound' });          // a request answered by one already in flight
 * metrics.cacheHits.inc({ cache: 'response' });         // also cacheMisses, cacheInvalidations (.inc(n))
 * const stop = metrics.subgraphFetchDuration.startTimer({ subgraph: 'economy' }); stop({ outcome: 'ok' });
 */
export const metrics = {
  registry,
  /** `ioc_graphql_request_duration_seconds{operation_name, operation_type, outcome}`: HTTP GraphQL requests, parse to response. */
  requestDuration: new Histogram({
    name: 'ioc_graphql_request_duration_seconds',
    help: 'GraphQL requests over HTTP, from arrival to response, by operation name and type (query, mutation, unknown) and outcome (ok, error)',
    labelNames: ['operation_name', 'operation_type', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  }),
  /** `ioc_subgraph_fetch_duration_seconds{subgraph, outcome}`: one gateway-to-subgraph fetch. */
  subgraphFetchDuration: new Histogram({
    name: 'ioc_subgraph_fetch_duration_seconds',
    help: 'Gateway fetches to a subgraph, request sent to response parsed, by subgraph and outcome (ok, error)',
    labelNames: ['subgraph', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  }),
  /** `ioc_cache_hits_total{cache}`: e.g. `cache="response"`, `"entity"`, `"plan"`. */
  cacheHits: new Counter({
    name: 'ioc_cache_hits_total',
    help: 'Lookups answered from a cache, by cache',
    labelNames: ['cache'] as const,
    registers: [registry],
  }),
  /** `ioc_cache_misses_total{cache}`. */
  cacheMisses: new Counter({
    name: 'ioc_cache_misses_total',
    help: 'Lookups a cache could not answer, by cache',
    labelNames: ['cache'] as const,
    registers: [registry],
  }),
  /** `ioc_cache_invalidations_total{cache}`: entries dropped because an event touched them. */
  cacheInvalidations: new Counter({
    name: 'ioc_cache_invalidations_total',
    help: 'Cache entries dropped because an outbox event touched what they depend on, by cache',
    labelNames: ['cache'] as const,
    registers: [registry],
  }),
  /** `ioc_cache_evictions_total{cache}`: entries dropped to stay within the memory bound (LRU). */
  cacheEvictions: new Counter({
    name: 'ioc_cache_evictions_total',
    help: 'Cache entries dropped to stay within the size bound (LRU), by cache',
    labelNames: ['cache'] as const,
    registers: [registry],
  }),
  /**
   * `ioc_cache_write_wait_seconds{outcome}`: how long a mutation's answer waited for its subgraph's
   * change feed to pass the write (read-your-writes), by outcome (`reached`, or a fallback reason).
   */
  cacheWriteWait: new Histogram({
    name: 'ioc_cache_write_wait_seconds',
    help: 'How long mutations through the gateway waited for their subgraph\'s change feed to pass the write before answering, by outcome (reached; nothing-cached: not awaited; no-position, not-live, reset, timeout: the subgraph\'s entries were dropped instead)',
    labelNames: ['outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  }),
  /** `ioc_cache_write_fallbacks_total{reason}`: mutations after which a subgraph's entries were all dropped (no position, stream not live, feed reset, timeout). */
  cacheWriteFallbacks: new Counter({
    name: 'ioc_cache_write_fallbacks_total',
    help: 'Mutations through the gateway after which their subgraph\'s cached entries were all dropped instead of by the write\'s own event, by reason (no-position, not-live, reset, timeout)',
    labelNames: ['reason'] as const,
    registers: [registry],
  }),
  /** `ioc_dedupe_hits_total{kind}`: `kind="inbound"` (client requests) or `"outbound"` (subgraph fetches). */
  dedupeHits: new Counter({
    name: 'ioc_dedupe_hits_total',
    help: 'Requests that shared an identical one already in flight, by kind (inbound: client requests; outbound: subgraph fetches)',
    labelNames: ['kind'] as const,
    registers: [registry],
  }),
};

let defaultsOn = false;

/** Turns on prom-client's process metrics (CPU, memory, event-loop delay, GC) once per process. */
export function collectProcessMetrics(): void {
  if (defaultsOn) return;
  defaultsOn = true;
  collectDefaultMetrics({ register: registry });
}

/** Names admitted by authenticated callers: kept for the process's life. */
const operationNames = new Set<string>();
/** Names admitted by anonymous callers: a Map in use order (the first is the least recently used). */
const anonymousNames = new Map<string, true>();
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;
const OPERATION_TYPES = ['query', 'mutation', 'subscription', 'unknown'];

/**
 * A bounded label for an operation name: `anonymous` without one, the name once admitted, else
 * `other` (not a GraphQL name, not admitted, no room). Clients choose names, and every label value
 * is a time series kept in memory, so who may add one matters:
 * - `admit: 'authenticated'` (answered without errors for a caller with a credential): up to
 *   {@link MAX_OPERATION_NAMES} names, kept;
 * - `admit: 'anonymous'` (answered without errors for anyone else): up to
 *   {@link MAX_ANONYMOUS_OPERATION_NAMES} names beside those, the least recently used one (and its
 *   series) dropped for a new one — a stranger's junk names churn only this part, and can never
 *   push an authenticated caller's operations into `other`;
 * - none (a refused or failed request): only a name already admitted.
 */
export function operationNameLabel(name: string | null | undefined, admit?: 'authenticated' | 'anonymous'): string {
  if (!name) return 'anonymous';
  if (!GRAPHQL_NAME.test(name)) return 'other';
  if (operationNames.has(name)) return name;
  if (admit === 'authenticated' && operationNames.size < MAX_OPERATION_NAMES) {
    anonymousNames.delete(name);
    operationNames.add(name);
    return name;
  }
  if (anonymousNames.has(name)) {
    if (admit) {
      anonymousNames.delete(name); // most recently used: last
      anonymousNames.set(name, true);
    }
    return name;
  }
  if (admit !== 'anonymous') return 'other';
  if (anonymousNames.size >= MAX_ANONYMOUS_OPERATION_NAMES) {
    const oldest = anonymousNames.keys().next().value!;
    anonymousNames.delete(oldest);
    for (const operation_type of OPERATION_TYPES) {
      for (const outcome of ['ok', 'error']) metrics.requestDuration.remove({ operation_name: oldest, operation_type, outcome });
    }
  }
  anonymousNames.set(name, true);
  return name;
}

/**
 * A set of live sources read at scrape time by a gauge's `collect()`: several servers in one
 * process (tests) each add theirs, and remove it in `dispose()`.
 */
export class MetricSources<T> {
  private readonly sources = new Set<T>();

  /** Adds a source; the returned function removes it. */
  add(source: T): () => void {
    this.sources.add(source);
    return () => void this.sources.delete(source);
  }

  values(): IterableIterator<T> {
    return this.sources.values();
  }

  /** The sum of `read` over the sources (0 without any). */
  sum(read: (source: T) => number): number {
    let total = 0;
    for (const s of this.sources) total += read(s);
    return total;
  }
}

/**
 * A counter whose value is read from sources at scrape time (their own running totals, e.g. a
 * server's `stats.events`), so the hot path pays nothing for it.
 */
export function collectedCounter<T>(name: string, help: string, sources: MetricSources<T>, read: (source: T) => number): Counter {
  return new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(Math.max(0, sources.sum(read)));
    },
  });
}

/** A gauge read from sources at scrape time (see {@link collectedCounter}). */
export function collectedGauge<T>(name: string, help: string, sources: MetricSources<T>, read: (source: T) => number): Gauge {
  return new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      this.set(sources.sum(read));
    },
  });
}
