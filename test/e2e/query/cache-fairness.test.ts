import { REPORT, cacheStats, latestReading, until } from '../../support/query-cache';
import { type TestSystem, gql, startTestSystem } from '../../support/system';
import { TEST_JWT_SECRET, bearer, token } from '../../support/tokens';

// One stranger must not evict everyone's entries: anonymous callers share a bounded part of the
// query cache (IOC_QUERY_CACHE_ANONYMOUS_SHARE), and within it one-off queries churn only the half
// for new entries, while answers asked again (the wall's) stay. Asking each junk query twice does
// not get it into that second half either: it must have been asked more often lately than the
// entries it would evict there (TinyLFU admission).

const MAX_BYTES = 96 * 1024;

describe('the query cache under a stranger asking many distinct queries', () => {
  let system: TestSystem;
  let official: Record<string, string>;
  const stats = () => cacheStats(system.url);
  const responseHits = async () => ((await stats()) as unknown as { responseHits: number }).responseHits;
  /** One distinct cacheable query of a stranger's (an unknown indicator answers null, without errors). */
  const strangerQuery = (i: number) => gql(system.url, `query ($code: ID!) { economyIndicator(code: $code) { code name } }`, { code: `JUNK_${i}_${'x'.repeat(200)}` });

  beforeAll(async () => {
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET, IOC_QUERY_CACHE_PING_MS: '10000', IOC_QUERY_CACHE_MAX_BYTES: String(MAX_BYTES) });
    official = bearer(token('viewer'));
    await until(stats, (s) => ['governance', 'economy', 'society'].every((n) => s.subgraphs[n] === 'live'), 'every invalidation stream live', 60_000);
  });
  afterAll(async () => {
    await system?.dispose();
  });

  it("should still answer an official's and the wall's cached queries from the cache after a stranger's 400 distinct ones", async () => {
    await latestReading(system.url, '14', official); // fills the official's entry
    await latestReading(system.url, '19'); // the wall's: asked, then asked again (reused)
    await latestReading(system.url, '19');
    for (let i = 0; i < 400; i += 20) {
      const answers = await Promise.all(Array.from({ length: 20 }, (_, k) => strangerQuery(i + k)));
      for (const a of answers) expect(a.errors).toBeUndefined();
    }
    const filled = await stats();
    // The stranger's entries did not fit: some were evicted, within the anonymous part of the bound.
    expect(filled.entries).toBeLessThan(400);
    const pools = (filled as unknown as { pools: Record<string, { bytes: number; maxBytes: number }> }).pools;
    expect(pools['anonymous-new'].bytes).toBeLessThanOrEqual(pools['anonymous-new'].maxBytes);
    expect(pools['anonymous-new'].maxBytes + pools['anonymous-reused'].maxBytes).toBeLessThanOrEqual(MAX_BYTES / 2);

    const before = await responseHits();
    await latestReading(system.url, '14', official);
    expect(await responseHits()).toBe(before + 1);
    await latestReading(system.url, '19');
    expect(await responseHits()).toBe(before + 2);
  });

  it("should still answer the wall's cached query from the cache after a stranger asks each of 320 distinct ones twice", async () => {
    for (let i = 0; i < 4; i++) await latestReading(system.url, '19'); // the wall asks all day
    await latestReading(system.url, '14', official);
    const hitsBefore = await responseHits();
    // 8 at a time, each asked twice in a row: its second ask is a hit, which used to move it to
    // the reused half and evict the wall's answer from there.
    for (let i = 0; i < 320; i += 8) {
      await Promise.all(Array.from({ length: 8 }, async (_, k) => {
        for (let twice = 0; twice < 2; twice++) expect((await strangerQuery(i + k)).errors).toBeUndefined();
      }));
    }
    const attacked = await stats();
    // The attack was real: most second asks were served from the cache (each a try to move up)...
    expect((attacked as unknown as { responseHits: number }).responseHits - hitsBefore).toBeGreaterThan(250);
    // ...and far more than the reused half holds.
    const pools = (attacked as unknown as { pools: Record<string, { bytes: number; maxBytes: number }> }).pools;
    expect(pools['anonymous-reused'].bytes).toBeLessThanOrEqual(pools['anonymous-reused'].maxBytes);

    const before = await responseHits();
    await latestReading(system.url, '19');
    expect(await responseHits()).toBe(before + 1);
    await latestReading(system.url, '14', official);
    expect(await responseHits()).toBe(before + 2);
  });

  it("should keep an official's and the wall's cached answers when a stranger sends mutations (refused: writing needs a token)", async () => {
    await latestReading(system.url, '14', official);
    await latestReading(system.url, '19');
    await latestReading(system.url, '19');
    const invalidatedBefore = (await stats()).invalidations;
    for (let i = 0; i < 3; i++) {
      const refused = await gql(system.url, REPORT, { input: [] });
      expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect((await stats()).invalidations).toBe(invalidatedBefore);
    const before = await responseHits();
    await latestReading(system.url, '14', official);
    await latestReading(system.url, '19');
    expect(await responseHits()).toBe(before + 2);
  });
});
