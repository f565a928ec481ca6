import type { Flow, Post } from './flows';
import type { Random } from './random';

export interface LoopOptions {
  flows: Flow[];
  /** Readings per second (a post writes one or more readings; the loop spaces posts by their readings). */
  rate: number;
  /** Sends one post; throws with a message when it fails or a row is rejected. */
  send: (post: Post) => Promise<void>;
  log: (line: string) => void;
  /** One summary line per this many posts. @default 60 */
  logEvery?: number;
  /** Posts on their way at once; beyond it a turn is skipped (the gateway is slower than the rate). @default 8 */
  maxInFlight?: number;
  now?: () => Date;
  random?: Random;
  /** How long `stop` waits for posts on their way. @default 5000 */
  stopTimeoutMs?: number;
}

export interface LoopStats {
  posted: number;
  ok: number;
  failed: number;
  skipped: number;
  readings: number;
}

export interface RunningLoop {
  stats: LoopStats;
  /** Stops taking turns and waits for the posts on their way. */
  stop(): Promise<void>;
}

/**
 * Takes turns among the flows at `rate` posts per second. Errors are logged (each distinct message
 * once per summary) and never stop the loop. Posts of the same series go out one after another.
 */
export function startLoop(o: LoopOptions): RunningLoop {
  const now = o.now ?? (() => new Date());
  const random = o.random ?? Math.random;
  const logEvery = o.logEvery ?? 60;
  const maxInFlight = o.maxInFlight ?? 8;
  const stats: LoopStats = { posted: 0, ok: 0, failed: 0, skipped: 0, readings: 0 };
  const chains = new Map<string, Promise<void>>();
  const errors = new Map<string, number>();
  let inFlight = 0;
  let turn = 0;
  let credit = 0;
  let windowStart = Date.now();
  let windowReadings = 0;

  const summarise = () => {
    const secs = Math.max(0.001, (Date.now() - windowStart) / 1000);
    const repeated = [...errors].filter(([, n]) => n > 1).map(([m, n]) => `${n}× ${m}`);
    o.log(
      `simulator: ${stats.posted} posts (${stats.ok} ok, ${stats.failed} failed${stats.skipped ? `, ${stats.skipped} skipped: gateway busy` : ''}), ` +
        `${stats.readings} readings, ${(windowReadings / secs).toFixed(1)} readings/s` +
        (repeated.length ? `; repeated errors: ${repeated.join('; ')}` : ''),
    );
    errors.clear();
    windowStart = Date.now();
    windowReadings = 0;
  };

  const settle = (post: Post, err: unknown) => {
    inFlight--;
    if (err) {
      stats.failed++;
      const message = `${post.flow}: ${String((err as Error).message ?? err).split('\n')[0]}`;
      const seen = errors.get(message) ?? 0;
      if (!seen) o.log(`simulator error: ${message}`);
      errors.set(message, seen + 1);
    } else {
      stats.ok++;
      stats.readings += post.readings;
      windowReadings += post.readings;
    }
    if ((stats.ok + stats.failed) % logEvery === 0) summarise();
  };

  /** Readings the post writes; 0 when the turn is skipped. */
  const postOne = (): number => {
    if (inFlight >= maxInFlight) {
      stats.skipped++;
      return 0;
    }
    const flow = o.flows[turn++ % o.flows.length];
    let post: Post;
    try {
      post = flow.next({ now: now(), random });
    } catch (err) {
      stats.posted++;
      inFlight++;
      settle({ flow: flow.name, key: flow.name, agency: '', query: '', variables: {}, readings: 0 }, err);
      return 1;
    }
    stats.posted++;
    inFlight++;
    const previous = chains.get(post.key) ?? Promise.resolve();
    const mine = previous.then(() => o.send(post)).then(
      () => settle(post, null),
      (err) => settle(post, err ?? new Error('failed')),
    );
    chains.set(post.key, mine);
    void mine.then(() => {
      if (chains.get(post.key) === mine) chains.delete(post.key);
    });
    return Math.max(1, post.readings);
  };

  // Ticks of at least 10 ms; a high rate sends several posts per tick. Credit is counted in
  // readings and never saved up beyond a second's worth, so a busy gateway gets no burst after.
  const intervalMs = Math.max(10, 1000 / o.rate);
  const timer = setInterval(() => {
    credit = Math.min(credit + (o.rate * intervalMs) / 1000, Math.max(1, o.rate));
    while (credit >= 1) {
      const readings = postOne();
      if (!readings) break;
      credit -= readings;
    }
  }, intervalMs);
  timer.unref?.();

  return {
    stats,
    stop: async () => {
      clearInterval(timer);
      // Posts on their way finish, unless the gateway hangs: then give up after a few seconds.
      let timeout: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all([...chains.values()]),
        new Promise<void>((r) => (timeout = setTimeout(r, o.stopTimeoutMs ?? 5000))),
      ]);
      clearTimeout(timeout);
    },
  };
}
