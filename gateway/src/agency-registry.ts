import { GraphQLError } from 'graphql';

/** How long a registered agency is trusted without asking again, in ms. */
const REGISTERED_TTL_MS = 5 * 60_000;
/** How long an unknown agency stays refused without asking again, in ms (a new registration shows soon). */
const UNKNOWN_TTL_MS = 10_000;
/** Bound on cached agency codes (a flood of forged-but-signed codes cannot grow it without limit). */
const MAX_ENTRIES = 5_000;

/**
 * The one source of which agency codes exist: governance's `agencies`, asked through its public
 * `agency(code)` query and cached. The gateway refuses a reporter whose agency is not registered
 * before any subgraph sees the request, so no subgraph (core or partner) needs its own list.
 */
export class AgencyRegistry {
  private readonly cache = new Map<string, { registered: boolean; until: number }>();

  /** @param url the governance subgraph's GraphQL URL (its routing URL) */
  constructor(readonly url: string, private readonly timeoutMs = 3_000) {}

  /** @throws GraphQLError FORBIDDEN (403) when `code` is not registered; SERVICE_UNAVAILABLE (503) when the registry cannot answer */
  async assertRegistered(code: string): Promise<void> {
    if (await this.isRegistered(code)) return;
    throw new GraphQLError(
      `Agency ${code} is not in the agency registry (governance's agencies), so a token for it may not be used: register the agency, or issue a token for a registered one`,
      { extensions: { code: 'FORBIDDEN', http: { status: 403 } } },
    );
  }

  /** Whether `code` is a registered agency (cached). */
  async isRegistered(code: string): Promise<boolean> {
    const hit = this.cache.get(code);
    if (hit && hit.until > Date.now()) return hit.registered;
    let registered: boolean;
    try {
      const res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'query ($code: ID!) { agency(code: $code) { code } }', variables: { code } }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const body = (await res.json()) as { data?: { agency: { code: string } | null }; errors?: unknown[] };
      if (!res.ok || !body.data) throw new Error(`HTTP ${res.status}`);
      registered = body.data.agency?.code === code;
    } catch {
      if (hit) return hit.registered; // a stale answer beats refusing every reporter during a blip
      throw new GraphQLError(`The agency registry (governance subgraph) is unavailable, so agency ${code} cannot be confirmed; nothing was done; retry`, {
        extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: 'governance', http: { status: 503 } },
      });
    }
    if (this.cache.size >= MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(code, { registered, until: Date.now() + (registered ? REGISTERED_TTL_MS : UNKNOWN_TTL_MS) });
    return registered;
  }
}
