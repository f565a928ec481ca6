import { type RunningSystem, startSystem } from '@ioc-graph/cli';
import WebSocket from 'ws';
import { createTestDatabase } from '../../../support/database';

const QUERY = JSON.stringify({ query: '{ economyIndicator(code: "ECO_EINVOICE_RATE") { code unit } }' });
const post = (url: string, body = QUERY) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(async (r) => ({
    status: r.status,
    retryAfter: r.headers.get('retry-after'),
    body: (await r.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] },
  }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An acknowledged graphql-ws client; `closed` resolves its close code and reason when the server closes it. */
async function wsClient(url: string): Promise<{ closed: Promise<{ code: number; reason: string }> }> {
  const ws = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise<void>((resolve, reject) => {
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init' })));
    ws.on('message', (m) => (JSON.parse(m.toString()).type === 'connection_ack' ? resolve() : undefined));
    ws.on('error', reject);
  });
  return { closed }; // wrapped: an async function returning the promise itself would wait for it
}

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

  it('should answer a request that outlives the drain with a JSON 503, refuse new ones at once, say draining, and close sockets with 1001', async () => {
    await waitUntilServing(system);
    const economy = system.subgraphs.economy;
    const gatewayPid = system.gateway.pid!;
    const gatewayUrl = system.gateway.url;
    const socket = await wsClient(gatewayUrl);
    // A stalled subgraph: the request stays in flight past the gateway's drain window.
    process.kill(economy.pid!, 'SIGSTOP');
    const back = new Promise<void>((resolve) => system.gateway.once('restarted', () => resolve()));
    try {
      // An indicator no earlier request asked for: the query cache has no answer, so the request waits
      // on the stalled subgraph (a cached one would be answered at once and leave nothing in flight).
      const inFlight = post(gatewayUrl, JSON.stringify({ query: '{ economyIndicator(code: "ECO_ETAX_ENTERPRISES") { code unit } }' }));
      await sleep(500);
      const exited = new Promise<number>((resolve) => system.gateway.once('exit', () => resolve(Date.now())));
      const sigterm = Date.now();
      process.kill(gatewayPid, 'SIGTERM');
      await sleep(200);

      const health = await fetch(gatewayUrl.replace('/graphql', '/healthz'));
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({ status: 'draining', service: 'gateway' });
      const late = await post(gatewayUrl, JSON.stringify({ query: '{ __typename }' }));
      expect(late).toMatchObject({ status: 503, retryAfter: '1', body: { errors: [{ extensions: { code: 'SERVICE_UNAVAILABLE' } }] } });
      expect(await socket.closed).toEqual({ code: 1001, reason: expect.any(String) });

      const answer = await inFlight;
      expect(answer).toMatchObject({ status: 503, retryAfter: '1', body: { errors: [{ extensions: { code: 'SERVICE_UNAVAILABLE' } }] } });
      expect(answer.body.data).toBeUndefined();
      expect(JSON.stringify(answer.body)).not.toMatch(/127\.0\.0\.1|stack|ECONN/);
      expect((await exited) - sigterm).toBeLessThan(2_000);
    } finally {
      process.kill(economy.pid!, 'SIGCONT');
    }
    await back; // the new gateway composes the graph, so only once the economy subgraph answers again
    expect(system.gateway.pid).not.toBe(gatewayPid);
    await waitUntilServing(system);
    expect(await post(system.gateway.url)).toMatchObject({ status: 200, body: { data: { economyIndicator: { code: 'ECO_EINVOICE_RATE', unit: '%' } } } });
  }, 90_000);
});

/** Until the gateway answers queries again (after a restart, its subgraphs' circuits may still be closing). */
async function waitUntilServing(system: RunningSystem): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const r = await post(system.gateway.url);
      if (r.status === 200 && !r.body.errors) return;
    } catch {
      // restarting
    }
    await sleep(200);
  }
  throw new Error('the gateway did not serve again within 30 s');
}
