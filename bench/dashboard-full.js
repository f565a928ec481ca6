// The subgraphs' whole dashboard work for one province, asked of them directly (no gateway): the unit
// tree with governance's domain fields and readings; economy's and society's domain fields and
// readings for the same units by `_entities`; each pillar's indicators with their latest reading and
// series per unit. This is the subgraph work issue 11's "cheaper subgraphs" batches.
//   node bench/dashboard-full.js [--unit 52] [--connections 20] [--seconds 10]
const { arg, startPinnedSystem, table, machine } = require('./common');
const { closedLoop, httpClient } = require('./closed-loop');

const UNIT = arg('unit', '52');
const CONNECTIONS = Number(arg('connections', '20'));
const SECONDS = Number(arg('seconds', '10'));
const READING = 'indicatorCode value period status';
const GOV_DOMAIN = 'agencies { code } dtiScores { year rank } publicServices { year onlineServices } identityIssuance { year issuanceRate }';
const GOV_QUERY = `query ($u: ID!) { unit(code: $u) { code ${GOV_DOMAIN} governanceReadings { ${READING} }
  children { code ${GOV_DOMAIN} governanceReadings { ${READING} } } } }`;
const ECO = 'economyProfile { enterpriseAdoption { year etaxEnterprises } digitalEconomy { year revenueUsd } } economyReadings { indicatorCode value period status }';
const SOC = 'societyTeams { period members } societyTelecom { year mobileBroadbandMbps } societySkills { year basicSkillsRate } societyReadings { indicatorCode value period status }';
const entities = (fields) => `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on AdministrativeUnit { code ${fields} } } }`;
const indicators = (p, units) => `{ ${p}Indicators { code ${units.map((u, i) => `l${i}: latest(unitCode: "${u}") { ${READING} } s${i}: series(unitCode: "${u}") { value }`).join(' ')} } }`;

const { agent, post } = httpClient(CONNECTIONS * 6);

async function main() {
  const { system, pinned, dispose } = await startPinnedSystem();
  try {
    const sub = system.subgraphs;
    const dashboard = async () => {
      const { unit } = await post(sub.governance.url, { query: GOV_QUERY, variables: { u: UNIT } });
      const units = [unit.code, ...unit.children.map((c) => c.code)];
      const reps = units.map((code) => ({ __typename: 'AdministrativeUnit', code }));
      await Promise.all([
        post(sub.economy.url, { query: entities(ECO), variables: { reps } }),
        post(sub.society.url, { query: entities(SOC), variables: { reps } }),
        ...['governance', 'economy', 'society'].map((p) => post(sub[p].url, { query: indicators(p, units) })),
      ]);
    };
    await dashboard();
    await closedLoop(dashboard, 3, CONNECTIONS);
    const r = await closedLoop(dashboard, SECONDS, CONNECTIONS);
    const fmt = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–');
    console.log(table(['target', 'dashboards/s', 'p50 ms', 'p99 ms', 'errors'],
      [[`full dashboard of ${UNIT}, 3 subgraphs directly (6 requests)`, fmt(r.rps), fmt(r.p50), fmt(r.p99), r.errors]]));
    console.log(JSON.stringify({ date: new Date().toISOString(), machine: machine(), pinned, unit: UNIT, connections: CONNECTIONS, seconds: SECONDS, ...r }));
  } finally {
    agent.destroy();
    await dispose();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
