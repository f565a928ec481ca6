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
 * Starts `hive-gateway supergraph <file>` over `system`'s three subgraphs on `core` (taskset), and
 * waits for its /healthcheck. Resolves to `{ url, pid, supergraphSdl, dispose() }`.
 * @param options.gatewayConfig Hive's `gatewayConfig` (gateway.config.js), e.g. transportEntries. @default { logging: 'error' }
 * @param options.core the CPU core. @default 0
 * @throws when Hive Gateway is not installed or does not become healthy within 60 s
 */
async function startHiveGateway(system, { gatewayConfig = { logging: 'error' }, core = 0, bin = hiveBin() } = {}) {
  if (!bin) throw new Error('Hive Gateway is not installed: run `npm install --prefix bench`');
  const { composeSupergraph } = require(path.join(ROOT, 'gateway/dist'));
  const { findFreePort } = require(path.join(ROOT, 'shared/dist/internal'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ioc-bench-hive-'));
  const entries = Object.entries(system.subgraphs).map(([name, s]) => ({ name, routingUrl: s.url, schema: { subgraphUrl: s.url } }));
  const { supergraphSdl } = await composeSupergraph(entries, ROOT, {});
  fs.writeFileSync(path.join(dir, 'supergraph.graphql'), supergraphSdl);
  fs.writeFileSync(path.join(dir, 'gateway.config.js'), `module.exports.gatewayConfig = ${JSON.stringify(gatewayConfig)};\n`);
  const port = await findFreePort();
  // taskset execs node, so the child's pid is the gateway's; one worker (no cluster fork), like ours.
  const child = spawn('taskset', ['-c', String(core), process.execPath, bin, 'supergraph', 'supergraph.graphql', '--port', String(port), '--fork', '1', '--config-path', 'gateway.config.js'], {
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

module.exports = { hiveBin, startHiveGateway };
