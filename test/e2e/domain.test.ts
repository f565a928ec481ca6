import { type TestSystem, gql, startTestSystem } from '../support/system';
import { TEST_JWT_SECRET, bearer, token } from '../support/tokens';

describe('the pillars’ own data through the gateway', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET });
  });
  afterAll(async () => {
    await system?.dispose();
  });

  it('should list agencies, find one by code, and give a unit its agencies', async () => {
    const res = await gql<{ agency: { name: string; indicatorCodes: string[] }; agencies: { code: string }[]; unit: { agencies: { code: string }[] } }>(
      system.url,
      `{ agency(code: "TCT") { name indicatorCodes } agencies { code } unit(code: "14") { agencies { code } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.agency.name).toBe('Tổng cục Thuế');
    expect(res.data!.agencies.length).toBeGreaterThan(50);
    expect(res.data!.unit.agencies.map((a) => a.code)).toContain('STTTT-14');
  });

  it('should compute the online and on-time rates from recorded dossiers, not take them typed in', async () => {
    const record = `mutation ($input: [DossierFlowInput!]!) { recordDossiers(input: $input) { imported unchanged rejected rows { outcome field reason } } }`;
    const input = [
      { unitCode: '594', period: '2024', receivedOnline: 7320, receivedOffline: 2680, resolvedOnTime: 9890, resolvedLate: 110 },
      { unitCode: '594', period: '2023', receivedOnline: -1, receivedOffline: 5, resolvedOnTime: 1, resolvedLate: 0 },
    ];
    const refused = await gql(system.url, record, { input });
    expect(refused.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const res = await gql<{ recordDossiers: { imported: number; rejected: number; rows: { outcome: string; field: string; reason: string }[] } }>(
      system.url, record, { input }, bearer(token('reporter', 'VPCP')),
    );
    expect(res.data!.recordDossiers).toMatchObject({ imported: 1, rejected: 1 });
    expect(res.data!.recordDossiers.rows[1]).toMatchObject({ field: 'receivedOnline', reason: expect.stringMatching(/^receivedOnline/) });
    const rates = await gql<{ online: { latest: { value: number; period: string } }; onTime: { latest: { value: number } }; unit: { dossierFlows: { onlineRate: number }[] } }>(
      system.url,
      `{ online: governanceIndicator(code: "GOV_ONLINE_DOSSIER_RATE") { latest(unitCode: "594") { value period } }
         onTime: governanceIndicator(code: "GOV_ONTIME_RESOLUTION_RATE") { latest(unitCode: "594") { value } }
         unit(code: "594") { dossierFlows { onlineRate } } }`,
    );
    expect(rates.data!.online.latest).toEqual({ value: 73.2, period: '2024' });
    expect(rates.data!.onTime.latest.value).toBe(98.9);
    expect(rates.data!.unit.dossierFlows).toEqual([{ onlineRate: 73.2 }]);
  });

  it("should give online public services, digital signatures and Đề án 06 identity figures from the articles", async () => {
    const res = await gql<{ publicServices: { unitCode: string; onlineServices: number | null; digitalSignatures: number | null }[]; unit: { identityIssuance: { chipIdsIssued: number; eligible: number; issuanceRate: number; eidAccounts: number }[] } }>(
      system.url,
      `{ publicServices { unitCode onlineServices digitalSignatures } unit(code: "594") { identityIssuance { chipIdsIssued eligible issuanceRate eidAccounts } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.publicServices).toEqual(expect.arrayContaining([
      { unitCode: '14', onlineServices: 500, digitalSignatures: null },
      { unitCode: '594', onlineServices: 108, digitalSignatures: null },
      { unitCode: '19', onlineServices: null, digitalSignatures: 1400 },
    ]));
    expect(res.data!.unit.identityIssuance).toEqual([{ chipIdsIssued: 96376, eligible: 104080, issuanceRate: 92.6, eidAccounts: 1828 }]);
  });

  it('should give DTI ranks by year from the articles', async () => {
    const res = await gql<{ dtiScores: { unitCode: string; rank: number }[] }>(system.url, `{ dtiScores(year: 2021) { unitCode rank } }`);
    expect(res.data!.dtiScores).toEqual([{ unitCode: '19', rank: 8 }, { unitCode: '70', rank: 9 }]);
  });

  it('should give a unit its economy and society data through federation', async () => {
    const res = await gql<{ unit: { economyProfile: { enterpriseAdoption: { etaxEnterprises: number; einvoiceRate: number }[]; digitalEconomy: { revenueUsd: number }[] }; societyTelecom: { mobileBroadbandMbps: number }[]; societySkills: { citizenAppDownloads: number }[] } ; bd: { societyTeams: { teams: number; members: number }[] } }>(
      system.url,
      `{ unit(code: "19") { economyProfile { enterpriseAdoption { etaxEnterprises einvoiceRate } digitalEconomy { revenueUsd } }
                            societyTelecom { mobileBroadbandMbps } societySkills { citizenAppDownloads } }
         bd: unit(code: "52") { societyTeams { teams members } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.unit.economyProfile.enterpriseAdoption).toEqual([{ etaxEnterprises: 6700, einvoiceRate: 98.9 }]);
    expect(res.data!.unit.economyProfile.digitalEconomy).toEqual([{ revenueUsd: 10_000_000_000 }]);
    expect(res.data!.unit.societyTelecom).toEqual([{ mobileBroadbandMbps: 33.95 }]);
    expect(res.data!.unit.societySkills).toEqual([{ citizenAppDownloads: 230000 }]);
    expect(res.data!.bd.societyTeams).toEqual([{ teams: 1116, members: 4353 }]);
  });
});
