import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { UnfinishedBodies } from './unfinished-bodies';

/** A raw client that sends headers announcing `length` bytes and only `sent` of them. */
function stalledRequest(port: number, length: number, sent: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(`POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${length}\r\n\r\n${'x'.repeat(sent)}`);
      resolve(socket);
    });
    socket.on('error', reject);
  });
}

async function post(port: number, body: string): Promise<{ status: number; body: string; retryAfter?: string }> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: res.status, body: await res.text(), retryAfter: res.headers.get('retry-after') ?? undefined };
}

describe('unfinished bodies per address', () => {
  let server: http.Server;
  let port: number;
  const sockets: net.Socket[] = [];
  const cap = new UnfinishedBodies(2);

  beforeAll(async () => {
    // Echoes the body's length once all of it has arrived, as a JSON endpoint does.
    server = http.createServer(cap.guard((req, res) => {
      let n = 0;
      req.on('data', (c: Buffer) => (n += c.length));
      req.on('end', () => res.end(JSON.stringify({ bytes: n })));
    }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('should serve requests whose bodies arrive at once, however many', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(port, '{"query":"{ a }"}')));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(cap.size).toBe(0);
  });

  it('should refuse with 429 TOO_MANY_REQUESTS a request beyond the cap of stalled bodies from one address, and serve again once they are gone', async () => {
    sockets.push(await stalledRequest(port, 1_000_000, 10), await stalledRequest(port, 1_000_000, 10));
    await new Promise((r) => setTimeout(r, 50));
    expect(cap.size).toBe(2);
    const refused = await post(port, '{"query":"{ a }"}');
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBe('1');
    expect(JSON.parse(refused.body)).toMatchObject({ errors: [{ extensions: { code: 'TOO_MANY_REQUESTS' } }] });
    expect(refused.body).toMatch(/IOC_MAX_UNFINISHED_BODIES_PER_ADDRESS/);

    for (const s of sockets.splice(0)) s.destroy();
    await new Promise((r) => setTimeout(r, 50));
    expect(cap.size).toBe(0);
    expect((await post(port, '{"query":"{ a }"}')).status).toBe(200);
  });

  it('should count a stalled body that is finished later as done', async () => {
    const s = await stalledRequest(port, 20, 10);
    sockets.push(s);
    await new Promise((r) => setTimeout(r, 50));
    expect(cap.size).toBe(1);
    const answer = new Promise<string>((resolve) => s.once('data', (d) => resolve(d.toString())));
    s.write('y'.repeat(10));
    expect(await answer).toMatch(/\{"bytes":20\}/);
    expect(cap.size).toBe(0);
  });
});
