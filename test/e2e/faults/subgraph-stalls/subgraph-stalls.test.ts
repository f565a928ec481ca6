import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type TestSystem, gql, startTestSystem } from '../../../support/system';

// A subgraph that stops answering (kill -STOP: its sockets accept, nothing replies). Before: every
// query touching it hung for as long as it stalled, then INTERNAL_SERVER_ERROR "fetch failed",
// while /healthz said ok.

const TIMEOUT_MS = 2_000;
const QUERY = `{ unit(code: "19") { name societyReadings { indicatorCode value } } economyIndicator(code: "ECO_EINVOICE_RATE") { name } }`;

interface Answer {
  data?: { unit: { name: string; societyReadings: unknown[] } | null; economyIndicator: { name: string } | null };
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

describe('a subgraph that stalls', () => {
  let system: TestSystem;
  const healthz = async () => (await fetch(system.url.replace('/graphql', '/healthz'))).json() as Promise<{ status: string; subgraphs: Record<string, string>; reasons?: string[] }>;

  /** Waits until the gateway's query cache bypasses `subgraph` (its invalidation stream is not live). */
  const cacheBypasses = async (subgraph: string) => {
    const end = Date.now() + 15_000;
    for (;;) {
      const h = (await (await fetch(system.url.replace('/graphql', '/healthz'))).json()) as { queries: { cache: { subgraphs: Record<string, string> } } };
      if (h.queries.cache.subgraphs[subgraph] === 'bypass') return;
      if (Date.now() > end) throw new Error(`the query cache still serves ${subgraph}: ${JSON.stringify(h.queries.cache.subgraphs)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    // The gateway's supergraph.yaml with a short timeout for economy (the `timeout:` key).
    const dir = mkdtempSync(path.join(tmpdir(), 'ioc-stall-'));
    const config = path.join(dir, 'supergraph.yaml');
    writeFileSync(config, `subgraphs:
  governance:
    routing_url: \${env.GOVERNANCE_URL}
  economy:
    routing_url: \${env.ECONOMY_URL}
    timeout: ${TIMEOUT_MS}ms
  society:
    routing_url: \${env.SOCIETY_URL}
`);
    // With the query cache on, and its invalidation streams pinged every 300 ms: a stalled subgraph
    // is bypassed (its entries dropped) once its stream has been silent for two pings, since an
    // event it sends later could not reach the cache.
    system = await startTestSystem({ SUPERGRAPH_CONFIG: config, IOC_QUERY_CACHE_PING_MS: '300' });
  });
  afterAll(async () => {
    const pid = system?.subgraphs.economy.pid;
    if (pid) process.kill(pid, 'SIGCONT');
    await system?.dispose();
  });

  it('should answer within the timeout with SUBGRAPH_TIMEOUT for its fields and the others present, report degraded, and recover', async () => {
    expect((await gql(system.url, QUERY)).errors).toBeUndefined();
    const pid = system.subgraphs.economy.pid!;
    process.kill(pid, 'SIGSTOP');
    try {
      await cacheBypasses('economy');
      const started = Date.now();
      const res = (await gql(system.url, QUERY)) as Answer;
      const took = Date.now() - started;
      expect(took).toBeLessThan(TIMEOUT_MS + 3_000); // not "as long as it stalls"
      expect(res.data?.unit?.name).toBe('Tỉnh Thái Nguyên');
      expect(res.data?.unit?.societyReadings.length).toBeGreaterThan(0);
      expect(res.data?.economyIndicator).toBeNull();
      expect(res.errors).toEqual([
        expect.objectContaining({
          path: ['economyIndicator'],
          message: `Subgraph "economy" did not answer within ${TIMEOUT_MS} ms`,
          extensions: expect.objectContaining({ code: 'SUBGRAPH_TIMEOUT', serviceName: 'economy' }),
        }),
      ]);
      expect(JSON.stringify(res)).not.toMatch(/127\.0\.0\.1|fetch failed|ECONN|localhost/);

      const health = await healthz();
      expect(health.status).toBe('degraded');
      expect(health.subgraphs).toMatchObject({ governance: 'ok', society: 'ok' });
      expect(health.subgraphs.economy).toMatch(/^(unreachable|circuit)/);
      expect(health.reasons).toEqual([expect.stringMatching(/^economy: /)]);
    } finally {
      process.kill(pid, 'SIGCONT');
    }

    // Recovers: the breaker (if it opened) lets a probe through and closes on its success.
    const deadline = Date.now() + 30_000;
    let last: Answer | undefined;
    while (Date.now() < deadline) {
      last = (await gql(system.url, QUERY)) as Answer;
      if (!last.errors) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(last?.errors).toBeUndefined();
    expect(last?.data?.economyIndicator?.name).toBeTruthy();
    expect((await healthz()).status).toBe('ok');
  });
});
