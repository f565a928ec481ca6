import { Client } from 'pg';
import { type TestSystem, gql, startTestSystem } from '../support/system';
import { TEST_JWT_SECRET, bearer, token } from '../support/tokens';

interface Row { index: number; outcome: string; field: string | null; code: string | null; reason: string | null }
interface Summary { imported: number; updated: number; unchanged: number; rejected: number; rows: Row[] }
interface Input { indicatorCode: string; unitCode: string; period: string; value: number; status?: string; source?: string }

const ROWS = 'imported updated unchanged rejected rows { index outcome field code reason }';

/**
 * Inputs the kit must refuse (or accept), and the contract's traps, through a real gateway: each
 * example of issue 12/9 and its variants.
 */
describe('the indicator kit refuses bad input with a code and keeps the contract', () => {
  let system: TestSystem;
  let admin: Record<string, string>;
  const report = async (pillar: 'Economy' | 'Society' | 'Governance', input: Input[]) => {
    const res = await gql<Record<string, Summary>>(system.url, `mutation ($input: [ObservationInput!]!) { report${pillar}Observations(input: $input) { ${ROWS} } }`, { input }, admin);
    expect(res.errors).toBeUndefined();
    return res.data![`report${pillar}Observations`];
  };
  const economy = (input: Input[]) => report('Economy', input);

  beforeAll(async () => {
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET });
    admin = bearer(token('admin'));
  }, 180_000);

  afterAll(async () => {
    await system?.dispose();
  });

  it('should refuse impossible dates in every period form instead of rolling them over', async () => {
    const s = await report('Society', [
      { indicatorCode: 'SOC_SPEEDTEST_MOBILE_MBPS', unitCode: '19', period: '2024-02-30T10:00:00Z', value: 30 },
      { indicatorCode: 'SOC_SPEEDTEST_MOBILE_MBPS', unitCode: '19', period: '2023-02-29T10:00:00+07:00', value: 30 },
      { indicatorCode: 'SOC_SPEEDTEST_MOBILE_MBPS', unitCode: '19', period: '2024-01-01T24:00:00Z', value: 30 },
    ]);
    expect(s.rows.map((r) => [r.outcome, r.code])).toEqual([['REJECTED', 'E_PERIOD_FORMAT'], ['REJECTED', 'E_PERIOD_FORMAT'], ['REJECTED', 'E_PERIOD_FORMAT']]);
    const days = await economy([
      { indicatorCode: 'ECO_EINVOICES_ISSUED', unitCode: '19', period: '2023-02-29', value: 5 },
      { indicatorCode: 'ECO_EINVOICES_ISSUED', unitCode: '19', period: '2023-04-31', value: 5 },
      { indicatorCode: 'ECO_EINVOICES_ISSUED', unitCode: '19', period: '2024-02-29', value: 5 },
    ]);
    expect(days.rows.map((r) => r.code)).toEqual(['E_PERIOD_FORMAT', 'E_PERIOD_FORMAT', null]);
  });

  it('should accept an RFC 3339 timestamp with nanoseconds and an offset, stored as its instant', async () => {
    const s = await report('Society', [{ indicatorCode: 'SOC_SPEEDTEST_MOBILE_MBPS', unitCode: '19', period: '2024-05-01T08:30:00.123456789+07:00', value: 31.5 }]);
    expect(s.rows[0]).toMatchObject({ outcome: 'IMPORTED', code: null });
    const res = await gql<{ societyIndicator: { series: { period: string }[] } }>(
      system.url, '{ societyIndicator(code: "SOC_SPEEDTEST_MOBILE_MBPS") { series(unitCode: "19", from: "2024-05-01", to: "2024-05-01") { period } } }',
    );
    expect(res.data!.societyIndicator.series.map((r) => r.period)).toContain('2024-05-01T01:30:00.123Z');
  });

  it.each([
    ['series from', '{ economyIndicator(code: "ECO_ETAX_ENTERPRISES") { series(unitCode: "19", from: "2023-13") { value } } }', 'from'],
    ['series to', '{ economyIndicator(code: "ECO_ETAX_ENTERPRISES") { series(unitCode: "19", to: "2023-02-30") { value } } }', 'to'],
    ['observations from', '{ economyObservations(from: "last year") { value } }', 'from'],
    ['completeness period', '{ economyReportingCompleteness(period: "2023-Q5") { agencyCode } }', 'period'],
    ['dossier flows from', '{ dossierFlows(unitCode: "14", from: "2023-13") { period } }', 'from'],
  ])('should answer a malformed period in %s with BAD_USER_INPUT, never every period', async (_what, query, arg) => {
    const res = await gql(system.url, query);
    expect(res.data?.[Object.keys(res.data ?? {})[0]] ?? null).toBeNull();
    expect(res.errors?.[0]).toMatchObject({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) });
    expect(res.errors?.[0].message).toContain(arg);
  });

  it('should refuse a fraction for a count and a rank, naming why', async () => {
    const s = await economy([
      { indicatorCode: 'ECO_ETAX_ENTERPRISES', unitCode: '19', period: '2019', value: 12.5 },
      { indicatorCode: 'ECO_ETAX_ENTERPRISES', unitCode: '19', period: '2020', value: 6.7 }, // "6.700" read as a decimal
      { indicatorCode: 'ECO_DTI_ECONOMY_RANK', unitCode: '19', period: '2020', value: 3.5 },
    ]);
    expect(s.rows.map((r) => r.code)).toEqual(['E_NOT_INTEGER', 'E_NOT_INTEGER', 'E_NOT_INTEGER']);
    expect(s.rows[1].reason).toMatch(/thousands separator/);
    expect(s.imported).toBe(0);
  });

  it('should refuse values beyond what an indicator can hold, per row, and keep the neighbours', async () => {
    const s = await economy([
      { indicatorCode: 'ECO_ETAX_ENTERPRISES', unitCode: '116', period: '2021', value: 1.5e308 },
      { indicatorCode: 'ECO_ETAX_ENTERPRISES', unitCode: '123', period: '2021', value: 1e16 },
      { indicatorCode: 'ECO_EINVOICE_RATE', unitCode: '123', period: '2021', value: 100.01 },
      { indicatorCode: 'ECO_ETAX_ENTERPRISES', unitCode: '116', period: '2020', value: 12 },
    ]);
    expect(s.rows.map((r) => [r.outcome, r.code])).toEqual([
      ['REJECTED', 'E_OUT_OF_RANGE'], ['REJECTED', 'E_OUT_OF_RANGE'], ['REJECTED', 'E_OUT_OF_RANGE'], ['IMPORTED', null],
    ]);
    const unit = await gql<{ unit: { name: string; economyReadings: { value: number }[] } }>(system.url, '{ unit(code: "14") { name economyReadings { value } } }');
    expect(unit.errors).toBeUndefined();
    expect(unit.data!.unit.name).toBe('Tỉnh Sơn La');
  });

  it('should drop a roll-up that is not finite (values stored before the bounds) instead of nulling the unit', async () => {
    // 1.5e308 + 1e308 for two districts of Sơn La, written straight into the table as an old release could have.
    const db = new Client({ connectionString: system.database.url });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO economy.observation (indicator_code, unit_code, period, period_start, period_end, value, status, source, reported_by, revision)
         SELECT 'ECO_ECOMMERCE_FARM_HOUSEHOLDS', u, '2022', '2022-01-01Z', '2023-01-01Z', v, 'A', 'old release', 'test', 1
           FROM unnest(ARRAY['116', '123'], ARRAY[1.5e308, 1e308]::float8[]) AS t(u, v)`,
      );
    } finally {
      await db.end();
    }
    const res = await gql<{ unit: { name: string; economyReadings: { indicatorCode: string; value: number }[] } }>(
      system.url, '{ unit(code: "14") { name economyReadings(codes: ["ECO_ECOMMERCE_FARM_HOUSEHOLDS", "ECO_ETAX_ENTERPRISES"]) { indicatorCode value } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.unit.name).toBe('Tỉnh Sơn La');
    expect(res.data!.unit.economyReadings.map((r) => r.indicatorCode)).not.toContain('ECO_ECOMMERCE_FARM_HOUSEHOLDS');
    expect(res.data!.unit.economyReadings.every((r) => Number.isFinite(r.value))).toBe(true);
  });

  it("should refuse a period before the unit existed and after it ceased, and keep the merger's year readable", async () => {
    const s = await economy([
      { indicatorCode: 'ECO_ETAX_ENTERPRISES', unitCode: '19', period: '1000', value: 1 },
      { indicatorCode: 'ECO_ETAX_ENTERPRISES', unitCode: '06', period: '2026', value: 1 },
      { indicatorCode: 'ECO_ETAX_ENTERPRISES', unitCode: '06', period: '2025', value: 1 },
    ]);
    expect(s.rows.map((r) => [r.outcome, r.code])).toEqual([['REJECTED', 'E_UNIT_NOT_VALID'], ['REJECTED', 'E_UNIT_NOT_VALID'], ['IMPORTED', null]]);
    expect(s.rows[0].reason).toMatch(/exists from 2008-08-01/);
    expect(s.rows[1].reason).toMatch(/ceased on 2025-06-30; report to its successor 19/);
  });

  it('should store text as NFC, so the same source in NFD is unchanged and a different one an update', async () => {
    const source = 'Cục Thuế tỉnh Sơn La';
    const row = { indicatorCode: 'ECO_ETAX_ENTERPRISES', unitCode: '14', period: '2018', value: 900 };
    expect((await economy([{ ...row, source: source.normalize('NFD') }])).imported).toBe(1);
    expect((await economy([{ ...row, source: source.normalize('NFC') }])).unchanged).toBe(1);
    expect((await economy([{ ...row, source: 'Sở Tài chính' }])).updated).toBe(1);
    const res = await gql<{ economyIndicator: { series: { source: string }[] } }>(
      system.url, '{ economyIndicator(code: "ECO_ETAX_ENTERPRISES") { series(unitCode: "14", from: "2018", to: "2018") { source } } }',
    );
    expect(res.data!.economyIndicator.series[0].source).toBe('Sở Tài chính'.normalize('NFC'));
  });

  it('should refuse text over its limit or that cannot be stored, with a code per row', async () => {
    const base = { indicatorCode: 'ECO_ETAX_ENTERPRISES', unitCode: '14', value: 1 };
    const s = await economy([
      { ...base, period: '2015', source: 'x'.repeat(501) },
      { ...base, period: '2014', source: 'a\u0000b' },
      { ...base, period: '2013', source: 'broken \ud83d' },
      { ...base, unitCode: '9'.repeat(65), period: '2012' },
      { ...base, period: '2011', source: 'x'.repeat(500) },
    ]);
    expect(s.rows.map((r) => [r.field, r.code])).toEqual([
      ['source', 'E_TOO_LONG'], ['source', 'E_INVALID_TEXT'], ['source', 'E_INVALID_TEXT'], ['unitCode', 'E_TOO_LONG'], [null, null],
    ]);
    expect(s.imported).toBe(1);
  });

  it('should store a 5,000-row batch whose last row has a NUL byte without a row-by-row fallback', async () => {
    const input: Input[] = Array.from({ length: 5000 }, (_, i) => ({
      indicatorCode: 'ECO_EINVOICES_ISSUED', unitCode: '116',
      period: new Date(Date.UTC(2010, 0, 1) + i * 86_400_000).toISOString().slice(0, 10), value: i,
    }));
    input[4999].source = 'nul\u0000here';
    const started = Date.now();
    const s = await economy(input);
    const took = Date.now() - started;
    expect(s).toMatchObject({ imported: 4999, rejected: 1 });
    expect(s.rows[4999]).toMatchObject({ field: 'source', code: 'E_INVALID_TEXT' });
    // Not a timed assertion (bench/ingest.js measures); logged so a regression is visible.
    console.log(`5,000 rows with one NUL byte: ${took} ms`);
  });

  it.each([
    ['a count summed from two districts', 'ECO_ECOMMERCE_FARM_HOUSEHOLDS', 2023, [9e14, 8e14]],
    ['an amount of VND summed from two districts', 'ECO_DIGITAL_ECONOMY_VALUE_ADDED', 2023, [6e14, 7e14]],
  ])('should answer a roll-up beyond the value bound (%s) with VALUE_OUT_OF_RANGE naming it, and keep the rows', async (_, code, year, [a, b]) => {
    const s = await economy([
      { indicatorCode: code, unitCode: '116', period: String(year), value: a },
      { indicatorCode: code, unitCode: '123', period: String(year), value: b },
    ]);
    expect(s.rows.map((r) => [r.outcome, r.code])).toEqual([['IMPORTED', null], ['IMPORTED', null]]);
    const res = await gql<{ economyIndicator: { code: string; latest: unknown; district: { value: number } | null } }>(
      system.url,
      `{ economyIndicator(code: "${code}") { code latest(unitCode: "14") { value } district: latest(unitCode: "116") { value } } }`,
    );
    expect(res.data!.economyIndicator).toEqual({ code, latest: null, district: { value: a } }); // the rows are kept
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]).toMatchObject({
      path: ['economyIndicator', 'latest'],
      extensions: { code: 'VALUE_OUT_OF_RANGE', indicatorCode: code, unitCode: '14', period: String(year) },
    });
    expect(res.errors![0].message).toContain(code);
    expect(res.errors![0].message).not.toMatch(/\bat .*\.js|\/work\//); // no internals
    // The unit's list of readings leaves it out and answers the rest.
    const unit = await gql<{ unit: { name: string; economyReadings: { indicatorCode: string; value: number }[] } }>(
      system.url, `{ unit(code: "14") { name economyReadings(codes: ["${code}", "ECO_ETAX_ENTERPRISES"]) { indicatorCode value } } }`,
    );
    expect(unit.errors).toBeUndefined();
    expect(unit.data!.unit.economyReadings.map((r) => r.indicatorCode)).not.toContain(code);
  });

  it('should answer a roll-up exactly at the value bound', async () => {
    await economy([
      { indicatorCode: 'ECO_ECOMMERCE_FARM_HOUSEHOLDS', unitCode: '116', period: '2025', value: 5e14 },
      { indicatorCode: 'ECO_ECOMMERCE_FARM_HOUSEHOLDS', unitCode: '123', period: '2025', value: 5e14 },
    ]);
    const res = await gql<{ economyIndicator: { latest: { value: number; period: string } } }>(
      system.url, '{ economyIndicator(code: "ECO_ECOMMERCE_FARM_HOUSEHOLDS") { latest(unitCode: "14") { value period } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.economyIndicator.latest).toEqual({ value: 1e15, period: '2025' });
  });

  it('should round a roll-up to the indicator precision (no float noise) and give it a real cursor', async () => {
    // Sơn La (14) has no own 2017 figure: its districts' average is the roll-up.
    await report('Society', [
      { indicatorCode: 'SOC_MOBILE_BROADBAND_MBPS', unitCode: '116', period: '2017', value: 0.1 },
      { indicatorCode: 'SOC_MOBILE_BROADBAND_MBPS', unitCode: '123', period: '2017', value: 0.2 },
    ]);
    const res = await gql<{ societyIndicator: { latest: { value: number; cursor: string; rolledUpFrom: string[] | null } } }>(
      system.url, '{ societyIndicator(code: "SOC_MOBILE_BROADBAND_MBPS") { latest(unitCode: "14") { value cursor rolledUpFrom } } }',
    );
    const latest = res.data!.societyIndicator.latest;
    expect(latest.rolledUpFrom).toEqual(['116', '123']);
    expect(latest.value).toBe(0.15); // (0.1 + 0.2) / 2 is 0.15000000000000002 in floating point
    expect(Number(latest.cursor)).toBeGreaterThan(0);
  });

  it('should tell each indicator its bounds and precision', async () => {
    const res = await gql<{ economyIndicators: { code: string; decimals: number; minValue: number; maxValue: number }[] }>(
      system.url, '{ economyIndicators(codes: ["ECO_EINVOICE_RATE", "ECO_ETAX_ENTERPRISES"]) { code decimals minValue maxValue } }',
    );
    expect(res.data!.economyIndicators).toEqual([
      { code: 'ECO_EINVOICE_RATE', decimals: 2, minValue: 0, maxValue: 100 },
      { code: 'ECO_ETAX_ENTERPRISES', decimals: 0, minValue: 0, maxValue: 1e15 },
    ]);
  });

  it('should answer Indicator.target through the interface with the catalog fallbacks', async () => {
    const res = await gql<{ governanceIndicator: { target: number | null; byInterface: number | null } }>(
      system.url,
      '{ governanceIndicator(code: "GOV_ONLINE_DOSSIER_RATE") { target(year: 2025) ... on Indicator { byInterface: target(year: 2026, unitCode: "14") } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.governanceIndicator.target).toEqual(expect.any(Number));
    // 2026 has no target of its own: the 2025 national goal stays in force, for a unit without its own.
    expect(res.data!.governanceIndicator.byInterface).toEqual(expect.any(Number));
  });

  it("should make every field a pillar adds to another subgraph's unit nullable", async () => {
    const res = await gql<{ __type: { fields: { name: string; type: { kind: string } }[] } }>(
      system.url, '{ __type(name: "AdministrativeUnit") { fields { name type { kind } } } }',
    );
    const kinds = Object.fromEntries(res.data!.__type.fields.map((f) => [f.name, f.type.kind]));
    for (const f of ['economyReadings', 'societyReadings', 'economyProfile', 'societyTeams', 'societyTelecom', 'societySkills']) {
      expect([f, kinds[f]]).toEqual([f, expect.not.stringMatching(/^NON_NULL$/)]);
    }
  });

  it('should refuse an anonymous write and keep dossiers and their observations together', async () => {
    const anon = await gql(system.url, 'mutation { reportEconomyObservations(input: [{ indicatorCode: "ECO_ETAX_ENTERPRISES", unitCode: "14", period: "2016", value: 1 }]) { imported } }');
    expect(anon.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const flow = { unitCode: '14', period: '2016', receivedOnline: 10, receivedOffline: 5, resolvedOnTime: 12, resolvedLate: 3 };
    const bad = await gql<{ recordDossiers: Summary }>(
      system.url, `mutation ($input: [DossierFlowInput!]!) { recordDossiers(input: $input) { ${ROWS} } }`,
      { input: [{ ...flow, unitCode: '06', period: '2030' }] }, admin,
    );
    expect(bad.data!.recordDossiers.rows[0]).toMatchObject({ outcome: 'REJECTED', code: expect.stringMatching(/^E_/) });
    expect(bad.data!.recordDossiers.rows[0].reason).not.toMatch(/^row \d+:/);
    const ok = await gql<{ recordDossiers: Summary }>(system.url, `mutation ($input: [DossierFlowInput!]!) { recordDossiers(input: $input) { ${ROWS} } }`, { input: [flow] }, admin);
    expect(ok.data!.recordDossiers.imported).toBe(1);
    const flows = await gql<{ dossierFlows: { period: string }[] }>(system.url, '{ dossierFlows(unitCode: "14", from: "2016", to: "2016") { period } }');
    expect(flows.data!.dossierFlows).toHaveLength(1);
  });
});
