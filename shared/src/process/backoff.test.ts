import { backoffDelay } from './backoff';

describe('backoff between restarts', () => {
  it('should double the delay from the base and stop at the cap', () => {
    const none = { jitter: 0 };
    expect([1, 2, 3, 4, 10].map((n) => backoffDelay(n, { baseMs: 500, maxMs: 3000, ...none }))).toEqual([500, 1000, 2000, 3000, 3000]);
  });

  it('should spread the delay over its jittered share, never above the cap', () => {
    expect(backoffDelay(3, { baseMs: 100, maxMs: 1000, jitter: 0.5 }, () => 0)).toBe(200);
    expect(backoffDelay(3, { baseMs: 100, maxMs: 1000, jitter: 0.5 }, () => 1)).toBe(400);
    expect(backoffDelay(20, { baseMs: 100, maxMs: 1000, jitter: 1 }, () => 0.999)).toBeLessThanOrEqual(1000);
  });
});
