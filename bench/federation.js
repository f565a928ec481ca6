// The Guild's federation benchmark (graphql-hive/graphql-gateways-benchmark): TestQuery over its four
// subgraphs (accounts, inventory, products, reviews; bench/federation/), through our gateway (in-flight
// dedupe and query cache off), Hive Gateway, Hive Gateway --jit and plain Apollo Gateway, one after
// another, in alternating rounds. Subgraphs, PostgreSQL (our core subgraphs) and the load on core 1;
// each gateway on core 0. Every answer is checked against the answer the original's k6 script expects
// (bench/federation/expected.json): a gateway that answers wrong does not win.
//   node bench/federation.js [--connections 50] [--seconds 10] [--rounds 2]
//     [--gateways ours,hive,hive-jit,hive-jit-nodedupe,apollo]   (also: hive-nodedupe)
//     [--warmup 3] [--baseline /path/to/another/checkout]   also runs that checkout's built gateway (e.g. main), same config
//     [--profile]                              writes a CPU profile of our gateway (see bench/profile.js)
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { isDeepStrictEqual } = require('node:util');
const autocannon = require('autocannon');
const { ROOT, arg, pin, cpuTicks, startPinnedSystem, table, machine, writeResults } = require('./common');
const { startHiveGateway, composeFrom } = require('./hive');

const CONNECTIONS = Number(arg('connections', '50'));
const SECONDS = Number(arg('seconds', '10'));
const ROUNDS = Number(arg('rounds', '2'));
const WARMUP = Number(arg('warmup', '3'));
const GATEWAYS = arg('gateways', 'ours,hive,hive-jit,hive-jit-nodedupe,apollo').split(',');
const BASELINE = arg('baseline', null);
const PROFILE = process.argv.includes('--profile');
const QUERY = fs.readFileSync(path.join(__dirname, 'federation/query.graphql'), 'utf8');
const EXPECTED = JSON.parse(fs.readFileSync(path.join(__dirname, 'federation/expected.json'), 'utf8'));
const SUBGRAPHS = ['accounts', 'inventory', 'products', 'reviews'];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A child process pinned to `core`, resolved once it prints `listening <port>`. */
async function startChild(core, args, { env = process.env, cwd = __dirname } = {}) {
  const child = spawn('taskset', ['-c', String(core), process.execPath, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}) before listening`)));
  });
  child.stdout.resume();
  return { port, pid: child.pid, dispose: () => stop(child) };
}

async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Waits until `url` answers 2xx to a GET. */
async function healthy(url, what) {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet
    }
    await sleep(200);
  }
  throw new Error(`${what} did not become healthy at ${url}`);
}

/**
 * Our gateway's subgraph list: the three core subgraphs (the product refuses a graph without them)
 * and the benchmark's four as partner subgraphs, each with its own context secret, as a partner
 * agency joins (README, "Secrets"; gateway/supergraph.yaml). They ignore the signed context, as a
 * partner that reads no caller may.
 */
function writeSupergraphConfig(dir, urls) {
  const core = ['governance', 'economy', 'society'].map((n) => `  ${n}:
    routing_url: \${env.${n.toUpperCase()}_URL}
    schema:
      subgraph_url: \${env.${n.toUpperCase()}_URL}`);
  const partners = SUBGRAPHS.map((n) => `  ${n}:
    routing_url: ${urls[n]}
    context_secret: \${env.${n.toUpperCase()}_CONTEXT_SECRET}
    schema:
      subgraph_url: ${urls[n]}`);
  const file = path.join(dir, 'supergraph.yaml');
  fs.writeFileSync(file, `federation_version: =2.7.0\nsubgraphs:\n${[...core, ...partners].join('\n')}\n`);
  return file;
}

/**
 * Drives TestQuery at `url` for SECONDS with CONNECTIONS connections. Every answer is checked: one
 * byte-identical to an answer already found equal to the expected one passes at once, any other is
 * parsed and compared.
 */
function drive(url, seconds = SECONDS) {
  const good = new Set();
  let wrong = 0;
  let firstWrong = null;
  const onResponse = (status, body) => {
    if (status === 200 && good.has(body)) return;
    let ok = false;
    try {
      ok = status === 200 && isDeepStrictEqual(JSON.parse(body), EXPECTED);
    } catch {
      ok = false;
    }
    if (ok) good.add(body);
    else {
      wrong++;
      firstWrong ??= `${status} ${String(body).slice(0, 300)}`;
    }
  };
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url, method: 'POST', connections: CONNECTIONS, duration: seconds,
        headers: { 'content-type': 'application/json' },
        requests: [{ body: JSON.stringify({ query: QUERY, operationName: 'TestQuery' }), onResponse }],
      },
      (err, result) => (err ? reject(err) : resolve({ result, wrong, firstWrong })),
    );
  });
}

async function main() {
  const { findFreePort } = require(path.join(ROOT, 'shared/dist/internal'));
  const pinned = os.cpus().length > 1 && pin(1);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ioc-bench-federation-'));
  const disposers = [];
  try {
    const subgraphs = await startChild(1, ['federation/subgraphs.js', '--port', String(await findFreePort())]);
    disposers.push(subgraphs.dispose);
    const urls = Object.fromEntries(SUBGRAPHS.map((n) => [n, `http://127.0.0.1:${subgraphs.port}/${n}`]));
    const supergraphSdl = await composeFrom(urls);
    fs.writeFileSync(path.join(dir, 'supergraph.graphql'), supergraphSdl);
    const answer = await (await fetch(`http://127.0.0.1:${subgraphs.port}/health`)).text();
    if (!answer) throw new Error('subgraphs not healthy');

    const secrets = Object.fromEntries(SUBGRAPHS.map((n) => [`${n.toUpperCase()}_CONTEXT_SECRET`, crypto.randomBytes(48).toString('base64url')]));
    const gatewayEnv = {
      SUPERGRAPH_CONFIG: writeSupergraphConfig(dir, urls),
      IOC_SUPERGRAPH_CACHE_DIR: path.join(dir, 'supergraph-cache'),
      IOC_QUERY_DEDUPE: '0',
      IOC_QUERY_CACHE: '0',
      // TestQuery's list fan-out costs more than 100,000 by the gateway's count (README, "Security"), above the
      // default limit of 25,000 meant for the IOC's own graph: an operator raises it for such a graph.
      IOC_MAX_COST: '1000000',
      ...secrets,
    };
    const targets = [];
    if (GATEWAYS.includes('ours')) {
      const profileEnv = PROFILE ? { NODE_OPTIONS: `--require ${path.join(__dirname, 'profile.js')}`, IOC_PROFILE_OUT: path.join(__dirname, 'results/federation.cpuprofile'), IOC_PROFILE_START: 'signal' } : {};
      // startPinnedSystem pinned this process to core 0 while it starts; back to core 1 afterwards.
      const graph = await startPinnedSystem({ gatewayOnly: true, env: { ...gatewayEnv, ...profileEnv } });
      disposers.unshift(graph.dispose);
      targets.push({ name: 'IOC Graph', url: graph.system.gateway.url, pid: graph.system.gateway.pid });
      if (BASELINE) {
        const port = await findFreePort();
        const env = { ...graph.system.env, ...gatewayEnv, GATEWAY_PORT: String(port), IOC_SUPERGRAPH_CACHE_DIR: path.join(dir, 'baseline-cache') };
        const child = spawn('taskset', ['-c', '0', process.execPath, path.join(BASELINE, 'gateway/dist/main.js')], { cwd: BASELINE, env, stdio: ['ignore', 'ignore', 'inherit'] });
        disposers.unshift(() => stop(child));
        await healthy(`http://127.0.0.1:${port}/healthz`, 'the baseline gateway');
        targets.push({ name: `IOC Graph (baseline: ${path.basename(BASELINE)})`, url: `http://127.0.0.1:${port}/graphql`, pid: child.pid });
      }
    }
    pin(1);
    // Hive's HTTP transport shares identical subgraph requests in flight unless told not to; the
    // `-nodedupe` variants turn that off, as IOC_QUERY_DEDUPE=0 does for ours.
    const hives = { hive: [false, true], 'hive-jit': [true, true], 'hive-nodedupe': [false, false], 'hive-jit-nodedupe': [true, false] };
    for (const [key, [jit, dedupe]] of Object.entries(hives)) {
      if (!GATEWAYS.includes(key)) continue;
      const gatewayConfig = { logging: 'error', ...(dedupe ? {} : { transportEntries: { '*': { options: { deduplicateInflightRequests: false } } } }) };
      const hive = await startHiveGateway(null, { subgraphs: urls, jit, core: 0, gatewayConfig });
      disposers.unshift(hive.dispose);
      targets.push({ name: `Hive Gateway${jit ? ' --jit' : ''}${dedupe ? '' : ', no dedupe'}`, url: hive.url, pid: hive.pid });
    }
    if (GATEWAYS.includes('apollo')) {
      const apollo = await startChild(0, ['federation/apollo-gateway.js', path.join(dir, 'supergraph.graphql'), String(await findFreePort())], { env: { ...process.env, NODE_ENV: 'production' } });
      disposers.unshift(apollo.dispose);
      targets.push({ name: 'Apollo Gateway', url: `http://127.0.0.1:${apollo.port}/`, pid: apollo.pid });
    }

    if (PROFILE && GATEWAYS.includes('ours')) process.kill(targets[0].pid, 'SIGUSR2'); // our gateway's profile: the load window only
    const runs = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // Alternate the order, so no gateway always runs first (or right after a given one).
      const order = round % 2 ? targets : [...targets].reverse();
      for (const t of order) {
        const warm = await drive(t.url, WARMUP); // JIT, caches and pools warm; not counted
        if (warm.wrong) console.log(`round ${round} ${t.name} warm-up: ${warm.wrong} wrong or failed answers, e.g. ${warm.firstWrong}`);
        const load = os.loadavg()[0];
        const gw0 = cpuTicks(t.pid);
        const sg0 = cpuTicks(subgraphs.pid);
        const t0 = Date.now();
        const { result, wrong, firstWrong } = await drive(t.url);
        const secs = (Date.now() - t0) / 1000;
        const run = {
          round, gateway: t.name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99,
          requests: result.requests.total, errors: result.errors + result.non2xx + result.timeouts, wrong, firstWrong,
          gatewayCpu: (cpuTicks(t.pid) - gw0) / secs / 100, subgraphsCpu: (cpuTicks(subgraphs.pid) - sg0) / secs / 100, loadAverage1m: load,
        };
        runs.push(run);
        console.log(`round ${round} ${t.name}: ${run.rps.toFixed(1)} req/s, p99 ${run.p99} ms, wrong ${wrong}, errors ${run.errors}, gateway core ${(run.gatewayCpu * 100).toFixed(0)} %, subgraph core ${(run.subgraphsCpu * 100).toFixed(0)} %${firstWrong ? `\n  first wrong answer: ${firstWrong}` : ''}`);
      }
    }

    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
    const rows = targets.map((t) => {
      const mine = runs.filter((r) => r.gateway === t.name);
      const wrong = mine.reduce((n, r) => n + r.wrong + r.errors, 0);
      return [
        t.name, mine.map((r) => r.rps.toFixed(0)).join(' / '), median(mine.map((r) => r.rps)).toFixed(0), median(mine.map((r) => r.p50)), median(mine.map((r) => r.p99)),
        `${(median(mine.map((r) => r.gatewayCpu)) * 100).toFixed(0)} %`, mine.some((r) => r.rps > 0) ? median(mine.filter((r) => r.rps > 0).map((r) => (1000 * r.gatewayCpu) / r.rps)).toFixed(1) : '—', `${(median(mine.map((r) => r.subgraphsCpu)) * 100).toFixed(0)} %`, wrong,
      ];
    });
    const headers = ['gateway', 'RPS per round', 'RPS (median)', 'p50 ms', 'p99 ms', 'gateway core', 'gateway CPU ms per answer', 'subgraph core', 'wrong or failed answers'];
    const out = table(headers, rows);
    console.log(`\n${out}`);
    const date = new Date().toISOString();
    const loads = runs.map((r) => r.loadAverage1m);
    const md = `# The Guild's federation benchmark: TestQuery through four gateways

${date} · ${machine()} · ${pinned ? 'each gateway pinned to core 0; subgraphs, PostgreSQL and the load (autocannon) on core 1' : 'NOT pinned (taskset unavailable)'}
· ${CONNECTIONS} connections, ${SECONDS} s per run after a ${WARMUP} s warm-up, ${ROUNDS} rounds in alternating order · 1-minute load average ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)} (other work shares this machine)

${out}

- Subgraphs: the original's four (SDL, data and resolvers of graphql-hive/graphql-gateways-benchmark,
  \`subgraphs/*.rs\`) in JS, one lean node:http process (\`bench/federation/subgraphs.js\`).
- Every answer is compared with the answer the original's k6 script expects (\`bench/federation/expected.json\`);
  "wrong or failed" counts answers that differ, non-2xx and errors.
- IOC Graph: \`IOC_QUERY_DEDUPE=0\` (no in-flight deduplication), \`IOC_QUERY_CACHE=0\` and
  \`IOC_MAX_COST=1000000\` (TestQuery's list fan-out is above the default 25,000); the four
  subgraphs are partners in its \`supergraph.yaml\` beside the three core subgraphs it requires, each
  with its own \`context_secret\`. Hive Gateway and Apollo Gateway serve the supergraph of the four,
  composed by the same code. Hive runs with its defaults (inbound dedupe off, but its HTTP transport
  shares identical subgraph requests in flight), and "no dedupe" with that sharing off too
  (\`transportEntries: { '*': { options: { deduplicateInflightRequests: false } } }\`).
- Gateway / subgraph core: CPU time of that process over the run, as a share of one core. On a
  shared machine RPS follows what the gateway's core is given; CPU ms per answer (gateway CPU time
  / answers) is what the gateway itself costs, and moves much less with the neighbours' load.

Command: \`npm run bench:federation -- --rounds ${ROUNDS} --seconds ${SECONDS}${BASELINE ? ` --baseline ${BASELINE}` : ''}\`.
`;
    writeResults('federation', md, { date, machine: machine(), pinned: pinned ? { gateways: 0, subgraphsPostgresLoad: 1 } : false, connections: CONNECTIONS, seconds: SECONDS, rounds: ROUNDS,
      loadAverage1m: { min: Math.min(...loads), max: Math.max(...loads) }, runs });
  } finally {
    for (const d of disposers) await d().catch((err) => console.warn(err.message));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
