import { MAX_OPERATION_NAMES, MetricSources, collectedCounter, collectedGauge, metrics, operationNameLabel } from './metrics';

async function sample(name: string): Promise<string> {
  return metrics.registry.getSingleMetricAsString(name);
}

describe('the metrics registry', () => {
  it('should expose the counters other parts call, with their labels', async () => {
    metrics.dedupeHits.inc({ kind: 'inbound' });
    metrics.dedupeHits.inc({ kind: 'inbound' });
    metrics.cacheHits.inc({ cache: 'response' });
    metrics.cacheMisses.inc({ cache: 'response' }, 3);
    metrics.cacheInvalidations.inc({ cache: 'entity' }, 5);
    const text = await metrics.registry.metrics();
    expect(text).toContain('ioc_dedupe_hits_total{kind="inbound"} 2');
    expect(text).toContain('ioc_cache_hits_total{cache="response"} 1');
    expect(text).toContain('ioc_cache_misses_total{cache="response"} 3');
    expect(text).toContain('ioc_cache_invalidations_total{cache="entity"} 5');
  });

  it('should record latencies in seconds into the histogram buckets', async () => {
    metrics.subgraphFetchDuration.observe({ subgraph: 'economy', outcome: 'ok' }, 0.004);
    const text = await sample('ioc_subgraph_fetch_duration_seconds');
    expect(text).toContain('ioc_subgraph_fetch_duration_seconds_bucket{le="0.0025",subgraph="economy",outcome="ok"} 0');
    expect(text).toContain('ioc_subgraph_fetch_duration_seconds_bucket{le="0.005",subgraph="economy",outcome="ok"} 1');
    expect(text).toContain('ioc_subgraph_fetch_duration_seconds_count{subgraph="economy",outcome="ok"} 1');
  });

  it('should read collected gauges and counters from every live source at scrape time', async () => {
    const sources = new MetricSources<{ n: number }>();
    collectedGauge('test_open_things', 'open things', sources, (s) => s.n);
    collectedCounter('test_things_total', 'things so far', sources, (s) => s.n);
    const a = { n: 2 };
    const removeA = sources.add(a);
    sources.add({ n: 3 });
    expect(await sample('test_open_things')).toMatch(/^test_open_things 5$/m);
    a.n = 10;
    expect(await sample('test_things_total')).toMatch(/^test_things_total 13$/m);
    removeA();
    expect(await sample('test_open_things')).toMatch(/^test_open_things 3$/m);
  });
});

describe('the operation name label', () => {
  it('should name anonymous operations and keep valid names', () => {
    expect(operationNameLabel(undefined)).toBe('anonymous');
    expect(operationNameLabel('')).toBe('anonymous');
    expect(operationNameLabel('Dashboard')).toBe('Dashboard');
  });

  it('should count a name that is not a GraphQL name as other', () => {
    expect(operationNameLabel('a b')).toBe('other');
    expect(operationNameLabel('x'.repeat(101))).toBe('other');
    expect(operationNameLabel('"}\n')).toBe('other');
  });

  it(`should stop adding names after ${MAX_OPERATION_NAMES} distinct ones, keeping those already seen`, () => {
    for (let i = 0; i < MAX_OPERATION_NAMES + 10; i++) operationNameLabel(`Op${i}`);
    expect(operationNameLabel('Dashboard')).toBe('Dashboard');
    expect(operationNameLabel('Op0')).toBe('Op0');
    expect(operationNameLabel('BrandNew')).toBe('other');
  });
});
