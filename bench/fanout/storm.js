// Reconnect storm: N walls reconnect at once, each with its own `after` cursor (as a wall that lost
// its network does), while readings keep coming at R/s. Every reading a wall missed must arrive
// once, then the live ones; the gateway should open one upstream stream for the operation plus a
// few shared catch-up streams, not one per wall. Gateway on core 0, the rest on core 1 (taskset).
// Writes ../results/fanout-storm.md and .json.
//   node storm.js [--walls 5000] [--backlog 60] [--rate 10] [--seconds 10]
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { leanSubscribe } = require('./lean-client');

const ROOT = path.resolve(__dirname, '../..');
const { startSystem } = require(path.join(ROOT, 'cli/dist'));
const { signAccessToken } = require(path.join(ROOT, 'shared/dist/internal'));

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const WALLS = Number(arg('walls', '5000'));
const BACKLOG = Number(arg('backlog', '60'));
const RATE = Number(arg('rate', '10'));
const SECONDS = Number(arg('seconds', '10'));
// Random per run: no secret written in the repository may sign anything.
// One pinning and CPU-time helper for every bench (bench/common.js).
const { pinOrWarn: taskset, cpuTicks } = require('../common');
const SECRET = require('node:crypto').randomBytes(48).toString('base64url');
const QUERY = `subscription ($after: ID) { governanceReadings(unitCodes: ["19"], indicatorCodes: ["GOV_DOSSIERS_RECEIVED"], after: $after) {
  value cursor unit { name } } }`;
const BASE = 7_000_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pct = (arr, p) => (arr.length ? arr[Math.min(arr.length - 1, Math.floor((p / 100) * arr.length))] : NaN);

async function main() {
  taskset(1, process.pid);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ioc-storm-'));
  console.log('starting the graph…');
  const system = await startSystem({
    dataDir: path.join(dataDir, 'pg'),
    ports: { governance: 0, economy: 0, society: 0, gateway: 0 },
    env: { LOG_LEVEL: 'warn', IOC_JWT_SECRET: SECRET, NODE_ENV: 'development', IOC_MAX_UPSTREAM_STREAMS_PER_SOCKET: '1000' },
  });
  const dispose = async () => {
    await system.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    taskset(0, system.gateway.pid);
    for (const s of Object.values(system.subgraphs)) taskset(1, s.pid);
    const token = await signAccessToken({ subject: 'bench', roles: ['admin'] }, { IOC_JWT_SECRET: SECRET });
    const cursorOf = [];
    const report = async (i) => {
      const res = await fetch(system.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: `mutation ($v: Float!) { reportGovernanceObservations(input: [{ indicatorCode: "GOV_DOSSIERS_RECEIVED", unitCode: "19", period: "2024", value: $v }]) { rows { cursor } } }`,
          variables: { v: BASE + i },
        }),
      });
      const body = await res.json();
      const cursor = body.data?.reportGovernanceObservations.rows[0].cursor;
      if (!cursor) throw new Error(JSON.stringify(body.errors ?? body));
      cursorOf[i] = cursor;
    };
    const stats = async () => (await (await fetch(system.gateway.url.replace('/graphql', '/healthz'))).json()).subscriptions;

    // The backlog the walls missed while away: readings 0..BACKLOG-1.
    for (let i = 0; i < BACKLOG; i++) await report(i);
    const total = BACKLOG + RATE * SECONDS;
    // Wall w last saw reading after[w] (a random one of the backlog): it must get after[w]+1 .. total-1.
    const after = Array.from({ length: WALLS }, () => Math.floor(Math.random() * BACKLOG));
    const got = Array.from({ length: WALLS }, () => new Uint8Array(total));
    const dup = new Uint32Array(WALLS);
    const caughtUpAt = new Float64Array(WALLS);
    const ackedAt = new Float64Array(WALLS);
    const before = await stats();
    let peakUp = 0;
    let peakCatchUps = 0;
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const s = await stats().catch(() => ({ upstreamSubscriptions: 0, catchUpStreams: 0 })); // a keep-alive race: next poll
        peakUp = Math.max(peakUp, s.upstreamSubscriptions);
        peakCatchUps = Math.max(peakCatchUps, s.catchUpStreams ?? 0);
        await sleep(100);
      }
    })();

    const wsUrl = system.gateway.url.replace(/^http/, 'ws');
    const cpu0 = cpuTicks(system.gateway.pid);
    const t0 = performance.now();
    const clients = [];
    const connected = new Uint8Array(WALLS);
    const subscribeWall = (w) => {
      let missing = BACKLOG - 1 - after[w];
      if (missing === 0) caughtUpAt[w] = 0;
      return leanSubscribe(wsUrl, `w${w}`, QUERY, (v) => {
        const i = v - BASE;
        if (i < 0 || i >= total) return;
        if (got[w][i]) dup[w]++;
        else {
          got[w][i] = 1;
          if (i < BACKLOG && i > after[w] && --missing === 0) caughtUpAt[w] = performance.now() - t0;
        }
      }, { after: cursorOf[after[w]] }).then((c) => {
        if (!c) return;
        connected[w] = 1;
        ackedAt[w] = performance.now() - t0;
        clients.push(c);
      });
    };
    // All at once, as far as the kernel's accept queue lets: in waves of 500 sockets (5,000 SYNs at
    // once overflow the listen backlog and the retransmits, not the gateway, would be measured).
    const opening = (async () => {
      for (let i = 0; i < WALLS; i += 500) {
        const wave = [];
        for (let w = i; w < Math.min(WALLS, i + 500); w++) wave.push(subscribeWall(w));
        await Promise.all(wave);
      }
    })();
    // Live readings go on while the storm lands.
    const writer = (async () => {
      const w0 = performance.now();
      for (let i = BACKLOG; i < total; i++) {
        const wait = w0 + ((i - BACKLOG) * 1000) / RATE - performance.now();
        if (wait > 0) await sleep(wait);
        await report(i);
      }
    })();
    await opening;
    const connectedAt = performance.now() - t0;
    await writer;
    const deadline = performance.now() + 60_000;
    const complete = () => {
      for (let w = 0; w < WALLS; w++) if (connected[w]) for (let i = after[w] + 1; i < total; i++) if (!got[w][i]) return false;
      return true;
    };
    while (!complete() && performance.now() < deadline) await sleep(250);
    const elapsed = (performance.now() - t0) / 1000;
    const cpu = (cpuTicks(system.gateway.pid) - cpu0) / 100 / elapsed;
    await sleep(1000); // late duplicates
    polling = false;
    await poller;
    const after1 = await stats();
    for (const c of clients) c.terminate();

    let expected = 0;
    let delivered = 0;
    let lost = 0;
    let duplicated = 0;
    let early = 0;
    let wallsWithLoss = 0;
    let lostBacklog = 0;
    for (let w = 0; w < WALLS; w++) {
      if (!connected[w]) continue;
      let wallLost = 0;
      for (let i = after[w] + 1; i < total; i++) if (!got[w][i]) {
        wallLost++;
        if (i < BACKLOG) lostBacklog++;
      }
      if (wallLost) wallsWithLoss++;
      for (let i = 0; i < total; i++) {
        if (i > after[w]) {
          expected++;
          if (got[w][i]) delivered++;
          else lost++;
        } else if (got[w][i]) early++; // at or before its cursor: must not come again
      }
      duplicated += dup[w];
    }
    const catchUps = Array.from(caughtUpAt).filter((t) => t > 0).sort((a, b) => a - b);
    // From the wall's own connection_ack to its last missed reading (what a wall's viewer waits).
    const ownCatchUps = Array.from(caughtUpAt).map((t, w) => (t > 0 && connected[w] ? t - ackedAt[w] : NaN)).filter((t) => t >= 0).sort((a, b) => a - b);
    const r = {
      walls: WALLS, connected: clients.length, backlog: BACKLOG, rate: RATE, seconds: SECONDS,
      expected, delivered, lost, lostOfBacklog: lostBacklog, wallsWithLoss, duplicated, beforeCursor: early,
      upstreamOpened: after1.upstreamOpened - before.upstreamOpened, peakUpstreams: peakUp, peakCatchUpStreams: peakCatchUps,
      connectMs: Math.round(connectedAt),
      catchUpP50ms: Math.round(pct(catchUps, 50)), catchUpP99ms: Math.round(pct(catchUps, 99)), catchUpMaxms: Math.round(catchUps[catchUps.length - 1] ?? 0),
      ownCatchUpP50ms: Math.round(pct(ownCatchUps, 50)), ownCatchUpP99ms: Math.round(pct(ownCatchUps, 99)),
      gatewayCores: Number(cpu.toFixed(2)),
    };
    console.log(r);
    const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
    const header = '| walls (connected) | backlog readings | live readings/s × s | expected | delivered | lost | duplicated | at/before own cursor | upstream streams opened | peak open upstreams (catch-ups) | all connected, ms | catch-up from the storm start p50 / p99 / max, ms | catch-up from the wall own ack p50 / p99, ms | gateway CPU (cores) |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|';
    const row = `| ${r.walls} (${r.connected}) | ${r.backlog} | ${r.rate} × ${r.seconds} | ${r.expected} | ${r.delivered} | ${r.lost} | ${r.duplicated} | ${r.beforeCursor} | ${r.upstreamOpened} | ${r.peakUpstreams} (${r.peakCatchUpStreams}) | ${r.connectMs} | ${r.catchUpP50ms} / ${r.catchUpP99ms} / ${r.catchUpMaxms} | ${r.ownCatchUpP50ms} / ${r.ownCatchUpP99ms} | ${r.gatewayCores} |`;
    const md = `# Reconnect storm\n\nCommand: \`node bench/fanout/storm.js ${process.argv.slice(2).join(' ')}\` on ${machine}, ${new Date().toISOString()}.\n` +
      `Gateway pinned to core 0; subgraphs and this load generator to core 1 (PostgreSQL unpinned).\n` +
      `${r.walls} walls reconnect at once, each with its own \`after\` (a random one of ${r.backlog} readings written before), while ${r.rate} readings/s keep coming for ${r.seconds} s. ` +
      `Subscription: \`${QUERY.replace(/\s+/g, ' ')}\`.\n` +
      `Catch-up: from the storm's start until a wall has every backlog reading after its cursor. "Upstream streams opened" counts the shared live stream and the shared catch-up streams (one per batch of joiners).\n\n${header}\n${row}\n`;
    fs.mkdirSync(path.join(__dirname, '../results'), { recursive: true });
    fs.writeFileSync(path.join(__dirname, '../results/fanout-storm.md'), md);
    fs.writeFileSync(path.join(__dirname, '../results/fanout-storm.json'), JSON.stringify({ machine, query: QUERY, result: r }, null, 2) + '\n');
    console.log('\n' + header + '\n' + row);
  } finally {
    await dispose();
  }
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
