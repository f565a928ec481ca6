import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '@ioc-graph/cli';
import { GATEWAY_CONTEXT_HEADER, ServiceProcess, findFreePort } from '@ioc-graph/kit/internal';
import { type TestSystem, gql } from './system';
import { gatewayContext } from './tokens';

/** The gateway's query cache counters (`/healthz` → `queries.cache`), as the cache tests read them. */
export interface CacheStats {
  hits: number;
  responseHits: number;
  misses: number;
  bypassed: number;
  invalidations: number;
  entries: number;
  subgraphs: Record<string, 'live' | 'bypass'>;
  streams: Record<string, string>;
  /** Mutations through the gateway by how they settled: `reached` (their own event dropped what they touched) or a fallback. */
  writes: Record<'reached' | 'nothing-cached' | 'no-position' | 'not-live' | 'reset' | 'timeout', number>;
}

/** The indicator, period and query the cache tests read and write (economy's latest reading of a unit). */
export const INDICATOR = 'ECO_EINVOICE_RATE';
export const PERIOD = '2025';
export const LATEST = `query ($code: ID!, $unit: ID!) { economyIndicator(code: $code) { latest(unitCode: $unit) { value period } } }`;
export const REPORT = `mutation ($input: [ObservationInput!]!) { reportEconomyObservations(input: $input) { imported updated rejected } }`;

/** Answered from the cache: whole answers, or subgraph fetches of answers that were not. */
export const served = (s: CacheStats): number => s.hits + s.responseHits;

/**
 * Whether a read between `before` and `after` was answered wholly from the cache: a whole answer
 * kept, no subgraph fetch sent (a hit of one subgraph's fetch beside a miss of another's is not).
 */
export const wholeFromCache = (before: CacheStats, after: CacheStats): boolean =>
  after.responseHits - before.responseHits === 1 && after.misses === before.misses && after.bypassed === before.bypassed;

/** The query cache counters of the gateway at `url` (its `/graphql` address). */
export async function cacheStats(url: string): Promise<CacheStats> {
  return ((await (await fetch(url.replace('/graphql', '/healthz'))).json()) as { queries: { cache: CacheStats } }).queries.cache;
}

/**
 * Probes until `ok` holds and returns that value.
 * @throws after `ms` (@default 15000), naming `what` and the last value
 */
export async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, what: string, ms = 15_000, stepMs = 100): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: last ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** Economy's latest reading of {@link INDICATOR} for `unit` through the gateway at `url`; fails the test on errors. */
export async function latestReading(url: string, unit: string, headers: Record<string, string> = {}): Promise<{ value: number; period: string }> {
  const res = await gql<{ economyIndicator: { latest: { value: number; period: string } | null } }>(url, LATEST, { code: INDICATOR, unit }, headers);
  expect(res.errors).toBeUndefined();
  return res.data!.economyIndicator.latest!;
}

/** Posts `value` for `unit` and {@link PERIOD} to the economy subgraph itself: a gateway hears of it only through the feed. */
export async function reportEconomyDirectly(system: TestSystem, unit: string, value: number): Promise<void> {
  const res = await gql<{ reportEconomyObservations: { rejected: number } }>(
    system.subgraphs.economy.url, REPORT, { input: [{ indicatorCode: INDICATOR, unitCode: unit, period: PERIOD, value }] },
    { [GATEWAY_CONTEXT_HEADER]: gatewayContext(system.env, 'economy') });
  expect(res.errors).toBeUndefined();
  expect(res.data!.reportEconomyObservations.rejected).toBe(0);
}

/**
 * Starts a second gateway over `system`'s subgraphs whose economy routing URL (queries,
 * subscriptions, the cache's invalidation stream) is `economyUrl` — a fault test's proxy — with its
 * own supergraph.yaml in a temporary folder. Stop the returned gateway after the test.
 * @param env added to the gateway's environment (e.g. `IOC_QUERY_CACHE_PING_MS`)
 */
export async function startGatewayWithEconomyAt(system: TestSystem, economyUrl: string, env: Record<string, string>): Promise<{ gateway: ServiceProcess; url: string }> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'cache-gateway-'));
  const config = path.join(work, 'supergraph.yaml');
  const core = readFileSync(path.join(ROOT, 'gateway/supergraph.yaml'), 'utf8');
  writeFileSync(config, core.replace(/routing_url: \$\{env\.ECONOMY_URL[^}]*\}/, `routing_url: ${economyUrl}`));
  expect(readFileSync(config, 'utf8')).toContain(economyUrl);
  const port = await findFreePort();
  const gateway = new ServiceProcess({
    name: 'gateway',
    script: path.join(ROOT, 'gateway/dist/main.js'),
    env: { ...system.env, GATEWAY_PORT: String(port), SUPERGRAPH_CONFIG: config, IOC_SUPERGRAPH_CACHE_DIR: path.join(work, 'sdl-cache'), ...env },
    healthUrl: `http://127.0.0.1:${port}/healthz`,
    startTimeoutMs: 60_000,
    onLine: process.env.IOC_TEST_LOGS ? (l) => console.log(`[gateway] ${l}`) : undefined,
  });
  await gateway.start();
  return { gateway, url: `http://127.0.0.1:${port}/graphql` };
}

/**
 * A unit's economy readings through the gateway at `url`: the economy fetch is an entity fetch of
 * that unit (cached by unit, dropped only by events of the unit or its descendants).
 */
export async function unitReadings(url: string, unit: string): Promise<unknown> {
  const res = await gql<{ unit: { economyReadings: unknown } }>(url, `query UnitReadings($unit: ID!) { unit(code: $unit) { economyReadings { indicatorCode period value } } }`, { unit });
  expect(res.errors).toBeUndefined();
  return res.data!.unit.economyReadings;
}

/** Posts `value` for `unit` and {@link PERIOD} through the gateway at `url` as `headers`' caller (a reporter). */
export async function reportThroughGateway(url: string, unit: string, value: number, headers: Record<string, string>): Promise<void> {
  const res = await gql<{ reportEconomyObservations: { rejected: number } }>(
    url, REPORT, { input: [{ indicatorCode: INDICATOR, unitCode: unit, period: PERIOD, value }] }, headers);
  expect(res.errors).toBeUndefined();
  expect(res.data!.reportEconomyObservations.rejected).toBe(0);
}
