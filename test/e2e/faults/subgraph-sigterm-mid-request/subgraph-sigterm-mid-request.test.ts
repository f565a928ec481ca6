import { Client } from 'pg';
import WebSocket from 'ws';
import { type TestSystem, startTestSystem } from '../../../support/system';

// A subgraph (the kit's server) is SIGTERMed while a request waits on its database: the request
// gets an answer (a JSON 503 once the drain window of 5 s has passed), requests arriving meanwhile
// get a 503 at once, /healthz says draining, and WebSocket clients hear 1001 (going away).

const SLOW = JSON.stringify({ query: '{ economyIndicator(code: "ECO_EINVOICE_RATE") { code latest(unitCode: "19") { value } } }' });
const post = (url: string, body: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(async (r) => ({
    status: r.status,
    retryAfter: r.headers.get('retry-after'),
    body: (await r.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] },
  }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a subgraph is SIGTERMed with a request waiting on its database', () => {
  let system: TestSystem;
  let lock: Client;

  beforeAll(async () => {
    system = await startTestSystem();
    lock = new Client({ connectionString: system.env.DATABASE_URL });
    await lock.connect();
  }, 120_000);

  afterAll(async () => {
    await lock?.end().catch(() => undefined);
    await system?.dispose();
  });

  it('should answer the request with a JSON 503 after the drain, refuse new ones at once, say draining, close sockets with 1001, and exit', async () => {
    const economy = system.subgraphs.economy;
    const url = economy.url;
    expect((await post(url, SLOW)).status).toBe(200);

    const ws = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const socketClosed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init' })));
      ws.on('message', (m) => (JSON.parse(m.toString()).type === 'connection_ack' ? resolve() : undefined));
      ws.on('error', reject);
    });

    // Hold the request in flight: its read waits for this lock.
    await lock.query('BEGIN');
    await lock.query('LOCK TABLE economy.observation IN ACCESS EXCLUSIVE MODE');
    const exited = new Promise<void>((resolve) => economy.once('exit', () => resolve()));
    try {
      const inFlight = post(url, SLOW);
      await sleep(500);
      const sigterm = Date.now();
      process.kill(economy.pid!, 'SIGTERM');
      await sleep(300);

      const health = await fetch(url.replace('/graphql', '/healthz'));
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({ status: 'draining', service: 'economy' });
      expect(await post(url, JSON.stringify({ query: '{ __typename }' }))).toMatchObject({
        status: 503,
        retryAfter: '1',
        body: { errors: [{ extensions: { code: 'SERVICE_UNAVAILABLE' } }] },
      });
      expect(await socketClosed).toBe(1001);

      const answer = await inFlight;
      expect(Date.now() - sigterm).toBeGreaterThanOrEqual(4_000); // it had its drain window to finish
      expect(answer).toMatchObject({ status: 503, retryAfter: '1', body: { errors: [{ extensions: { code: 'SERVICE_UNAVAILABLE' } }] } });
    } finally {
      await lock.query('ROLLBACK');
    }
    await exited;
    expect(economy.running).toBe(false);
  }, 90_000);
});
