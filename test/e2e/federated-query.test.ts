import { type TestSystem, gql, startTestSystem } from '../support/system';

describe('the federated graph', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(async () => {
    await system?.dispose();
  });

  it('should answer one query that touches all three subgraphs', async () => {
    const res = await gql<{ unit: Record<string, unknown> & { name: string } }>(
      system.url,
      `{ unit(code: "19") { name governanceReadings { indicatorCode value } economyReadings { indicatorCode value } societyReadings { indicatorCode value } } }`,
    );
    expect(res.errors).toBeUndefined();
    const unit = res.data!.unit as {
      name: string;
      governanceReadings: { indicatorCode: string; value: number }[];
      economyReadings: { indicatorCode: string; value: number }[];
      societyReadings: { indicatorCode: string; value: number }[];
    };
    expect(unit.name).toBe('Tỉnh Thái Nguyên');
    expect(unit.governanceReadings).toContainEqual({ indicatorCode: 'GOV_DTI_RANK', value: 8 });
    expect(unit.economyReadings).toContainEqual({ indicatorCode: 'ECO_EINVOICE_RATE', value: 98.9 });
    expect(unit.societyReadings).toContainEqual({ indicatorCode: 'SOC_MOBILE_BROADBAND_MBPS', value: 33.95 });
  });

  it("should answer Sơn La's online dossier rate from the seed", async () => {
    const res = await gql<{ governanceIndicator: { latest: { value: number; period: string } } }>(
      system.url,
      `{ governanceIndicator(code: "GOV_ONLINE_DOSSIER_RATE") { latest(unitCode: "14") { value period } } }`,
    );
    expect(res.data?.governanceIndicator.latest).toEqual({ value: 69.46, period: '2023' });
  });

  it('should list the 63 provinces that existed before the 2025 merger', async () => {
    const res = await gql<{ units: { code: string }[] }>(system.url, `{ units(level: PROVINCE, validOn: "2024-01-01") { code } }`);
    expect(res.data?.units).toHaveLength(63);
  });

  it('should report healthy on /healthz with every subgraph reachable', async () => {
    const res = await fetch(system.url.replace('/graphql', '/healthz'));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', subgraphs: { governance: 'ok', economy: 'ok', society: 'ok' } });
  });

  it('should serve GraphiQL from the gateway with no external resources', async () => {
    const res = await fetch(system.url.replace('/graphql', '/graphiql'));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('/assets/');
    expect(html).not.toMatch(/https?:\/\/(?!localhost)[a-z0-9.-]+\.[a-z]{2,}\/[^"']*\.(js|css)/i);
  });
});
