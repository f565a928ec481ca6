import WebSocket from 'ws';
import { type TestSystem, gql, startTestSystem } from '../../support/system';
import { TEST_JWT_SECRET, bearer, token } from '../../support/tokens';
import { type Feed, REPORT_GOVERNANCE, subscribe, waitFor } from './feed-client';

/** The gateway's close code for a client whose queue passed `maxBufferedBytes` (gateway/src/subscriptions/close-codes.ts). */
const SLOW_CONSUMER = 4508;

// Frames are made large with aliases (about 8 kB each) so a few thousand readings exceed the gateway's
// 1 MiB bound plus what the kernel's socket buffers on both sides absorb.
const ALIASES = Array.from({ length: 60 }, (_, i) => `i${i}: indicator { code name nameEn pillar unit }`).join(' ');
const QUERY = `subscription { governanceReadings(unitCodes: ["19"], indicatorCodes: ["GOV_DOSSIERS_RECEIVED_TODAY"]) { cursor period value ${ALIASES} } }`;

interface Event { governanceReadings: { cursor: string; period: string; value: number } }

async function gatewaySubscriptions(gatewayUrl: string): Promise<{ subscribers: number; topics: number; upstreamSubscriptions: number; slowConsumersDropped: number }> {
  const res = await fetch(gatewayUrl.replace('/graphql', '/healthz'));
  return ((await res.json()) as { subscriptions: never }).subscriptions;
}

/** A graphql-ws client on a bare `ws` socket, so the test can stop reading from it. */
async function rawSubscriber(wsUrl: string, query: string) {
  const ws = new WebSocket(wsUrl, 'graphql-transport-ws');
  const state = { closeCode: null as number | null, closeReason: '', frames: 0 };
  ws.on('close', (code, reason) => Object.assign(state, { closeCode: code, closeReason: reason.toString() }));
  ws.on('message', () => void state.frames++);
  await new Promise<void>((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const acked = new Promise<void>((resolve) =>
    ws.on('message', (m) => (JSON.parse(m.toString()) as { type: string }).type === 'connection_ack' && resolve()),
  );
  ws.send(JSON.stringify({ type: 'connection_init', payload: {} }));
  await acked;
  ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
  // ws keeps the net.Socket in `_socket`: pausing it stops reading from the kernel, as a frozen screen would.
  const socket = (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
  return { ws, state, pause: () => socket.pause(), resume: () => socket.resume() };
}

describe('a slow consumer', () => {
  let system: TestSystem;
  let fast: Feed<Event> | undefined;
  let slow: Awaited<ReturnType<typeof rawSubscriber>> | undefined;

  beforeAll(async () => {
    // The paused client stops answering pings too: on a slow machine the keep-alive (24 s) would cut it
    // (1006) before the slow-consumer check does; this test is about the latter.
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET, IOC_WS_KEEPALIVE_MS: '0' });
  });
  afterAll(async () => {
    slow?.ws.terminate();
    await fast?.dispose();
    await system?.dispose();
  });

  it('should be closed with the slow-consumer code while a subscriber of the same upstream keeps receiving everything', async () => {
    fast = subscribe<Event>(system.wsUrl, QUERY);
    slow = await rawSubscriber(system.wsUrl, QUERY);
    await waitFor(async () => (await gatewaySubscriptions(system.url)).subscribers === 2, 'two subscribers');
    expect(await gatewaySubscriptions(system.url)).toMatchObject({ topics: 1, upstreamSubscriptions: 1, slowConsumersDropped: 0 });
    slow.pause();

    // Post batches of readings (distinct days of a DAILY indicator) until the gateway drops the
    // paused client; the slow client reads again as soon as it is dropped, so the close frame
    // queued behind its unread frames reaches it.
    const admin = bearer(token('admin'));
    let posted = 0;
    const day = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    const dropped = (async () => {
      while ((await gatewaySubscriptions(system.url)).slowConsumersDropped === 0) await new Promise((r) => setTimeout(r, 10));
      slow!.resume();
    })();
    for (let batch = 0; batch < 8 && (await gatewaySubscriptions(system.url)).slowConsumersDropped === 0; batch++) {
      const input = Array.from({ length: 250 }, (_, k) => ({
        indicatorCode: 'GOV_DOSSIERS_RECEIVED_TODAY', unitCode: '19', period: day(posted + k), value: posted + k,
      }));
      const res = await gql<{ reportGovernanceObservations: { imported: number } }>(system.url, REPORT_GOVERNANCE, { input }, admin);
      expect(res.data?.reportGovernanceObservations.imported).toBe(input.length);
      posted += input.length;
    }
    await dropped;
    await waitFor(() => slow!.state.closeCode !== null, 'the slow client to be closed');
    expect(slow.state.closeCode).toBe(SLOW_CONSUMER);
    expect(slow.state.frames).toBeLessThan(posted);

    // The other subscriber of the same upstream got every reading, in order, and stays subscribed.
    await fast.until((f) => f.received.length === posted, `all ${posted} readings on the fast subscriber`, 60_000);
    expect(fast.received.map((e) => e.governanceReadings.value)).toEqual(Array.from({ length: posted }, (_, i) => i));
    expect(fast.closeCode).toBeNull();
    const after = await gatewaySubscriptions(system.url);
    expect(after).toMatchObject({ subscribers: 1, upstreamSubscriptions: 1, slowConsumersDropped: 1 });
  });
});
