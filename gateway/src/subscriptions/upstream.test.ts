import { WebSocketServer } from 'ws';
import { type UpstreamLoss, UpstreamConnection, isFatalCloseCode } from './upstream';

describe('upstream close codes', () => {
  it('should treat refusals as fatal and losses as retryable, in graphql-ws vocabulary', () => {
    for (const code of [4400, 4401, 4403, 4406, 4409, 4429, 4500, 1002, 1011]) expect(isFatalCloseCode(code)).toBe(true);
    for (const code of [1000, 1001, 1006, 1012, 4408, 4499, 4504]) expect(isFatalCloseCode(code)).toBe(false);
  });
});

describe('UpstreamConnection', () => {
  let wss: WebSocketServer;
  let port: number;
  let mode: 'ack-then-4500' | 'ack-then-silent' | 'ack-then-pong';

  beforeAll(async () => {
    wss = new WebSocketServer({ port: 0, handleProtocols: () => 'graphql-transport-ws' });
    await new Promise((r) => wss.once('listening', r));
    port = (wss.address() as { port: number }).port;
    wss.on('connection', (socket) => {
      socket.on('message', (raw) => {
        const msg = JSON.parse(raw.toString()) as { type: string };
        if (msg.type === 'connection_init') {
          socket.send(JSON.stringify({ type: 'connection_ack' }));
          if (mode === 'ack-then-4500') setTimeout(() => socket.close(4500, 'Internal Server Error'), 10);
        }
        if (msg.type === 'ping' && mode === 'ack-then-pong') socket.send(JSON.stringify({ type: 'pong' }));
        // 'ack-then-silent': never answers pings, like a frozen process
      });
    });
  });
  afterAll(async () => {
    for (const c of wss.clients) c.terminate();
    await new Promise((r) => wss.close(r));
  });

  const run = (pingIntervalMs: number) =>
    new Promise<UpstreamLoss>((resolve) => {
      const up = new UpstreamConnection(
        { url: `ws://127.0.0.1:${port}`, query: 'subscription { x }', variables: {}, pingIntervalMs },
        { next() {}, error() {}, complete() {}, lost: resolve },
      );
      up.start();
    });

  it('should report a 4500 close after the ack as a fatal loss', async () => {
    mode = 'ack-then-4500';
    expect(await run(0)).toEqual({ kind: 'fatal', code: 4500, reason: expect.stringContaining('4500'), acknowledged: true });
  });

  it('should detect a subgraph that stops answering pings within two intervals', async () => {
    mode = 'ack-then-silent';
    const loss = await run(100); // without the keepalive this would wait for ever (jest's timeout fails it)
    expect(loss).toMatchObject({ kind: 'network', acknowledged: true, reason: expect.stringContaining('no answer to pings') });
  });

  it('should not take its own blocked event loop for a silent subgraph whose pongs are waiting on the socket', async () => {
    mode = 'ack-then-pong';
    const losses: UpstreamLoss[] = [];
    let acknowledged!: () => void;
    const ack = new Promise<void>((r) => (acknowledged = r));
    const up = new UpstreamConnection(
      { url: `ws://127.0.0.1:${port}`, query: 'subscription { x }', variables: {}, pingIntervalMs: 100 },
      { acknowledged: () => acknowledged(), next() {}, error() {}, complete() {}, lost: (l) => losses.push(l) },
    );
    up.start();
    try {
      await ack;
      await new Promise((r) => setTimeout(r, 150)); // a ping is out (and answered, the pong maybe unread)
      // The gateway is busy for five intervals: the pongs wait on the socket meanwhile.
      const until = Date.now() + 500;
      while (Date.now() < until) { /* a blocked event loop */ }
      await new Promise((r) => setTimeout(r, 600));
      expect(losses).toEqual([]);
    } finally {
      up.stop();
    }
  });
});
