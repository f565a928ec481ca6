import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type RunningSystem, startSystem } from '@ioc-graph/cli';
import { createTestDatabase } from '../../../support/database';
import { CORE_SUPERGRAPH_CONFIG as CORE } from '../../../support/system';

describe('the gateway refuses the graph under the supervisor', () => {
  let system: RunningSystem | undefined;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;

  afterAll(async () => {
    await system?.dispose();
    await db?.drop();
  });

  it('should keep the subgraphs serving, and serve again once the graph is fixed', async () => {
    db = await createTestDatabase();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'refused-'));
    // A partner whose schema cannot compose with the core (a non-shareable field of a core type).
    writeFileSync(
      path.join(dir, 'tax.graphql'),
      'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])\n' +
        'type Query { taxInfo: Int }\ntype ReportSummary @shareable { imported: String }\n',
    );
    const config = path.join(dir, 'supergraph.yaml');
    writeFileSync(config, `${CORE}  tax:\n    routing_url: http://127.0.0.1:9/graphql\n    schema:\n      file: ${path.join(dir, 'tax.graphql')}\n`);
    const progress: string[] = [];
    system = await startSystem({
      databaseUrl: db.url,
      ports: { governance: 0, economy: 0, society: 0, gateway: 0 },
      env: { LOG_LEVEL: 'warn', SUPERGRAPH_CONFIG: config },
      restartOnCrash: true,
      onProgress: (m) => progress.push(m),
    });
    // Supervised, a refused graph costs the gateway only: nothing else was torn down.
    for (const s of Object.values(system.subgraphs)) {
      expect((await fetch(s.url.replace('/graphql', '/healthz'))).ok).toBe(true);
    }

    writeFileSync(config, CORE); // the operator takes the bad partner out
    const deadline = Date.now() + 60_000;
    let answer: unknown;
    while (Date.now() < deadline) {
      try {
        const res = await fetch(system.gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ unit(code: "14") { name } }' }),
        });
        answer = await res.json();
        if (res.ok) break;
      } catch {
        // not back yet
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(answer).toEqual({ data: { unit: { name: 'Tỉnh Sơn La' } } });
  }, 150_000);
});
