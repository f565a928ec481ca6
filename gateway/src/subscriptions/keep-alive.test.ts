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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('startKeepAlive', () => {
  it('should ping at each interval and stay quiet while the peer answers', async () => {
    const peer = new Peer();
    const onTimeout = jest.fn();
    const k = startKeepAlive(peer, { intervalMs: 15, onTimeout });
    await sleep(100);
    k.dispose();
    expect(peer.pings).toBeGreaterThanOrEqual(3);
    expect(onTimeout).not.toHaveBeenCalled();
    expect(peer.listenerCount('pong')).toBe(0);
  });

  it('should report a peer that does not answer within the timeout, once', async () => {
    const peer = new Peer();
    peer.answers = false;
    const onTimeout = jest.fn();
    startKeepAlive(peer, { intervalMs: 15, timeoutMs: 15, onTimeout });
    await sleep(120);
    expect(onTimeout).toHaveBeenCalledTimes(1);
    expect(peer.pings).toBe(1);
  });

  it('should do nothing when turned off with 0', async () => {
    const peer = new Peer();
    const k = startKeepAlive(peer, { intervalMs: 0, onTimeout: jest.fn() });
    await sleep(30);
    expect(peer.pings).toBe(0);
    k.dispose();
  });

  it('should not ping a socket that is not open', async () => {
    const peer = new Peer();
    peer.readyState = 2;
    const k = startKeepAlive(peer, { intervalMs: 10, onTimeout: jest.fn() });
    await sleep(40);
    expect(peer.pings).toBe(0);
    k.dispose();
  });
});

describe('KeepAliveWheel', () => {
  it('should ping every socket with one timer and stay quiet while they answer', async () => {
    const wheel = new KeepAliveWheel({ intervalMs: 15 });
    const peers = Array.from({ length: 50 }, () => new Peer());
    const onTimeout = jest.fn();
    const ks = peers.map((p) => wheel.add(p, onTimeout));
    await sleep(100);
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
    await sleep(150);
    expect(timedOut).toEqual(['silent']);
    expect(silent.pings).toBe(1);
    expect(silent.listenerCount('pong')).toBe(0);
    const before = alive.pings;
    await sleep(50);
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
    await sleep(40);
    expect(peer.pings).toBe(0);
    expect(closing.pings).toBe(0);
    wheel.dispose();
    expect(wheel.size).toBe(0);
  });
});
