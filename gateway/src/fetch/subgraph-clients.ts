import { SubgraphClient, type SubgraphClientOptions } from './subgraph-client';

export interface SubgraphHealth {
  /** `ok`, or `degraded` with `reasons` when a subgraph is unreachable or its circuit is not closed. */
  status: 'ok' | 'degraded';
  /** Per subgraph: `ok`, `unreachable (…)`, `HTTP 500`, or `circuit open (…)`. */
  subgraphs: Record<string, string>;
  reasons?: string[];
}

/**
 * One SubgraphClient per subgraph (created when the gateway first builds its data source, so a
 * subgraph added by a reload gets one too), and the subgraphs' health for `/healthz`.
 */
export class SubgraphClients {
  private readonly clients = new Map<string, SubgraphClient>();

  /**
   * @param timeouts per-subgraph timeout in ms (supergraph.yaml `timeout:`), by name
   * @param defaults options every client gets (dedupe, breaker, logging)
   */
  constructor(
    private readonly timeouts: () => Map<string, number | undefined>,
    private readonly defaults: Omit<SubgraphClientOptions, 'name' | 'url' | 'timeoutMs'> = {},
  ) {}

  /** The client of a subgraph at a URL; a new one when its URL or timeout changed. */
  for(name: string, url: string): SubgraphClient {
    const timeoutMs = this.timeouts().get(name);
    const existing = this.clients.get(name);
    if (existing && existing.url === url && existing.timeoutMs === (timeoutMs ?? existing.timeoutMs)) return existing;
    if (existing) void existing.dispose();
    const client = new SubgraphClient({ ...this.defaults, name, url, timeoutMs });
    this.clients.set(name, client);
    return client;
  }

  get all(): SubgraphClient[] {
    return [...this.clients.values()];
  }

  /** Asks each subgraph's `/healthz` (bounded by `probeMs`) and reads its circuit. */
  async health(probeMs = 1_500): Promise<SubgraphHealth> {
    const entries = await Promise.all(this.all.map(async (c) => [c.name, await probe(c, probeMs)] as const));
    const reasons = entries.filter(([, s]) => s !== 'ok').map(([name, s]) => `${name}: ${s}`);
    return { status: reasons.length ? 'degraded' : 'ok', subgraphs: Object.fromEntries(entries), ...(reasons.length ? { reasons } : {}) };
  }

  async dispose(): Promise<void> {
    await Promise.all(this.all.map((c) => c.dispose()));
    this.clients.clear();
  }
}

async function probe(client: SubgraphClient, probeMs: number): Promise<string> {
  if (client.state !== 'closed') return `circuit ${client.state}${client.failure ? ` (${client.failure})` : ''}`;
  try {
    const res = await fetch(new URL('/healthz', client.url), { signal: AbortSignal.timeout(probeMs) });
    await res.body?.cancel();
    return res.ok ? 'ok' : `HTTP ${res.status}`;
  } catch (err) {
    const name = (err as Error).name;
    return name === 'TimeoutError' || name === 'AbortError' ? `unreachable (no answer within ${probeMs} ms)` : 'unreachable (connection failed)';
  }
}
