import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { findFreePort } from '@ioc-graph/kit/internal';
import { parse } from 'graphql';
import { CORE_SUPERGRAPH_CONFIG as CORE, type TestSystem, gql, startTestSystem } from '../../../support/system';
import { TEST_JWT_SECRET, bearer, token } from '../../../support/tokens';

const link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])';

/** A real partner subgraph (HTTP, its own port) serving `typeDefs`; stopped to "restart" it with another. */
async function startPartner(port: number, typeDefs: string, resolvers: Record<string, Record<string, () => unknown>>) {
  const server = new ApolloServer({ schema: buildSubgraphSchema([{ typeDefs: parse(typeDefs), resolvers }]), plugins: [ApolloServerPluginInlineTraceDisabled()] });
  await startStandaloneServer(server, { listen: { port, host: '127.0.0.1' } });
  return server;
}

type Health = { supergraph: { subgraphs: Record<string, { kind: string; kept?: string; problems?: string[] }>; lastReload: { trigger: string } } };

describe('a partner that restarts with a changed schema', () => {
  let system: TestSystem;
  let partner: ApolloServer | undefined;
  let port: number;
  let dir: string | undefined;
  const healthz = async () =>
    (await (await fetch(system.url.replace('/graphql', '/healthz'), { headers: bearer(token('admin')) })).json()) as Health;
  const until = async <T>(f: () => Promise<T>, ok: (v: T) => boolean): Promise<T> => {
    const deadline = Date.now() + 60_000;
    let v = await f();
    while (!ok(v) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      v = await f();
    }
    return v;
  };

  beforeAll(async () => {
    port = await findFreePort();
    partner = await startPartner(port, `${link} type Query { healthPillar: String }`, { Query: { healthPillar: () => 'v1' } });
    dir = mkdtempSync(path.join(os.tmpdir(), 'partner-schema-'));
    const config = path.join(dir, 'supergraph.yaml');
    const url = `http://127.0.0.1:${port}/`;
    writeFileSync(config, `${CORE}  health:\n    routing_url: ${url}\n    schema:\n      subgraph_url: ${url}\n`);
    system = await startTestSystem({
      IOC_JWT_SECRET: TEST_JWT_SECRET, SUPERGRAPH_CONFIG: config, IOC_SUPERGRAPH_CACHE_DIR: path.join(dir, 'cache'), IOC_SUPERGRAPH_POLL_MS: '500',
    });
  }, 180_000);

  afterAll(async () => {
    await partner?.stop();
    await system?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('should serve its new field soon after it restarts, without a reload', async () => {
    expect(await gql(system.url, '{ healthPillar }')).toEqual({ data: { healthPillar: 'v1' } });
    await partner!.stop();
    partner = await startPartner(port, `${link} type Query { healthPillar: String healthVersion: Int }`, {
      Query: { healthPillar: () => 'v2', healthVersion: () => 2 },
    });
    const answer = await until(() => gql(system.url, '{ healthVersion }'), (a) => !a.errors);
    expect(answer).toEqual({ data: { healthVersion: 2 } });
    expect((await healthz()).supergraph.subgraphs.health.kind).toBe('live');
  });

  it('should refuse a new schema that clashes with the core, keep its previous one and say so in /healthz', async () => {
    await partner!.stop();
    // Query.unit is governance's and not shareable: this schema cannot compose.
    partner = await startPartner(port, `${link} type Query { healthPillar: String unit(code: ID!): Int }`, {
      Query: { healthPillar: () => 'v3', unit: () => 1 },
    });
    const health = await until(healthz, (h) => h.supergraph.subgraphs.health.kind === 'refused');
    expect(health.supergraph.subgraphs.health).toMatchObject({ kind: 'refused', kept: 'previous' });
    expect(health.supergraph.lastReload.trigger).toBe('schema changed: health');
    expect(await gql(system.url, '{ unit(code: "14") { name } }')).toEqual({ data: { unit: { name: 'Tỉnh Sơn La' } } });
  });
});
