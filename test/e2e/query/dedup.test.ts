import { type TestSystem, gql, startTestSystem } from '../../support/system';
import { TEST_JWT_SECRET, bearer, token } from '../../support/tokens';

// In-flight deduplication (on by default, IOC_QUERY_DEDUPE=0 turns it off): identical queries from
// the same caller run once, identical subgraph fetches share one response; mutations never.

const DASHBOARD = `query ($unit: ID!) { unit(code: $unit) { code name
  governanceReadings { indicatorCode value } economyReadings { indicatorCode value } societyReadings { indicatorCode value }
  children { code name economyReadings { indicatorCode value } } } }`;

describe('in-flight deduplication', () => {
  let system: TestSystem;
  const stats = async () =>
    ((await (await fetch(system.url.replace('/graphql', '/healthz'))).json()) as { queries: { dedupedRequests: number; dedupedFetches: number } }).queries;

  beforeAll(async () => {
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET });
  });
  afterAll(async () => {
    await system?.dispose();
  });

  it('should answer a storm of identical dashboards with one execution shared, each answer complete', async () => {
    const before = await stats();
    const answers = await Promise.all(Array.from({ length: 30 }, () => gql(system.url, DASHBOARD, { unit: '19' })));
    const first = JSON.stringify(answers[0]);
    expect(answers[0].errors).toBeUndefined();
    expect((answers[0].data as { unit: { name: string } }).unit.name).toBe('Tỉnh Thái Nguyên');
    for (const a of answers) expect(JSON.stringify(a)).toBe(first);
    expect((await stats()).dedupedRequests).toBeGreaterThan(before.dedupedRequests);
  });

  it('should not share answers between different variables', async () => {
    const [a, b] = await Promise.all([gql(system.url, DASHBOARD, { unit: '19' }), gql(system.url, DASHBOARD, { unit: '14' })]);
    expect((a.data as { unit: { code: string } }).unit.code).toBe('19');
    expect((b.data as { unit: { code: string } }).unit.code).toBe('14');
  });

  it('should run every one of identical mutations sent together', async () => {
    const admin = bearer(token('admin'));
    const mutation = `mutation { reportEconomyObservations(input: [{ indicatorCode: "ECO_ETAX_ENTERPRISES", unitCode: "52", period: "2019", value: 4242 }]) { imported updated unchanged } }`;
    const answers = await Promise.all([1, 2, 3].map(() => gql<{ reportEconomyObservations: { imported: number; updated: number; unchanged: number } }>(system.url, mutation, undefined, admin)));
    for (const a of answers) expect(a.errors).toBeUndefined();
    const summaries = answers.map((a) => a.data!.reportEconomyObservations);
    // Stored once, and each call was executed: one imported it, the others found it unchanged.
    expect(summaries.reduce((n, s) => n + s.imported, 0)).toBe(1);
    expect(summaries.reduce((n, s) => n + s.unchanged, 0)).toBe(2);
  });
});
