import { type TestSystem, startTestSystem } from '../../support/system';
import { wsOnce } from './ws-once';

async function query(url: string, q: string) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: q }) });
  return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
}

describe('a graph with introspection switched off (IOC_INTROSPECTION=false)', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ IOC_INTROSPECTION: 'false' });
  }, 180_000);
  afterAll(async () => {
    await system?.dispose();
  });

  it('should refuse introspection over HTTP, at the gateway and at a subgraph', async () => {
    for (const url of [system.url, system.subgraphs.governance.url]) {
      const res = await query(url, '{ __schema { types { name } } }');
      expect(res.body.data).toBeUndefined();
      expect(res.body.errors?.[0].message).toMatch(/introspection/i);
    }
  });

  it('should refuse introspection over graphql-ws', async () => {
    const answer = await wsOnce(system.wsUrl, '{ __schema { types { name } } }');
    expect(answer.errors?.[0].message).toMatch(/introspection/i);
  });

  it('should not suggest field names ("Did you mean …") over HTTP or graphql-ws', async () => {
    const http = await query(system.url, '{ unti(code: "14") { name } }');
    expect(http.body.errors?.[0].message).toMatch(/Cannot query field "unti"/);
    expect(JSON.stringify(http.body)).not.toMatch(/Did you mean/);
    const ws = await wsOnce(system.wsUrl, '{ unti(code: "14") { name } }');
    expect(ws.errors?.[0].message).toMatch(/Cannot query field "unti"/);
    expect(JSON.stringify(ws.errors)).not.toMatch(/Did you mean/);
  });

  it('should still answer ordinary queries', async () => {
    expect((await query(system.url, '{ unit(code: "14") { name } }')).body.data).toEqual({ unit: { name: 'Tỉnh Sơn La' } });
  });
});
