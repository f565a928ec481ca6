import { Supergraph, baseType } from '@apollo/federation-internals';
import { CHANGE_FEED_PATH, CHANGE_FEED_SUBSCRIPTION, CHANGE_FEED_VERSION, GATEWAY_CONTEXT_HEADER, GATEWAY_QUERY_CACHE_SUBJECT, type Logger } from '@ioc-graph/kit/internal';
import { contextHeaderFor } from '../auth';
import { type Upstream, type UpstreamFactory, type UpstreamLoss, wsUpstreamFactory } from '../subscriptions/upstream';
import type { QueryCache } from './query-cache';
import { UnitTree, unitsSource } from './unit-tree';

export interface InvalidationStreamsOptions {
  supergraphSdl: string;
  cache: QueryCache;
  logger: Logger;
  /**
   * Keep-alive of each stream, in ms: a graphql-ws ping this often, and a stream that hears nothing
   * for two intervals (a frozen subgraph, a cut network) is lost: its subgraph is bypassed until it
   * is back. Bounds how long a stalled stream can leave entries that an unseen event changed.
   * @default 5000 ({@link DEFAULT_PING_INTERVAL_MS})
   */
  pingIntervalMs?: number;
  /** First wait before reconnecting a lost stream, doubled up to {@link maxRetryMs}, in ms. @default 250 */
  retryMs?: number;
  /** @default 5000 */
  maxRetryMs?: number;
  /** Makes the upstream subscriptions (a fake in unit tests). @default wsUpstreamFactory */
  upstreams?: UpstreamFactory;
  /**
   * Reads a subgraph's feed position (the cursor of its last sequenced event) and whether it serves
   * the change feed, before each subscription (a fake in unit tests; a bare position: no change
   * feed). @default {@link readFeedPosition} (its `/healthz`)
   * @throws when the subgraph has no readable position: the stream waits and tries again
   */
  feedPosition?: (source: FeedSource) => Promise<string | FeedAnchor>;
  /**
   * The signed context the change feed requires (`connection_init`), or null when the gateway has
   * none for the subgraph (then its readings feed is used). @default {@link cacheContext}
   */
  contextFor?: (source: FeedSource) => Promise<string | null>;
}

/** Where a stream subscribes after, and with which feed. */
export interface FeedAnchor {
  /** The cursor of the subgraph's last sequenced event. */
  position: string;
  /** The subgraph serves the change feed (its `/healthz` says `changeFeed: 1`): one event per page of readings. */
  changeFeed: boolean;
}

/**
 * Which feed a stream reads: `changes`, the kit's change feed (one event per page of up to 500
 * readings, with their distinct units: invalidation costs O(pages)), or `readings`, the public
 * readings subscription (one event per reading), for a subgraph whose kit predates the change feed.
 */
export type FeedKind = 'changes' | 'readings';

/**
 * A stream's state. The cache serves its subgraph only while `live`:
 * `idle` (made, not started) → `positioning` (reading the subgraph's feed position) → `connecting`
 * (socket, `connection_init`, not yet acknowledged) → `live` (acknowledged, the subscription sent,
 * replaying everything after the position) → on a loss `waiting` (backoff, then `positioning` again,
 * resuming after `cursor`) … → `disposed` (removed from the supergraph, or the gateway stops).
 */
export type StreamState =
  | { kind: 'idle' }
  | { kind: 'positioning'; abort: AbortController }
  | { kind: 'connecting'; upstream: Upstream }
  | { kind: 'live'; upstream: Upstream }
  | { kind: 'waiting'; timer: NodeJS.Timeout; reason: string }
  | { kind: 'disposed' };

/** Keep-alive of the invalidation streams, in ms (see {@link InvalidationStreamsOptions.pingIntervalMs}). */
export const DEFAULT_PING_INTERVAL_MS = 5_000;

/** A subgraph that can tell the gateway what changed: its readings subscription field. */
export interface FeedSource {
  name: string;
  /** Its GraphQL URL over HTTP (its `/healthz` is beside it). */
  url: string;
  wsUrl: string;
  /** The `Subscription` field of this subgraph whose type implements `Reading` (e.g. `governanceReadings`, a partner's `<prefix>Readings`). */
  field: string;
}

/** The gateway's signed context for a subgraph's change feed (a viewer: it reads no more than anyone may); null without a secret for it. */
export function cacheContext(source: FeedSource): Promise<string | null> {
  return contextHeaderFor(source.name, { subject: GATEWAY_QUERY_CACHE_SUBJECT, roles: ['viewer'] }).catch(() => null);
}

/** The subgraphs of a supergraph that serve a readings feed; the others are never cached (nothing would invalidate them). */
export function feedSources(supergraphSdl: string): FeedSource[] {
  const out: FeedSource[] = [];
  for (const s of Supergraph.build(supergraphSdl).subgraphs()) {
    const root = s.schema.schemaDefinition.root('subscription')?.type;
    const field = root?.fields().find((f) => {
      const t = f.type && baseType(f.type);
      return t?.kind === 'ObjectType' && t.implementsInterface('Reading');
    });
    if (field) out.push({ name: s.name, url: s.url, wsUrl: s.url.replace(/^http/, 'ws'), field: field.name });
  }
  return out;
}

/**
 * A subgraph's feed position from its anonymous `/healthz` (`feedPosition`, beside its GraphQL path):
 * the cursor of its last sequenced outbox event; and whether it serves the change feed (`changeFeed`).
 * @throws when it does not answer 200 with a numeric `feedPosition` within 5 s
 */
export async function readFeedPosition(source: FeedSource, signal?: AbortSignal): Promise<FeedAnchor> {
  const res = await fetch(new URL('healthz', source.url), {
    headers: { accept: 'application/json' },
    signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(5_000)]) : AbortSignal.timeout(5_000),
  });
  const body = (await res.json().catch(() => null)) as { feedPosition?: unknown; changeFeed?: unknown } | null;
  const position = body?.feedPosition;
  if (res.status !== 200 || typeof position !== 'string' || !/^\d{1,19}$/.test(position)) {
    throw new Error(`no feed position on its /healthz (HTTP ${res.status})`);
  }
  return { position, changeFeed: body?.changeFeed === CHANGE_FEED_VERSION };
}

/**
 * One invalidation subscription per subgraph: its readings feed with no filter, over graphql-ws.
 * Every event drops the subgraph's entries it touches; a lost or stalled stream drops them all and
 * bypasses the cache for that subgraph until the stream is acknowledged again (resuming after the
 * last cursor, so no event is missed while it was away). Each gateway replica keeps its own streams,
 * so a subgraph's writes reach every replica's cache. Follows supergraph reloads ({@link update}).
 * Own code rather than graphql-ws's client: it reuses the gateway's upstream client, whose
 * connection state (and resume cursor) this owner drives.
 */
export class InvalidationStreams {
  private readonly streams = new Map<string, InvalidationStream>();
  private tree: UnitTree;

  constructor(private readonly options: InvalidationStreamsOptions) {
    this.tree = new UnitTree(unitsSource(options.supergraphSdl), options.logger);
    this.update(options.supergraphSdl, []);
  }

  /**
   * Follows a newly served supergraph: a new subgraph with a readings feed gets a stream, a removed
   * one (or one that lost its feed) has its stream disposed and its entries dropped, one whose URL or
   * feed field changed is subscribed afresh (entries dropped). Every subgraph in `changed` (schema or
   * URL changed) has its entries dropped: its answers may differ now.
   */
  update(supergraphSdl: string, changed: readonly string[]): void {
    const next = new Map(feedSources(supergraphSdl).map((s) => [s.name, s]));
    for (const [name, stream] of this.streams) {
      const s = next.get(name);
      if (s && s.wsUrl === stream.source.wsUrl && s.field === stream.source.field) continue;
      stream.dispose();
      this.streams.delete(name);
    }
    for (const [name, source] of next) {
      if (this.streams.has(name)) continue;
      const stream = new InvalidationStream(source, this.options, this.tree);
      this.streams.set(name, stream);
      stream.start();
    }
    const units = unitsSource(supergraphSdl);
    if (units !== this.tree.url) {
      this.tree.dispose();
      this.tree = new UnitTree(units, this.options.logger);
      for (const s of this.streams.values()) s.useTree(this.tree);
      this.tree.refresh();
    }
    for (const name of changed) this.options.cache.invalidate(name);
  }

  /**
   * After a reload (the gateway's context secrets are read again then): each stream whose change
   * feed refused this gateway tries it again — a secret fixed or rotated since would otherwise leave
   * it on the dearer readings feed until the gateway restarts.
   */
  retryRefusedChangeFeeds(): void {
    for (const s of this.streams.values()) s.retryChangeFeed();
  }

  /** Per subgraph with a feed: its stream's state (`positioning`, `connecting`, `live`, `waiting`). */
  snapshot(): Record<string, string> {
    return Object.fromEntries([...this.streams].map(([name, s]) => [name, s.state.kind]));
  }

  /** Per subgraph with a feed: the feed its stream reads (or last chose), `changes` or `readings`; null before its first choice. */
  feeds(): Record<string, FeedKind | null> {
    return Object.fromEntries([...this.streams].map(([name, s]) => [name, s.feed]));
  }

  dispose(): void {
    this.tree.dispose();
    for (const s of this.streams.values()) s.dispose();
    this.streams.clear();
  }
}

/** The invalidation stream of one subgraph (see {@link InvalidationStreams}). */
export class InvalidationStream {
  state: StreamState = { kind: 'idle' };
  /** The last feed cursor seen: a reconnect resumes after it. Both feeds' cursors are outbox positions. */
  private cursor: string | null = null;
  /** The feed chosen at the last positioning (see {@link FeedKind}). */
  feed: FeedKind | null = null;
  /** The change feed refused this gateway (its upgrade or `connection_init`): the readings feed from then on. */
  private changesRefused = false;
  private retryMs: number;

  constructor(
    readonly source: FeedSource,
    private readonly o: Omit<InvalidationStreamsOptions, 'supergraphSdl'>,
    private tree: { selfAndAncestors(code: string): ReadonlySet<string> | null; refresh(): void },
  ) {
    this.retryMs = o.retryMs ?? 250;
  }

  /**
   * Forgets that the change feed refused this gateway and, if the stream reads the readings feed
   * because of it, subscribes again (the subgraph is bypassed until the stream is back, as after a
   * loss; a change feed that still refuses sends it back to the readings feed).
   */
  retryChangeFeed(): void {
    if (!this.changesRefused) return;
    this.changesRefused = false;
    if (this.state.kind === 'live' || this.state.kind === 'connecting') this.lost(this.state.upstream, 'trying the change feed again after a reload');
  }

  useTree(tree: { selfAndAncestors(code: string): ReadonlySet<string> | null; refresh(): void }): void {
    this.tree = tree;
  }

  /**
   * Reads the subgraph's feed position, then subscribes after it (the subgraph is bypassed until the
   * subgraph acknowledges). Without the position a first subscription would start at the feed's head
   * when the subgraph handles it, one round trip after the acknowledgement that makes the stream
   * live: a write committed in between would never be announced, and an answer cached meanwhile
   * would stay stale. After the position, it is replayed. No readable position: not cached, retried.
   */
  start(): void {
    if (this.state.kind === 'disposed') return;
    const abort = new AbortController();
    this.state = { kind: 'positioning', abort };
    const read = this.o.feedPosition ?? ((s: FeedSource) => readFeedPosition(s, abort.signal));
    const mine = () => this.state.kind === 'positioning' && this.state.abort === abort;
    read(this.source)
      .then(async (anchor) => {
        const { position, changeFeed } = typeof anchor === 'string' ? { position: anchor, changeFeed: false } : anchor;
        const context = changeFeed && !this.changesRefused ? await (this.o.contextFor ?? cacheContext)(this.source) : null;
        return { position, context };
      })
      .then(
        ({ position, context }) => {
          if (!mine()) return;
          // Resumed: after the last cursor seen, unless the feed is now behind it (its database was replaced).
          if (this.cursor === null || !atOrBefore(this.cursor, position)) this.cursor = position;
          this.connect(context);
        },
        (err: unknown) => {
          if (mine()) this.retry(`cannot read its feed position: ${(err as Error).message}`, true);
        },
      );
  }

  /**
   * Subscribes after `cursor`: to the change feed with `context` (the gateway's signed context it
   * requires), else to the readings feed. Only the subscription and the event's mapping differ.
   */
  private connect(context: string | null): void {
    const { source, o } = this;
    const feed: FeedKind = (this.feed = context === null ? 'readings' : 'changes');
    const [url, query, field] =
      feed === 'changes'
        ? [`${source.wsUrl}/${CHANGE_FEED_PATH}`, CHANGE_FEED_SUBSCRIPTION, 'changes']
        : [source.wsUrl, `subscription IocCacheInvalidation($after: ID) { ${source.field}(after: $after) { cursor unitCode } }`, source.field];
    const upstream: Upstream = (o.upstreams ?? wsUpstreamFactory)(
      {
        url,
        query,
        variables: this.cursor ? { after: this.cursor } : {},
        pingIntervalMs: o.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS,
        ...(context === null ? {} : { connectionParams: { [GATEWAY_CONTEXT_HEADER]: context } }),
      },
      {
        acknowledged: () => this.acknowledged(upstream),
        next: (payload) => {
          if (!this.owns(upstream)) return;
          const event = payload.data?.[field] as { cursor?: unknown; unitCode?: unknown; unitCodes?: unknown } | null | undefined;
          if (typeof event?.cursor === 'string') {
            // Cursors only grow on one feed: one at or before the last means the subgraph's feed was
            // reset (a fresh or restored database) under this stream, so any answer cached of it may be stale.
            if (this.cursor !== null && atOrBefore(event.cursor, this.cursor)) {
              o.logger.warn({ subgraph: source.name, after: this.cursor, cursor: event.cursor }, 'query cache: the subgraph\'s feed was reset; dropping its entries');
              o.cache.invalidate(source.name);
              // Positions of writes waiting were given by the old numbering: they fall back.
              o.cache.writes.lost(source.name, 'reset');
            }
            this.cursor = event.cursor;
          }
          o.cache.invalidate(source.name, feed === 'changes' ? this.unitsOf(event?.unitCodes) : typeof event?.unitCode === 'string' ? this.tree.selfAndAncestors(event.unitCode) : null);
          // After the drop: a write waiting for this position may answer now (read-your-writes).
          if (feed === 'changes' && this.state.kind === 'live' && this.cursor !== null) o.cache.writes.at(source.name, this.cursor);
        },
        error: (errors) => {
          if (!this.owns(upstream)) return;
          // A cursor the subgraph no longer knows (its database was replaced): start afresh.
          this.cursor = null;
          this.lost(upstream, `refused: ${JSON.stringify(errors).slice(0, 200)}`, true);
        },
        complete: () => this.lost(upstream, 'completed by the subgraph'),
        lost: (loss: UpstreamLoss) => {
          // The change feed refused us (4401/4403: no or another context secret; an upgrade answered
          // with a 4xx: a proxy that does not route its path): its readings feed says the same, one event per reading.
          // A 5xx (503 from a subgraph draining for a restart, 502/504 from a proxy meanwhile) is transient: retried as is.
          if (feed === 'changes' && !loss.acknowledged && this.owns(upstream) && (loss.kind === 'fatal' || /Unexpected server response: 4\d\d/.test(loss.reason))) {
            this.changesRefused = true;
            o.logger.warn({ subgraph: source.name, reason: loss.reason }, 'query cache: the change feed refused this gateway; invalidating from the readings feed (one event per reading)');
            return this.lost(upstream, loss.reason);
          }
          this.lost(upstream, loss.reason, loss.kind === 'fatal');
        },
      },
    );
    this.state = { kind: 'connecting', upstream };
    upstream.start();
  }

  /** The units a page of the change feed touched, with their ancestors; null (the whole subgraph) when one is unknown or the event is malformed. */
  private unitsOf(codes: unknown): ReadonlySet<string> | null {
    if (!Array.isArray(codes)) return null;
    const out = new Set<string>();
    for (const code of codes) {
      const units = typeof code === 'string' ? this.tree.selfAndAncestors(code) : null;
      if (!units) return null;
      for (const u of units) out.add(u);
    }
    return out;
  }

  /** Stops the stream for good and bypasses its subgraph (its entries dropped). */
  dispose(): void {
    const s = this.state;
    if (s.kind === 'disposed') return;
    if (s.kind === 'waiting') clearTimeout(s.timer);
    else if (s.kind === 'positioning') s.abort.abort();
    else if (s.kind !== 'idle') s.upstream.stop();
    this.state = { kind: 'disposed' };
    this.o.cache.setLive(this.source.name, false);
  }

  private owns(upstream: Upstream): boolean {
    return (this.state.kind === 'connecting' || this.state.kind === 'live') && this.state.upstream === upstream;
  }

  /**
   * The subgraph acknowledged and the subscription went out on the same socket: from here on its
   * events reach us (those after `cursor`, the position read before connecting or the last cursor
   * seen, are replayed first), so the cache may serve the subgraph.
   */
  private acknowledged(upstream: Upstream): void {
    if (this.state.kind !== 'connecting' || this.state.upstream !== upstream) return;
    this.state = { kind: 'live', upstream };
    this.retryMs = this.o.retryMs ?? 250;
    this.o.cache.setLive(this.source.name, true, this.source.field);
    // Writes wait for the change feed only: the readings feed is the way of older kits and of a
    // gateway the change feed refused, and its writes drop the subgraph's entries, as before.
    if (this.feed === 'changes' && this.cursor !== null) this.o.cache.writes.at(this.source.name, this.cursor);
    else this.o.cache.writes.lost(this.source.name, 'not-live');
    this.tree.refresh();
    this.o.logger.debug({ subgraph: this.source.name }, 'query cache: invalidation stream live');
  }

  /** @param refused the subgraph refused the stream (a fatal close code, GraphQL errors): said even if it never went live */
  private lost(upstream: Upstream, reason: string, refused = false): void {
    if (!this.owns(upstream)) return;
    const wasLive = this.state.kind === 'live';
    upstream.stop();
    // Never serve what an unseen event may have changed: drop all and bypass until back.
    this.o.cache.setLive(this.source.name, false);
    if (wasLive || refused) this.o.logger.warn({ subgraph: this.source.name, reason }, 'query cache: invalidation stream lost; bypassing the cache for this subgraph');
    this.retry(reason);
  }

  /** Waits (doubling up to the maximum) and starts again; the subgraph stays bypassed meanwhile. */
  private retry(reason: string, warn = false): void {
    // Said once per run of failures, not at every attempt.
    if (warn && this.retryMs === (this.o.retryMs ?? 250)) this.o.logger.warn({ subgraph: this.source.name, reason }, 'query cache: bypassing the cache for this subgraph until its feed position can be read');
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, this.o.maxRetryMs ?? 5_000);
    this.state = { kind: 'waiting', reason, timer: setTimeout(() => this.start(), wait) };
  }
}

/** Whether feed cursor `a` is at or before `b` (both decimal `seq`s; anything else: not comparable, false). */
function atOrBefore(a: string, b: string): boolean {
  try {
    return BigInt(a) <= BigInt(b);
  } catch {
    return false;
  }
}
