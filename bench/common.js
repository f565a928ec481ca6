// Shared by the load benchmarks: start the whole graph on core 0 (the system under test: PostgreSQL,
// subgraphs, gateway inherit the affinity), then move this process (the load generator) to core 1.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const RESULTS = path.join(__dirname, 'results');
// Random per run: no secret written in the repository may sign anything.
const SECRET = require('node:crypto').randomBytes(48).toString('base64url');

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};

function pin(core, pid = process.pid) {
  try {
    execFileSync('taskset', ['-acp', String(core), String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Pins `pid` to `core`, or says that it could not (the results then say unpinned). */
function pinOrWarn(core, pid = process.pid) {
  if (!pin(core, pid)) console.warn(`taskset unavailable: pid ${pid} not pinned`);
}

/** CPU time a process has used so far, in clock ticks (utime + stime; 100 per second). */
function cpuTicks(pid) {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(f[11]) + Number(f[12]);
}

/**
 * The graph on free ports with a fresh embedded PostgreSQL (or DATABASE_URL), pinned to core 0.
 * With `gatewayOnly`, only the gateway is on core 0 and PostgreSQL, the subgraphs and this process
 * (the load) are on core 1: for comparing gateways (a peer's goes on core 0 too) over the same subgraphs.
 * `env` is added to every service's environment (e.g. `SUPERGRAPH_CONFIG`, `IOC_QUERY_DEDUPE`).
 * @default gatewayOnly false
 */
async function startPinnedSystem({ gatewayOnly = false, env = {} } = {}) {
  const { startSystem } = require(path.join(ROOT, 'cli/dist'));
  const pinned = os.cpus().length > 1 && pin(gatewayOnly ? 1 : 0);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ioc-bench-'));
  const system = await startSystem({
    databaseUrl: process.env.DATABASE_URL,
    dataDir: path.join(dataDir, 'postgres'),
    ports: { governance: 0, economy: 0, society: 0, gateway: 0 },
    env: { LOG_LEVEL: 'warn', IOC_JWT_SECRET: SECRET, NODE_ENV: 'production', IOC_GATEWAY_SECRET: `${SECRET}-gateway`, ...env },
  });
  if (pinned) pin(gatewayOnly ? 0 : 1, gatewayOnly ? system.gateway.pid : process.pid);
  return {
    system,
    pinned,
    dispose: async () => {
      await system.dispose();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function adminToken() {
  const { signAccessToken } = require(path.join(ROOT, 'shared/dist/internal'));
  return signAccessToken({ subject: 'bench', roles: ['admin'] }, { ...process.env, IOC_JWT_SECRET: SECRET });
}

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

function machine() {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

function writeResults(name, markdown, json) {
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, `${name}.md`), markdown);
  fs.writeFileSync(path.join(RESULTS, `${name}.json`), JSON.stringify(json, null, 2) + '\n');
  console.log(`\nwritten: bench/results/${name}.md and .json`);
}

module.exports = { ROOT, arg, pin, pinOrWarn, cpuTicks, startPinnedSystem, adminToken, percentile, table, machine, writeResults };
