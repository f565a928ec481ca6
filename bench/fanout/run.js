// Fan-out benchmark: N graphql-ws subscribers × R readings/s against the IOC gateway, Hive Gateway
// over the same subgraphs, and a raw ws broadcast (the ceiling). Gateway on core 0, the rest on
// core 1 (taskset). Writes ../results/fanout.md and .json.
//   node run.js [--subscribers 1000,5000] [--rates 1,10] [--seconds 10] [--targets ioc,hive,raw]
//   node run.js --storm [--walls 5000] [--backlog 60] [--rate 10] [--seconds 10]   (see storm.js)
if (process.argv.includes('--storm')) {
  require('./storm');
  return;
}
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const WebSocket = require('ws');
const { leanSubscribe } = require('./lean-client');

const ROOT = path.resolve(__dirname, '../..');
const { startSystem } = require(path.join(ROOT, 'cli/dist'));
const { signAccessToken } = require(path.join(ROOT, 'shared/dist/internal'));

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const SUBSCRIBERS = arg('subscribers', '1000,5000').split(',').map(Number);
const RATES = arg('rates', '1,10').split(',').map(Number);
const SECONDS = Number(arg('seconds', '10'));
const TARGETS = arg('targets', 'ioc,hive,raw').split(',');
// Random per run: no secret written in the repository may sign anything.
// One pinning and CPU-time helper for every bench (bench/common.js).
const { pinOrWarn: taskset, cpuTicks } = require('../common');
const { hiveBin, startHiveGateway } = require('../hive');
const SECRET = require('node:crypto').randomBytes(48).toString('base64url');
const QUERY = `subscription { governanceReadings(unitCodes: ["19"], indicatorCodes: ["GOV_DOSSIERS_RECEIVED"]) {
  value cursor period indicator { name } unit { name economyReadings { value } } } }`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const rssKb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
const pct = (arr, p) => (arr.length ? arr[Math.min(arr.length - 1, Math.floor((p / 100) * arr.length))] : NaN);

// The load generator must cost less per message than the servers it measures: its subscribers are
// lean-client.js (one reused read buffer for every socket, frames cut by hand, the reading's value
// read with a byte search; no per-message Buffer, string or JSON.parse). `node generator-cost.js`
// measures what a message costs it against the ws client used before.
async function openClients(url, n, onValue) {
  const clients = [];
  let acked = 0;
  for (let i = 0; i < n; i += 250) {
    const batch = [];
    for (let j = i; j < Math.min(n, i + 250); j++) {
      batch.push(leanSubscribe(url, `c${j}-${Math.random().toString(36).slice(2, 10)}`, QUERY, onValue).then((c) => {
        if (!c) return;
        acked++;
        clients.push(c);
      }));
    }
    await Promise.all(batch);
  }
  return { clients, acked };
}

async function measure(target, n, rate, base) {
  const total = Math.round(rate * SECONDS);
  // Preallocated: send times by reading index, one latency slot per expected delivery.
  const sentAt = new Float64Array(total);
  let latencies = new Float64Array(n * total);
  let delivered = 0;
  const { clients, acked } = await openClients(target.wsUrl, n, (v) => {
    const i = v - base;
    if (i >= 0 && i < total && sentAt[i] > 0 && delivered < latencies.length) latencies[delivered++] = performance.now() - sentAt[i];
  });
  await target.settle(n);
  await sleep(1000);
  const rssBefore = target.baselineRssKb;
  const rssAfter = rssKb(target.pid);
  const cpu0 = cpuTicks(target.pid);
  const gen0 = cpuTicks(process.pid);
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const value = base + i;
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    sentAt[i] = performance.now();
    target.emit(value).catch((err) => console.warn('emit failed', err.message));
  }
  const sendEnd = performance.now();
  const deadline = sendEnd + 10_000;
  while (delivered < acked * total && performance.now() < deadline) await sleep(100);
  const elapsed = (performance.now() - t0) / 1000;
  const cpuSeconds = (cpuTicks(target.pid) - cpu0) / 100;
  const cpu = cpuSeconds / elapsed;
  for (const c of clients) c.terminate();
  latencies = latencies.subarray(0, delivered).sort();
  const generatorCpu = (cpuTicks(process.pid) - gen0) / 100 / elapsed;
  await sleep(2000);
  return {
    target: target.name, subscribers: n, connected: acked, rate, seconds: SECONDS,
    expected: acked * total, delivered,
    deliveredPerSec: Math.round(delivered / ((sendEnd - t0) / 1000 + 0.001)), expectedPerSec: acked * rate,
    p50ms: Math.round(pct(latencies, 50)), p99ms: Math.round(pct(latencies, 99)),
    cpuCores: Number(cpu.toFixed(2)),
    // CPU time, not wall time: holds on a busy machine where the latency columns do not.
    cpuUsPerMessage: delivered ? Number(((cpuSeconds * 1e6) / delivered).toFixed(1)) : null,
    generatorCores: Number(generatorCpu.toFixed(2)), rssMb: Math.round(rssAfter / 1024),
    kbPerSubscriber: Number(((rssAfter - rssBefore) / Math.max(1, acked)).toFixed(1)),
  };
}

const kids = [];
/** Stops what the run started beside the graph (Hive Gateway). */
const disposers = [];
let cleanup = async () => undefined;

let loadStart = '';

async function main() {
  loadStart = os.loadavg().map((l) => l.toFixed(1)).join(' / ');
  taskset(1, process.pid);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ioc-bench-'));
  console.log('starting the graph (embedded PostgreSQL, three subgraphs, gateway)…');
  const system = await startSystem({
    dataDir: path.join(dataDir, 'pg'),
    ports: { governance: 0, economy: 0, society: 0, gateway: 0 },
    env: { LOG_LEVEL: 'warn', IOC_JWT_SECRET: SECRET, NODE_ENV: 'development' },
  });
  cleanup = async () => {
    for (const k of kids) k.kill('SIGTERM');
    for (const d of disposers) await d().catch(() => undefined);
    await system.dispose();
  };
  const token = await signAccessToken({ subject: 'bench', roles: ['admin'] }, { IOC_JWT_SECRET: SECRET });
  taskset(0, system.gateway.pid);
  for (const s of Object.values(system.subgraphs)) taskset(1, s.pid);
  const report = async (value) => {
    const res = await fetch(system.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: `mutation ($v: Float!) { reportGovernanceObservations(input: [{ indicatorCode: "GOV_DOSSIERS_RECEIVED", unitCode: "19", period: "2024", value: $v }]) { imported updated } }`,
        variables: { v: value },
      }),
    });
    const body = await res.json();
    if (body.errors) throw new Error(JSON.stringify(body.errors));
  };
  const stats = async () => (await (await fetch(system.gateway.url.replace('/graphql', '/healthz'))).json()).subscriptions;
  // One sample event, for the ceiling's frame size.
  let sample = '';
  {
    const ws = new WebSocket(system.gateway.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    await new Promise((r) => ws.on('open', r));
    ws.send('{"type":"connection_init"}');
    const got = new Promise((resolve) => ws.on('message', (m) => {
      const s = m.toString();
      if (s.includes('ack')) ws.send(JSON.stringify({ type: 'subscribe', id: '1', payload: { query: QUERY } }));
      else if (s.includes('"next"')) resolve(s);
    }));
    while ((await stats()).upstreamSubscriptions < 1) await sleep(100);
    await report(1);
    sample = JSON.parse(await got).payload;
    ws.close();
  }

  const targets = {};
  targets.ioc = {
    name: 'IOC gateway', pid: system.gateway.pid, wsUrl: system.gateway.url.replace(/^http/, 'ws'), emit: report,
    settle: async (n) => {
      for (let i = 0; i < 600 && (await stats()).subscribers < n; i++) await sleep(100);
    },
  };
  if (TARGETS.includes('raw')) {
    const child = spawn('taskset', ['-c', '0', process.execPath, path.join(__dirname, 'raw-server.js'), '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    kids.push(child);
    const port = await new Promise((r) => child.stdout.on('data', (d) => { const m = /READY (\d+)/.exec(d.toString()); if (m) r(Number(m[1])); }));
    const pid = child.pid; // taskset execs node: same process
    const template = JSON.stringify(sample);
    targets.raw = {
      name: 'raw ws (ceiling)', pid, wsUrl: `ws://127.0.0.1:${port}/graphql`,
      emit: async (value) => {
        await fetch(`http://127.0.0.1:${port}/tick`, { method: 'POST', body: template.replace(/"value":\d+(\.\d+)?/, `"value":${value}`) });
      },
      settle: async () => sleep(500),
    };
  }
  if (TARGETS.includes('hive')) {
    // Hive Gateway over the same subgraphs, started the one way the benches start it (bench/hive.js),
    // with graphql-ws subscriptions to the subgraphs.
    const transportEntries = Object.fromEntries(
      Object.keys(system.subgraphs).map((n) => [n, { options: { subscriptions: { kind: 'ws', location: '/graphql' } } }]),
    );
    try {
      // Installed in bench/ (npm install --prefix bench) or in this folder's own package.
      const bin = hiveBin() ?? hiveBin(__dirname);
      const hive = await startHiveGateway(system, { gatewayConfig: { transportEntries, logging: 'error' }, core: 0, bin });
      disposers.push(hive.dispose);
      targets.hive = {
        name: 'Hive Gateway', pid: hive.pid, wsUrl: hive.url.replace(/^http/, 'ws'), emit: report,
        settle: async () => sleep(2000),
      };
    } catch (err) {
      console.warn(`Hive Gateway skipped: ${err.message}`);
    }
  }

  const results = [];
  let base = 1_000_000;
  for (const key of TARGETS) {
    const target = targets[key];
    if (!target) continue;
    for (const n of SUBSCRIBERS) {
      for (const rate of RATES) {
        await sleep(1500);
        target.baselineRssKb = rssKb(target.pid);
        base += 100_000;
        process.stdout.write(`${target.name}: ${n} subscribers × ${rate}/s … `);
        const r = await measure(target, n, rate, base);
        console.log(`${r.delivered}/${r.expected} p50 ${r.p50ms} ms p99 ${r.p99ms} ms cpu ${r.cpuCores} (${r.cpuUsPerMessage} µs/msg) generator ${r.generatorCores} ${r.kbPerSubscriber} KB/sub`);
        results.push(r);
      }
    }
  }
  for (const k of kids) k.kill('SIGTERM');
  for (const d of disposers) await d().catch(() => undefined);
  await system.dispose();
  fs.rmSync(dataDir, { recursive: true, force: true });

  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
  const header = '| target | subscribers | readings/s | delivered / expected | delivered msg/s | p50 ms | p99 ms | gateway CPU (cores) | gateway CPU µs / message | load generator CPU (cores) | gateway RSS MB | KB / subscriber |\n|---|---|---|---|---|---|---|---|---|---|---|---|';
  const rows = results.map((r) =>
    `| ${r.target} | ${r.connected}/${r.subscribers} | ${r.rate} | ${r.delivered} / ${r.expected} | ${r.deliveredPerSec} / ${r.expectedPerSec} | ${r.p50ms} | ${r.p99ms} | ${r.cpuCores} | ${r.cpuUsPerMessage} | ${r.generatorCores} | ${r.rssMb} | ${r.kbPerSubscriber} |`);
  const md = `# Fan-out benchmark\n\nCommand: \`npm run bench:fanout -- ${process.argv.slice(2).join(' ')}\` on ${machine}, ${new Date().toISOString()}, load average ${loadStart} at the start, ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} at the end.\n` +
    `Gateway under test pinned to core 0, load generator, subgraphs pinned to core 1 (PostgreSQL unpinned). ${SECONDS} s of readings per row; latency from the mutation's send (so it includes the mutation's commit) to receipt.\n` +
    `Subscription: \`${QUERY.replace(/\s+/g, ' ')}\` (economyReadings comes from another subgraph).\n\n${header}\n${rows.join('\n')}\n`;
  fs.mkdirSync(path.join(__dirname, '../results'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, '../results/fanout.md'), md);
  fs.writeFileSync(path.join(__dirname, '../results/fanout.json'), JSON.stringify({ machine, date: new Date().toISOString(), loadAverage: { start: loadStart, end: os.loadavg().map((l) => l.toFixed(1)).join(' / ') }, seconds: SECONDS, query: QUERY, results }, null, 2));
  console.log('\n' + header + '\n' + rows.join('\n'));
  process.exit(0);
}

main().catch(async (err) => {
  console.error(err);
  await cleanup().catch(() => undefined);
  process.exit(1);
});
