// Dashboard query for one province (the units' latest readings of all three pillars) through the
// gateway, beside the same work asked of the three subgraphs directly, in the same run.
//   node bench/dashboard.js [--unit 19] [--connections 50] [--seconds 10]
// With --peers: our gateway beside Hive Gateway over the same subgraphs (see peers() below).
//   node bench/dashboard.js --peers [--unit 19] [--connections 50] [--seconds 10] [--rounds 2]
const fs = require('node:fs');
const os = require('node:os');
const autocannon = require('autocannon');
const { arg, startPinnedSystem, table, machine, writeResults } = require('./common');
const { closedLoop, httpClient } = require('./closed-loop');
const { startHiveGateway } = require('./hive');

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

/** CPU seconds a process has used (user + system), from /proc. */
function cpuSeconds(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Busy fraction of each core between two /proc/stat samples (whoever ran there: the machine is shared). */
function coreTimes() {
  return fs.readFileSync('/proc/stat', 'utf8').split('\n').filter((l) => /^cpu\d/.test(l)).map((l) => {
    const n = l.trim().split(/\s+/).slice(1).map(Number);
    return { idle: n[3] + n[4], total: n.reduce((a, b) => a + b, 0) };
  });
}
const busy = (before, after) => after.map((a, i) => 1 - (a.idle - before[i].idle) / Math.max(1, a.total - before[i].total));

// The 34 provinces since the 2025 reform: valid on 2025-07-01 and not ceased since.
const PROVINCES_QUERY = '{ units(level: PROVINCE, validOn: "2025-07-01") { code validTo successor { code } } }';

/**
 * Our gateway and Hive Gateway over the same three subgraphs, in one run: both gateways on core 0,
 * PostgreSQL, the subgraphs and the load on core 1. Two workloads: the identical-dashboard storm (one
 * province, every client) and a mix rotating over the 34 current provinces. The cells run
 * interleaved (round by round, the order of the gateways alternating), short, with the load average
 * noted, as the machine may be shared.
 */
async function peers() {
  const ROUNDS = Number(arg('rounds', '2'));
  console.log('starting the graph (gateways on core 0; PostgreSQL, subgraphs and load on core 1)…');
  const { system, pinned, dispose } = await startPinnedSystem({ gatewayOnly: true });
  let hive;
  try {
    const { units } = await post(system.subgraphs.governance.url, { query: PROVINCES_QUERY });
    const provinces = units.filter((u) => !u.validTo && !u.successor).map((u) => u.code);
    if (provinces.length !== 34) console.warn(`expected 34 current provinces, found ${provinces.length}`);
    console.log('starting Hive Gateway on the same subgraphs (supergraph by our composition)…');
    hive = await startHiveGateway(system, { core: 0 });
    const gateways = [
      { key: 'ioc', name: 'IOC Graph', url: system.gateway.url, pid: system.gateway.pid },
      { key: 'hive', name: 'Hive Gateway', url: hive.url, pid: hive.pid },
    ];
    const ask = (url, unit) => post(url, { query: GATEWAY_QUERY, variables: { unit } });
    const workloads = [
      { key: 'storm', name: `identical dashboard (unit ${UNIT})`, work: (url) => () => ask(url, UNIT) },
      {
        key: 'mix', name: `mix over ${provinces.length} provinces`,
        work: (url) => {
          let next = 0;
          return () => ask(url, provinces[next++ % provinces.length]);
        },
      },
    ];

    // Both gateways must give the same answers before their speed means anything.
    let same = 0;
    for (const unit of provinces) {
      const [a, b] = await Promise.all(gateways.map((g) => ask(g.url, unit)));
      if (JSON.stringify(a) === JSON.stringify(b)) same++;
      else console.warn(`unit ${unit}: the gateways' answers differ`);
    }
    console.log(`identical answers for ${same}/${provinces.length} provinces; warming up…`);
    for (const w of workloads) for (const g of gateways) await closedLoop(w.work(g.url), 3, CONNECTIONS);

    const runs = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const w of workloads) {
        for (const g of round % 2 ? [...gateways].reverse() : gateways) {
          const load = os.loadavg()[0];
          const cores0 = coreTimes();
          const cpu0 = cpuSeconds(g.pid);
          const r = await closedLoop(w.work(g.url), SECONDS, CONNECTIONS);
          const gatewayCores = (cpuSeconds(g.pid) - cpu0) / SECONDS;
          const [core0, core1] = busy(cores0, coreTimes());
          runs.push({ round, workload: w.key, gateway: g.key, ...r, gatewayCores, core0, core1, load });
          console.log(`round ${round + 1}, ${w.name}, ${g.name}: ${r.rps.toFixed(1)} RPS, p99 ${r.p99.toFixed(0)} ms, ` +
            `${r.errors} errors, gateway ${gatewayCores.toFixed(2)} cores, core 0 ${(core0 * 100).toFixed(0)} %, core 1 ${(core1 * 100).toFixed(0)} %, load ${load.toFixed(1)}`);
        }
      }
    }

    const median = (xs) => {
      const s = [...xs].sort((a, b) => a - b);
      return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    };
    const cells = workloads.flatMap((w) => gateways.map((g) => {
      const mine = runs.filter((r) => r.workload === w.key && r.gateway === g.key);
      const of = (k) => median(mine.map((r) => r[k]));
      return { workload: w.key, gateway: g.key, rps: of('rps'), p99: of('p99'), p50: of('p50'), errors: mine.reduce((n, r) => n + r.errors, 0), gatewayCores: of('gatewayCores'), core1: of('core1') };
    }));
    const cell = (w, g) => cells.find((c) => c.workload === w && c.gateway === g);
    const f0 = (x) => (Number.isFinite(x) ? x.toFixed(0) : '–');
    const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–');
    const summary = table(
      ['workload', 'IOC Graph RPS', 'IOC Graph p99 ms', 'Hive Gateway RPS', 'Hive Gateway p99 ms', 'IOC / Hive RPS'],
      workloads.map((w) => {
        const [i, h] = [cell(w.key, 'ioc'), cell(w.key, 'hive')];
        return [w.name, f1(i.rps), f0(i.p99), f1(h.rps), f0(h.p99), `${(i.rps / h.rps).toFixed(2)}×`];
      }),
    );
    const detail = table(
      ['round', 'workload', 'gateway', 'RPS', 'p50 ms', 'p99 ms', 'errors', 'gateway CPU (cores)', 'core 0 busy', 'core 1 busy', 'load avg (1 min)'],
      runs.map((r) => [r.round + 1, r.workload, r.gateway === 'ioc' ? 'IOC Graph' : 'Hive Gateway', f1(r.rps), f0(r.p50), f0(r.p99), r.errors,
        r.gatewayCores.toFixed(2), `${(r.core0 * 100).toFixed(0)} %`, `${(r.core1 * 100).toFixed(0)} %`, f1(r.load)]),
    );
    console.log(`\n${summary}\n\n${detail}`);
    const date = new Date().toISOString();
    const loads = runs.map((r) => r.load);
    const md = `# Dashboard query: IOC Graph beside Hive Gateway

${date} — ${machine()}; Hive Gateway ${require('@graphql-hive/gateway/package.json').version}.
${pinned ? 'Pinned with taskset: the gateway under test (ours, then Hive Gateway) on core 0; PostgreSQL, the three subgraphs and the load generator on core 1.' : 'Not pinned (taskset unavailable or one core).'}
Both gateways over the same three subgraphs and data in one run; Hive Gateway's supergraph composed by our own
composition code (\`composeSupergraph\`), one worker (\`--fork 1\`). Same answers from both for ${same}/${provinces.length} provinces.
${CONNECTIONS} concurrent clients (closed loop, keep-alive), ${SECONDS} s per cell after a 3 s warm-up per gateway and
workload; ${ROUNDS} round(s), interleaved (the gateways' order alternates each round); the summary gives the median per cell.

Workloads: **identical dashboard** — \`bench/dashboard.js\`'s query (a province, its districts, the latest readings of the three
pillars) for unit ${UNIT}, by every client; **mix** — the same query rotating over the ${provinces.length} provinces that exist
since 2025-07-01 (read from the governance subgraph's \`units(level: PROVINCE)\`).

**The machine was shared and loaded** (1-minute load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} on ${os.cpus().length} cores
during the cells; core busy % below counts every process on the core, not only ours): absolute numbers are low and noisy,
the ratio of the two gateways within a round is what this run says.
"gateway CPU" is what the gateway process itself got of core 0 (the rest went to other processes on the shared
machine); both gateways keep one worker.

${summary}

${detail}

Command: \`npm run bench:dashboard -- --peers\` (\`node bench/dashboard.js --peers --unit ${UNIT} --connections ${CONNECTIONS} --seconds ${SECONDS} --rounds ${ROUNDS}\`).
`;
    writeResults('dashboard-peers', md, { date, machine: machine(), pinned: pinned ? { gateway: 0, subgraphsPostgresLoad: 1 } : false,
      hiveGatewayVersion: require('@graphql-hive/gateway/package.json').version, unit: UNIT, provinces, identicalAnswers: same,
      connections: CONNECTIONS, seconds: SECONDS, rounds: ROUNDS, loadAverage1m: { min: Math.min(...loads), max: Math.max(...loads) }, cells, runs });
  } finally {
    agent.destroy();
    await hive?.dispose();
    await dispose();
  }
}

(process.argv.includes('--peers') ? peers : main)().catch((err) => {
  console.error(err);
  process.exit(1);
});
