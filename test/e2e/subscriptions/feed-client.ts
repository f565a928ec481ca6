import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { gql } from '../../support/system';

/** A subscription as a test watches it: what arrived, how it ended. */
export interface Feed<T = Record<string, unknown>> {
  received: T[];
  errors: unknown[] | null;
  completed: boolean;
  closeCode: number | null;
  /** Waits until `pred` holds (generous timeout, no timing assertion). */
  until(pred: (f: Feed<T>) => boolean, what: string, timeoutMs?: number): Promise<void>;
  dispose(): Promise<void>;
}

/** Subscribes with graphql-ws (the client a wall screen uses), without retries. */
export function subscribe<T = Record<string, unknown>>(
  wsUrl: string,
  query: string,
  variables?: Record<string, unknown>,
  connectionParams?: Record<string, unknown>,
): Feed<T> {
  const client: Client = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: true,
    on: { closed: (e) => void (feed.closeCode = (e as { code?: number }).code ?? null) },
  });
  const feed: Feed<T> = {
    received: [],
    errors: null,
    completed: false,
    closeCode: null,
    until: (pred, what, timeoutMs = 40_000) => waitFor(() => pred(feed), what, timeoutMs),
    dispose: async () => {
      unsubscribe();
      await client.dispose();
    },
  };
  const unsubscribe = client.subscribe<T>(
    { query, variables },
    {
      next: (v) => void feed.received.push(v.data as T),
      error: (e) => void (feed.errors = Array.isArray(e) ? e : [e]),
      complete: () => void (feed.completed = true),
    },
  );
  return feed;
}

export async function waitFor(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 40_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The gateway's subscription counters (from /healthz). */
export async function gatewayStats(gatewayUrl: string): Promise<{ upstreamSubscriptions: number; upstreamOpened: number; topics: number; subscribers: number; clients: number }> {
  const res = await fetch(gatewayUrl.replace('/graphql', '/healthz'));
  return ((await res.json()) as { subscriptions: never }).subscriptions;
}

/** Open feed streams of a subgraph (from its /healthz). */
export async function subgraphStreams(subgraphUrl: string): Promise<number> {
  const res = await fetch(subgraphUrl.replace('/graphql', '/healthz'));
  return ((await res.json()) as { openStreams: number }).openStreams;
}

export const REPORT_GOVERNANCE = `mutation ($input: [ObservationInput!]!) {
  reportGovernanceObservations(input: $input) { imported updated rejected rows { outcome reason cursor } }
}`;

/** Reports one governance observation; returns the cursor of the stored reading. */
export async function reportGovernance(
  gatewayUrl: string,
  headers: Record<string, string>,
  row: { indicatorCode: string; unitCode: string; period: string; value: number },
): Promise<string> {
  const res = await gql<{ reportGovernanceObservations: { rows: { outcome: string; reason: string | null; cursor: string | null }[] } }>(
    gatewayUrl, REPORT_GOVERNANCE, { input: [row] }, headers,
  );
  const r = res.data?.reportGovernanceObservations.rows[0];
  if (!r?.cursor) throw new Error(`report failed: ${JSON.stringify(res.errors ?? r)}`);
  return r.cursor;
}
