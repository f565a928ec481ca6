import { metrics } from '@ioc-graph/kit/internal';
import type { SubscriptionStats } from '../subscriptions';
import { observeSubscriptions } from './subscription-metrics';

const stats = (over: Partial<SubscriptionStats>): SubscriptionStats => ({
  clients: 0, subscribers: 0, operations: 0, topics: 0, upstreamSubscriptions: 0, upstreamOpened: 0, events: 0, frames: 0,
  slowConsumersDropped: 0, keepAliveTimeouts: 0, refusedSubprotocol: 0, refusedConnections: 0, ...over,
});

describe('subscription metrics', () => {
  it('should read the servers\' snapshots at scrape time and stop when disposed', async () => {
    let now = stats({ clients: 3, topics: 2, upstreamSubscriptions: 2, events: 7, frames: 21, slowConsumersDropped: 1 });
    const observed = observeSubscriptions({ snapshot: () => now });
    let text = await metrics.registry.metrics();
    expect(text).toMatch(/^ioc_ws_clients 3$/m);
    expect(text).toMatch(/^ioc_subscription_topics 2$/m);
    expect(text).toMatch(/^ioc_subscription_upstreams 2$/m);
    expect(text).toMatch(/^ioc_subscription_events_total 7$/m);
    expect(text).toMatch(/^ioc_subscription_frames_total 21$/m);
    expect(text).toMatch(/^ioc_ws_slow_consumers_dropped_total 1$/m);
    now = stats({ clients: 1, events: 9 });
    text = await metrics.registry.metrics();
    expect(text).toMatch(/^ioc_ws_clients 1$/m);
    expect(text).toMatch(/^ioc_subscription_events_total 9$/m);
    observed.dispose();
    expect(await metrics.registry.metrics()).toMatch(/^ioc_ws_clients 0$/m);
  });
});
