import { type TestSystem, gql, startTestSystem } from '../../../support/system';

// A subgraph killed while queries flow, then restarted: its circuit opens (failures cost
// milliseconds, not a timeout each), the rest of every answer is kept, and it recovers.

const QUERY = `{ unit(code: "19") { name } economyIndicator(code: "ECO_EINVOICE_RATE") { name } }`;
// The README's dashboard query.
const DASHBOARD = `{ unit(code: "19") { name
  governanceReadings { indicatorCode value period status }
  economyReadings { indicatorCode value period status }
  societyReadings { indicatorCode value period status } } }`;

type Answer = {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
};

describe('a subgraph killed mid-load and restarted', () => {
  let system: TestSystem;
  const healthz = async () => (await fetch(system.url.replace('/graphql', '/healthz'))).json() as Promise<{ status: string; subgraphs: Record<string, string> }>;

  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(async () => {
    await system?.dispose();
  });

  it('should open the circuit, fail fast naming the subgraph, keep the rest, and recover after the restart', async () => {
    let running = true;
    const answers: Answer[] = [];
    const load = Promise.all(Array.from({ length: 4 }, async () => {
      while (running) answers.push((await gql(system.url, QUERY)) as Answer);
    }));
    try {
      while (answers.length < 8) await new Promise((r) => setTimeout(r, 100));
      expect(answers.every((a) => !a.errors)).toBe(true);

      process.kill(system.subgraphs.economy.pid!, 'SIGKILL');
      // The breaker opens after a few failures in a row.
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline && !/^circuit open/.test((await healthz()).subgraphs.economy)) await new Promise((r) => setTimeout(r, 200));
      expect((await healthz())).toMatchObject({ status: 'degraded', subgraphs: { economy: expect.stringMatching(/^circuit open/) } });

      const started = Date.now();
      const res = (await gql(system.url, QUERY)) as Answer;
      expect(Date.now() - started).toBeLessThan(1_000); // no timeout, no connection attempt
      expect(res.data).toEqual({ unit: { name: 'Tỉnh Thái Nguyên' }, economyIndicator: null });
      expect(res.errors).toEqual([expect.objectContaining({
        path: ['economyIndicator'],
        extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'economy' }),
      })]);
      const failed = answers.filter((a) => a.errors);
      expect(failed.length).toBeGreaterThan(0);
      for (const a of failed) {
        expect(a.data).toMatchObject({ unit: { name: 'Tỉnh Thái Nguyên' }, economyIndicator: null });
        expect(a.errors!.map((e) => e.extensions?.serviceName)).toEqual(['economy']);
        expect(['SUBGRAPH_UNAVAILABLE', 'SUBGRAPH_TIMEOUT']).toContain(a.errors![0].extensions?.code);
        expect(JSON.stringify(a)).not.toMatch(/127\.0\.0\.1|fetch failed|ECONN|localhost|stacktrace/);
      }

      await system.subgraphs.economy.start();
      const back = Date.now() + 30_000;
      let last: Answer | undefined;
      while (Date.now() < back) {
        last = (await gql(system.url, QUERY)) as Answer;
        if (!last.errors) break;
        await new Promise((r) => setTimeout(r, 300));
      }
      expect(last?.errors).toBeUndefined();
      expect((await healthz()).status).toBe('ok');
    } finally {
      running = false;
      await load;
    }
  });

  // Needs AdministrativeUnit.economyReadings nullable in the subgraph schema (the kit's part of
  // issue 9): with [EconomyReading!]! an outage nulls the whole unit.
  it('should keep governance and society in the README dashboard while economy is down', async () => {
    await system.subgraphs.economy.stop();
    try {
      const res = (await gql(system.url, DASHBOARD)) as Answer;
      const unit = res.data?.unit as Record<string, unknown> | null;
      expect(res.errors?.map((e) => e.extensions)).toContainEqual(expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'economy' }));
      expect(unit).not.toBeNull();
      expect(unit!.name).toBe('Tỉnh Thái Nguyên');
      expect(unit!.economyReadings).toBeNull();
      expect((unit!.governanceReadings as unknown[]).length).toBeGreaterThan(0);
      expect((unit!.societyReadings as unknown[]).length).toBeGreaterThan(0);
      expect(res.errors).toEqual([expect.objectContaining({
        path: ['unit', 'economyReadings'],
        extensions: expect.objectContaining({ serviceName: 'economy' }),
      })]);
    } finally {
      await system.subgraphs.economy.start();
    }
  });
});
