import { GATEWAY_CONTEXT_HEADER } from '@ioc-graph/kit/internal';
import { SubgraphClient, type SubgraphClientOptions } from './subgraph-client';

export interface SubgraphHealth {
  /** `ok`, or `degraded` with `reasons` when a subgraph is unreachable or its circuit is not closed. */
  status: 'ok' | 'degraded';
  /** Per subgraph: `ok`, `unreachable (…)`, `HTTP 500`, `circuit open (…)`, or `context refused (…)`. */
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

  /**
   * Asks each subgraph's `/healthz` (bounded by `probeMs`) and reads its circuit. With `context`, the
   * probe carries the gateway's signed context (the subgraph's `/healthz` verifies one it is given),
   * so a subgraph that would refuse every call (HTTP 401: its context secret differs) is
   * `context refused`, not `ok`.
   */
  async health(probeMs = 1_500, context?: ContextProbe): Promise<SubgraphHealth> {
    const entries = await Promise.all(this.all.map(async (c) => [c.name, await probe(c, probeMs, context)] as const));
    const reasons = entries.filter(([, s]) => s !== 'ok').map(([name, s]) => `${name}: ${s}`);
    return { status: reasons.length ? 'degraded' : 'ok', subgraphs: Object.fromEntries(entries), ...(reasons.length ? { reasons } : {}) };
  }

  async dispose(): Promise<void> {
    await Promise.all(this.all.map((c) => c.dispose()));
    this.clients.clear();
  }
}

/** The signed context header for a subgraph's probe (`null`: none), and the health text of a refusal. */
export interface ContextProbe {
  header(subgraphName: string): Promise<string | null>;
  refused(subgraphName: string): string;
}

async function probe(client: SubgraphClient, probeMs: number, context?: ContextProbe): Promise<string> {
  if (client.state !== 'closed') return `circuit ${client.state}${client.failure ? ` (${client.failure})` : ''}`;
  try {
    const signed = await context?.header(client.name);
    const headers: Record<string, string> = signed ? { [GATEWAY_CONTEXT_HEADER]: signed } : {};
    const res = await fetch(new URL('/healthz', client.url), { headers, signal: AbortSignal.timeout(probeMs) });
    await res.body?.cancel();
    if (res.status === 401 && signed) return context!.refused(client.name);
    return res.ok ? 'ok' : `HTTP ${res.status}`;
  } catch (err) {
    const name = (err as Error).name;
    return name === 'TimeoutError' || name === 'AbortError' ? `unreachable (no answer within ${probeMs} ms)` : 'unreachable (connection failed)';
  }
}
