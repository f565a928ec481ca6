// Dashboard query for one province (the units' latest readings of all three pillars) through the
// gateway, beside the same work asked of the three subgraphs directly, in the same run.
//   node bench/dashboard.js [--unit 19] [--connections 50] [--seconds 10]
const autocannon = require('autocannon');
const { arg, startPinnedSystem, table, machine, writeResults } = require('./common');
const { closedLoop, httpClient } = require('./closed-loop');

const UNIT = arg('unit', '19');
const CONNECTIONS = Number(arg('connections', '50'));
const SECONDS = Number(arg('seconds', '10'));
const READING = 'indicatorCode value period status';

// Through the gateway: one request.
const GATEWAY_QUERY = `query ($unit: ID!) { unit(code: $unit) { code name
  governanceReadings { ${READING} } economyReadings { ${READING} } societyReadings { ${READING} }
  children { code name governanceReadings { ${READING} } economyReadings { ${READING} } societyReadings { ${READING} } } } }`;
// Directly: governance for the unit tree and its readings, then economy and society in parallel for
// the same units (by entity representations, as the gateway's query plan does).
const GOV_QUERY = `query ($unit: ID!) { unit(code: $unit) { code name governanceReadings { ${READING} }
  children { code name governanceReadings { ${READING} } } } }`;
const entitiesQuery = (field) => `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on AdministrativeUnit { code ${field} { ${READING} } } } }`;

const { agent, post } = httpClient(CONNECTIONS * 3);

function runAutocannon(url, body) {
  return new Promise((resolve, reject) => {
    autocannon({ url, method: 'POST', connections: CONNECTIONS, duration: SECONDS, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
      (err, r) => (err ? reject(err) : resolve(r)));
  });
}

async function main() {
  console.log(`starting the graph (system under test on core 0, load on core 1)…`);
  const { system, pinned, dispose } = await startPinnedSystem();
  try {
    const gw = system.gateway.url;
    const sub = { governance: system.subgraphs.governance.url, economy: system.subgraphs.economy.url, society: system.subgraphs.society.url };
    const direct = async () => {
      const { unit } = await post(sub.governance, { query: GOV_QUERY, variables: { unit: UNIT } });
      const reps = [unit.code, ...unit.children.map((c) => c.code)].map((code) => ({ __typename: 'AdministrativeUnit', code }));
      await Promise.all([
        post(sub.economy, { query: entitiesQuery('economyReadings'), variables: { reps } }),
        post(sub.society, { query: entitiesQuery('societyReadings'), variables: { reps } }),
      ]);
    };
    // The same subgraph requests as the gateway's query plan: the unit and its children are separate paths.
    const directAsPlanned = async () => {
      const { unit } = await post(sub.governance, { query: GOV_QUERY, variables: { unit: UNIT } });
      const one = [{ __typename: 'AdministrativeUnit', code: unit.code }];
      const kids = unit.children.map((c) => ({ __typename: 'AdministrativeUnit', code: c.code }));
      await Promise.all([
        post(sub.economy, { query: entitiesQuery('economyReadings'), variables: { reps: one } }),
        post(sub.society, { query: entitiesQuery('societyReadings'), variables: { reps: one } }),
        post(sub.economy, { query: entitiesQuery('economyReadings'), variables: { reps: kids } }),
        post(sub.society, { query: entitiesQuery('societyReadings'), variables: { reps: kids } }),
      ]);
    };
    const viaGateway = () => post(gw, { query: GATEWAY_QUERY, variables: { unit: UNIT } });

    const sample = await viaGateway();
    const readings = ['governanceReadings', 'economyReadings', 'societyReadings']
      .reduce((n, f) => n + sample.unit[f].length + sample.unit.children.reduce((m, c) => m + c[f].length, 0), 0);
    console.log(`unit ${UNIT} (${sample.unit.name}): ${sample.unit.children.length} sub-units, ${readings} readings per answer`);
    console.log('warming up…');
    await closedLoop(viaGateway, 3, CONNECTIONS);
    await closedLoop(direct, 3, CONNECTIONS);

    console.log(`gateway, autocannon, ${CONNECTIONS} connections, ${SECONDS} s…`);
    const ac = await runAutocannon(gw, { query: GATEWAY_QUERY, variables: { unit: UNIT } });
    console.log(`gateway, closed loop, ${CONNECTIONS} clients, ${SECONDS} s…`);
    const g = await closedLoop(viaGateway, SECONDS, CONNECTIONS);
    console.log(`subgraphs directly (governance, then economy ∥ society), ${CONNECTIONS} clients, ${SECONDS} s…`);
    const d = await closedLoop(direct, SECONDS, CONNECTIONS);
    console.log(`subgraphs directly, the gateway's 5 requests, ${CONNECTIONS} clients, ${SECONDS} s…`);
    const d5 = await closedLoop(directAsPlanned, SECONDS, CONNECTIONS);

    const fmt = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–');
    const rows = [
      ['gateway (autocannon)', fmt(ac.requests.average), fmt(ac.latency.p50), fmt(ac.latency.p99), ac.errors + ac.non2xx],
      ['gateway (closed loop)', fmt(g.rps), fmt(g.p50), fmt(g.p99), g.errors],
      ['3 subgraphs directly, 3 requests (closed loop)', fmt(d.rps), fmt(d.p50), fmt(d.p99), d.errors],
      ["3 subgraphs directly, the plan's 5 requests (closed loop)", fmt(d5.rps), fmt(d5.p50), fmt(d5.p99), d5.errors],
    ];
    const t = table(['target', 'dashboards/s', 'p50 ms', 'p99 ms', 'errors'], rows);
    console.log(`\n${t}`);
    const md = `# Dashboard query benchmark

${new Date().toISOString()} — ${machine()}.
${pinned ? 'System under test (PostgreSQL, three subgraphs, gateway) pinned to core 0 with taskset; load generator on core 1.' : 'Not pinned (taskset unavailable or one core).'}
Unit ${UNIT} (${sample.unit.name}) with ${sample.unit.children.length} sub-units: ${readings} latest readings per answer (all three pillars,
rolled up where the unit has none of its own). ${CONNECTIONS} concurrent clients, ${SECONDS} s per target after a 3 s warm-up.

"Directly" is the same work without the gateway: governance for the unit tree and its readings, then
economy and society in parallel by \`_entities\` for the unit and its sub-units together: 3 subgraph
requests; and the very requests of the gateway's plan, 5 (governance, then economy and society for
the unit and, as a separate path, for its children). The gap between that row and the gateway is the
gateway itself: planning, fetching, merging, one more process on the same core.

${t}

Command: \`npm run bench:dashboard\` (\`node bench/dashboard.js --unit ${UNIT} --connections ${CONNECTIONS} --seconds ${SECONDS}\`).
`;
    writeResults('dashboard', md, { date: new Date().toISOString(), machine: machine(), pinned, unit: UNIT, connections: CONNECTIONS, seconds: SECONDS, readingsPerAnswer: readings,
      gatewayAutocannon: { rps: ac.requests.average, p50: ac.latency.p50, p99: ac.latency.p99, errors: ac.errors, non2xx: ac.non2xx },
      gatewayClosedLoop: g, directClosedLoop: d, directAsPlannedClosedLoop: d5 });
  } finally {
    agent.destroy();
    await dispose();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
