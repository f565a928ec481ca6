import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type RunningSystem, startSystem } from '@ioc-graph/cli';
import { startPostgresProcess } from './embedded-postgres-process';
import { TEST_JWT_SECRET, bearer, token } from '../../support/tokens';
import { gatewayStats, reportGovernance, subscribe, waitFor } from './feed-client';

interface Event { governanceReadings: { cursor: string; value: number } }

describe('restarting PostgreSQL during a stream', () => {
  let dir: string;
  let db: Awaited<ReturnType<typeof startPostgresProcess>>;
  let port: number;
  let system: RunningSystem;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ioc-pg-restart-'));
    db = await startPostgresProcess(path.join(dir, 'pg'));
    port = Number(new URL(db.url).port);
    system = await startSystem({
      databaseUrl: db.url,
      ports: { governance: 0, economy: 0, society: 0, gateway: 0 },
      env: { LOG_LEVEL: process.env.IOC_TEST_LOGS ? 'info' : 'warn', IOC_JWT_SECRET: TEST_JWT_SECRET },
      onLine: process.env.IOC_TEST_LOGS ? (s, l) => console.log(`[${s}] ${l}`) : undefined,
    });
  }, 120_000);
  afterAll(async () => {
    await system?.dispose();
    await db?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should lose nothing written after the database came back', async () => {
    const admin = bearer(token('admin'));
    const post = (value: number) =>
      reportGovernance(system.gateway.url, admin, { indicatorCode: 'GOV_DOSSIERS_RECEIVED', unitCode: '14', period: '2023', value });
    const feed = subscribe<Event>(system.gateway.url.replace(/^http/, 'ws'), `subscription { governanceReadings(unitCodes: ["14"]) { cursor value } }`);
    await waitFor(async () => (await gatewayStats(system.gateway.url)).upstreamSubscriptions === 1, 'the upstream subscription');
    const cursors = [await post(4001)];
    await feed.until((f) => f.received.length === 1, 'the first reading');

    await db.stop();
    db = await startPostgresProcess(path.join(dir, 'pg'), port);

    // The subgraph's pool reconnects on demand; retry the first write until it is back.
    let c2: string | undefined;
    await waitFor(async () => {
      c2 = await post(4002).catch(() => undefined);
      return c2 !== undefined;
    }, 'a write after the restart', 60_000);
    cursors.push(c2!, await post(4003));
    await feed.until((f) => f.received.length >= 3, 'the readings after the restart', 60_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(feed.received.map((e) => e.governanceReadings.cursor)).toEqual(cursors);
    expect(feed.received.map((e) => e.governanceReadings.value)).toEqual([4001, 4002, 4003]);
    expect(feed.errors).toBeNull();
    await feed.dispose();
  }, 120_000);
});
