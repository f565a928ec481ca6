import { MAX_ANONYMOUS_OPERATION_NAMES, MAX_OPERATION_NAMES, MetricSources, collectedCounter, collectedGauge, metrics, operationNameLabel } from './metrics';

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
  it('should name anonymous operations and keep valid names a trusted request admitted', () => {
    expect(operationNameLabel(undefined)).toBe('anonymous');
    expect(operationNameLabel('')).toBe('anonymous');
    expect(operationNameLabel('Dashboard', 'authenticated')).toBe('Dashboard');
    expect(operationNameLabel('Dashboard')).toBe('Dashboard');
  });

  it('should never admit the name of a refused or failed request', () => {
    for (let i = 0; i < MAX_OPERATION_NAMES * 2; i++) expect(operationNameLabel(`Refused${i}`)).toBe('other');
    expect(operationNameLabel('Refused0', undefined)).toBe('other');
  });

  it("should let a stranger's many answered junk names churn only the anonymous part, never pushing an official's operation into other", async () => {
    expect(operationNameLabel('OfficialsBoard', 'authenticated')).toBe('OfficialsBoard');
    metrics.requestDuration.observe({ operation_name: operationNameLabel('Junk0', 'anonymous'), operation_type: 'query', outcome: 'ok' }, 0.01);
    for (let i = 1; i < MAX_OPERATION_NAMES * 5; i++) expect(operationNameLabel(`Junk${i}`, 'anonymous')).toBe(`Junk${i}`);
    expect(operationNameLabel('OfficialsBoard')).toBe('OfficialsBoard');
    expect(operationNameLabel('AnotherOfficialOp', 'authenticated')).toBe('AnotherOfficialOp');
    // The oldest junk names were dropped, with their series: the label set stays bounded.
    expect(operationNameLabel('Junk0')).toBe('other');
    expect(await sample('ioc_graphql_request_duration_seconds')).not.toContain('Junk0"');
    expect(operationNameLabel(`Junk${MAX_OPERATION_NAMES * 5 - 1}`)).toBe(`Junk${MAX_OPERATION_NAMES * 5 - 1}`);
    expect(operationNameLabel(`Junk${MAX_OPERATION_NAMES * 5 - 1 - MAX_ANONYMOUS_OPERATION_NAMES}`)).toBe('other');
  });

  it('should count a name that is not a GraphQL name as other', () => {
    expect(operationNameLabel('a b', 'authenticated')).toBe('other');
    expect(operationNameLabel('x'.repeat(101), 'anonymous')).toBe('other');
    expect(operationNameLabel('"}\n', 'authenticated')).toBe('other');
  });

  it(`should stop adding names after ${MAX_OPERATION_NAMES} distinct ones, keeping those already seen`, () => {
    for (let i = 0; i < MAX_OPERATION_NAMES + 10; i++) operationNameLabel(`Op${i}`, 'authenticated');
    expect(operationNameLabel('Dashboard')).toBe('Dashboard');
    expect(operationNameLabel('Op0')).toBe('Op0');
    expect(operationNameLabel('BrandNew', 'authenticated')).toBe('other');
  });
});
