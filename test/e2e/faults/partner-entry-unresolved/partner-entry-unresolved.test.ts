import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from '@ioc-graph/kit/internal';
import { CORE_SUPERGRAPH_CONFIG as CORE, type TestSystem, gql, startTestSystem } from '../../../support/system';
import { TEST_JWT_SECRET, bearer, token } from '../../../support/tokens';

/** The README's partner entry: its secret comes from a variable the gateway does not have. */
const healthEntry = (url: string) =>
  `  health:\n    routing_url: ${url}\n    context_secret: \${env.HEALTH_CONTEXT_SECRET}\n    schema:\n      subgraph_url: ${url}\n`;

type Health = { supergraph: { subgraphs: Record<string, { kind: string; cause?: string; missing?: string[]; reason?: string }> } };

describe('a partner entry the gateway cannot resolve', () => {
  let system: TestSystem;
  let config: string;
  const healthz = async () =>
    (await (await fetch(system.url.replace('/graphql', '/healthz'), { headers: bearer(token('admin')) })).json()) as Health;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'unresolved-'));
    config = path.join(dir, 'supergraph.yaml');
    writeFileSync(config, CORE + healthEntry(`http://127.0.0.1:${await findFreePort()}/graphql`));
    // Empty counts as unset, as in `${env.X:-}`.
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET, SUPERGRAPH_CONFIG: config, HEALTH_CONTEXT_SECRET: '' });
  }, 180_000);

  afterAll(async () => {
    await system?.dispose();
  });

  it('should start and serve the core graph without the partner', async () => {
    expect(await gql(system.url, '{ unit(code: "14") { name } }')).toEqual({ data: { unit: { name: 'Tỉnh Sơn La' } } });
  });

  it('should name the partner, the cause and the variable to set in /healthz', async () => {
    const { subgraphs } = (await healthz()).supergraph;
    expect(subgraphs.governance.kind).toBe('live');
    expect(subgraphs.health).toMatchObject({ kind: 'misconfigured', cause: 'env-missing', missing: ['HEALTH_CONTEXT_SECRET'] });
    expect(subgraphs.health.reason).toMatch(/subgraph "health": environment variable HEALTH_CONTEXT_SECRET is not set/);
  });

  it('should leave out a partner added at a reload with a bad entry, and keep serving the core graph', async () => {
    writeFileSync(config, `${CORE}${healthEntry('http://127.0.0.1:9/graphql')}  tax:\n    routing_url: ftp://tax.example/graphql\n`);
    const res = await fetch(system.url.replace('/graphql', '/admin/reload'), { method: 'POST', headers: bearer(token('admin')) });
    expect(res.ok).toBe(true);
    const deadline = Date.now() + 30_000;
    let subgraphs = (await healthz()).supergraph.subgraphs;
    while (!subgraphs.tax && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      subgraphs = (await healthz()).supergraph.subgraphs;
    }
    expect(subgraphs.tax).toMatchObject({ kind: 'misconfigured', cause: 'invalid', reason: expect.stringMatching(/subgraph "tax": routing_url must be an http\(s\) URL/) });
    expect(subgraphs.health).toMatchObject({ kind: 'misconfigured', cause: 'env-missing' });
    expect(await gql(system.url, '{ unit(code: "14") { name } }')).toEqual({ data: { unit: { name: 'Tỉnh Sơn La' } } });
  });
});
