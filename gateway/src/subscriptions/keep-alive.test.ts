import { EventEmitter } from 'node:events';
import { KeepAliveWheel, startKeepAlive } from './keep-alive';

class Peer extends EventEmitter {
  readyState = 1;
  pings = 0;
  answers = true;
  ping(): void {
    this.pings++;
    if (this.answers) setImmediate(() => this.emit('pong'));
  }
}

/** The peer's pong (setImmediate) stays real: a timed test asserts on the fake clock it moves, never on a loaded machine's. */
beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] }));
afterEach(() => jest.useRealTimers());

/** Moves the fake clock `ms` forward, 1 ms at a time, letting the peer answer between ticks. */
async function advance(ms: number): Promise<void> {
  for (let t = 0; t < ms; t++) {
    jest.advanceTimersByTime(1);
    await new Promise((r) => setImmediate(r));
  }
}

describe('startKeepAlive', () => {
  it('should ping at each interval and stay quiet while the peer answers', async () => {
    const peer = new Peer();
    const onTimeout = jest.fn();
    const k = startKeepAlive(peer, { intervalMs: 15, onTimeout });
    await advance(14);
    expect(peer.pings).toBe(0);
    await advance(1);
    expect(peer.pings).toBe(1);
    await advance(85);
    k.dispose();
    expect(peer.pings).toBe(6); // at 15, 30, 45, 60, 75, 90 ms
    expect(onTimeout).not.toHaveBeenCalled();
    expect(peer.listenerCount('pong')).toBe(0);
  });

  it('should report a peer that does not answer within the timeout, once', async () => {
    const peer = new Peer();
    peer.answers = false;
    const onTimeout = jest.fn();
    startKeepAlive(peer, { intervalMs: 15, timeoutMs: 15, onTimeout });
    await advance(29); // pinged at 15 ms; its pong is due by 30 ms
    expect(onTimeout).not.toHaveBeenCalled();
    await advance(1);
    expect(onTimeout).toHaveBeenCalledTimes(1);
    await advance(100);
    expect(onTimeout).toHaveBeenCalledTimes(1);
    expect(peer.pings).toBe(1);
  });

  it('should not report a peer whose pong comes late but within the timeout', async () => {
    const peer = new Peer();
    peer.answers = false;
    const onTimeout = jest.fn();
    const k = startKeepAlive(peer, { intervalMs: 15, timeoutMs: 15, onTimeout });
    await advance(29);
    peer.emit('pong'); // the answer to the ping at 15 ms, 1 ms before its timeout
    peer.answers = true;
    await advance(100);
    k.dispose();
    expect(onTimeout).not.toHaveBeenCalled();
  });

  it('should do nothing when turned off with 0', async () => {
    const peer = new Peer();
    const k = startKeepAlive(peer, { intervalMs: 0, onTimeout: jest.fn() });
    await advance(30);
    expect(peer.pings).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
    k.dispose();
  });

  it('should not ping a socket that is not open', async () => {
    const peer = new Peer();
    peer.readyState = 2;
    const k = startKeepAlive(peer, { intervalMs: 10, onTimeout: jest.fn() });
    await advance(40);
    expect(peer.pings).toBe(0);
    k.dispose();
    expect(jest.getTimerCount()).toBe(0);
  });
});

describe('KeepAliveWheel', () => {
  it('should ping every socket with one timer and stay quiet while they answer', async () => {
    const wheel = new KeepAliveWheel({ intervalMs: 15 });
    const peers = Array.from({ length: 50 }, () => new Peer());
    const onTimeout = jest.fn();
    const ks = peers.map((p) => wheel.add(p, onTimeout));
    await advance(100);
    for (const k of ks) k.dispose();
    for (const p of peers) expect(p.pings).toBeGreaterThanOrEqual(2);
    expect(onTimeout).not.toHaveBeenCalled();
    expect(peers[0].listenerCount('pong')).toBe(0);
    expect(wheel.size).toBe(0);
  });

  it('should report only the socket that stops answering, once, and keep pinging the others', async () => {
    const wheel = new KeepAliveWheel({ intervalMs: 15, timeoutMs: 30 });
    const [silent, alive] = [new Peer(), new Peer()];
    silent.answers = false;
    const timedOut: string[] = [];
    wheel.add(silent, () => timedOut.push('silent'));
    const k = wheel.add(alive, () => timedOut.push('alive'));
    await advance(150);
    expect(timedOut).toEqual(['silent']);
    expect(silent.pings).toBe(1);
    expect(silent.listenerCount('pong')).toBe(0);
    const before = alive.pings;
    await advance(50);
    expect(alive.pings).toBeGreaterThan(before);
    k.dispose();
  });

  it('should do nothing when turned off with 0, and not ping a socket that is not open', async () => {
    const off = new KeepAliveWheel({ intervalMs: 0 });
    const peer = new Peer();
    off.add(peer, jest.fn());
    const wheel = new KeepAliveWheel({ intervalMs: 10 });
    const closing = new Peer();
    closing.readyState = 2;
    wheel.add(closing, jest.fn());
    await advance(40);
    expect(peer.pings).toBe(0);
    expect(closing.pings).toBe(0);
    wheel.dispose();
    expect(wheel.size).toBe(0);
  });
});
