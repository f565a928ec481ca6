import { FEED_POSITION_HEADER, metrics } from '@ioc-graph/kit/internal';
import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen } from 'cockatiel';
import { Pool } from 'undici';
import { SubgraphFetchError, toSubgraphError } from './subgraph-errors';

export interface SubgraphClientOptions {
  /** The subgraph's name, as supergraph.yaml lists it; errors and logs name it. */
  name: string;
  /** Its GraphQL endpoint (routing_url). */
  url: string;
  /** Budget of one call, the retry included, in ms. @default 10000 */
  timeoutMs?: number;
  /** Failures in a row that open the circuit. @default 5 */
  breakerThreshold?: number;
  /** How long an open circuit refuses calls before it lets one probe through, in ms. @default 2000 */
  halfOpenAfterMs?: number;
  /** Share one response between identical calls in flight (never for mutations). @default true */
  dedupe?: boolean;
  /** Keep-alive connections to the subgraph. @default 128 */
  connections?: number;
  /** Told of every failed call (for the log), with the transport's own detail. */
  onFailure?: (error: SubgraphFetchError, cause: unknown) => void;
}

/** What a subgraph answered: the status and the raw body (each caller parses its own copy). */
export interface SubgraphResponse {
  status: number;
  body: string;
  /** Its change feed's position after a mutation's writes (the kit's `x-ioc-feed-position`), if it said one. */
  feedPosition?: string;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

const STATES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'open',
};

export const DEFAULT_SUBGRAPH_TIMEOUT_MS = 10_000;

/**
 * HTTP calls to one subgraph, bounded: a pool of keep-alive connections (undici), one deadline per
 * call, at most one retry for operations that may be repeated (queries) on connection errors and
 * 502/503/504, and a circuit breaker (cockatiel) so that a dead subgraph costs milliseconds rather
 * than a timeout per request. Identical calls in flight (same body and headers) share one response.
 */
export class SubgraphClient {
  readonly name: string;
  readonly url: string;
  readonly timeoutMs: number;
  private readonly pool: Pool;
  private readonly path: string;
  private readonly breaker;
  private readonly inflight = new Map<string, Promise<SubgraphResponse>>();
  private lastFailure: string | undefined;
  /** Calls answered by another identical call in flight. */
  dedupeHits = 0;

  constructor(private readonly options: SubgraphClientOptions) {
    const url = new URL(options.url);
    this.name = options.name;
    this.url = options.url;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_SUBGRAPH_TIMEOUT_MS;
    this.path = `${url.pathname}${url.search}`;
    this.pool = new Pool(url.origin, {
      connections: options.connections ?? 128,
      keepAliveTimeout: 30_000,
      connect: { timeout: Math.min(this.timeoutMs, 5_000) },
    });
    this.breaker = circuitBreaker(handleWhen((err) => err instanceof SubgraphFetchError), {
      halfOpenAfter: options.halfOpenAfterMs ?? 2_000,
      breaker: new ConsecutiveBreaker(options.breakerThreshold ?? 5),
    });
    this.breaker.onReset(() => (this.lastFailure = undefined));
  }

  /** closed (calls go through), open (refused at once), half-open (one probe decides). */
  get state(): BreakerState {
    return STATES[this.breaker.state];
  }

  /** Why the last call failed, while the circuit is not closed again. */
  get failure(): string | undefined {
    return this.lastFailure;
  }

  /**
   * Posts a GraphQL request body.
   * @param repeatable a query (retried once, shared in flight); false for mutations
   * @throws SubgraphFetchError when no GraphQL answer came (unreachable, timeout, circuit open)
   */
  post(body: string, headers: Record<string, string>, repeatable: boolean): Promise<SubgraphResponse> {
    if (!repeatable || this.options.dedupe === false) return this.call(body, headers, repeatable);
    const key = `${headers['x-ioc-context'] ?? ''}\n${headers.authorization ?? ''}\n${body}`;
    const shared = this.inflight.get(key);
    if (shared) {
      this.dedupeHits++;
      metrics.dedupeHits.inc({ kind: 'outbound' });
      return shared;
    }
    const p: Promise<SubgraphResponse> = this.call(body, headers, repeatable).finally(() => {
      if (this.inflight.get(key) === p) this.inflight.delete(key);
    });
    this.inflight.set(key, p);
    return p;
  }

  /**
   * New calls stop joining the calls in flight (they keep running for their callers): after a write,
   * a call that started before it may answer what the write changed.
   */
  detachInflight(): void {
    this.inflight.clear();
  }

  private async call(body: string, headers: Record<string, string>, repeatable: boolean): Promise<SubgraphResponse> {
    try {
      return await this.breaker.execute(() => this.withDeadline(body, headers, repeatable));
    } catch (err) {
      if (err instanceof BrokenCircuitError) {
        throw new SubgraphFetchError('SUBGRAPH_UNAVAILABLE', this.name,
          `Subgraph "${this.name}" is unavailable: its circuit is open after repeated failures${this.lastFailure ? ` (${this.lastFailure})` : ''}`);
      }
      throw err;
    }
  }

  private async withDeadline(body: string, headers: Record<string, string>, repeatable: boolean): Promise<SubgraphResponse> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.timeoutMs);
    try {
      try {
        return await this.once(body, headers, abort.signal);
      } catch (err) {
        const failure = this.classify(err, abort.signal);
        if (!repeatable || !failure.retryable || abort.signal.aborted) throw this.failed(failure, err);
        try {
          return await this.once(body, headers, abort.signal);
        } catch (again) {
          throw this.failed(this.classify(again, abort.signal), again);
        }
      }
    } finally {
      clearTimeout(timer);
    }
  }

  private async once(body: string, headers: Record<string, string>, signal: AbortSignal): Promise<SubgraphResponse> {
    const res = await this.pool.request({
      path: this.path, method: 'POST', body, signal,
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
    });
    const text = await res.body.text();
    if (res.statusCode === 502 || res.statusCode === 503 || res.statusCode === 504) {
      throw new SubgraphFetchError('SUBGRAPH_UNAVAILABLE', this.name, `Subgraph "${this.name}" is unavailable: it answered HTTP ${res.statusCode}`, true);
    }
    const position = res.headers[FEED_POSITION_HEADER];
    return typeof position === 'string' ? { status: res.statusCode, body: text, feedPosition: position } : { status: res.statusCode, body: text };
  }

  private classify(err: unknown, signal: AbortSignal): SubgraphFetchError {
    if (signal.aborted) {
      return new SubgraphFetchError('SUBGRAPH_TIMEOUT', this.name, `Subgraph "${this.name}" did not answer within ${this.timeoutMs} ms`);
    }
    return toSubgraphError(err, this.name);
  }

  private failed(error: SubgraphFetchError, cause: unknown): SubgraphFetchError {
    this.lastFailure = error.code === 'SUBGRAPH_TIMEOUT' ? 'timeout' : error.message.replace(/^Subgraph "[^"]*" is unavailable:? ?/, '') || 'unavailable';
    this.options.onFailure?.(error, cause);
    return error;
  }

  async dispose(): Promise<void> {
    await this.pool.destroy();
  }
}
