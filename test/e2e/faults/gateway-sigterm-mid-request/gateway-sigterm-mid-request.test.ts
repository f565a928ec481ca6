import { type RunningSystem, startSystem } from '@ioc-graph/cli';
import { createTestDatabase } from '../../../support/database';

describe('the gateway is SIGTERMed with a request in flight', () => {
  let system: RunningSystem;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    db = await createTestDatabase();
    // Supervised as `npm start` supervises.
    system = await startSystem({
      databaseUrl: db.url,
      ports: { governance: 0, economy: 0, society: 0, gateway: 0 },
      env: { LOG_LEVEL: 'warn' },
      restartOnCrash: true,
    });
  }, 120_000);

  afterAll(async () => {
    await system?.dispose();
    await db?.drop();
  });

  it('should finish the request, exit within 2 s, and be brought back by the supervisor', async () => {
    const economy = system.subgraphs.economy;
    const gatewayPid = system.gateway.pid!;
    // Hold the request in flight: the economy subgraph answers only once it is continued.
    process.kill(economy.pid!, 'SIGSTOP');
    const answer = fetch(system.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ economyIndicator(code: "ECO_EINVOICE_RATE") { code unit } }' }),
    }).then(async (r) => ({ status: r.status, body: await r.json() }));
    await new Promise((r) => setTimeout(r, 500));

    const exited = new Promise<number>((resolve) => system.gateway.once('exit', () => resolve(Date.now())));
    const back = new Promise<void>((resolve) => system.gateway.once('restarted', () => resolve()));
    const sigterm = Date.now();
    process.kill(gatewayPid, 'SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    process.kill(economy.pid!, 'SIGCONT');

    expect(await answer).toEqual({ status: 200, body: { data: { economyIndicator: { code: 'ECO_EINVOICE_RATE', unit: '%' } } } });
    expect((await exited) - sigterm).toBeLessThan(2_000);
    await back;
    expect(system.gateway.pid).not.toBe(gatewayPid);
    const res = await fetch(system.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ unit(code: "14") { name } }' }),
    });
    expect(await res.json()).toEqual({ data: { unit: { name: 'Tỉnh Sơn La' } } });
  }, 90_000);
});
