import http from 'node:http';
import { type RunningSystem, startSystem } from '@ioc-graph/cli';
import { findFreePort } from '@ioc-graph/kit/internal';
import { createTestDatabase } from '../../support/database';
import { TEST_JWT_SECRET, bearer, token } from '../../support/tokens';
import { type Feed, reportGovernance, subscribe, waitFor } from '../subscriptions/feed-client';

/** One sample of a Prometheus text exposition: `name{labels} value`. */
interface Sample { name: string; labels: Record<string, string>; value: number }

function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

async function scrape(graphqlUrl: string): Promise<{ contentType: string | null; samples: Sample[] }> {
  const res = await fetch(graphqlUrl.replace('/graphql', '/metrics'));
  expect(res.status).toBe(200);
  return { contentType: res.headers.get('content-type'), samples: parseMetrics(await res.text()) };
}

/** The value of the one sample named `name` whose labels include `labels`. */
function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

/** A stand-in OTLP/HTTP collector: records what the services export to /v1/traces. */
async function startCollector(): Promise<{ url: string; bodies: Buffer[]; dispose(): Promise<void> }> {
  const bodies: Buffer[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/traces') bodies.push(Buffer.concat(chunks));
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  const port = await findFreePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    dispose: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const WALL = `query Wall { unit(code: "19") { name governanceReadings { value } economyReadings { value } } }`;

describe('observability of a running system', () => {
  let system: RunningSystem;
  let drop: () => Promise<void>;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  const lines: { service: string; line: string }[] = [];
  const feeds: Feed<unknown>[] = [];

  beforeAll(async () => {
    collector = await startCollector();
    const db = await createTestDatabase();
    drop = db.drop;
    system = await startSystem({
      databaseUrl: db.url,
      ports: { governance: 0, economy: 0, society: 0, gateway: 0 },
      env: {
        IOC_JWT_SECRET: TEST_JWT_SECRET,
        LOG_LEVEL: 'debug',
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
        OTEL_BSP_SCHEDULE_DELAY: '200',
      },
      onLine: (service, line) => {
        lines.push({ service, line });
        if (process.env.IOC_TEST_LOGS) console.log(`[${service}] ${line}`);
      },
    });
  }, 180_000); // four processes with tracing on, on a shared machine
  afterAll(async () => {
    await Promise.all(feeds.map((f) => f.dispose()));
    await system?.dispose();
    await drop?.();
    await collector?.dispose();
  });

  it('should echo the client\'s x-request-id and pass it to the subgraphs, which log it', async () => {
    const res = await fetch(system.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'wall-7f3a-0001' },
      body: JSON.stringify({ query: WALL }),
    });
    expect(res.headers.get('x-request-id')).toBe('wall-7f3a-0001');
    expect(((await res.json()) as { errors?: unknown }).errors).toBeUndefined();

    const tagged = (service: string) => lines.some((l) => l.service === service && l.line.includes('"requestId":"wall-7f3a-0001"'));
    await waitFor(() => tagged('gateway') && tagged('governance') && tagged('economy'), 'log lines with the request id');
    const line = JSON.parse(lines.find((l) => l.service === 'economy' && l.line.includes('wall-7f3a-0001'))!.line);
    expect(line).toMatchObject({ requestId: 'wall-7f3a-0001', msg: 'graphql request' });
  });

  it('should make up a request id when the client sends none or one that is not a plain token', async () => {
    const none = await fetch(system.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(none.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const odd = await fetch(system.gateway.url, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': '{"forged":"log line"}' }, body: '{"query":"{ __typename }"}',
    });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('should count queries, subgraph fetches and subscription traffic on the gateway\'s /metrics', async () => {
    const feed = subscribe(system.gateway.url.replace(/^http/, 'ws'), `subscription { governanceReadings(unitCodes: ["19"]) { cursor value } }`);
    feeds.push(feed);
    await waitFor(async () => value((await scrape(system.gateway.url)).samples, 'ioc_subscription_upstreams') === 1, 'the upstream subscription');
    await reportGovernance(system.gateway.url, bearer(token('admin')), { indicatorCode: 'GOV_DOSSIERS_RECEIVED', unitCode: '19', period: '2024', value: 4242 });
    await feed.until((f) => f.received.length >= 1, 'the reading');

    const { contentType, samples } = await scrape(system.gateway.url);
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(value(samples, 'ioc_graphql_request_duration_seconds_count', { operation_name: 'Wall', operation_type: 'query', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'ioc_graphql_request_duration_seconds_sum', { operation_name: 'Wall' })).toBeGreaterThan(0);
    expect(value(samples, 'ioc_graphql_request_duration_seconds_count', { operation_type: 'mutation', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    for (const subgraph of ['governance', 'economy']) {
      expect(value(samples, 'ioc_subgraph_fetch_duration_seconds_count', { subgraph, outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    }
    expect(value(samples, 'ioc_ws_clients')).toBe(1);
    expect(value(samples, 'ioc_subscription_subscribers')).toBe(1);
    expect(value(samples, 'ioc_subscription_topics')).toBe(1);
    expect(value(samples, 'ioc_subscription_upstreams_opened_total')).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'ioc_subscription_events_total')).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'ioc_subscription_frames_total')).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'ioc_ws_slow_consumers_dropped_total')).toBe(0);
    expect(value(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it("should count the query cache's hits, misses, invalidations, bypasses and size on the gateway's /metrics", async () => {
    const wall = () => fetch(system.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: WALL }) });
    // Once the cache's streams are live, the second identical query is a whole answer from the cache.
    await waitFor(async () => {
      await wall();
      await wall();
      return (value((await scrape(system.gateway.url)).samples, 'ioc_cache_hits_total', { cache: 'response' }) ?? 0) >= 1;
    }, 'a whole answer from the query cache');
    const before = (await scrape(system.gateway.url)).samples;
    await reportGovernance(system.gateway.url, bearer(token('admin')), { indicatorCode: 'GOV_DOSSIERS_RECEIVED', unitCode: '19', period: '2024', value: 4343 });
    const { samples } = await scrape(system.gateway.url);
    expect(value(samples, 'ioc_cache_misses_total', { cache: 'fetch' })).toBeGreaterThanOrEqual(1);
    // The mutation dropped the cached Wall answer and its governance fetch.
    expect(value(samples, 'ioc_cache_invalidations_total', { cache: 'response' })).toBeGreaterThan(value(before, 'ioc_cache_invalidations_total', { cache: 'response' }) ?? 0);
    expect(value(samples, 'ioc_cache_bypasses_total')).toBeGreaterThanOrEqual(0);
    expect(value(samples, 'ioc_cache_entries')).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'ioc_cache_bytes')).toBeGreaterThan(0);
    expect(value(samples, 'ioc_cache_subgraphs_bypassed')).toBe(0);
  });

  it('should show the feed and outbox of a subgraph on its /metrics', async () => {
    // The earlier test's report reaches the open streams shortly after its mutation was answered.
    await waitFor(async () => value((await scrape(system.subgraphs.governance.url)).samples, 'ioc_feed_delivery_lag', { schema: 'governance' }) === 0, 'the feed streams to catch up');
    const { samples } = await scrape(system.subgraphs.governance.url);
    expect(value(samples, 'ioc_graphql_request_duration_seconds_count', { outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'ioc_feed_head_seq', { schema: 'governance' })).toBeGreaterThanOrEqual(1);
    // The wall's subscription, and the gateway query cache's invalidation stream.
    expect(value(samples, 'ioc_feed_open_streams', { schema: 'governance' })).toBe(2);
    expect(value(samples, 'ioc_feed_delivery_lag', { schema: 'governance' })).toBe(0);
    expect(value(samples, 'ioc_outbox_unsequenced', { schema: 'governance' })).toBe(0);
    expect(value(samples, 'ioc_outbox_lag_seconds', { schema: 'governance' })).toBe(0);
  });

  it('should export traces of the gateway and the subgraphs to OTEL_EXPORTER_OTLP_ENDPOINT', async () => {
    const exported = (name: string) => collector.bodies.some((b) => b.includes(name));
    await waitFor(() => exported('@ioc-graph/gateway') && exported('@ioc-graph/governance'), 'spans from the gateway and a subgraph');
  });
});
