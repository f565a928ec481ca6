import { Backoff } from '../../retry';

/**
 * A pull-based async iterator over a cursor-addressed feed. Unlike an async generator, `return()`
 * takes effect at once even while waiting for new data, so closing a subscription frees it now.
 */
export class FeedStream<T> implements AsyncIterableIterator<T> {
  private queue: T[] = [];
  private closed = false;
  private wake: (() => void) | null = null;
  private readonly backoff: Backoff;

  constructor(
    /** Fetches what follows the stream's position; returns [] when caught up. */
    private readonly fetchMore: () => Promise<T[]>,
    /** Resolves when there may be more to fetch. */
    private readonly waitForMore: () => Promise<void>,
    private readonly onClose: () => void,
    /** Longest wait between reads while the database is away. @default 1000 ms */
    retryDelayMs = 1000,
  ) {
    this.backoff = new Backoff({ initialMs: Math.min(100, retryDelayMs), maxMs: retryDelayMs });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<T>> {
    while (!this.closed) {
      const item = this.queue.shift();
      if (item !== undefined) return { value: item, done: false };
      try {
        const more = await this.fetchMore();
        this.backoff.reset();
        if (this.closed) break;
        if (more.length) {
          this.queue.push(...more);
          continue;
        }
        await this.until(this.waitForMore());
      } catch {
        // The database is away (restart, failover): keep the position and try again.
        await this.until(new Promise((r) => setTimeout(r, this.backoff.next())));
      }
    }
    return { value: undefined, done: true };
  }

  async return(): Promise<IteratorResult<T>> {
    if (!this.closed) {
      this.closed = true;
      this.queue = [];
      this.wake?.();
      this.onClose();
    }
    return { value: undefined, done: true };
  }

  async throw(err: unknown): Promise<IteratorResult<T>> {
    await this.return();
    throw err;
  }

  private until(p: Promise<unknown>): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wake = resolve;
      p.then(() => resolve(), () => resolve());
    }).finally(() => {
      this.wake = null;
    });
  }
}
