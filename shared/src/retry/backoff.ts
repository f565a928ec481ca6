/**
 * The one backoff policy of the monorepo: capped exponential delays with jitter, so that many
 * clients that lost the same server do not come back in lock-step (a reconnect storm).
 *
 * Own code rather than `p-retry`: the callers here are reconnect loops driven by events and timers
 * (an injected clock in tests), not one promise-returning function to wrap; `p-retry` is ESM-only
 * since v5 and this package is CommonJS.
 */
export interface BackoffOptions {
  /** First delay, in ms. @default 100 */
  initialMs?: number;
  /** Largest delay, in ms. @default 5000 */
  maxMs?: number;
  /** Growth per attempt. @default 2 */
  factor?: number;
  /** Share of each delay that is random, 0..1 ("equal jitter" at 0.5). @default 0.5 */
  jitter?: number;
  /** Source of randomness in [0, 1) (tests pass a fixed one). @default Math.random */
  random?: () => number;
}

/** Delay before attempt `attempt` (0-based), in ms: `min(max, initial·factor^attempt)`, jittered. */
export function backoffDelay(attempt: number, o: BackoffOptions = {}): number {
  const initial = o.initialMs ?? 100;
  const max = o.maxMs ?? 5000;
  const capped = Math.min(max, initial * (o.factor ?? 2) ** Math.max(0, attempt));
  const jitter = Math.min(1, Math.max(0, o.jitter ?? 0.5));
  return Math.round(capped * (1 - jitter) + capped * jitter * (o.random ?? Math.random)());
}

/** A stateful backoff: `next()` gives the delay before the next attempt, `reset()` after a success. */
export class Backoff {
  private attempt = 0;
  constructor(private readonly options: BackoffOptions = {}) {}
  /** Attempts made since the last reset. */
  get attempts(): number {
    return this.attempt;
  }
  next(): number {
    return backoffDelay(this.attempt++, this.options);
  }
  reset(): void {
    this.attempt = 0;
  }
}

export interface RetryOptions extends BackoffOptions {
  /** Give up (rethrow the last error) once this much time has passed, in ms. @default Infinity */
  deadlineMs?: number;
  /** Stop retrying when this returns true (e.g. the owner was disposed); the last error is rethrown. */
  stopped?: () => boolean;
  /** Called before each wait with the error and the delay, e.g. to log. */
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
}

/**
 * Runs `fn` until it resolves, waiting {@link backoffDelay} between attempts.
 * @throws the last error once `deadlineMs` has passed or `stopped()` holds.
 */
export async function retry<T>(fn: (attempt: number) => Promise<T>, o: RetryOptions = {}): Promise<T> {
  const deadline = Date.now() + (o.deadlineMs ?? Number.POSITIVE_INFINITY);
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      const delay = backoffDelay(attempt, o);
      if (o.stopped?.() || Date.now() + delay > deadline) throw err;
      o.onRetry?.(err, attempt, delay);
      await new Promise((r) => setTimeout(r, delay));
      if (o.stopped?.()) throw err;
    }
  }
}
