// Hive Gateway (the peer the benchmarks compare against) over a running graph's subgraphs: the
// supergraph composed by our own composition code, the gateway pinned to one core with taskset.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ROOT } = require('./common');

/** The Hive Gateway CLI installed in `bench/`'s own package, or null when it is not installed. */
function hiveBin(from = __dirname) {
  try {
    const pkgFile = require.resolve('@graphql-hive/gateway/package.json', { paths: [from] });
    const { bin } = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
    return path.join(path.dirname(pkgFile), typeof bin === 'string' ? bin : Object.values(bin)[0]);
  } catch {
    return null;
  }
}

/**
 * The supergraph of `subgraphs` (name → GraphQL URL), composed by our own composition code from
 * their live SDL, so every gateway of a benchmark serves the same graph.
 */
async function composeFrom(subgraphs) {
  const { composeSupergraph } = require(path.join(ROOT, 'gateway/dist'));
  const entries = Object.entries(subgraphs).map(([name, url]) => ({ name, routingUrl: url, schema: { subgraphUrl: url } }));
  return (await composeSupergraph(entries, ROOT, {})).supergraphSdl;
}

/**
 * Starts `hive-gateway supergraph <file>` on `core` (taskset), over `system`'s three subgraphs or
 * over `options.subgraphs`, and waits for its /healthcheck. Resolves to `{ url, pid, supergraphSdl, dispose() }`.
 * @param system a running graph (`startPinnedSystem().system`), or null with `options.subgraphs`
 * @param options.subgraphs name → GraphQL URL of the subgraphs to serve. @default system's three
 * @param options.jit Hive's `--jit` (operations compiled with graphql-jit). @default false
 * @param options.gatewayConfig Hive's `gatewayConfig` (gateway.config.js), e.g. transportEntries. @default { logging: 'error' }
 * @param options.core the CPU core. @default 0
 * @throws when Hive Gateway is not installed or does not become healthy within 60 s
 */
async function startHiveGateway(system, { subgraphs, jit = false, gatewayConfig = { logging: 'error' }, core = 0, bin = hiveBin() } = {}) {
  if (!bin) throw new Error('Hive Gateway is not installed: run `npm install --prefix bench`');
  const { findFreePort } = require(path.join(ROOT, 'shared/dist/internal'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ioc-bench-hive-'));
  const supergraphSdl = await composeFrom(subgraphs ?? Object.fromEntries(Object.entries(system.subgraphs).map(([name, s]) => [name, s.url])));
  fs.writeFileSync(path.join(dir, 'supergraph.graphql'), supergraphSdl);
  fs.writeFileSync(path.join(dir, 'gateway.config.js'), `module.exports.gatewayConfig = ${JSON.stringify(gatewayConfig)};\n`);
  const port = await findFreePort();
  // taskset execs node, so the child's pid is the gateway's; one worker (no cluster fork), like ours.
  const child = spawn('taskset', ['-c', String(core), process.execPath, bin, 'supergraph', 'supergraph.graphql', '--port', String(port), '--fork', '1', '--config-path', 'gateway.config.js', ...(jit ? ['--jit'] : [])], {
    cwd: dir, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NODE_ENV: 'production' },
  });
  const dispose = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 300 && child.exitCode === null; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthcheck`)).ok) {
        return { url: `http://127.0.0.1:${port}/graphql`, pid: child.pid, supergraphSdl, dispose };
      }
    } catch {
      // not listening yet: try again
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await dispose();
  throw new Error('Hive Gateway did not become healthy within 60 s');
}

module.exports = { hiveBin, startHiveGateway, composeFrom };
