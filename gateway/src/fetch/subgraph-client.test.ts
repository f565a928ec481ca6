import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SubgraphClient } from './subgraph-client';
import { SubgraphClients } from './subgraph-clients';
import { SubgraphFetchError } from './subgraph-errors';

/** A fake subgraph whose behaviour each test sets. */
async function fakeSubgraph(handle: (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void) {
  let n = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => handle(req, res, ++n));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return { url, calls: () => n, close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }) };
}

const OK = JSON.stringify({ data: { ok: true } });

describe('SubgraphClient', () => {
  const clients: SubgraphClient[] = [];
  const client = (opts: ConstructorParameters<typeof SubgraphClient>[0]) => {
    const c = new SubgraphClient(opts);
    clients.push(c);
    return c;
  };
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
  });

  it('should retry a query once after a 503 and answer', async () => {
    const sg = await fakeSubgraph((_q, res, n) => (n === 1 ? res.writeHead(503).end() : res.end(OK)));
    const c = client({ name: 'economy', url: sg.url });
    await expect(c.post('{"query":"{ok}"}', {}, true)).resolves.toEqual({ status: 200, body: OK });
    expect(sg.calls()).toBe(2);
    await sg.close();
  });

  it('should never retry a mutation', async () => {
    const sg = await fakeSubgraph((_q, res) => res.writeHead(503).end());
    const c = client({ name: 'economy', url: sg.url });
    await expect(c.post('{"query":"mutation{x}"}', {}, false)).rejects.toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'economy' });
    expect(sg.calls()).toBe(1);
    await sg.close();
  });

  it('should give up at its timeout with SUBGRAPH_TIMEOUT, without retrying', async () => {
    const sg = await fakeSubgraph(() => undefined); // never answers
    const c = client({ name: 'economy', url: sg.url, timeoutMs: 200 });
    // No stopwatch (a loaded machine would flake it): the subgraph never answers, so without the
    // timeout this would hang until the test's own.
    const err = await c.post('{}', {}, true).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SubgraphFetchError);
    expect(err).toMatchObject({ code: 'SUBGRAPH_TIMEOUT', message: 'Subgraph "economy" did not answer within 200 ms' });
    expect(sg.calls()).toBe(1);
    await sg.close();
  });

  it('should name no address when the subgraph refuses connections, and open its circuit after repeated failures', async () => {
    const sg = await fakeSubgraph((_q, res) => res.end(OK));
    const url = sg.url;
    await sg.close();
    const c = client({ name: 'economy', url, breakerThreshold: 3, halfOpenAfterMs: 60_000 });
    for (let i = 0; i < 3; i++) {
      const err = (await c.post('{}', {}, true).catch((e: unknown) => e)) as SubgraphFetchError;
      expect(err.message).toBe('Subgraph "economy" is unavailable: it refused the connection');
      expect(err.message).not.toMatch(/127\.0\.0\.1|ECONN/);
    }
    expect(c.state).toBe('open');
    const err = (await c.post('{}', {}, true).catch((e: unknown) => e)) as SubgraphFetchError;
    expect(err.code).toBe('SUBGRAPH_UNAVAILABLE');
    expect(err.message).toMatch(/circuit is open/);
  });

  it('should close the circuit again when a half-open probe succeeds', async () => {
    let healthy = false;
    const sg = await fakeSubgraph((_q, res) => (healthy ? res.end(OK) : res.writeHead(502).end()));
    const c = client({ name: 'economy', url: sg.url, breakerThreshold: 2, halfOpenAfterMs: 100 });
    await c.post('{}', {}, true).catch(() => undefined);
    await c.post('{}', {}, true).catch(() => undefined);
    expect(c.state).toBe('open');
    healthy = true;
    await new Promise((r) => setTimeout(r, 150));
    await expect(c.post('{}', {}, true)).resolves.toMatchObject({ status: 200 });
    expect(c.state).toBe('closed');
    await sg.close();
  });

  it('should share one call between identical queries in flight, but not between callers or mutations', async () => {
    const sg = await fakeSubgraph((_q, res) => setTimeout(() => res.end(OK), 50));
    const c = client({ name: 'economy', url: sg.url });
    await Promise.all([
      c.post('{"q":1}', { 'x-ioc-context': 'a' }, true),
      c.post('{"q":1}', { 'x-ioc-context': 'a' }, true),
      c.post('{"q":1}', { 'x-ioc-context': 'a' }, true),
      c.post('{"q":1}', { 'x-ioc-context': 'b' }, true),
      c.post('{"q":1}', { 'x-ioc-context': 'a' }, false),
    ]);
    expect(sg.calls()).toBe(3);
    expect(c.dedupeHits).toBe(2);
    await sg.close();
  });

  it('should not let a query join a call that started before a write (detachInflight)', async () => {
    const sg = await fakeSubgraph((_q, res) => setTimeout(() => res.end(OK), 50));
    const c = client({ name: 'economy', url: sg.url });
    const before = c.post('{"q":1}', {}, true);
    c.detachInflight();
    const after = c.post('{"q":1}', {}, true);
    const again = c.post('{"q":1}', {}, true); // joins `after`, not `before`
    await Promise.all([before, after, again]);
    expect(sg.calls()).toBe(2);
    expect(c.dedupeHits).toBe(1);
    await sg.close();
  });
});

describe('SubgraphClients.health', () => {
  it("should show a subgraph that refuses the probe's signed context as context refused, and one that verifies it as ok", async () => {
    const sg = await fakeSubgraph((req, res) => (req.headers['x-ioc-context'] === 'good' ? res.end('{}') : res.writeHead(401).end('{}')));
    const clients = new SubgraphClients(() => new Map());
    clients.for('health', sg.url);
    const probe = (header: string) => ({ header: async () => header, refused: (name: string) => `context refused (${name}: align the secrets)` });
    try {
      expect(await clients.health(1_500, probe('good'))).toEqual({ status: 'ok', subgraphs: { health: 'ok' } });
      expect(await clients.health(1_500, probe('bad'))).toEqual({
        status: 'degraded',
        subgraphs: { health: 'context refused (health: align the secrets)' },
        reasons: ['health: context refused (health: align the secrets)'],
      });
    } finally {
      await clients.dispose();
      await sg.close();
    }
  });
});
