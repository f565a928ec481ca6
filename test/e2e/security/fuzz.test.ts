import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FuzzResult, fetchSchema, percentile, rssOf, runFuzz } from '../../support/fuzz';
import { heapProbeEnv, heapUsedAfterGc } from '../../support/heap-probe';
import { type TestSystem, startTestSystem } from '../../support/system';

// Reproduce a failure with IOC_FUZZ_SEED=<seed> (printed on failure); IOC_FUZZ_COUNT sets the size.
// Bounded twice: COUNT documents or SECONDS, whichever comes first (a shared, loaded machine sends
// fewer; an idle one sends them all in well under a minute).
const SEED = Number(process.env.IOC_FUZZ_SEED ?? 20261130);
const COUNT = Number(process.env.IOC_FUZZ_COUNT ?? 3000);
const SECONDS = Number(process.env.IOC_FUZZ_SECONDS ?? 45);

describe('the gateway under a fuzz of generated and mutated documents', () => {
  let system: TestSystem;
  let result: FuzzResult;
  let rssStart: number;
  let rssEnd: number;
  let heapStart: number;
  let heapEnd: number;
  const probeDir = mkdtempSync(join(tmpdir(), 'ioc-fuzz-heap-'));

  beforeAll(async () => {
    system = await startTestSystem({ NODE_ENV: '', ...heapProbeEnv(probeDir) });
    const schema = await fetchSchema(system.url);
    const pid = system.gateway.pid!;
    // Warm up (caches, JIT) before the baseline, so growth means a leak, not a first use.
    await runFuzz({ url: system.url, wsUrl: system.wsUrl, schema, seed: SEED + 1, count: 200 });
    rssStart = rssOf(pid);
    heapStart = await heapUsedAfterGc(pid, probeDir);
    result = await runFuzz({ url: system.url, wsUrl: system.wsUrl, schema, seed: SEED, count: COUNT, durationMs: SECONDS * 1000, concurrency: 6 });
    await new Promise((r) => setTimeout(r, 2000)); // let in-flight work finish
    rssEnd = rssOf(pid);
    heapEnd = await heapUsedAfterGc(pid, probeDir);
    console.log(
      `fuzz seed ${SEED}: ${result.sent} documents, p99 ${percentile(result.latencies, 99).toFixed(0)} ms, ` +
        `RSS ${(rssStart / 2 ** 20).toFixed(0)} → ${(rssEnd / 2 ** 20).toFixed(0)} MB, ` +
        `live heap after GC ${(heapStart / 2 ** 20).toFixed(0)} → ${(heapEnd / 2 ** 20).toFixed(0)} MB\n` +
        Object.entries(result.byKind).sort((a, b) => b[1] - a[1]).map(([k, n]) => `  ${String(n).padStart(5)}  ${k}`).join('\n'),
    );
  }, 300_000);
  afterAll(async () => {
    await system?.dispose();
    rmSync(probeDir, { recursive: true, force: true });
  });

  it('should answer every document with data or a GraphQL error, no 5xx and no dropped socket', () => {
    expect(result.sent).toBeGreaterThanOrEqual(Math.min(COUNT, 300));
    expect(result.violations.slice(0, 5)).toEqual([]);
  });

  it('should have tried every kind of document, over HTTP and graphql-ws', () => {
    expect(Object.keys(result.byDocKind).sort()).toEqual(
      ['aliases', 'deep', 'directives', 'fragment-cycle', 'giant-literal', 'junk', 'mutated', 'nested-lists', 'valid'].sort(),
    );
    expect(Object.keys(result.byKind).some((k) => k.startsWith('http 200 data'))).toBe(true);
    expect(Object.keys(result.byKind).some((k) => k.startsWith('ws next data'))).toBe(true);
    expect(result.byKind['http 400 error OPERATION_LIMIT_EXCEEDED']).toBeGreaterThan(0);
    expect(result.byKind['ws error OPERATION_LIMIT_EXCEEDED']).toBeGreaterThan(0);
  });

  it('should keep the gateway alive and its memory near where it started', async () => {
    expect(system.gateway.pid).toBeDefined();
    expect((await fetch(system.url.replace('/graphql', '/healthz'))).status).toBe(200);
    // Measured as the live heap after a full collection: RSS also holds garbage not yet collected
    // and heap V8 keeps reserved, which swing by 100 MB from run to run (a CI run failed on RSS alone
    // at +262 MB where others grew +190 MB). Bounded caches fill during the fuzz (query plans ≈ 30 MiB,
    // normalised operations 1,000, graphql-ws plans 500, metric label sets 200, the query cache), so
    // the live heap settles above its start; a leak would not settle.
    expect(heapEnd).toBeLessThan(heapStart + 128 * 2 ** 20);
  });
});
