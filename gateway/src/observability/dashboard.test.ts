import fs from 'node:fs';
import path from 'node:path';
import { collectProcessMetrics, metrics } from '@ioc-graph/kit/internal';
import './cache-metrics';
import './subscription-metrics';

const DASHBOARD = path.resolve(__dirname, '../../../docs/grafana/ioc-graph.json');

describe('the Grafana dashboard', () => {
  it('should chart only metrics that the gateway and subgraphs expose', async () => {
    collectProcessMetrics(); // as every server does
    const exposed = new Set((await metrics.registry.getMetricsAsJSON()).map((m) => m.name));
    const used = new Set([...fs.readFileSync(DASHBOARD, 'utf8').matchAll(/\b((?:ioc|process|nodejs)_[a-z0-9_]+)/g)].map((m) => m[1].replace(/_(bucket|count|sum)$/, '')));
    expect(used.size).toBeGreaterThan(15);
    expect([...used].filter((name) => !exposed.has(name))).toEqual([]);
  });
});
