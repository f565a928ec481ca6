import { MetricSources, collectedCounter, collectedGauge } from '@ioc-graph/kit/internal';
import type { SubscriptionStats } from '../subscriptions';

/** What the subscription metrics read at scrape time: a {@link SubscriptionServer}'s counters. */
export interface SubscriptionStatsSource {
  snapshot(): SubscriptionStats;
}

const sources = new MetricSources<SubscriptionStatsSource>();
const gauge = (name: string, help: string, read: (s: SubscriptionStats) => number) =>
  collectedGauge(name, help, sources, (s) => read(s.snapshot()));
const counter = (name: string, help: string, read: (s: SubscriptionStats) => number) =>
  collectedCounter(name, help, sources, (s) => read(s.snapshot()));

gauge('ioc_ws_clients', 'Open client WebSocket connections', (s) => s.clients);
gauge('ioc_ws_operations', 'Operations running on client sockets (subscriptions, and queries or mutations in flight)', (s) => s.operations);
gauge('ioc_subscription_subscribers', 'Client subscriptions served by shared topics', (s) => s.subscribers);
gauge('ioc_subscription_topics', 'Distinct subscription operations being served (each one upstream stream per subgraph)', (s) => s.topics);
gauge('ioc_subscription_upstreams', 'Upstream subscriptions to subgraphs open now (connecting, live or resuming)', (s) => s.upstreamSubscriptions);
counter('ioc_subscription_upstreams_opened_total', 'Upstream subscriptions opened since start, reconnects included', (s) => s.upstreamOpened);
counter('ioc_subscription_events_total', 'Events received from subgraphs by subscription topics', (s) => s.events);
counter('ioc_subscription_frames_total', 'Subscription frames delivered to clients (events × subscribers)', (s) => s.frames);
counter('ioc_ws_slow_consumers_dropped_total', 'Clients dropped for queuing more than IOC_WS_MAX_BUFFERED_BYTES (closed 4508)', (s) => s.slowConsumersDropped);
counter('ioc_ws_keepalive_timeouts_total', 'Client sockets cut for not answering a ping in time', (s) => s.keepAliveTimeouts);
counter('ioc_ws_refused_subprotocol_total', 'Upgrades refused for not speaking graphql-transport-ws (closed 4406)', (s) => s.refusedSubprotocol);
counter('ioc_ws_refused_connections_total', 'Sockets refused at the connection limit, overall or per address (closed 1013)', (s) => s.refusedConnections);

/**
 * Exposes a subscription server's counters on `/metrics`, read at scrape time (the fan-out hot
 * path pays nothing). Returns `dispose()`, which stops reading them.
 */
export function observeSubscriptions(server: SubscriptionStatsSource): { dispose(): void } {
  return { dispose: sources.add(server) };
}
