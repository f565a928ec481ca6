import type { GraphQLFormattedError } from 'graphql';
import { Backoff, GATEWAY_CONTEXT_HEADER, type Logger } from '@ioc-graph/kit/internal';
import { contextHeaderFor } from '../auth';
import type { ExecutionContext, PlanExecutor } from './executor';
import { eventResult, restServices } from './event-result';
import { CURSOR_ALIAS, type PreparedOperation, RESUME_VARIABLE } from './planner';
import { SharedFrame } from './protocol';
import { type Upstream, type UpstreamFactory, type UpstreamLoss, wsUpstreamFactory } from './upstream';

/** One client subscription, as a topic sees it. */
export interface Subscriber {
  readonly id: string;
  /** The client connection it belongs to (for per-socket caps), if the connection says. */
  readonly owner?: object;
  /** The client's network address (for per-address caps), if known. */
  readonly address?: string;
  /** Writes one shared frame (bounded by the subscriber's own queue). */
  write(frame: SharedFrame): void;
  /** The subscription failed: send `error`. */
  error(errors: readonly GraphQLFormattedError[]): void;
  /** The subscription ended: send `complete`. */
  complete(): void;
}

/** Counters of the fan-out, for `/healthz` and the benchmark. */
export interface FanoutStats {
  /** Upstream subscriptions open now (connecting, live or resuming; catch-ups included). */
  upstreamSubscriptions: number;
  /** Upstream subscriptions opened since start (reconnects and catch-ups included). */
  upstreamOpened: number;
  /** Catch-up streams open now (replays for subscribers that joined with `after`). */
  catchUpStreams?: number;
  /** Distinct operations being served. */
  topics: number;
  /** Events received from subgraphs. */
  events: number;
  /** Frames written to clients. */
  frames: number;
}

/** Time, injected so topics are tested with a fake clock. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * Where a topic is. `anchoring`: reading the subgraph's feed position; `connecting`: never
 * acknowledged yet (budget `connectTimeoutMs` from `since`); `live`: acknowledged; `resuming`: lost
 * after being live, or paused for backpressure, waiting to resubscribe after the cursor (budget
 * `resumeTimeoutMs` from `downSince`); `closed`: for good.
 */
export type TopicState =
  | { kind: 'anchoring' }
  | { kind: 'connecting'; upstream: Upstream | null; since: number; timer: unknown }
  | {
      kind: 'live';
      upstream: Upstream;
      since: number;
      heard: boolean;
      /** Until it proves healthy: when the outage began, and which budget it counts against. */
      downSince: number | null;
      budget: 'connect' | 'resume';
    }
  | { kind: 'resuming'; upstream: Upstream | null; downSince: number; timer: unknown; reason: 'lost' | 'backpressure' }
  | { kind: 'closed'; reason: 'unsubscribed' | 'failed' | 'completed' | 'disposed' };

export interface TopicOptions {
  key: string;
  op: PreparedOperation;
  /** The client's variables, without the `after` cursor (subscribers bring their own). */
  variables: Record<string, unknown>;
  context: ExecutionContext;
  /** graphql-ws URL of the owning subgraph. */
  wsUrl: string;
  /** `/healthz` of the owning subgraph (its `feedPosition` anchors a "from now" subscription). */
  healthUrl: string;
  executor: Pick<PlanExecutor, 'completeEvent'>;
  logger: Logger;
  stats: FanoutStats;
  /** Budget to reach a subgraph for a new subscription. @default 5000 */
  connectTimeoutMs?: number;
  /** Budget to reach a subgraph again after it went away. @default 120000 */
  resumeTimeoutMs?: number;
  /** Keepalive pings to the subgraph, in ms (0: off). @default 10000 */
  pingIntervalMs?: number;
  /**
   * Events received but not yet delivered (the per-event chain runs the rest of the plan). Beyond
   * this, a resumable topic stops its upstream and resubscribes after its cursor once the backlog
   * is delivered (nothing lost, clients see a delay); a topic that cannot resume fails with
   * `SUBSCRIPTION_BACKLOG`. @default 256
   */
  maxPendingEvents?: number;
  /** An upstream that was acknowledged counts as healthy (backoff reset) once it delivered an event or lived this long. @default 10000 */
  stableAfterMs?: number;
  /**
   * Sockets written per turn of the event loop when an event is fanned out (see `deliver`).
   * @default 256
   */
  writeSlice?: number;
  /** Subscribers joining with `after` within this window share one catch-up stream. @default 20 */
  joinBatchMs?: number;
  clock?: Clock;
  upstreamFactory?: UpstreamFactory;
  /** Reads the subgraph's feed position. @default GET `healthUrl`'s `feedPosition` */
  feedPosition?: () => Promise<string | null>;
  /** Called once when the topic ends (no subscribers left, or failed). */
  onClosed(topic: Topic): void;
}

/** A subscriber that joined with `after`: replayed by a catch-up stream until it meets the live one. */
interface Joiner {
  s: Subscriber;
  /** Last cursor this subscriber got (its `after` to begin with). */
  delivered: bigint;
  /** Live frames that arrived while it caught up. */
  buffer: { frame: SharedFrame; cursor: bigint }[];
  group: CatchUp | null;
  /** Its replay got ahead of the live stream and was left: it waits for the live stream to reach `delivered`. */
  replayDropped?: boolean;
}

/** One replay stream from the subgraph, shared by the joiners it serves. */
interface CatchUp {
  upstream: Upstream | null;
  /** Cursor of the last event the stream gave (its `after` to begin with). */
  position: bigint;
  /** It gave an event: until then a live event before a member's cursor proves nothing (see deliver). */
  heard?: boolean;
  members: Set<Joiner>;
  backoff: Backoff;
  timer: unknown;
}

const DEFAULT_WRITE_SLICE = 256;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

const unavailable = (serviceName: string, why: string): GraphQLFormattedError => ({
  message: `The ${serviceName} subgraph is unavailable: ${why}`,
  extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName },
});

/**
 * One upstream subscription shared by every client with the same operation, variables (but the
 * `after` cursor) and authorisation. Each event runs the rest of the plan once, is serialised once,
 * and is written to every subscriber. Remembers the last cursor, and resubscribes after it when the
 * subgraph comes back, so clients only see a delay. A subscriber with its own `after` is replayed
 * by a catch-up stream and then joins the live one, without gap or duplicate (cursors order events).
 *
 * Own code rather than graphql-ws's `createClient`: the client retries on its own terms and cannot
 * change the `after` variable of a subscription between retries, which the resume needs.
 */
export class Topic {
  readonly subscribers = new Set<Subscriber>();
  private state: TopicState = { kind: 'anchoring' };
  private lastCursor: string | null = null;
  private chain: Promise<void> = Promise.resolve();
  private pending = 0;
  private readonly backoff = new Backoff({ initialMs: 100, maxMs: 5000 });
  private readonly clock: Clock;
  private readonly factory: UpstreamFactory;
  private readonly services: ReadonlySet<string>;
  private readonly joiners = new Map<Subscriber, Joiner>();
  private readonly catchUps = new Set<CatchUp>();
  private waiting: Joiner[] = [];
  private joinTimer: unknown = null;

  constructor(private readonly o: TopicOptions) {
    this.clock = o.clock ?? systemClock;
    this.factory = o.upstreamFactory ?? wsUpstreamFactory;
    this.services = restServices(o.op.rest);
  }

  get key(): string {
    return this.o.key;
  }

  /** Where the topic is (see {@link TopicState}). */
  get kind(): TopicState['kind'] {
    return this.state.kind;
  }

  get closed(): boolean {
    return this.state.kind === 'closed';
  }

  /** Events received and not yet delivered. */
  get backlog(): number {
    return this.pending;
  }

  /** Anchors the cursor ("from now") and subscribes upstream. */
  async start(): Promise<void> {
    if (this.o.op.primary!.resume) this.lastCursor = await (this.o.feedPosition ?? (() => this.readFeedPosition()))();
    if (this.state.kind !== 'anchoring') return;
    this.state = { kind: 'connecting', upstream: null, since: this.clock.now(), timer: null };
    this.connect();
  }

  /**
   * Adds a subscriber. With `after` (a cursor of this feed), it first gets what followed that
   * cursor from a catch-up stream, then the shared live events.
   */
  add(s: Subscriber, after?: string | null): void {
    if (this.state.kind === 'closed') {
      s.error([{ message: 'This subscription has ended; subscribe again', extensions: { code: 'SUBSCRIPTION_ENDED' } }]);
      return;
    }
    this.subscribers.add(s);
    if (after === undefined || after === null || !this.o.op.primary!.resume || !/^\d{1,19}$/.test(after)) return;
    const j: Joiner = { s, delivered: BigInt(after), buffer: [], group: null };
    this.joiners.set(s, j);
    // Join a running replay that has not passed this cursor yet; else open one (batched).
    for (const g of this.catchUps) {
      if (g.position <= j.delivered) {
        j.group = g;
        g.members.add(j);
        return;
      }
    }
    this.waiting.push(j);
    if (this.joinTimer === null) {
      this.joinTimer = this.clock.setTimeout(() => {
        this.joinTimer = null;
        this.openCatchUp();
      }, this.o.joinBatchMs ?? 20);
    }
  }

  /** Removes a subscriber; the last one closes the upstream (once). */
  remove(s: Subscriber): void {
    if (!this.subscribers.delete(s)) return;
    this.leave(s);
    if (this.subscribers.size === 0) this.close();
  }

  /** The subgraph's `connection_init` payload: who asks, signed by the gateway (fresh at each connect). */
  private async connectionParams(): Promise<Record<string, unknown>> {
    const p = this.o.context.principal;
    return p ? { [GATEWAY_CONTEXT_HEADER]: await contextHeaderFor(this.o.op.primary!.serviceName, p) } : {};
  }

  private primaryVariables(after: string | null): Record<string, unknown> {
    const primary = this.o.op.primary!;
    const variables: Record<string, unknown> = {};
    for (const v of primary.variableUsages) if (this.o.variables[v] !== undefined) variables[v] = this.o.variables[v];
    if (primary.resume) variables[RESUME_VARIABLE] = after;
    return variables;
  }

  private connect(): void {
    void this.connectionParams().then(
      (params) => this.open(params),
      (err) => {
        // The reason names secrets and variables: the operator's log gets it, the client a fixed text.
        this.o.logger.error({ err: (err as Error).message }, 'cannot sign the gateway context for a subscription');
        this.fail([{ message: 'The gateway cannot forward this subscription (misconfigured; see the gateway log)', extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
      },
    );
  }

  private open(connectionParams: Record<string, unknown>): void {
    const st = this.state;
    if (st.kind !== 'connecting' && st.kind !== 'resuming') return;
    const primary = this.o.op.primary!;
    let up: Upstream | null = null;
    const current = () => {
      const s = this.state;
      return (s.kind === 'connecting' || s.kind === 'resuming' || s.kind === 'live') && s.upstream === up && up !== null;
    };
    up = this.factory(
      {
        url: this.o.wsUrl,
        query: primary.query,
        variables: this.primaryVariables(this.lastCursor),
        connectionParams,
        connectTimeoutMs: this.o.connectTimeoutMs,
        pingIntervalMs: this.o.pingIntervalMs,
      },
      {
        acknowledged: () => {
          if (!current()) return;
          const s = this.state as Extract<TopicState, { kind: 'connecting' | 'resuming' }>;
          // Not yet "healthy": an upstream that closes right after its ack keeps its backoff.
          const downSince = s.kind === 'resuming' ? s.downSince : s.since;
          const budget = s.kind === 'resuming' ? 'resume' : 'connect';
          this.state = { kind: 'live', upstream: up!, since: this.clock.now(), heard: false, downSince, budget };
        },
        next: (payload) => {
          if (!current()) return;
          const s = this.state;
          if (s.kind === 'live' && !s.heard) {
            s.heard = true;
            s.downSince = null;
            this.backoff.reset();
          }
          this.o.stats.events++;
          const cursor = (payload.data?.[primary.responseName] as Record<string, unknown> | null | undefined)?.[CURSOR_ALIAS];
          // Cursors only grow on one feed: one at or before the last means the subgraph's feed was
          // reset (it runs on a fresh or restored database) and replays its outbox from the start.
          const reset = typeof cursor === 'string' && this.lastCursor !== null && !cursorAfter(cursor, this.lastCursor);
          if (reset) this.o.logger.warn({ subgraph: primary.serviceName, after: this.lastCursor, cursor }, 'subgraph feed reset: its cursors start again; serving its replay');
          if (typeof cursor === 'string') this.lastCursor = cursor;
          if (reset) this.enqueue(async () => this.liveReset());
          this.enqueue(() => this.deliver(payload, typeof cursor === 'string' ? cursor : null, null));
          if (this.pending > (this.o.maxPendingEvents ?? 256)) this.overflow();
        },
        error: (errors) => {
          if (!current()) return;
          this.dropUpstream();
          this.enqueue(async () => this.fail(errors as GraphQLFormattedError[]));
        },
        complete: () => {
          if (!current()) return;
          this.dropUpstream();
          this.enqueue(async () => this.end());
        },
        lost: (loss) => {
          if (!current()) return;
          const before = this.state;
          this.dropUpstream();
          this.onLost(loss, before);
        },
      },
    );
    st.upstream = up;
    this.o.stats.upstreamSubscriptions++;
    this.o.stats.upstreamOpened++;
    up.start();
  }

  private onLost(loss: UpstreamLoss, st: TopicState): void {
    const { serviceName } = this.o.op.primary!;
    if (loss.kind === 'fatal') {
      // A refusal a retry cannot fix (e.g. 4403/4500: secrets differ): tell the clients now.
      this.o.logger.error({ subgraph: serviceName, code: loss.code, reason: loss.reason }, 'subgraph refused the subscription; ending it');
      this.enqueue(async () => this.fail([unavailable(serviceName, `it refused the subscription (close code ${loss.code})`)]));
      return;
    }
    const now = this.clock.now();
    let downSince: number;
    let resuming: boolean;
    if (st.kind === 'live') {
      const stable = st.heard || now - st.since >= (this.o.stableAfterMs ?? 10_000);
      if (stable) this.backoff.reset();
      downSince = stable || st.downSince === null ? now : st.downSince;
      // Never healthy since the topic started (e.g. closed right after each ack): the connect budget.
      resuming = stable || st.budget === 'resume';
      this.o.logger.warn({ subgraph: serviceName, reason: loss.reason, after: this.lastCursor }, 'upstream subscription lost; resubscribing');
    } else if (st.kind === 'resuming') {
      downSince = st.downSince;
      resuming = true;
    } else if (st.kind === 'connecting') {
      downSince = st.since;
      resuming = false;
    } else {
      return;
    }
    const budget = resuming ? (this.o.resumeTimeoutMs ?? 120_000) : (this.o.connectTimeoutMs ?? 5000);
    if (now - downSince >= budget) {
      this.enqueue(async () => this.fail([unavailable(serviceName, `no connection for ${Math.round((now - downSince) / 1000)} s`)]));
      return;
    }
    const delay = Math.min(this.backoff.next(), Math.max(0, downSince + budget - now));
    const timer = this.clock.setTimeout(() => {
      const s = this.state;
      if ((s.kind === 'resuming' || s.kind === 'connecting') && s.timer === timer) {
        s.timer = null;
        this.connect();
      }
    }, delay);
    this.state = resuming
      ? { kind: 'resuming', upstream: null, downSince, timer, reason: 'lost' }
      : { kind: 'connecting', upstream: null, since: downSince, timer };
  }

  /** The backlog passed its bound: stop reading, deliver what is queued, then resume after it. */
  private overflow(): void {
    const st = this.state;
    if (st.kind !== 'live') return;
    const { serviceName } = this.o.op.primary!;
    if (!this.o.op.primary!.resume) {
      this.dropUpstream();
      this.o.logger.warn({ subgraph: serviceName, backlog: this.pending }, 'subscription backlog over its bound; ending it');
      const errors = [{ message: `Events of this subscription arrive faster than the ${[...this.services].join(', ') || 'gateway'} can complete them`, extensions: { code: 'SUBSCRIPTION_BACKLOG' } }];
      this.enqueue(async () => this.fail(errors));
      return;
    }
    this.o.logger.warn({ subgraph: serviceName, backlog: this.pending, after: this.lastCursor }, 'subscription backlog over its bound; pausing the upstream');
    this.dropUpstream();
    this.state = { kind: 'resuming', upstream: null, downSince: this.clock.now(), timer: null, reason: 'backpressure' };
  }

  private async deliver(payload: { data?: Record<string, unknown> | null; errors?: unknown[] }, cursor: string | null, group: CatchUp | null): Promise<void> {
    if (this.state.kind === 'closed' || this.subscribers.size === 0) return;
    let result: unknown;
    if (payload.data) {
      const r = await this.o.executor.completeEvent(this.o.op, payload.data, this.o.variables, this.o.context);
      result = eventResult(this.o.op, payload.data, r as never, payload.errors ?? [], this.services);
    } else {
      result = { data: null, errors: payload.errors ?? [] };
    }
    if (this.closed) return;
    const frame = new SharedFrame(result);
    const c = cursor === null ? null : BigInt(cursor);
    if (group) return this.replay(group, frame, c);
    // Written in slices with a turn of the event loop between them: one event to 5,000 sockets is
    // ~50 ms of socket writes, and without the turns every other step of the live path (the next
    // reading's upstream message, the rest of its plan, the mutation itself) waits behind all of it.
    // Events stay in order: the topic's chain awaits this delivery before starting the next one.
    const slice = this.o.writeSlice ?? DEFAULT_WRITE_SLICE;
    let written = 0;
    let inSlice = 0;
    for (const s of this.subscribers) {
      if (inSlice >= slice) {
        this.o.stats.frames += written;
        written = 0;
        inSlice = 0;
        await yieldToEventLoop();
        if (this.closed) return;
      }
      inSlice++;
      if (this.joiners.size > 0 && c !== null) {
        const j = this.joiners.get(s);
        if (j) {
          // The replay already gave it. Live from the next event only once the live stream has
          // reached the replay's position: a replay more than one event ahead would otherwise have
          // its later events written again by the live stream (duplicates in a reconnect storm).
          if (c === j.delivered) this.promote(j);
          // Not heard from yet, its replay may say the feed was reset: the client has this one either way.
          else if (c < j.delivered && j.group && !j.group.heard && !j.replayDropped) continue;
          else if (c < j.delivered) this.dropReplay(j); // the live stream will reach it: its replay can close
          else if (j.replayDropped) {
            // Only the live stream serves it now, and this is the next event after its cursor.
            s.write(frame);
            written++;
            j.delivered = c;
            this.promote(j);
          } else j.buffer.push({ frame, cursor: c });
          continue;
        }
      }
      s.write(frame);
      written++;
    }
    this.o.stats.frames += written;
  }

  /**
   * The live stream's feed was reset and replays from its start: every subscriber still catching
   * up (whose cursor belongs to the old numbering) is served that replay as it comes, like the rest.
   */
  private liveReset(): void {
    for (const j of [...this.joiners.values()]) this.leave(j.s);
  }

  /** One event of a catch-up stream, for the joiners it serves. */
  private replay(g: CatchUp, frame: SharedFrame, c: bigint | null): void {
    if (c === null) return;
    for (const j of [...g.members]) {
      if (c > j.delivered) {
        j.s.write(frame);
        j.delivered = c;
        this.o.stats.frames++;
      }
      if (j.buffer.length && j.buffer[0].cursor <= j.delivered) this.promote(j);
    }
  }

  /** A joiner met the live stream: flush what it buffered beyond its cursor, and serve it live. */
  private promote(j: Joiner): void {
    for (const b of j.buffer) {
      if (b.cursor > j.delivered) {
        j.s.write(b.frame);
        j.delivered = b.cursor;
        this.o.stats.frames++;
      }
    }
    this.leave(j.s);
  }

  /** Takes a joiner out of its replay (closed when nobody else needs it); it stays a joiner. */
  private dropReplay(j: Joiner): void {
    if (j.replayDropped) return;
    j.replayDropped = true;
    this.waiting = this.waiting.filter((w) => w !== j);
    const g = j.group;
    j.group = null;
    if (g && g.members.delete(j) && g.members.size === 0) this.closeCatchUp(g);
  }

  /** Forgets a subscriber's catch-up; closes a replay nobody needs any more. */
  private leave(s: Subscriber): void {
    const j = this.joiners.get(s);
    if (!j) return;
    this.joiners.delete(s);
    this.waiting = this.waiting.filter((w) => w !== j);
    const g = j.group;
    if (g && g.members.delete(j) && g.members.size === 0) this.closeCatchUp(g);
  }

  private openCatchUp(): void {
    const members = this.waiting;
    this.waiting = [];
    if (!members.length || this.state.kind === 'closed') return;
    let from = members[0].delivered;
    for (const m of members) if (m.delivered < from) from = m.delivered;
    const g: CatchUp = { upstream: null, position: from, members: new Set(members), backoff: new Backoff({ initialMs: 100, maxMs: 5000 }), timer: null };
    for (const m of members) m.group = g;
    this.catchUps.add(g);
    this.o.stats.catchUpStreams = (this.o.stats.catchUpStreams ?? 0) + 1;
    void this.connectionParams().then((params) => this.openCatchUpUpstream(g, params), () => undefined);
  }

  private openCatchUpUpstream(g: CatchUp, connectionParams: Record<string, unknown>): void {
    if (!this.catchUps.has(g)) return;
    const primary = this.o.op.primary!;
    const up: Upstream = this.factory(
      {
        url: this.o.wsUrl,
        query: primary.query,
        variables: this.primaryVariables(g.position.toString()),
        connectionParams,
        connectTimeoutMs: this.o.connectTimeoutMs,
        pingIntervalMs: this.o.pingIntervalMs,
      },
      {
        next: (payload) => {
          if (g.upstream !== up) return;
          g.backoff.reset();
          const cursor = (payload.data?.[primary.responseName] as Record<string, unknown> | null | undefined)?.[CURSOR_ALIAS];
          if (typeof cursor !== 'string' || !/^\d{1,19}$/.test(cursor)) return;
          // A replay gives only cursors after its position, unless the subgraph's feed was reset
          // (or the joiners' `after` was never issued by it): it replays from the start, and so do they.
          if (BigInt(cursor) <= g.position) {
            this.o.logger.warn({ subgraph: primary.serviceName, after: g.position.toString(), cursor }, 'subgraph feed reset under a catch-up: replaying from its start');
            const from = BigInt(cursor) - 1n;
            this.enqueue(async () => {
              for (const j of g.members) if (j.delivered > from) j.delivered = from;
            });
          }
          g.position = BigInt(cursor);
          g.heard = true;
          this.enqueue(() => this.deliver(payload, cursor, g));
        },
        error: (errors) => {
          if (g.upstream !== up) return;
          this.closeCatchUp(g);
          this.enqueue(async () => {
            for (const j of g.members) this.dropSubscriber(j.s, errors as GraphQLFormattedError[]);
          });
        },
        complete: () => {
          if (g.upstream === up) this.closeCatchUp(g);
        },
        lost: (loss) => {
          if (g.upstream !== up) return;
          g.upstream = null;
          this.o.stats.upstreamSubscriptions--;
          if (loss.kind === 'fatal') {
            const errors = [unavailable(primary.serviceName, `it refused the subscription (close code ${loss.code})`)];
            this.closeCatchUp(g);
            this.enqueue(async () => {
              for (const j of g.members) this.dropSubscriber(j.s, errors);
            });
            return;
          }
          // Replays resume after their own position, like the topic (its budget ends them with the topic).
          g.timer = this.clock.setTimeout(() => {
            g.timer = null;
            void this.connectionParams().then((p) => this.openCatchUpUpstream(g, p), () => undefined);
          }, g.backoff.next());
        },
      },
    );
    g.upstream = up;
    this.o.stats.upstreamSubscriptions++;
    this.o.stats.upstreamOpened++;
    up.start();
  }

  private closeCatchUp(g: CatchUp): void {
    if (!this.catchUps.delete(g)) return;
    this.o.stats.catchUpStreams = (this.o.stats.catchUpStreams ?? 1) - 1;
    if (g.timer !== null) this.clock.clearTimeout(g.timer);
    const up = g.upstream;
    g.upstream = null;
    if (up) {
      this.o.stats.upstreamSubscriptions--;
      up.stop();
    }
  }

  private dropSubscriber(s: Subscriber, errors: readonly GraphQLFormattedError[]): void {
    if (!this.subscribers.has(s)) return;
    this.remove(s);
    s.error(errors);
  }

  private enqueue(task: () => Promise<void>): void {
    this.pending++;
    this.chain = this.chain
      .then(task)
      .catch((err) => this.o.logger.error({ err }, 'subscription event failed'))
      .finally(() => {
        this.pending--;
        const st = this.state;
        // Paused for backpressure: the backlog is delivered, resume after its last cursor.
        if (this.pending === 0 && st.kind === 'resuming' && st.reason === 'backpressure' && st.upstream === null && st.timer === null) {
          this.connect();
        }
      });
  }

  /** Forgets the current upstream of the topic (counted once). */
  private dropUpstream(): void {
    const st = this.state;
    if ((st.kind === 'connecting' || st.kind === 'resuming' || st.kind === 'live') && st.upstream) {
      const up = st.upstream;
      this.o.stats.upstreamSubscriptions--;
      if (st.kind === 'live') {
        this.state = { kind: 'resuming', upstream: null, downSince: st.downSince ?? this.clock.now(), timer: null, reason: 'lost' };
      } else {
        st.upstream = null;
      }
      up.stop();
    }
  }

  private fail(errors: readonly GraphQLFormattedError[]): void {
    this.close(errors, 'failed');
  }

  private end(): void {
    this.close(undefined, 'completed');
  }

  /** The operation, its variables and context, for re-planning against a new supergraph. */
  get request(): Pick<TopicOptions, 'op' | 'variables' | 'context'> {
    return { op: this.o.op, variables: this.o.variables, context: this.o.context };
  }

  /**
   * Hands the subscribers over (a reload re-plans the topic): stops the upstream and any catch-up,
   * delivers the events already received, and closes without telling the subscribers. Returns each
   * subscriber with the cursor of the last event it got (a joiner still catching up: its own), to
   * continue from.
   */
  async detach(): Promise<{ subscriber: Subscriber; cursor: string | null }[]> {
    if (this.state.kind === 'closed') return [];
    this.dropUpstream();
    for (const g of [...this.catchUps]) this.closeCatchUp(g);
    await this.chain;
    const handoffs = [...this.subscribers].map((subscriber) => {
      const j = this.joiners.get(subscriber);
      return { subscriber, cursor: j ? String(j.delivered) : this.lastCursor };
    });
    this.subscribers.clear();
    this.close(undefined, 'disposed'); // no subscriber left to tell
    return handoffs;
  }

  /**
   * Closes the upstream, leaves the registry and tells every subscriber: `error` with `errors`,
   * else `complete`. Idempotent.
   */
  close(errors?: readonly GraphQLFormattedError[], reason: Extract<TopicState, { kind: 'closed' }>['reason'] = 'unsubscribed'): void {
    if (this.state.kind === 'closed') return;
    this.dropUpstream();
    const st = this.state;
    if ((st.kind === 'connecting' || st.kind === 'resuming') && st.timer !== null) this.clock.clearTimeout(st.timer);
    if (this.joinTimer !== null) this.clock.clearTimeout(this.joinTimer);
    this.state = { kind: 'closed', reason };
    for (const g of [...this.catchUps]) this.closeCatchUp(g);
    this.joiners.clear();
    this.waiting = [];
    const subs = [...this.subscribers];
    this.subscribers.clear();
    this.o.onClosed(this);
    for (const s of subs) (errors ? s.error(errors) : s.complete());
  }

  private async readFeedPosition(): Promise<string | null> {
    try {
      const res = await fetch(this.o.healthUrl, { signal: AbortSignal.timeout(2000) });
      const body = (await res.json()) as { feedPosition?: unknown };
      return typeof body.feedPosition === 'string' && /^\d+$/.test(body.feedPosition) ? body.feedPosition : null;
    } catch {
      return null; // not one of ours, or down: the connect below reports it
    }
  }
}

/** Whether feed cursor `a` comes after `b` (decimal `seq`s; not comparable: true, nothing is reset). */
function cursorAfter(a: string, b: string): boolean {
  try {
    return BigInt(a) > BigInt(b);
  } catch {
    return true;
  }
}
