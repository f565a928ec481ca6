import { type ChildProcess, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '@ioc-graph/cli';
import { findFreePort } from '@ioc-graph/kit/internal';
import { spawnTracked } from '../support/harness';

/** Runs `ioc start` (what `npm start` runs after building) and collects its output. */
function runStart(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let out = '';
  const child = spawnTracked(process.execPath, [path.join(ROOT, 'cli/dist/main.js'), 'start'], {
    env: { ...process.env, LOG_LEVEL: 'warn', IOC_SIMULATOR: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  }, 'ioc start');
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const processesMentioning = (text: string) =>
  execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes(text) && !l.includes('ps -eo'));

describe('npm start', () => {
  it('should name the port in use and the variable that moves it', async () => {
    const blocker = net.createServer();
    const port = await new Promise<number>((r) => blocker.listen(0, '127.0.0.1', () => r((blocker.address() as net.AddressInfo).port)));
    try {
      const run = runStart({
        GATEWAY_PORT: String(port),
        GOVERNANCE_PORT: String(await findFreePort()),
        ECONOMY_PORT: String(await findFreePort()),
        SOCIETY_PORT: String(await findFreePort()),
        IOC_DATA_DIR: path.join(mkdtempSync(path.join(os.tmpdir(), 'ioc-start-')), 'pg'),
      });
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain(`Port ${port} is already in use (gateway)`);
      expect(run.output()).toContain('GATEWAY_PORT');
    } finally {
      blocker.close();
    }
  });

  it('should name every port in use at once, each with its variable', async () => {
    const blockers = [net.createServer(), net.createServer()];
    const [gw, eco] = await Promise.all(
      blockers.map((b) => new Promise<number>((r) => b.listen(0, '127.0.0.1', () => r((b.address() as net.AddressInfo).port)))),
    );
    try {
      const run = runStart({
        GATEWAY_PORT: String(gw),
        GOVERNANCE_PORT: String(await findFreePort()),
        ECONOMY_PORT: String(eco),
        SOCIETY_PORT: String(await findFreePort()),
        IOC_DATA_DIR: path.join(mkdtempSync(path.join(os.tmpdir(), 'ioc-start-')), 'pg'),
      });
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain(`Ports ${eco}, ${gw} are already in use`);
      expect(run.output()).toContain(`${gw} (gateway): set GATEWAY_PORT to another port`);
      expect(run.output()).toContain(`${eco} (economy): set ECONOMY_PORT to another port`);
    } finally {
      blockers.forEach((b) => b.close());
    }
  });

  it('should refuse up front a port that fetch will not connect to, naming the variable', async () => {
    for (const [variable, port] of [['GATEWAY_PORT', '6000'], ['SOCIETY_PORT', '6667'], ['ECONOMY_PORT', '10080']]) {
      const started = Date.now();
      const run = runStart({ [variable]: port, IOC_DATA_DIR: path.join(mkdtempSync(path.join(os.tmpdir(), 'ioc-start-')), 'pg') });
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain(`${variable} must not be ${port}: browsers and Node's fetch refuse to connect to it`);
      expect(run.output()).not.toContain('starting the embedded PostgreSQL');
      expect(Date.now() - started).toBeLessThan(30_000); // not the minute-long health wait
    }
  });

  it('should start everything on the embedded database and leave nothing behind on Ctrl-C', async () => {
    const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'ioc-start-')), 'pg');
    const ports = { gateway: await findFreePort(), governance: await findFreePort(), economy: await findFreePort(), society: await findFreePort() };
    const run = runStart({
      DATABASE_URL: '',
      IOC_DATA_DIR: dataDir,
      GATEWAY_PORT: String(ports.gateway),
      GOVERNANCE_PORT: String(ports.governance),
      ECONOMY_PORT: String(ports.economy),
      SOCIETY_PORT: String(ports.society),
    });
    try {
      await waitFor(() => run.output().includes('IOC Graph is running'), 90_000, `the start banner; output so far:\n${run.output()}`);
      const res = await fetch(`http://127.0.0.1:${ports.gateway}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ unit(code: "14") { name } }' }),
      });
      expect(await res.json()).toEqual({ data: { unit: { name: 'Tỉnh Sơn La' } } });
      expect(processesMentioning(dataDir).length).toBeGreaterThan(0); // the embedded PostgreSQL
    } finally {
      run.child.kill('SIGINT');
    }
    expect(await run.exited).toBe(0);
    expect(processesMentioning(dataDir)).toEqual([]);
    for (const port of Object.values(ports)) {
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    }
  }, 150_000); // a first start (initdb, seed) on a loaded two-core machine takes more than jest's 60 s

  it('should print no banner when the gateway does not start, name what to fix and give up with a non-zero exit', async () => {
    const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'ioc-start-')), 'pg');
    const missing = path.join(os.tmpdir(), `no-such-supergraph-${process.pid}.yaml`);
    const run = runStart({
      DATABASE_URL: '',
      IOC_DATA_DIR: dataDir,
      SUPERGRAPH_CONFIG: missing,
      GATEWAY_PORT: String(await findFreePort()),
      GOVERNANCE_PORT: String(await findFreePort()),
      ECONOMY_PORT: String(await findFreePort()),
      SOCIETY_PORT: String(await findFreePort()),
    });
    try {
      expect(await run.exited).toBe(1);
    } finally {
      run.child.kill('SIGINT');
    }
    expect(run.output()).not.toContain('IOC Graph is running');
    expect(run.output()).toContain('the gateway did not start');
    expect(run.output()).toContain('SUPERGRAPH_CONFIG');
    expect(run.output()).toContain('giving up');
    expect(processesMentioning(dataDir)).toEqual([]); // the subgraphs and the database stopped with it
  }, 240_000);
});
