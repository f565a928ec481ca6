import net from 'node:net';
import { type RunningSystem, startSystem } from '@ioc-graph/cli';
import { findFreePort } from '@ioc-graph/kit/internal';
import { createTestDatabase } from '../../../support/database';
import { gql } from '../../../support/system';
import { TEST_JWT_SECRET, bearer, token } from '../../../support/tokens';

/**
 * A TCP proxy in front of the test PostgreSQL: the subgraphs reach the database only through it,
 * so cutting it is a real outage for them (refused connections, reset sockets) while the shared
 * server keeps serving other test files.
 */
class DatabaseProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly target: { host: string; port: number }, readonly port: number) {}

  async open(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => this.sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  /** The outage: no new connections, and every open one reset. */
  async cut(): Promise<void> {
    const closed = new Promise((resolve) => this.server?.close(resolve));
    for (const s of this.sockets) s.resetAndDestroy();
    await closed;
  }
}

describe('a write during a database outage', () => {
  let system: RunningSystem;
  let proxy: DatabaseProxy;
  let drop: () => Promise<void>;
  let url: string;
  const admin = bearer(token('admin'));
  const write = (period: string) =>
    gql(url, `mutation { reportEconomyObservations(input: [
      { indicatorCode: "ECO_ETAX_ENTERPRISES", unitCode: "14", period: "${period}", value: 10 },
      { indicatorCode: "ECO_EINVOICE_RATE", unitCode: "14", period: "${period}", value: 50 }]) { imported rejected rows { outcome code reason } } }`, {}, admin);

  beforeAll(async () => {
    const db = await createTestDatabase();
    drop = db.drop;
    const real = new URL(db.url);
    proxy = new DatabaseProxy({ host: real.hostname, port: Number(real.port) }, await findFreePort());
    await proxy.open();
    const proxied = new URL(db.url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    system = await startSystem({
      databaseUrl: proxied.toString(),
      ports: { governance: 0, economy: 0, society: 0, gateway: 0 },
      env: { LOG_LEVEL: 'fatal', IOC_JWT_SECRET: TEST_JWT_SECRET },
    });
    url = system.gateway.url;
  }, 180_000);

  afterAll(async () => {
    await system?.dispose();
    await proxy?.cut().catch(() => undefined);
    await drop?.();
  });

  it('should store normally while the database is up', async () => {
    const res = await write('2019');
    expect(res.errors).toBeUndefined();
    expect(res.data).toMatchObject({ reportEconomyObservations: { imported: 2, rejected: 0 } });
  });

  it('should answer one SERVICE_UNAVAILABLE error naming no internal address, not per-row rejections', async () => {
    await proxy.cut();
    const res = await write('2020');
    expect(res.data?.reportEconomyObservations ?? null).toBeNull();
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(res.errors![0].message).toMatch(/the database is unavailable; nothing was stored; retry/);
    const text = JSON.stringify(res);
    expect(text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|ECONNRESET|:\d{4,5}\b|REJECTED/);
  });

  it('should answer a read during the outage with SERVICE_UNAVAILABLE too, leaking nothing', async () => {
    const res = await gql(url, '{ economyIndicator(code: "ECO_ETAX_ENTERPRISES") { series(unitCode: "14") { value } } }');
    expect(res.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(JSON.stringify(res)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|ECONNRESET/);
  });

  it('should store the retried write once the database is back', async () => {
    await proxy.open();
    let res = await write('2020');
    for (let i = 0; i < 20 && res.errors; i++) {
      await new Promise((r) => setTimeout(r, 500)); // the pool reconnects on its own
      res = await write('2020');
    }
    expect(res.errors).toBeUndefined();
    expect(res.data).toMatchObject({ reportEconomyObservations: { imported: 2, rejected: 0 } });
  });
});
