import { Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { FeedHub } from '../kit/feed/feed-hub';
import { metrics } from './metrics';

/** What a subgraph's feed metrics read: its hub, and its database for the outbox's unsequenced rows. */
export interface FeedMetricsSource {
  schema: string;
  hub: Pick<FeedHub, 'position' | 'openStreams' | 'deliveryLag'>;
  ds: Pick<DataSource, 'query'>;
}

const sources = new Set<FeedMetricsSource>();
/** A scrape must answer even when the database does not. */
const OUTBOX_QUERY_TIMEOUT_MS = 1000;

function perSchema(name: string, help: string, read: (s: FeedMetricsSource) => number): Gauge<'schema'> {
  return new Gauge({
    name, help, labelNames: ['schema'] as const, registers: [metrics.registry],
    collect() {
      this.reset();
      for (const s of sources) this.set({ schema: s.schema }, read(s));
    },
  });
}

perSchema('ioc_feed_head_seq', 'The last outbox seq the feed has sequenced (the live feed cursor)', (s) => Number(s.hub.position));
perSchema('ioc_feed_open_streams', 'Open live-feed streams (subscriptions served by this subgraph)', (s) => s.hub.openStreams);
perSchema('ioc_feed_delivery_lag', 'Outbox rows between the head and the furthest-behind open stream (0: every stream is caught up)', (s) => Number(s.hub.deliveryLag));

/** Both outbox gauges come from one query per scrape and schema, shared by their collect() calls. */
let outboxRead: { at: number; rows: Promise<Map<FeedMetricsSource, OutboxRow | null>> } | null = null;
function readOutboxes(): Promise<Map<FeedMetricsSource, OutboxRow | null>> {
  if (outboxRead && Date.now() - outboxRead.at < 1000) return outboxRead.rows;
  const rows = Promise.all(
    [...sources].map(async (s) => [s, await readOutbox(s).catch(() => null)] as const), // database away: no sample
  ).then((entries) => new Map(entries));
  outboxRead = { at: Date.now(), rows };
  return rows;
}

function perSchemaOutbox(name: string, help: string, read: (row: OutboxRow) => number): Gauge<'schema'> {
  return new Gauge({
    name, help, labelNames: ['schema'] as const, registers: [metrics.registry],
    async collect() {
      const rows = await readOutboxes();
      this.reset();
      for (const [s, row] of rows) if (row) this.set({ schema: s.schema }, read(row));
    },
  });
}

perSchemaOutbox('ioc_outbox_unsequenced', 'Outbox rows committed but not yet given a seq (waiting for the sequencer)', (r) => r.pending);
perSchemaOutbox('ioc_outbox_lag_seconds', 'Age of the oldest outbox row not yet sequenced (0: none waiting)', (r) => r.ageSeconds);

interface OutboxRow { pending: number; ageSeconds: number }

async function readOutbox(s: FeedMetricsSource): Promise<OutboxRow> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('outbox query timed out')), OUTBOX_QUERY_TIMEOUT_MS);
  });
  try {
    // The partial index outbox_unsequenced keeps this cheap however long the outbox is.
    const rows: { pending: string; age: number | null }[] = await Promise.race([
      s.ds.query(
        `SELECT count(*) AS pending, extract(epoch FROM now() - min(created_at))::float8 AS age FROM outbox WHERE seq IS NULL`,
      ),
      timeout,
    ]);
    return { pending: Number(rows[0].pending), ageSeconds: Math.max(0, rows[0].age ?? 0) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Exposes a subgraph's feed on `/metrics`: `ioc_feed_head_seq`, `ioc_feed_open_streams`,
 * `ioc_feed_delivery_lag`, `ioc_outbox_unsequenced` and `ioc_outbox_lag_seconds`, all `{schema}`,
 * read at scrape time. Returns `dispose()`, which stops reading them.
 */
export function observeFeed(source: FeedMetricsSource): { dispose(): void } {
  sources.add(source);
  return { dispose: () => void sources.delete(source) };
}

