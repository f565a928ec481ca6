/** Capped exponential backoff with full jitter (the AWS Architecture Blog's "full jitter"). */
export interface BackoffOptions {
  /** Delay before the first retry, in ms. @default 500 */
  baseMs?: number;
  /** Longest delay, in ms. @default 10000 */
  maxMs?: number;
  /** Share of the delay that is random (0 = none, 1 = full jitter). @default 0.5 */
  jitter?: number;
}

/**
 * The delay before retry number `attempt` (1 = the first retry), in ms: `baseMs · 2^(attempt-1)`
 * capped at `maxMs`, of which a `jitter` share is random so that many restarting clients spread out.
 * One helper for every restart and reconnect loop instead of a hand-written formula in each.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const { baseMs = 500, maxMs = 10_000, jitter = 0.5 } = options;
  const capped = Math.min(baseMs * 2 ** Math.max(0, attempt - 1), maxMs);
  return Math.round(capped * (1 - jitter) + capped * jitter * random());
}
