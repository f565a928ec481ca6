/**
 * How a write's wait for its subgraph's change feed ended: `reached` (the invalidation stream is at
 * or past the write's position: every entry it touched was dropped by its event), `nothing-cached`
 * (not awaited: the cache held nothing of the subgraph to keep, see QueryCache.settleWrite), or a
 * fallback (the subgraph's entries are dropped instead): `no-position` (the answer carried none: a partner
 * on an older kit, a subgraph without the change feed, a failed write), `not-live` (the stream is
 * not live on the change feed, or was lost while waiting), `reset` (the subgraph's feed was reset
 * while waiting), `timeout` (not reached within the bound; also at once when the bound is 0).
 */
export type WriteWaitOutcome = 'reached' | 'nothing-cached' | 'no-position' | 'not-live' | 'reset' | 'timeout';

export const WRITE_WAIT_OUTCOMES: readonly WriteWaitOutcome[] = ['reached', 'nothing-cached', 'no-position', 'not-live', 'reset', 'timeout'];

/** The outcomes after which the subgraph's entries are all dropped. */
export const WRITE_FALLBACKS: ReadonlySet<WriteWaitOutcome> = new Set(['no-position', 'not-live', 'reset', 'timeout']);

/** How long a write waits for its subgraph's change feed by default, in ms. */
export const DEFAULT_WRITE_WAIT_MS = 2_000;

/** Where a subgraph's change feed stands for the gateway: `live` at `cursor` (its invalidation stream's last cursor), or `unknown`. */
type FeedState = { kind: 'unknown' } | { kind: 'live'; cursor: bigint };

/** One write waiting for a feed position: `waiting` (its timer running) until it is `settled` with an outcome. */
type WaitState =
  | { kind: 'waiting'; position: bigint; timer: NodeJS.Timeout; settle: (outcome: WriteWaitOutcome) => void }
  | { kind: 'settled'; outcome: WriteWaitOutcome };

interface Wait {
  state: WaitState;
}

/**
 * Read-your-writes by the feed position: a mutation's answer says where its subgraph's change feed
 * stands after the write (kit's `x-ioc-feed-position`), and the gateway answers the client only once
 * the subgraph's invalidation stream has passed it — the write's own event dropped exactly what it
 * touched, and nothing else. Own code: a handful of promises keyed by a cursor, fed by the
 * invalidation streams (see invalidation-streams.ts).
 */
export class WriteWaits {
  private readonly feeds = new Map<string, { state: FeedState; waits: Set<Wait> }>();

  /** @param timeoutMs how long a write waits at most, in ms; 0: never (always the fallback) */
  constructor(readonly timeoutMs: number = DEFAULT_WRITE_WAIT_MS) {}

  /** The subgraph's invalidation stream is live on the change feed at `cursor` (acknowledged, or an event's cursor): waits at or before it end `reached`. */
  at(subgraph: string, cursor: string): void {
    let c: bigint;
    try { c = BigInt(cursor); } catch { return this.lost(subgraph, 'not-live'); }
    const f = this.feed(subgraph);
    f.state = { kind: 'live', cursor: c };
    for (const w of f.waits) if (w.state.kind === 'waiting' && w.state.position <= c) w.state.settle('reached');
  }

  /** The stream is not live on the change feed any more (`not-live`), or its feed was reset (`reset`): every wait ends so, and falls back. */
  lost(subgraph: string, outcome: 'not-live' | 'reset'): void {
    const f = this.feeds.get(subgraph);
    if (!f) return;
    if (outcome === 'not-live') f.state = { kind: 'unknown' };
    for (const w of f.waits) if (w.state.kind === 'waiting') w.state.settle(outcome);
  }

  /**
   * Waits until `subgraph`'s change feed is at or past `position`, at most {@link timeoutMs}.
   * @param position the answer's feed position (a decimal `seq`); undefined: none
   * @returns how it ended (anything but `reached`: drop the subgraph's entries)
   */
  wait(subgraph: string, position: string | undefined): Promise<WriteWaitOutcome> {
    const now = this.check(subgraph, position);
    if (now !== null) return Promise.resolve(now);
    const f = this.feed(subgraph);
    const p = BigInt(position!);
    return new Promise((resolve) => {
      const wait: Wait = { state: { kind: 'settled', outcome: 'timeout' } };
      const settle = (outcome: WriteWaitOutcome) => {
        if (wait.state.kind !== 'waiting') return;
        clearTimeout(wait.state.timer);
        wait.state = { kind: 'settled', outcome };
        f.waits.delete(wait);
        resolve(outcome);
      };
      wait.state = { kind: 'waiting', position: p, timer: setTimeout(() => settle('timeout'), this.timeoutMs), settle };
      f.waits.add(wait);
    });
  }

  /** How {@link wait} would end at once, or null when it would wait. */
  check(subgraph: string, position: string | undefined): WriteWaitOutcome | null {
    if (position === undefined || !/^\d{1,19}$/.test(position)) return 'no-position';
    const f = this.feeds.get(subgraph);
    if (f?.state.kind !== 'live') return 'not-live';
    if (f.state.cursor >= BigInt(position)) return 'reached';
    return this.timeoutMs <= 0 ? 'timeout' : null;
  }

  /** Writes waiting now (all subgraphs). */
  get waiting(): number {
    let n = 0;
    for (const f of this.feeds.values()) n += f.waits.size;
    return n;
  }

  /** Ends every wait (`not-live`) and forgets the feeds: the gateway stops. */
  dispose(): void {
    for (const name of this.feeds.keys()) this.lost(name, 'not-live');
    this.feeds.clear();
  }

  private feed(subgraph: string) {
    let f = this.feeds.get(subgraph);
    if (!f) this.feeds.set(subgraph, (f = { state: { kind: 'unknown' }, waits: new Set() }));
    return f;
  }
}
