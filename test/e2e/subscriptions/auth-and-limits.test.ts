import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { type TestSystem, startTestSystem } from '../../support/system';
import { TEST_JWT_SECRET, token } from '../../support/tokens';
import { subscribe, waitFor } from './feed-client';

const QUERY = `subscription { governanceAlerts { cursor status } }`;

describe('the WebSocket endpoint', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET });
  });
  afterAll(async () => {
    await system?.dispose();
  });

  it('should refuse a bad token at connect with 4403', async () => {
    const feed = subscribe(system.wsUrl, QUERY, undefined, { authorization: 'Bearer not-a-token' });
    await feed.until((f) => f.closeCode !== null, 'the socket to close');
    expect(feed.closeCode).toBe(4403);
    expect(feed.received).toEqual([]);
    await feed.dispose();
  });

  it('should accept a valid token and no token alike', async () => {
    for (const params of [{ authorization: `Bearer ${token('viewer')}` }, undefined]) {
      const client = createClient({ url: system.wsUrl, webSocketImpl: WebSocket, connectionParams: params, retryAttempts: 0, lazy: true });
      const result = await new Promise<unknown>((resolve, reject) => {
        client.subscribe({ query: `{ unit(code: "14") { name } }` }, { next: (v) => resolve(v.data), error: reject, complete: () => undefined });
      });
      expect(result).toEqual({ unit: { name: 'Tỉnh Sơn La' } });
      await client.dispose();
    }
  });

  it('should refuse a client that does not speak graphql-transport-ws', async () => {
    const ws = new WebSocket(system.wsUrl, 'graphql-ws');
    const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
    expect(code).toBe(4406);
  });

  it('should close a socket that sends a message beyond the size limit (1009)', async () => {
    const ws = new WebSocket(system.wsUrl, 'graphql-transport-ws');
    await new Promise((r) => ws.on('open', r));
    ws.send(JSON.stringify({ type: 'connection_init', payload: { junk: 'x'.repeat(200_000) } }));
    const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
    expect(code).toBe(1009);
  });

  it('should refuse subscriptions beyond the per-socket limit with an error, keeping the others', async () => {
    const ws = new WebSocket(system.wsUrl, 'graphql-transport-ws');
    const messages: { type: string; id?: string; payload?: unknown }[] = [];
    ws.on('message', (m) => messages.push(JSON.parse(m.toString())));
    await new Promise((r) => ws.on('open', r));
    ws.send(JSON.stringify({ type: 'connection_init' }));
    await waitFor(() => messages.some((m) => m.type === 'connection_ack'), 'the acknowledgement');
    for (let i = 1; i <= 101; i++) ws.send(JSON.stringify({ type: 'subscribe', id: String(i), payload: { query: QUERY } }));
    await waitFor(() => messages.some((m) => m.type === 'error'), 'the refusal');
    const errors = messages.filter((m) => m.type === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ id: '101', payload: [{ extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } }] });
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });

  it('should answer a subscription to a subgraph that is down with a clear error', async () => {
    await system.subgraphs.society.stop();
    const feed = subscribe(system.wsUrl, `subscription { societyReadings { cursor value } }`);
    await feed.until((f) => f.errors !== null, 'the error');
    expect(feed.errors).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/society subgraph is unavailable/), extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE' }) }),
    ]);
    await feed.dispose();
    await system.subgraphs.society.start();
  });
});
