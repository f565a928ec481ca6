import { EventEmitter } from 'node:events';
import { GraphQLError } from 'graphql';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { Logger } from '../../log';
import { Backoff } from '../../retry';
import type { KitCatalog } from '../catalog';
import { OBSERVATION_COLUMNS, type ReadingRow, type ReadingSqlRow, toReading } from '../reading';
import { FeedStream } from './feed-stream';
import { type AlertRow, toAlert } from './alert';

export interface FeedFilter {
  unitCodes?: string[] | null;
  indicatorCodes?: string[] | null;
  /**
   * Resume after this cursor; omitted: only what comes from now on. A cursor this feed never issued
   * (its database was replaced, or another feed's) replays the outbox from its start.
   */
  after?: string | null;
}

export interface FeedHubOptions {
  url: string;
  schema: string;
  ds: DataSource;
  catalog: KitCatalog;
  logger: Logger;
  /**
   * Safety net: how often the outbox is sequenced even without a NOTIFY.
   * @default 1000
   */
  tickMs?: number;
  /** @default 500 */
  batchSize?: number;
}

/**
 * The subgraph's side of the live feed. Writers commit observations and outbox rows and send a
 * NOTIFY with no data; the hub's own listening connection wakes up, gives the new outbox rows their
 * `seq` in commit order (so ids that committed out of order are not skipped), and wakes the streams,
 * which read the outbox after their cursor. Reconnects and catches up after a database restart.
 * A writer may instead number its rows itself under the sequencer's lock, held until it commits
 * (the ingestion batch: no second write of every row), and NOTIFY the highest `seq` it gave.
 */
export class FeedHub {
  readonly channel: string;
  private head = 0n;
  /** The highest `seq` of a reading this hub knows committed (see {@link readingPosition}). */
  private readingHead = 0n;
  /**
   * Writes in a caller's transaction left for the sequencer ({@link noteUnsequenced}), and the
   * highest such mark a completed sequencing run started after: equal when none is left unnumbered.
   */
  private marks = { noted: 0, sequenced: 0 };
  private resets = 0;
  /**
   * Where open streams go back to after a reset a writer of this process found ({@link noteReset}):
   * the rows it numbered at or below the head may end up at or below a stream's cursor, which
   * neither `advance` nor {@link resetIfForeign} would take it back over once the numbering has
   * passed the old head again. `pendingRewind` waits for the writer's commit (see {@link advance}).
   */
  private readonly rewinds: bigint[] = [];
  private pendingRewind: bigint | null = null;
  private readonly events = new EventEmitter();
  private listener: Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private sequencing: Promise<void> | null = null;
  private disposed = false;
  private streams = 0;
  /** Where each open stream has read to, for the delivery-lag metric. */
  private readonly cursors = new Set<{ readonly cursor: bigint }>();

  constructor(private readonly options: FeedHubOptions) {
    this.channel = `${options.schema}_feed`;
    this.events.setMaxListeners(0);
  }

  async start(): Promise<void> {
    await this.sequenceNow();
    await this.listen();
    this.timer = setInterval(() => void this.sequenceNow().catch(() => undefined), this.options.tickMs ?? 1000);
    this.timer.unref();
  }

  /** Number of open streams (for /healthz and metrics). */
  get openStreams(): number {
    return this.streams;
  }

  get position(): string {
    return this.head.toString();
  }

  /**
   * Where the change feed will have announced every reading this hub knows committed: the highest
   * reading `seq` (not the head, which may end in alert rows: a stretch of only alerts gets no
   * change-feed event, so a gateway waiting for the head could wait for the next write). A mutation's
   * answer carries it (see feed-position.ts); null while a write left to the sequencer is not
   * numbered yet ({@link noteUnsequenced}).
   */
  get readingPosition(): string | null {
    return this.marks.sequenced === this.marks.noted ? this.readingHead.toString() : null;
  }

  /** A writer in a caller's transaction left outbox rows to the sequencer: {@link readingPosition} waits for a sequencing run started after this. */
  noteUnsequenced(): void {
    this.marks.noted++;
  }

  /**
   * Times this hub found its database numbering below what it had seen (a restored backup, a fresh
   * database, a sequence set back). A mutation during which it changed gets no feed position (see
   * feed-position.ts): a position from before the reset may already be behind a gateway's cursor.
   */
  get resetCount(): number {
    return this.resets;
  }

  /** A writer numbered `seq` at or below the head this hub had seen: its database was reset (see {@link resetCount}). */
  noteReset(seq: bigint): void {
    this.resets++;
    if (this.pendingRewind === null || seq - 1n < this.pendingRewind) this.pendingRewind = seq - 1n;
    this.options.logger.warn({ schema: this.options.schema, head: this.head.toString(), numbered: seq.toString() },
      'feed reset: a batch was numbered at or below the head this subgraph had seen (a restored backup or a sequence set back)');
  }

  /** How many sequenced outbox rows the furthest-behind open stream has yet to read (0 without streams). */
  get deliveryLag(): bigint {
    let lag = 0n;
    for (const c of this.cursors) if (this.head - c.cursor > lag) lag = this.head - c.cursor;
    return lag;
  }

  /** The advisory lock every writer of `seq` holds until it commits (see {@link advance}). */
  get sequenceLockKey(): string {
    return `${this.options.schema}.outbox_seq`;
  }

  /**
   * Moves the head to `seq` after a writer committed outbox rows numbered up to it while holding
   * {@link sequenceLockKey} (or a NOTIFY said one did): every lower `seq` was given out under the
   * same lock and committed before it, so no stream can skip a row — no database round trip.
   */
  advance(seq: bigint, reading = 0n): void {
    if (reading > this.readingHead) this.readingHead = reading;
    if (this.pendingRewind !== null) {
      // The writer that found a reset has committed: open streams read its rows again from there.
      this.rewinds.push(this.pendingRewind);
      this.pendingRewind = null;
      this.events.emit('advance');
    }
    if (seq > this.head) {
      this.head = seq;
      this.events.emit('advance');
    }
  }

  /**
   * Gives unsequenced outbox rows their `seq`, oldest first, one sequencer at a time per schema
   * (an advisory lock, so several replicas of a subgraph agree), then wakes the streams.
   */
  sequenceNow(): Promise<void> {
    // Coalesce concurrent calls: one runs, and one more follows to pick up what arrived meanwhile.
    const run = async () => {
      // What the hub had heard of before asking: every `seq` up to it was issued before this query.
      const before = this.head;
      const mark = this.marks.noted;
      const rows: { head: string; issued: string; reading: string }[] = await this.options.ds.transaction(async (em) => {
        await em.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [this.sequenceLockKey]);
        await em.query(`
          UPDATE outbox o SET seq = n.s
            FROM (SELECT id, nextval('outbox_seq') AS s FROM (SELECT id FROM outbox WHERE seq IS NULL ORDER BY id) q) n
           WHERE o.id = n.id`);
        return em.query(POSITION_SQL);
      });
      const head = BigInt(rows[0].head);
      const reading = BigInt(rows[0].reading);
      if (mark > this.marks.sequenced) this.marks.sequenced = mark;
      if (reading > this.readingHead) this.readingHead = reading;
      if (head > this.head) {
        this.head = head;
        this.events.emit('advance');
      } else if (BigInt(rows[0].issued) < before) {
        // The database was replaced under the running hub (a fresh one, a restored backup): its
        // sequence never reached what we had seen. Follow it; streams beyond it reset (see stream).
        this.options.logger.warn(
          { schema: this.options.schema, head: before.toString(), databaseHead: head.toString() },
          'feed reset: the database numbers its outbox below the head this subgraph had; following the database',
        );
        this.resets++;
        this.head = head;
        this.readingHead = reading;
        this.events.emit('advance');
      }
    };
    const next = (this.sequencing ?? Promise.resolve()).catch(() => undefined).then(run);
    // The chain itself never rejects: a failed run (database away) is the caller's to handle, and
    // an unobserved rejection here would crash the process.
    const settled: Promise<void> = next
      .catch(() => undefined)
      .finally(() => {
        if (this.sequencing === settled) this.sequencing = null;
      });
    this.sequencing = settled;
    return next;
  }

  /** Readings after the filter's cursor, then live ones, in order, without duplicates. */
  readings(filter: FeedFilter): AsyncIterableIterator<ReadingRow> {
    return this.stream(filter, 'reading', (r) => toReading(r, this.options.catalog));
  }

  /** Status changes against target, like {@link readings}. */
  alerts(filter: FeedFilter): AsyncIterableIterator<AlertRow> {
    return this.stream(filter, 'alert', toAlert);
  }

  /**
   * What changed, page by page: one {@link FeedChanges} per page of at most `batchSize` readings
   * read from the outbox after `after` (omitted: from now on), then live, in order. Its cursor is
   * where the page ends, so resuming after it misses nothing and repeats nothing; a page of only
   * alerts is skipped. The query cache's invalidation needs which units changed, not every reading:
   * one event per page instead of one per reading.
   * @throws InvalidCursorError when `after` is not a feed cursor
   */
  changes(after?: string | null): AsyncIterableIterator<FeedChanges> {
    return this.open<{ seq: string; unit_code: string }, FeedChanges>(
      after,
      'changes',
      (cursor, head, limit) =>
        this.options.ds.query(
          `SELECT x.seq, o.unit_code
             FROM outbox x JOIN observation o ON o.id = x.observation_id
            WHERE x.seq > $1 AND x.seq <= $2 AND x.kind = 'reading'
            ORDER BY x.seq LIMIT $3`,
          [cursor.toString(), head.toString(), limit],
        ),
      (rows, end) => (rows.length ? [{ cursor: end.toString(), unitCodes: [...new Set(rows.map((r) => r.unit_code))] }] : []),
    );
  }

  /**
   * A stream of pages after `after` (omitted: from the head on), then live, counted in
   * {@link openStreams} and the delivery lag while open: `read` gets the rows after the cursor up
   * to the head (at most `limit`), `emit` makes the stream's items of a page and where it ends.
   */
  private open<R extends { seq: string | number }, T>(
    after: string | null | undefined,
    kind: string,
    read: (cursor: bigint, head: bigint, limit: number) => Promise<R[]>,
    emit: (rows: R[], end: bigint) => T[],
  ): AsyncIterableIterator<T> {
    let cursor = parseCursor(after) ?? this.head;
    let rewound = this.rewinds.length;
    const limit = this.options.batchSize ?? 500;
    this.streams++;
    const position = { get cursor() { return cursor; } };
    this.cursors.add(position);
    return new FeedStream<T>(
      async () => {
        // Beyond the hub's head: a cursor of a replica whose NOTIFY has not reached us yet, or one
        // this database never issued (see resetIfForeign). Never wait silently for the latter.
        for (; rewound < this.rewinds.length; rewound++) if (cursor > this.rewinds[rewound]) cursor = this.rewinds[rewound];
        if (cursor > this.head) cursor = await this.resetIfForeign(cursor, kind);
        const head = this.head;
        if (cursor >= head) return [];
        const rows = await read(cursor, head, limit);
        cursor = rows.length === limit ? BigInt(rows[rows.length - 1].seq) : head;
        return emit(rows, cursor);
      },
      // Resolve at once if the head moved while the last fetch ran (its 'advance' was missed).
      () => (this.head > cursor || rewound < this.rewinds.length ? Promise.resolve() : new Promise<void>((resolve) => this.events.once('advance', resolve))),
      () => {
        this.streams--;
        this.cursors.delete(position);
      },
    );
  }

  private stream<T>(filter: FeedFilter, kind: 'reading' | 'alert', map: (row: FeedSqlRow) => T): AsyncIterableIterator<T> {
    const units = filter.unitCodes?.length ? filter.unitCodes : null;
    const indicators = filter.indicatorCodes?.length ? filter.indicatorCodes : null;
    return this.open<FeedSqlRow, T>(
      filter.after,
      kind,
      (cursor, head, limit) =>
        this.options.ds.query(
          `SELECT x.seq, x.payload, ${OBSERVATION_COLUMNS}
             FROM outbox x JOIN observation o ON o.id = x.observation_id
            WHERE x.seq > $1 AND x.seq <= $2 AND x.kind = $3
              AND ($4::text[] IS NULL OR o.unit_code = ANY($4))
              AND ($5::text[] IS NULL OR o.indicator_code = ANY($5))
            ORDER BY x.seq LIMIT $6`,
          [cursor.toString(), head.toString(), kind, units, indicators, limit],
        ),
      (rows) => rows.map(map),
    );
  }

  /**
   * A stream's cursor is beyond the hub's head: asks the database. A cursor its outbox sequence has
   * issued stays (the head moves up to what is committed, as a NOTIFY would have); one it never
   * issued means the feed was reset (the subgraph runs on a fresh or restored database) or the
   * cursor belongs to another feed. Waiting for the numbering to pass it would miss everything
   * until then, silently, so the stream replays the outbox from its start (paged like any
   * catch-up): a client may see cursors go back, and sees readings again rather than missing one.
   * @returns the cursor to read after (`0` on a reset)
   * @throws when the database is away (the stream retries with its cursor)
   */
  private async resetIfForeign(cursor: bigint, kind: string): Promise<bigint> {
    const rows: { head: string; issued: string }[] = await this.options.ds.query(POSITION_SQL);
    // Every row up to the highest committed `seq` is committed too (one numbering lock): safe to read.
    this.advance(BigInt(rows[0].head));
    const issued = BigInt(rows[0].issued);
    if (cursor <= issued) return cursor;
    this.options.logger.warn(
      { schema: this.options.schema, kind, after: cursor.toString(), head: rows[0].head, issued: issued.toString() },
      'feed reset: a stream resumes after a cursor this database never issued (restarted on a fresh or restored database, or a foreign cursor); replaying the outbox from its start',
    );
    return 0n;
  }

  private async listen(): Promise<void> {
    if (this.disposed) return;
    const client = new Client({ connectionString: this.options.url });
    // A writer that numbered its rows itself says up to where (see advance); an empty payload
    // means rows wait for the sequencer.
    client.on('notification', (msg) => {
      if (msg.payload && /^\d{1,19}$/.test(msg.payload)) this.advance(BigInt(msg.payload));
      else void this.sequenceNow().catch(() => undefined);
    });
    client.on('error', (err) => {
      this.options.logger.warn({ err: err.message }, 'feed listener lost its connection; reconnecting');
    });
    client.on('end', () => {
      // Only a listener that was up starts a reconnect loop (a failed attempt is the loop's own).
      if (this.listener !== client) return;
      this.listener = null;
      if (!this.disposed) void this.reconnect();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    if (this.disposed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
  }

  private async reconnect(): Promise<void> {
    const backoff = new Backoff({ initialMs: 250, maxMs: 5000 });
    while (!this.disposed) {
      await new Promise((r) => setTimeout(r, backoff.next()));
      try {
        await this.listen();
        await this.sequenceNow(); // catch up on what was written while we were away
        this.options.logger.info('feed listener reconnected');
        return;
      } catch {
        // still away
      }
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.timer) clearInterval(this.timer);
    this.events.emit('advance');
    const l = this.listener;
    this.listener = null;
    await l?.end().catch(() => undefined);
    await this.sequencing?.catch(() => undefined);
  }
}

/** One page of the change feed (see {@link FeedHub.changes}). */
export interface FeedChanges {
  /** Where the page ends: pass it as `after` to resume. */
  cursor: string;
  /** The distinct units of the page's readings. */
  unitCodes: string[];
}

export interface FeedSqlRow extends ReadingSqlRow {
  payload: Record<string, unknown> | null;
}

/**
 * The feed's position in the database: `head`, the highest committed `seq`, `issued`, the
 * highest the outbox sequence has handed out (0 before its first), committed or not, and
 * `reading`, the highest committed `seq` of a reading (alerts follow their readings: a short walk
 * down the `seq` index).
 */
const POSITION_SQL = `SELECT coalesce(max(seq), 0) AS head,
  (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM outbox_seq) AS issued,
  (SELECT coalesce(max(seq), 0) FROM outbox WHERE kind = 'reading') AS reading FROM outbox`;

function parseCursor(after: string | null | undefined): bigint | null {
  if (after === null || after === undefined || after === '') return null;
  if (!/^\d{1,19}$/.test(after)) throw new InvalidCursorError(after);
  return BigInt(after);
}

/** A client error: `after` is not a cursor this feed gave out. */
export class InvalidCursorError extends GraphQLError {
  constructor(cursor: string) {
    super(`"${cursor}" is not a feed cursor: pass the cursor of a reading received earlier`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
}
