import type { GraphQLFormattedError } from 'graphql';
import { GATEWAY_CONTEXT_HEADER, type Logger, signGatewayContext } from '@ioc-graph/kit/internal';
import type { ExecutionContext, PlanExecutor } from './executor';
import { CURSOR_ALIAS, type PreparedOperation, RESUME_VARIABLE } from './planner';
import { SharedFrame } from './protocol';
import { UpstreamConnection } from './upstream';

/** One client subscription, as a topic sees it. */
export interface Subscriber {
  readonly id: string;
  /** Writes one shared frame (bounded by the subscriber's own queue). */
  write(frame: SharedFrame): void;
  /** The subscription failed: send `error`. */
  error(errors: readonly GraphQLFormattedError[]): void;
  /** The subscription ended: send `complete`. */
  complete(): void;
}

/** Counters of the fan-out, for `/healthz` and the benchmark. */
export interface FanoutStats {
  /** Upstream subscriptions open now (connecting, live or resuming). */
  upstreamSubscriptions: number;
  /** Upstream subscriptions opened since start (reconnects included). */
  upstreamOpened: number;
  /** Distinct operations being served. */
  topics: number;
  /** Events received from subgraphs. */
  events: number;
  /** Frames written to clients. */
  frames: number;
}

export interface TopicOptions {
  key: string;
  op: PreparedOperation;
  variables: Record<string, unknown>;
  context: ExecutionContext;
  /** graphql-ws URL of the owning subgraph. */
  wsUrl: string;
  /** `/healthz` of the owning subgraph (its `feedPosition` anchors a "from now" subscription). */
  healthUrl: string;
  executor: PlanExecutor;
  logger: Logger;
  stats: FanoutStats;
  /** Budget to reach a subgraph for a new subscription. @default 5000 */
  connectTimeoutMs?: number;
  /** Budget to reach a subgraph again after it went away. @default 120000 */
  resumeTimeoutMs?: number;
  /** Called once when the topic ends (no subscribers left, or failed). */
  onClosed(topic: Topic): void;
  /** Resume after this cursor rather than the client's `after` (a topic re-planned after a reload). */
  startAfter?: string | null;
}

/**
 * One upstream subscription shared by every client with the same operation, variables and
 * authorisation. Each event runs the rest of the plan once, is serialised once, and is written to
 * every subscriber. Remembers the last cursor, and resubscribes after it when the subgraph comes
 * back, so clients only see a delay.
 */
export class Topic {
  readonly subscribers = new Set<Subscriber>();
  private upstream: UpstreamConnection | null = null;
  private lastCursor: string | null = null;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;
  private attempt = 0;
  private downSince = Date.now();
  private live = false;
  private retryTimer: NodeJS.Timeout | null = null;
  /** Set by {@link detach}: no upstream is opened any more. */
  private detaching = false;

  constructor(private readonly o: TopicOptions) {}

  get key(): string {
    return this.o.key;
  }

  async start(): Promise<void> {
    const resume = this.o.op.primary!.resume;
    if (resume) this.lastCursor = this.o.startAfter ?? resume.initialAfter(this.o.variables) ?? (await this.feedPosition());
    if (!this.closed) this.connect();
  }

  add(s: Subscriber): void {
    this.subscribers.add(s);
  }

  /** Removes a subscriber; the last one closes the upstream (once). */
  remove(s: Subscriber): void {
    if (this.subscribers.delete(s) && this.subscribers.size === 0) this.close();
  }

  /** The subgraph's `connection_init` payload: who asks, signed by the gateway (fresh at each connect). */
  private async connectionParams(): Promise<Record<string, unknown>> {
    const p = this.o.context.principal;
    return p ? { [GATEWAY_CONTEXT_HEADER]: await signGatewayContext(p) } : {};
  }

  private connect(): void {
    void this.connectionParams().then(
      (params) => {
        if (!this.closed && !this.detaching) this.open(params);
      },
      (err) => this.enqueue(async () => this.fail([{ message: `Cannot sign the gateway context: ${(err as Error).message}` }])),
    );
  }

  private open(connectionParams: Record<string, unknown>): void {
    const primary = this.o.op.primary!;
    const variables: Record<string, unknown> = {};
    for (const v of primary.variableUsages) if (this.o.variables[v] !== undefined) variables[v] = this.o.variables[v];
    if (primary.resume) variables[RESUME_VARIABLE] = this.lastCursor;
    const up = new UpstreamConnection(
      { url: this.o.wsUrl, query: primary.query, variables, connectionParams, connectTimeoutMs: this.o.connectTimeoutMs },
      {
        next: (payload) => {
          if (this.upstream !== up) return;
          this.live = true;
          this.o.stats.events++;
          const cursor = (payload.data?.[primary.responseName] as Record<string, unknown> | null | undefined)?.[CURSOR_ALIAS];
          if (typeof cursor === 'string') this.lastCursor = cursor;
          this.enqueue(() => this.deliver(payload));
        },
        error: (errors) => {
          this.dropUpstream(up);
          this.enqueue(async () => this.fail(errors as GraphQLFormattedError[]));
        },
        complete: () => {
          this.dropUpstream(up);
          this.enqueue(async () => this.end());
        },
        lost: (reason, wasSubscribed) => {
          if (!this.dropUpstream(up)) return;
          this.retry(reason, wasSubscribed);
        },
      },
    );
    this.upstream = up;
    this.o.stats.upstreamSubscriptions++;
    this.o.stats.upstreamOpened++;
    up.start();
  }

  private retry(reason: string, wasSubscribed: boolean): void {
    const { serviceName } = this.o.op.primary!;
    if (wasSubscribed) {
      // It was working: a restart. Resume after the last cursor within the resume budget.
      this.downSince = Date.now();
      this.attempt = 0;
      this.o.logger.warn({ subgraph: serviceName, reason, after: this.lastCursor }, 'upstream subscription lost; resubscribing');
    }
    const budget = this.live || wasSubscribed ? (this.o.resumeTimeoutMs ?? 120_000) : (this.o.connectTimeoutMs ?? 5000);
    if (Date.now() - this.downSince >= budget) {
      this.enqueue(async () =>
        this.fail([
          {
            message: `The ${serviceName} subgraph is unavailable: ${reason}`,
            extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName },
          },
        ]),
      );
      return;
    }
    const delay = Math.min(100 * 2 ** this.attempt++, 2000) * (0.75 + Math.random() / 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.closed) this.connect();
    }, delay);
  }

  private async deliver(payload: { data?: Record<string, unknown> | null; errors?: unknown[] }): Promise<void> {
    if (this.closed || this.subscribers.size === 0) return;
    let result: { data?: unknown; errors?: unknown[] };
    if (payload.data) {
      const r = await this.o.executor.completeEvent(this.o.op, payload.data, this.o.variables, this.o.context);
      const errors = [...(payload.errors ?? []), ...(r.errors ?? []).map((e) => ('toJSON' in e ? e.toJSON() : e))];
      result = errors.length ? { data: r.data, errors } : { data: r.data };
    } else {
      result = { data: null, errors: payload.errors ?? [] };
    }
    if (this.closed) return;
    const frame = new SharedFrame(result);
    for (const s of this.subscribers) s.write(frame);
    this.o.stats.frames += this.subscribers.size;
  }

  private enqueue(task: () => Promise<void>): void {
    this.chain = this.chain.then(task).catch((err) => this.o.logger.error({ err }, 'subscription event failed'));
  }

  /** Forgets `up` if it is the current upstream; returns whether it was. */
  private dropUpstream(up: UpstreamConnection): boolean {
    if (this.upstream !== up) return false;
    this.upstream = null;
    this.o.stats.upstreamSubscriptions--;
    return true;
  }

  private fail(errors: readonly GraphQLFormattedError[]): void {
    const subs = [...this.subscribers];
    this.close();
    for (const s of subs) s.error(errors);
  }

  private end(): void {
    const subs = [...this.subscribers];
    this.close();
    for (const s of subs) s.complete();
  }

  /** The operation, its variables and context, for re-planning against a new supergraph. */
  get request(): Pick<TopicOptions, 'op' | 'variables' | 'context'> {
    return { op: this.o.op, variables: this.o.variables, context: this.o.context };
  }

  /**
   * Hands the subscribers over (a reload re-plans the topic): stops the upstream, delivers the events
   * already received, and closes without telling the subscribers. Returns them and the cursor of
   * the last event they got, to continue from.
   */
  async detach(): Promise<{ subscribers: Subscriber[]; cursor: string | null }> {
    this.detaching = true;
    const up = this.upstream;
    if (up && this.dropUpstream(up)) up.stop();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.chain;
    const subscribers = [...this.subscribers];
    const cursor = this.lastCursor;
    this.close();
    return { subscribers, cursor };
  }

  /** Closes the upstream and leaves the registry; idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const up = this.upstream;
    if (up && this.dropUpstream(up)) up.stop();
    this.subscribers.clear();
    this.o.onClosed(this);
  }

  private async feedPosition(): Promise<string | null> {
    try {
      const res = await fetch(this.o.healthUrl, { signal: AbortSignal.timeout(2000) });
      const body = (await res.json()) as { feedPosition?: unknown };
      return typeof body.feedPosition === 'string' && /^\d+$/.test(body.feedPosition) ? body.feedPosition : null;
    } catch {
      return null; // not one of ours, or down: the connect below reports it
    }
  }
}
