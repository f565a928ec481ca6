import { Client } from 'pg';
import { economySubgraph } from '@ioc-graph/economy';
import { governanceSubgraph } from '@ioc-graph/governance';
import { type RunningSubgraph, type SubgraphDefinition, createLogger, startSubgraph } from '@ioc-graph/kit/internal';
import { societySubgraph } from '@ioc-graph/society';
import { createTestDatabase } from '../../support/database';
import { gql } from '../../support/system';

// The subgraphs' SQL per dashboard (issue 11, "cheaper subgraphs"): the three pillar subgraphs run
// in this process on a real database, every statement their pg clients send is counted, and a
// dashboard-like query over a province and its districts — the units' domain fields, readings, and
// each indicator's latest reading and series per unit — must cost the same number of statements
// whether the province has two districts or four.

/** Statements sent by any pg client of this process, but the feed's own (outbox sequencing and reading, LISTEN). */
const sent: string[] = [];
const originalQuery = Client.prototype.query;
function countStatements(): void {
  (Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (this: Client, ...args: unknown[]) {
    const config = args[0] as string | { text?: string };
    const text = typeof config === 'string' ? config : (config?.text ?? '');
    if (!/advisory|UPDATE outbox|AS head\b[\s\S]*FROM outbox|FROM outbox x JOIN|^\s*(LISTEN|UNLISTEN|START TRANSACTION|BEGIN|COMMIT|ROLLBACK)/i.test(text)) sent.push(text);
    return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
  };
}

const READING = 'indicatorCode value period status';
const GOVERNANCE_DOMAIN = 'agencies { code } dtiScores { year rank } publicServices { year onlineServices } identityIssuance { year issuanceRate }';
const ECONOMY_DOMAIN = 'economyProfile { unitCode enterpriseAdoption { year etaxEnterprises } digitalEconomy { year revenueUsd } }';
const SOCIETY_DOMAIN = 'societyTeams { period members } societyTelecom { year mobileBroadbandMbps } societySkills { year basicSkillsRate }';

/** Each indicator's latest reading and series, once per unit (aliased). */
function perUnitIndicatorFields(units: string[]): string {
  return units.map((u, i) => `l${i}: latest(unitCode: "${u}") { ${READING} } s${i}: series(unitCode: "${u}") { value }`).join(' ');
}

const entities = (fields: string) =>
  `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on AdministrativeUnit { code ${fields} } } }`;

describe('SQL statements of a dashboard in the pillar subgraphs', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const running: Partial<Record<'governance' | 'economy' | 'society', RunningSubgraph>> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    const logger = createLogger('sql-budget');
    const start = (def: SubgraphDefinition) =>
      startSubgraph(def, { databaseUrl: db.url, port: 0, host: '127.0.0.1', portEnv: 'PORT', logger });
    // One after another: the first one seeds the shared kit catalog tables.
    running.governance = await start(governanceSubgraph);
    running.economy = await start(economySubgraph);
    running.society = await start(societySubgraph);
    countStatements();
  }, 120_000);

  afterAll(async () => {
    Client.prototype.query = originalQuery;
    for (const s of [running.society, running.economy, running.governance]) await s?.dispose();
    await db?.drop();
  });

  /** Runs the dashboard of one province on the three subgraphs directly; statements per subgraph request. */
  async function dashboard(province: string): Promise<{ units: number; statements: number; perRequest: number[] }> {
    const url = (name: keyof typeof running) => running[name]!.url;
    const before = sent.length;
    const perRequest: number[] = [];
    const step = async (u: string, query: string, variables?: Record<string, unknown>) => {
      const mark = sent.length;
      const res = await gql<Record<string, unknown>>(u, query, variables);
      expect(res.errors).toBeUndefined();
      perRequest.push(sent.length - mark);
      return res.data!;
    };
    const tree = (await step(url('governance'), `query ($u: ID!) { unit(code: $u) { code ${GOVERNANCE_DOMAIN} governanceReadings { ${READING} }
      children { code ${GOVERNANCE_DOMAIN} governanceReadings { ${READING} } } } }`, { u: province })) as { unit: { code: string; children: { code: string }[] } };
    const units = [tree.unit.code, ...tree.unit.children.map((c) => c.code)];
    const reps = units.map((code) => ({ __typename: 'AdministrativeUnit', code }));
    // One request at a time: each request's statements are counted on their own.
    await step(url('economy'), entities(`${ECONOMY_DOMAIN} economyReadings { ${READING} }`), { reps });
    await step(url('society'), entities(`${SOCIETY_DOMAIN} societyReadings { ${READING} }`), { reps });
    for (const p of ['governance', 'economy', 'society'] as const) {
      await step(url(p), `{ ${p}Indicators { code ${perUnitIndicatorFields(units)} } }`);
    }
    return { units: units.length, statements: sent.length - before, perRequest };
  }

  it('should run as many statements for a province of four districts as for one of two', async () => {
    await dashboard('19'); // warm-up: the catalog and prepared statements
    const small = await dashboard('19');
    const large = await dashboard('52');
    console.log(`SQL statements per dashboard: ${small.units} units → ${small.statements} (${small.perRequest.join('+')}); ` +
      `${large.units} units → ${large.statements} (${large.perRequest.join('+')})`);
    expect(small.units).toBeLessThan(large.units);
    expect(large.perRequest).toEqual(small.perRequest);
  });

  it('should give each unit, batched, the very rows and readings it gets when asked alone', async () => {
    const gov = running.governance!.url;
    const tree = await gql<{ unit: Record<string, unknown> & { children: Record<string, unknown>[] } }>(gov,
      `{ unit(code: "52") { code ${GOVERNANCE_DOMAIN} children { code ${GOVERNANCE_DOMAIN} } } }`);
    expect(tree.errors).toBeUndefined();
    const units = [tree.data!.unit, ...tree.data!.unit.children];
    expect(units.length).toBeGreaterThan(2);
    for (const u of units) {
      const alone = await gql<Record<string, unknown>>(gov, `query ($c: ID!) { agencies(unitCode: $c) { code } dtiScores(unitCode: $c) { year rank }
        publicServices(unitCode: $c) { year onlineServices } identityIssuance(unitCode: $c) { year issuanceRate } }`, { c: u.code });
      for (const f of ['agencies', 'dtiScores', 'publicServices', 'identityIssuance']) expect(u[f]).toEqual(alone.data![f]);
    }
    const reps = units.map((u) => ({ __typename: 'AdministrativeUnit', code: u.code }));
    const eco = await gql<{ _entities: { code: string; economyProfile: { enterpriseAdoption: unknown[]; digitalEconomy: unknown[] } }[] }>(
      running.economy!.url, entities('economyProfile { enterpriseAdoption { year etaxEnterprises } digitalEconomy { year revenueUsd } }'), { reps });
    const soc = await gql<{ _entities: Record<string, unknown>[] }>(running.society!.url,
      entities('societyTeams { period members } societyTelecom { year mobileBroadbandMbps } societySkills { year basicSkillsRate }'), { reps });
    expect(soc.data!._entities.some((e) => ['societyTeams', 'societyTelecom', 'societySkills'].some((f) => (e[f] as unknown[]).length > 0))).toBe(true);
    for (const [i, u] of units.entries()) {
      const e = await gql<Record<string, unknown>>(running.economy!.url, `query ($c: ID!) { enterpriseAdoption(unitCode: $c) { year etaxEnterprises } digitalEconomy(unitCode: $c) { year revenueUsd } }`, { c: u.code });
      expect(eco.data!._entities[i].economyProfile).toEqual(e.data);
      const so = await gql<Record<string, unknown>>(running.society!.url, `query ($c: ID!) { societyTeams: communityTechTeams(unitCode: $c) { period members }
        societyTelecom: telecomInfrastructure(unitCode: $c) { year mobileBroadbandMbps } societySkills: digitalSkills(unitCode: $c) { year basicSkillsRate } }`, { c: u.code });
      expect({ ...soc.data!._entities[i], code: undefined }).toEqual({ ...so.data, code: undefined });
    }
    // latest and series: all units in one request against one unit per request.
    const codes = units.map((u) => u.code as string);
    const all = await gql<{ governanceIndicators: Record<string, unknown>[] }>(gov, `{ governanceIndicators { code ${perUnitIndicatorFields(codes)} } }`);
    expect(all.errors).toBeUndefined();
    for (const [i, code] of codes.entries()) {
      const one = await gql<{ governanceIndicators: Record<string, unknown>[] }>(gov,
        `{ governanceIndicators { code latest(unitCode: "${code}") { ${READING} } series(unitCode: "${code}") { value } } }`);
      expect(all.data!.governanceIndicators.map((ind) => [ind.code, ind[`l${i}`], ind[`s${i}`]]))
        .toEqual(one.data!.governanceIndicators.map((ind) => [ind.code, ind.latest, ind.series]));
    }
    expect(all.data!.governanceIndicators.some((ind) => ind.l0 !== null)).toBe(true);
  });

  it('should fail only the series with a bad period, not the others batched with it', async () => {
    const res = await gql<{ good: { series: { value: number }[] }; bad: unknown }>(running.governance!.url,
      `{ good: governanceIndicator(code: "GOV_ONLINE_DOSSIER_RATE") { series(unitCode: "14") { value } }
         bad: governanceIndicator(code: "GOV_ONLINE_DOSSIER_RATE") { series(unitCode: "14", from: "2023-13") { value } } }`);
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]).toMatchObject({ path: ['bad', 'series'], extensions: { code: 'BAD_USER_INPUT' } });
    expect(res.data!.bad).toBeNull();
    expect(res.data!.good.series.length).toBeGreaterThan(0);
  });

  it('should answer each subgraph request of the dashboard in at most a few statements', async () => {
    const { perRequest } = await dashboard('52');
    // governance: unit tree (4 domain tables + own readings + roll-ups); economy, society: domain
    // tables + readings; indicators: latest (own + roll-ups) and series.
    for (const n of perRequest) expect(n).toBeLessThanOrEqual(8);
  });
});
