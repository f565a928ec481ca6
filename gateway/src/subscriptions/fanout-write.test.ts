import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { MessageType } from 'graphql-ws';
import WebSocket, { WebSocketServer } from 'ws';
import type { Logger } from '@ioc-graph/kit/internal';
import { composeSupergraph } from '../supergraph';
import { ANONYMOUS } from './auth';
import { FrameId, SharedFrame } from './protocol';
import { type StartOutcome, SubscriptionServer } from './server';
import type { Subscriber } from './topic';

// The fan-out writes whole pre-framed messages to a real `ws` socket past its Sender (see
// connection.ts's directWriter): a real `ws` client must read them as ordinary messages, in order
// with what the server sends through `ws` itself (acknowledgement, pong, complete).

const silent = { error: jest.fn(), warn: jest.fn(), info: jest.fn(), debug: jest.fn() } as unknown as Logger;

describe('the fan-out write path on real ws sockets', () => {
  let server: SubscriptionServer;
  let wss: WebSocketServer;
  let http: ReturnType<typeof createServer>;
  let attached: { dispose(): Promise<void> };
  let url: string;
  const subscribers: Subscriber[] = [];

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ws-fanout-'));
    const link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])';
    writeFileSync(path.join(dir, 'feed.graphql'), `${link} type Query { x: Int } type Reading { value: Float! } type Subscription { readings: Reading! }`);
    const { supergraphSdl } = await composeSupergraph([{ name: 'feed', routingUrl: 'http://127.0.0.1:9/graphql', schema: { file: 'feed.graphql' } }], dir);
    server = new SubscriptionServer({ supergraphSdl, logger: silent, authenticate: async () => ANONYMOUS, keepAliveIntervalMs: 0 });
    jest.spyOn(server, 'start').mockImplementation(async (_p, _principal, _params, subscriber): Promise<StartOutcome> => {
      subscribers.push(subscriber);
      return { kind: 'subscribed', subscriber, cancel: () => undefined };
    });
    http = createServer();
    wss = new WebSocketServer({ server: http, path: '/graphql' });
    attached = server.attach(wss);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`;
  });

  afterAll(async () => {
    await attached.dispose();
    wss.close();
    await new Promise((resolve) => http.close(resolve));
  });

  it('should deliver shared frames of every header size intact, in order with the messages ws itself sends', async () => {
    const sent = jest.spyOn(WebSocket.prototype, 'send');
    const client = new WebSocket(url, 'graphql-transport-ws');
    const got: Record<string, unknown>[] = [];
    client.on('message', (data, isBinary) => {
      expect(isBinary).toBe(false);
      got.push(JSON.parse(data.toString()) as Record<string, unknown>);
    });
    await new Promise((resolve) => client.once('open', resolve));
    const until = Date.now() + 10_000;
    const waitFor = async (ok: () => boolean) => {
      while (!ok() && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    };
    client.send(JSON.stringify({ type: MessageType.ConnectionInit }));
    await waitFor(() => got.length === 1);
    client.send(JSON.stringify({ type: MessageType.Subscribe, id: 'wall-ü-1', payload: { query: 'subscription { readings { value } }' } }));
    await waitFor(() => subscribers.length === 1);
    // Payloads whose frames need a 7-bit, a 16-bit and a 64-bit length (RFC 6455 §5.2).
    const payloads = [{ data: { readings: { value: 1 } } }, { data: { readings: { value: 2, pad: 'x'.repeat(300) } } }, { data: { readings: { value: 3, pad: 'ÿ'.repeat(70_000) } } }];
    for (const p of payloads) subscribers[0].write(new SharedFrame(p));
    client.send(JSON.stringify({ type: MessageType.Ping, payload: { between: true } }));
    await new Promise((r) => setTimeout(r, 50));
    subscribers[0].write(new SharedFrame({ data: { readings: { value: 4 } } }));
    subscribers[0].complete();
    await waitFor(() => got.length >= 7);
    client.close();
    // The frames went past ws's Sender (the path under test), everything else through it.
    const viaSend = sent.mock.calls.map(([data]) => String(data)).filter((d) => d.includes('"type":"next"'));
    sent.mockRestore();
    expect(viaSend).toEqual([]);
    expect(got).toEqual([
      { type: 'connection_ack' },
      ...payloads.map((payload) => ({ type: 'next', id: 'wall-ü-1', payload })),
      { type: 'pong', payload: { between: true } },
      { type: 'next', id: 'wall-ü-1', payload: { data: { readings: { value: 4 } } } },
      { type: 'complete', id: 'wall-ü-1' },
    ]);
  });
});

describe('SharedFrame', () => {
  it('should frame one message per id as a server would (FIN, text, unmasked, its length)', () => {
    const frame = new SharedFrame({ data: { v: 1 } });
    const wire = frame.wireFor(new FrameId('7'));
    const json = frame.for('7');
    expect(wire[0]).toBe(0x81);
    expect(wire[1]).toBe(json.length);
    expect(wire.subarray(2).toString()).toBe(json.toString());
    expect(JSON.parse(json.toString())).toEqual({ type: 'next', id: '7', payload: { data: { v: 1 } } });
  });

  it('should share one buffer between subscriptions with the same id', () => {
    const frame = new SharedFrame({ data: { v: 1 } });
    expect(frame.wireFor(new FrameId('1'))).toBe(frame.wireFor(new FrameId('1')));
    expect(frame.for(new FrameId('1'))).toBe(frame.for('1'));
  });
});
