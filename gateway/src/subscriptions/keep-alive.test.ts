import { EventEmitter } from 'node:events';
import { startKeepAlive } from './keep-alive';

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
