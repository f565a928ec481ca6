// The dashboard query through the gateway with its query cache on and off, in one run (the machine
// is shared and loaded: only rows of the same run compare). Three workloads per mode:
//   storm   — every client asks the same dashboard (bench/dashboard.js's query);
//   rotate  — each request the dashboard of the next of the 2025 provinces (distinct cache keys);
//   writes  — the storm while a writer reports one economy observation every 200 ms through the
//             gateway (each write's event drops what depends on its unit: the cost of exact freshness).
//   node bench/dashboard-cache.js [--unit 19] [--connections 50] [--seconds 10] [--warmup 10] [--rounds 2]
const { arg, startPinnedSystem, adminToken, table, machine, writeResults, cpuTicks } = require('./common');
const { closedLoop, httpClient } = require('./closed-loop');

const UNIT = arg('unit', '19');
const CONNECTIONS = Number(arg('connections', '50'));
const SECONDS = Number(arg('seconds', '10'));
// Longer than bench/dashboard.js's 3 s: right after a start the subgraphs and PostgreSQL are still
// busy (seeding's aftermath), which penalised whichever workload ran first.
const WARMUP = Number(arg('warmup', '10'));
const READING = 'indicatorCode value period status';
const QUERY = `query ($unit: ID!) { unit(code: $unit) { code name
  governanceReadings { ${READING} } economyReadings { ${READING} } societyReadings { ${READING} }
  children { code name governanceReadings { ${READING} } economyReadings { ${READING} } societyReadings { ${READING} } } } }`;
const REPORT = 'mutation ($input: [ObservationInput!]!) { reportEconomyObservations(input: $input) { imported updated rejected } }';

const { agent, post } = httpClient(CONNECTIONS * 3);

async function cacheStats(gw) {
  const res = await fetch(gw.replace('/graphql', '/healthz'));
  return (await res.json()).queries.cache;
}

async function runMode(mode) {
  console.log(`\n[cache ${mode}] starting the graph…`);
  const { system, pinned, dispose } = await startPinnedSystem({ env: { IOC_QUERY_CACHE: mode === 'on' ? '1' : '0' } });
  try {
    const gw = system.gateway.url;
    if (mode === 'on') {
      const end = Date.now() + 30_000;
      while (Object.values((await cacheStats(gw)).subgraphs).filter((s) => s === 'live').length < 3 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    }
    const { units } = await post(gw, { query: '{ units(level: PROVINCE) { code validTo } }' });
    const provinces = units.filter((u) => u.validTo === null).map((u) => u.code);
    let next = 0;
    const storm = () => post(gw, { query: QUERY, variables: { unit: UNIT } });
    const rotate = () => post(gw, { query: QUERY, variables: { unit: provinces[next++ % provinces.length] } });
    const auth = { authorization: `Bearer ${await adminToken()}` };
    let writes = 0;
    const writer = async (until) => {
      while (Date.now() < until) {
        await post(gw, { query: REPORT, variables: { input: [{ indicatorCode: 'ECO_EINVOICE_RATE', unitCode: UNIT, period: '2025', value: 90 + (writes++ % 10) }] } }, auth);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    console.log(`[cache ${mode}] warming up…`);
    await closedLoop(storm, WARMUP, CONNECTIONS);
    const before = mode === 'on' ? await cacheStats(gw) : null;
    // CPU the gateway and the subgraphs spent per answer (ms, from /proc): on a shared machine the
    // closed loop's RPS is often the load generator's limit, the CPU per answer is the system's cost.
    const gatewayPid = system.gateway.pid;
    const subgraphPids = Object.values(system.subgraphs).map((s) => s.pid).filter(Boolean);
    const ticks = (pids) => pids.reduce((n, pid) => { try { return n + cpuTicks(pid); } catch { return n; } }, 0);
    const withCpu = async (run) => {
      const g = ticks([gatewayPid]);
      const sg = ticks(subgraphPids);
      const res = await run();
      return { ...res, gatewayCpuMs: ((ticks([gatewayPid]) - g) * 10) / res.requests, subgraphCpuMs: ((ticks(subgraphPids) - sg) * 10) / res.requests };
    };
    console.log(`[cache ${mode}] storm, ${CONNECTIONS} clients, ${SECONDS} s…`);
    const s = await withCpu(() => closedLoop(storm, SECONDS, CONNECTIONS));
    console.log(`[cache ${mode}] rotating over ${provinces.length} provinces…`);
    const r = await withCpu(() => closedLoop(rotate, SECONDS, CONNECTIONS));
    console.log(`[cache ${mode}] storm with a write every 200 ms…`);
    const w = await withCpu(() => Promise.all([closedLoop(storm, SECONDS, CONNECTIONS), writer(Date.now() + SECONDS * 1000)]).then(([x]) => x));
    const after = mode === 'on' ? await cacheStats(gw) : null;
    return { mode, pinned, provinces: provinces.length, storm: s, rotate: r, writes: { ...w, writes }, before, after };
  } finally {
    await dispose();
  }
}

const ROUNDS = Number(arg('rounds', '2'));

async function main() {
  // Alternating rounds (on, off, on, off…): the load of the shared machine drifts over minutes.
  const runs = [];
  for (let i = 0; i < ROUNDS; i++) for (const mode of ['on', 'off']) runs.push(await runMode(mode));
  const on = runs.find((r) => r.mode === 'on');
  const fmt = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–');
  const rows = [];
  for (const [name, key] of [['identical-dashboard storm', 'storm'], [`rotating over ${on.provinces} provinces`, 'rotate'], ['storm + a write every 200 ms', 'writes']]) {
    const cpu = (x) => (Number.isFinite(x) ? x.toFixed(2) : '–');
    runs.forEach((m, i) => rows.push([name, `cache ${m.mode}`, Math.floor(i / 2) + 1, fmt(m[key].rps), fmt(m[key].p50), fmt(m[key].p99), cpu(m[key].gatewayCpuMs), cpu(m[key].subgraphCpuMs), m[key].errors]));
  }
  const t = table(['workload', 'gateway', 'round', 'dashboards/s', 'p50 ms', 'p99 ms', 'gateway CPU ms/answer', 'subgraphs CPU ms/answer', 'errors'], rows);
  const d = (k) => on.after[k] - on.before[k];
  const counters = `whole answers from the cache ${d('responseHits')}, fetch hits ${d('hits')}, fetch misses ${d('misses')}, bypassed ${d('bypassed')}, invalidations ${d('invalidations')} (${d('invalidatedEntries')} entries dropped), ${on.after.entries} entries / ${(on.after.bytes / 1024).toFixed(0)} KiB at the end`;
  console.log(`\n${t}\n\ncache counters over the three workloads (cache on): ${counters}`);
  const md = `# Dashboard query with the gateway's query cache on and off

${new Date().toISOString()} — ${machine()}.
${on.pinned ? 'System under test (PostgreSQL, three subgraphs, gateway) pinned to core 0 with taskset; load generator on core 1.' : 'Not pinned (taskset unavailable or one core).'}
The machine is shared with other heavy jobs: compare rows of this one run only (the two modes ran
in alternating rounds, each on a fresh system). ${CONNECTIONS} concurrent clients, ${SECONDS} s per workload after a ${WARMUP} s warm-up.
CPU per answer: what the gateway process and the three subgraph processes used over the workload
(from \`/proc\`), divided by the answers; PostgreSQL not counted.
Query: \`bench/dashboard.js\`'s dashboard (unit, its sub-units, three pillars' latest readings).

- **storm**: every client asks for unit ${UNIT}'s dashboard.
- **rotating**: each request the dashboard of the next of the ${on.provinces} current provinces.
- **storm + writes**: the storm while one writer reports an economy observation through the gateway
  every 200 ms (${on.writes.writes} writes); each write's event drops the cached fetches of its unit and the units above it (exact freshness),
  and the next reads refill them.

${t}

Cache counters over the three workloads (first round, cache on): ${counters}.

Command: \`npm run bench:dashboard-cache\` (\`node bench/dashboard-cache.js --unit ${UNIT} --connections ${CONNECTIONS} --seconds ${SECONDS} --warmup ${WARMUP} --rounds ${ROUNDS}\`).
`;
  writeResults('dashboard-cache', md, { date: new Date().toISOString(), machine: machine(), unit: UNIT, connections: CONNECTIONS, seconds: SECONDS, runs });
  agent.destroy();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
