import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type RunningSystem, startSystem } from '@ioc-graph/cli';
import { startPostgresProcess } from '../../subscriptions/embedded-postgres-process';
import { TEST_JWT_SECRET, bearer, token } from '../../../support/tokens';
import { gatewayStats, subscribe, waitFor } from '../../subscriptions/feed-client';
import { steadyWriter, tally } from '../steady-load';

interface Event { governanceReadings: { cursor: string; value: number } }

describe('the database dies mid-stream', () => {
  let dir: string;
  let db: Awaited<ReturnType<typeof startPostgresProcess>>;
  let system: RunningSystem;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ioc-fault-db-'));
    db = await startPostgresProcess(path.join(dir, 'pg'));
    system = await startSystem({
      databaseUrl: db.url,
      ports: { governance: 0, economy: 0, society: 0, gateway: 0 },
      env: { LOG_LEVEL: process.env.IOC_TEST_LOGS ? 'info' : 'warn', IOC_JWT_SECRET: TEST_JWT_SECRET },
      onLine: process.env.IOC_TEST_LOGS ? (s, l) => console.log(`[${s}] ${l}`) : undefined,
    });
  }, 300_000); // a fresh cluster and four services, on a shared machine
  afterAll(async () => {
    await system?.dispose();
    await db?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should deliver every reading that was written, once, to a steady subscriber across a database restart', async () => {
    const port = Number(new URL(db.url).port);
    const feed = subscribe<Event>(system.gateway.url.replace(/^http/, 'ws'), `subscription { governanceReadings(unitCodes: ["14"]) { cursor value } }`);
    await waitFor(async () => (await gatewayStats(system.gateway.url)).upstreamSubscriptions === 1, 'the upstream subscription');
    const writer = steadyWriter(system.gateway.url, bearer(token('admin')), {
      pillar: 'Governance', indicatorCode: 'GOV_DOSSIERS_RECEIVED', unitCode: '14', period: '2023',
    });
    await waitFor(() => writer.written.length >= 5, 'writes before the fault');

    await db.stop();
    await new Promise((r) => setTimeout(r, 1000)); // writes keep coming while it is down
    db = await startPostgresProcess(path.join(dir, 'pg'), port);
    const before = writer.written.length;
    await waitFor(() => writer.written.length >= before + 5, 'writes after the restart', 60_000);
    await writer.stop();

    const cursors = () => feed.received.map((e) => e.governanceReadings.cursor);
    await feed.until(() => tally(writer.written, cursors()).lost.length === 0, 'every written reading', 60_000);
    await new Promise((r) => setTimeout(r, 500)); // a duplicate, if any, would arrive now
    expect(tally(writer.written, cursors())).toEqual({ lost: [], duplicated: 0 });
    expect(writer.refused).toBeGreaterThan(0); // the fault really happened
    expect(feed.errors).toBeNull();
    await feed.dispose();
  }, 150_000);
});
