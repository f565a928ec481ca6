import { MetricSources, collectedCounter, collectedGauge } from '@ioc-graph/kit/internal';

/** What the query cache metrics read at scrape time (a `QueryCache`'s `stats()`). */
export interface CacheStatsSource {
  stats(): { bypassed: number; entries: number; bytes: number; subgraphs: Record<string, 'live' | 'bypass'> };
}

// Hits, misses, invalidations and evictions are the kit's `ioc_cache_*_total{cache}` counters,
// counted as they happen (cache/query-cache.ts); these are read from the cache when scraped.
const sources = new MetricSources<CacheStatsSource>();
collectedCounter('ioc_cache_bypasses_total', 'Subgraph fetches that could not use the query cache: mutations, uncacheable fields, a subgraph without a live invalidation stream', sources, (s) => s.stats().bypassed);
collectedGauge('ioc_cache_entries', 'Entries in the query cache (subgraph fetches and whole answers)', sources, (s) => s.stats().entries);
collectedGauge('ioc_cache_bytes', 'Bytes counted against IOC_QUERY_CACHE_MAX_BYTES by the query cache', sources, (s) => s.stats().bytes);
collectedGauge('ioc_cache_subgraphs_bypassed', 'Subgraphs known to the query cache whose invalidation stream is not live (asked directly)', sources,
  (s) => Object.values(s.stats().subgraphs).filter((k) => k === 'bypass').length);

/** Exposes a query cache's size and bypasses on `/metrics`. Returns `dispose()`, which stops reading it. */
export function observeQueryCache(cache: CacheStatsSource): { dispose(): void } {
  return { dispose: sources.add(cache) };
}
