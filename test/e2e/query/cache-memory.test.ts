import { type TestSystem, startTestSystem } from '../../support/system';
import { TEST_JWT_SECRET, bearer, token } from '../../support/tokens';

// Memory of the gateway's query path under many distinct large queries (a 3 MB string literal each):
// the query cache is bounded by IOC_QUERY_CACHE_MAX_BYTES, and the memo maps of the query path
// (cache policies, fetch facts, normalised operations: bounded by count, keyed by the text) must not
// keep each text either.

describe.each([['1']])('the query path under many distinct large queries (IOC_QUERY_CACHE=%s)', (cacheFlag) => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET, IOC_QUERY_CACHE: cacheFlag, IOC_QUERY_CACHE_MAX_BYTES: String(8 * 1024 * 1024), IOC_QUERY_CACHE_PING_MS: '60000' });
  });
  afterAll(async () => {
    await system?.dispose();
  });

  const heapUsed = async (): Promise<number> => {
    const text = await (await fetch(system.url.replace('/graphql', '/metrics'), { headers: bearer(token('admin')) })).text();
    const m = /^nodejs_heap_size_used_bytes (\S+)/m.exec(text);
    return Number(m?.[1]);
  };
  const cache = async () => ((await (await fetch(system.url.replace('/graphql', '/healthz'))).json()) as { queries: { cache: Record<string, unknown> } }).queries.cache;

  it('should not keep hundreds of MB for 3 MB queries once the cache bound is reached', async () => {
    const pad = 'x'.repeat(3 * 1024 * 1024);
    const start = await heapUsed();
    const deadline = Date.now() + 120_000;
    let sent = 0;
    for (let i = 0; i < 60 && Date.now() < deadline; i++) {
      const res = await fetch(system.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ economyIndicator(code: "${i}${pad}") { code } }` }),
      });
      expect(res.status).toBe(200);
      sent++;
      if (i % 20 === 19) console.log(`sent ${sent}: heap used ${(await heapUsed() / 1e6).toFixed(0)} MB`, JSON.stringify(await cache()).slice(0, 300));
    }
    (global as { gc?: () => void }).gc?.();
    const end = await heapUsed();
    console.log(`heap used ${(start / 1e6).toFixed(0)} MB -> ${(end / 1e6).toFixed(0)} MB after ${sent} distinct 3 MB queries`);
    // Without bounds by size each query kept ~10 MB (three maps keyed by its text): +600 MB here; garbage not yet collected stays well below.
    expect(end - start).toBeLessThan(350 * 1e6);
  });
});
