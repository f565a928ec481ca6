import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '@ioc-graph/cli';
import { GATEWAY_CONTEXT_HEADER, ServiceProcess, findFreePort } from '@ioc-graph/kit/internal';
import { createTestDatabase } from '../../support/database';
import { INDICATOR, PERIOD, REPORT, cacheStats, latestReading, served, until } from '../../support/query-cache';
import { type TestSystem, gql, startTestSystem } from '../../support/system';
import { TEST_JWT_SECRET, bearer, gatewayContext, token } from '../../support/tokens';

// The query cache across gateway replicas and supergraph reloads (issue 11): every replica hears
// every subgraph's events, so two gateways on the same subgraphs stay exact; a partner that joins by
// a reload is cached and invalidated by its own feed, and its entries go when it leaves.

const HEALTH = `{ unit(code: "19") { healthReadings { value period } } }`;
const UNIT = '14';
const CORE = ['governance', 'economy', 'society'];

describe('the query cache across replicas and reloads', () => {
  let system: TestSystem;
  let work: string;
  let configFile: string;
  let b: ServiceProcess;
  let bUrl: string;
  let partner: ServiceProcess | undefined;
  let partnerDb: { url: string; drop(): Promise<void> } | undefined;
  let reporter: Record<string, string>;

  const coreYaml = () => readFileSync(path.join(ROOT, 'gateway/supergraph.yaml'), 'utf8');
  const latest = async (url: string) => (await latestReading(url, UNIT)).value;
  const report = async (url: string, value: number) => {
    const res = await gql<{ reportEconomyObservations: { rejected: number } }>(
      url, REPORT, { input: [{ indicatorCode: INDICATOR, unitCode: UNIT, period: PERIOD, value }] }, reporter);
    expect(res.errors).toBeUndefined();
    expect(res.data!.reportEconomyObservations.rejected).toBe(0);
  };
  const live = (url: string, names: string[]) =>
    until(() => cacheStats(url), (s) => names.every((n) => s.subgraphs[n] === 'live'), `${names.join(', ')} live on ${url}`, 20_000);

  beforeAll(async () => {
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET, IOC_QUERY_CACHE_PING_MS: '10000' }); // see cache.test.ts
    reporter = bearer(token('reporter', 'TCT'));
    work = mkdtempSync(path.join(os.tmpdir(), 'cache-replicas-'));
    configFile = path.join(work, 'supergraph.yaml');
    writeFileSync(configFile, coreYaml());
    // Gateway B: a second replica on the same subgraphs, with its own (watched) subgraph list.
    const port = await findFreePort();
    bUrl = `http://127.0.0.1:${port}/graphql`;
    b = new ServiceProcess({
      name: 'gateway-b',
      script: path.join(ROOT, 'gateway/dist/main.js'),
      env: { ...system.env, GATEWAY_PORT: String(port), SUPERGRAPH_CONFIG: configFile, IOC_SUPERGRAPH_CACHE_DIR: path.join(work, 'sdl-cache') },
      healthUrl: `http://127.0.0.1:${port}/healthz`,
      startTimeoutMs: 60_000,
      onLine: process.env.IOC_TEST_LOGS ? (l) => console.log(`[gateway-b] ${l}`) : undefined,
    });
    await b.start();
    await Promise.all([live(system.url, CORE), live(bUrl, CORE)]);
    await report(system.url, 50);
  }, 120_000);

  afterAll(async () => {
    await partner?.stop();
    await b?.stop();
    await system?.dispose();
    await partnerDb?.drop();
  });

  /**
   * Writes `value` through `writer` (whose very next read must show it), while `other` had the old
   * value cached: `other` shows the new value once the event arrives, and never the old one after.
   */
  async function writeAndWatch(writer: string, other: string, value: number) {
    const old = await latest(other);
    await latest(other); // now surely cached on the other replica
    const before = await cacheStats(other);
    expect(await latest(other)).toBe(old);
    expect(served(await cacheStats(other)) - served(before)).toBe(1);

    await report(writer, value);
    expect(await latest(writer)).toBe(value); // the very next read through the writer

    const answers: number[] = [];
    const end = Date.now() + 10_000;
    while (!answers.includes(value)) {
      if (Date.now() > end) throw new Error(`the other replica still answers ${answers.at(-1)} 10 s after the write`);
      answers.push(await latest(other));
    }
    for (let i = 0; i < 20; i++) answers.push(await latest(other)); // and keeps answering it
    const first = answers.indexOf(value);
    expect(answers.slice(first).every((v) => v === value)).toBe(true);
    expect(answers.slice(0, first).every((v) => v === old)).toBe(true);
    expect((await cacheStats(other)).invalidations).toBeGreaterThan(before.invalidations);
    // And the other replica caches the new value again.
    const mid = await cacheStats(other);
    await latest(other);
    expect(served(await cacheStats(other)) - served(mid)).toBe(1);
  }

  it("should show a write through gateway A on A's very next read, and drop B's cached answer when the event reaches B", async () => {
    await writeAndWatch(system.url, bUrl, 61.5);
  });

  it('should do the same the other way round (a write through B, A had it cached)', async () => {
    await writeAndWatch(bUrl, system.url, 62.75);
  });

  it("should cache a partner that joins by a reload, drop its entries on its own events, and drop them all when it leaves", async () => {
    // A partner subgraph (the kit's example, from the workspace) on its own database.
    partnerDb = await createTestDatabase();
    const partnerPort = await findFreePort();
    const partnerUrl = `http://127.0.0.1:${partnerPort}/graphql`;
    partner = new ServiceProcess({
      name: 'health',
      script: path.join(ROOT, 'examples/partner-health/js/main.js'),
      env: {
        PATH: process.env.PATH, HOME: process.env.HOME, HEALTH_PORT: String(partnerPort), DATABASE_URL: partnerDb.url, LOG_LEVEL: 'warn',
        HEALTH_CONTEXT_SECRET: system.env.IOC_GATEWAY_SECRET,
      },
      healthUrl: `http://127.0.0.1:${partnerPort}/healthz`,
      startTimeoutMs: 90_000,
      onLine: process.env.IOC_TEST_LOGS ? (l) => console.log(`[health] ${l}`) : undefined,
    });
    await partner.start();
    writeFileSync(configFile, `${coreYaml()}  health:\n    routing_url: ${partnerUrl}\n    schema:\n      subgraph_url: ${partnerUrl}\n`);
    await until(() => cacheStats(bUrl), (s) => s.streams.health === 'live', 'a live invalidation stream for the partner', 30_000);
    const readings = async () => {
      const res = await gql<{ unit: { healthReadings: { value: number; period: string }[] } }>(bUrl, HEALTH);
      expect(res.errors).toBeUndefined();
      return res.data!.unit.healthReadings;
    };
    await readings();
    const first = await readings();
    const before = await cacheStats(bUrl);
    expect(await readings()).toEqual(first);
    expect(served(await cacheStats(bUrl)) - served(before)).toBe(1);

    // A write sent to the partner itself: B hears of it only through the partner's feed.
    const context = gatewayContext({ ...system.env, HEALTH_CONTEXT_SECRET: system.env.IOC_GATEWAY_SECRET }, 'health');
    const res = await gql<{ reportHealthObservations: { rows: { cursor: string | null }[] } }>(
      partnerUrl, 'mutation ($i: [ObservationInput!]!) { reportHealthObservations(input: $i) { rows { cursor } } }',
      { i: [{ indicatorCode: 'HEALTH_EMR_HOSPITAL_RATE', unitCode: '19', period: '2024-Q2', value: 77 }] }, { [GATEWAY_CONTEXT_HEADER]: context });
    expect(res.data?.reportHealthObservations.rows[0].cursor).toEqual(expect.any(String));
    const seen = await until(readings, (rs) => rs.some((r) => r.period === '2024-Q2'), "the partner's write to show through B", 10_000);
    expect(seen.find((r) => r.period === '2024-Q2')!.value).toBe(77);
    expect((await cacheStats(bUrl)).invalidations).toBeGreaterThan(before.invalidations);
    await readings(); // cached again
    const cached = await cacheStats(bUrl);
    expect(cached.entries).toBeGreaterThan(0);

    // The partner leaves: its stream is disposed, its subgraph bypassed, its entries gone.
    writeFileSync(configFile, coreYaml());
    const after = await until(() => cacheStats(bUrl), (s) => s.streams.health === undefined, 'the partner to leave', 30_000);
    expect(after.subgraphs.health).toBe('bypass');
    expect(after.invalidations).toBeGreaterThan(cached.invalidations);
    expect(after.entries).toBeLessThan(cached.entries);
    // The core is still served from the cache.
    await latest(bUrl);
    const core = await cacheStats(bUrl);
    await latest(bUrl);
    expect(served(await cacheStats(bUrl)) - served(core)).toBe(1);
  });
});
