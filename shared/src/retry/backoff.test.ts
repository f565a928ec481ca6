import { Backoff, backoffDelay, retry } from './backoff';

describe('backoff', () => {
  it('should grow exponentially up to the cap, with jitter inside [half, full] of each step', () => {
    const lo = (a: number) => backoffDelay(a, { initialMs: 100, maxMs: 1000, random: () => 0 });
    const hi = (a: number) => backoffDelay(a, { initialMs: 100, maxMs: 1000, random: () => 0.999999 });
    expect([0, 1, 2, 3, 4, 10].map(lo)).toEqual([50, 100, 200, 400, 500, 500]);
    expect([0, 1, 2, 3, 4, 10].map(hi)).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('should start again from the first delay after a reset', () => {
    const b = new Backoff({ initialMs: 10, maxMs: 100, jitter: 0 });
    expect([b.next(), b.next(), b.next()]).toEqual([10, 20, 40]);
    b.reset();
    expect(b.next()).toBe(10);
  });

  it('should retry until the function succeeds, and rethrow the last error after the deadline', async () => {
    let calls = 0;
    await expect(retry(async () => (++calls < 3 ? Promise.reject(new Error('not yet')) : 'ok'), { initialMs: 1, maxMs: 2 })).resolves.toBe('ok');
    expect(calls).toBe(3);
    await expect(retry(async () => Promise.reject(new Error('still down')), { initialMs: 5, maxMs: 5, deadlineMs: 30 })).rejects.toThrow('still down');
  });
});
