import WebSocket from 'ws';
import { INDICATOR, PERIOD, REPORT, cacheStats, latestReading, unitReadings, until, wholeFromCache } from '../../support/query-cache';
import { type TestSystem, startTestSystem } from '../../support/system';
import { TEST_JWT_SECRET, token } from '../../support/tokens';

// Read-your-write on the cached path when the write goes over graphql-ws: a mutation sent on a
// socket is answered, as over HTTP, once the subgraph's change feed has passed the write (its own
// event dropped what it touched), so a read sent after its answer sees it at once, and other units'
// entries stay cached.

const UNIT = '14';

describe('the query cache and a write over graphql-ws', () => {
  let system: TestSystem;
  let socket: WebSocket;
  type Message = { id?: string; type: string; payload?: unknown };
  let waiting: { pred: (m: Message) => boolean; resolve: (m: Message) => void } | undefined;
  /** The next message that matches, as soon as it arrives (a read sent then races the outbox event). */
  const next = (pred: (m: Message) => boolean) => new Promise<Message>((resolve) => { waiting = { pred, resolve }; });

  beforeAll(async () => {
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET, IOC_QUERY_CACHE_PING_MS: '10000' });
    await until(() => cacheStats(system.url), (s) => s.subgraphs.economy === 'live', 'the economy invalidation stream live', 60_000);
    socket = new WebSocket(system.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    socket.on('message', (d) => {
      const m = JSON.parse(String(d)) as Message;
      if (waiting?.pred(m)) waiting.resolve(m);
    });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const acked = next((m) => m.type === 'connection_ack');
    socket.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${token('reporter', 'TCT')}` } }));
    await acked;
  });
  afterAll(async () => {
    socket?.close();
    await system?.dispose();
  });

  it('should show the write to the very next read through the gateway, every time', async () => {
    for (let i = 0; i < 5; i++) {
      await latestReading(system.url, UNIT);
      await latestReading(system.url, UNIT); // answered from the cache
      const value = 40 + i + 0.25;
      const answer = next((m) => m.id === `w${i}` && m.type === 'next');
      socket.send(JSON.stringify({ id: `w${i}`, type: 'subscribe', payload: { query: REPORT, variables: { input: [{ indicatorCode: INDICATOR, unitCode: UNIT, period: PERIOD, value }] } } }));
      const answered = await answer;
      expect(answered.payload).toEqual({ data: { reportEconomyObservations: expect.objectContaining({ rejected: 0 }) } });
      expect(await latestReading(system.url, UNIT)).toEqual({ value, period: PERIOD });
    }
  });

  it("should keep other units' cached entries after a write over graphql-ws", async () => {
    const OTHER = '01';
    await until(async () => {
      await unitReadings(system.url, OTHER);
      const before = await cacheStats(system.url);
      await unitReadings(system.url, OTHER);
      return wholeFromCache(before, await cacheStats(system.url));
    }, (cached) => cached, "the other unit's readings cached");
    const before = await cacheStats(system.url);
    const answer = next((m) => m.id === 'other' && m.type === 'next');
    socket.send(JSON.stringify({ id: 'other', type: 'subscribe', payload: { query: REPORT, variables: { input: [{ indicatorCode: INDICATOR, unitCode: UNIT, period: PERIOD, value: 50.5 }] } } }));
    await answer;
    const after = await cacheStats(system.url);
    expect(after.writes.reached - before.writes.reached).toBe(1);
    expect(await latestReading(system.url, UNIT)).toEqual({ value: 50.5, period: PERIOD });
    const mid = await cacheStats(system.url);
    await unitReadings(system.url, OTHER);
    expect(wholeFromCache(mid, await cacheStats(system.url))).toBe(true);
  });
});
