import { type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '@ioc-graph/cli';
import { spawnTracked } from '../../support/harness';

const CONFIG = path.join(__dirname, 'fixtures/jest.config.js');
const JEST = path.join(ROOT, 'node_modules/jest/bin/jest.js');

/** Processes now alive whose pid or process group is one of `pids` (a stuck grandchild counts). */
function survivors(pids: number[]): { pid: number; pgid: number; cmd: string }[] {
  const wanted = new Set(pids);
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        const [state, , pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (state === 'Z') return []; // exited, waiting for its parent to reap it
        const pid = Number(d);
        if (!wanted.has(pid) && !wanted.has(Number(pgid))) return [];
        return [{ pid, pgid: Number(pgid), cmd: readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ').slice(0, 120) }];
      } catch {
        return []; // gone while we looked
      }
    });
}

async function until<T>(f: () => T, ok: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = f();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface FixtureRun {
  child: ChildProcess;
  out: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/** Runs jest on the failing-setup fixture, as a separate run with its own global setup and teardown. */
function runFixture(harnessCase: string): FixtureRun {
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'harness-')), 'pids.json');
  const { JEST_WORKER_ID: _w, IOC_TEST_RUN_DIR: _r, ...env } = process.env;
  let log = '';
  const child = spawnTracked(
    process.execPath,
    [JEST, '-c', CONFIG, '--ci', '--colors=false'],
    // The run's PostgreSQL: this run's (no second embedded one).
    { cwd: ROOT, env: { ...env, HARNESS_CASE: harnessCase, HARNESS_OUT: out, DATABASE_URL: process.env.IOC_TEST_DATABASE_URL }, stdio: ['ignore', 'pipe', 'pipe'] },
    `jest (${harnessCase})`,
  );
  child.stdout!.on('data', (b: Buffer) => (log += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (log += b.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const run = { child, out, exited, output: () => log };
  runs.push(run);
  return run;
}

/**
 * Ends a fixture run that is still going (this test failed midway): SIGTERM, so its jest sweeps its
 * own registry; the harness's SIGKILL of its group would not reach the services, which lead groups
 * of their own.
 */
async function endRun(run: FixtureRun): Promise<void> {
  if (run.child.exitCode !== null || run.child.signalCode !== null) return;
  run.child.kill('SIGTERM');
  await Promise.race([run.exited, new Promise((r) => setTimeout(r, 20_000))]);
}

const runs: FixtureRun[] = [];
afterEach(async () => {
  await Promise.all(runs.splice(0).map(endRun));
});

const started = (run: FixtureRun) => until(() => (existsSync(run.out) ? (JSON.parse(readFileSync(run.out, 'utf8')) as number[]) : []), (p) => p.length > 0, 240_000);

/**
 * Every process a test starts dies with the test run, however it ends: a setup that throws or times
 * out after starting processes, or jest interrupted while a setup runs. Each case runs jest on a
 * fixture (fixtures/failing-setup.fixture.ts) and then looks for its processes, their own children
 * included, among the living.
 */
describe('the test harness', () => {
  it.each([
    ['throws after starting a whole test system', 'system-throws', 4],
    ['throws after starting a service with a stuck child of its own', 'throws', 1],
    ['times out after starting a service with a stuck child of its own', 'times-out', 1],
  ])('should leave no process behind when a beforeAll %s', async (_, harnessCase, atLeast) => {
    const run = runFixture(harnessCase);
    const pids = await started(run);
    expect(pids.length).toBeGreaterThanOrEqual(atLeast);
    // The services, and the sleeper's child of its own (the fixture's output says why one is missing).
    const alive = survivors(pids).length;
    const expected = pids.length + (harnessCase === 'system-throws' ? 0 : 1);
    if (alive < expected) throw new Error(`${alive} of ${expected} processes alive before the setup failed; the fixture said:\n${run.output().slice(-3000)}`);
    writeFileSync(`${run.out}.go`, ''); // now the setup fails
    const { code } = await run.exited;
    const failed = /setup failed|Exceeded timeout/.test(run.output());
    expect({ code, failed, output: code === 1 && failed ? '' : run.output().slice(-3000) }).toEqual({ code: 1, failed: true, output: '' });
    expect(await until(() => survivors(pids), (s) => s.length === 0, 10_000)).toEqual([]);
  });

  it.each([['SIGINT'], ['SIGTERM']] as const)('should leave no process behind when jest gets %s while a setup runs', async (signal) => {
    const run = runFixture('hangs');
    const pids = await started(run);
    expect(survivors(pids).length).toBeGreaterThan(pids.length);
    writeFileSync(`${run.out}.go`, '');
    run.child.kill(signal);
    const exit = await run.exited;
    expect(exit.code ?? exit.signal).not.toBe(0);
    expect(await until(() => survivors(pids), (s) => s.length === 0, 10_000)).toEqual([]);
  });
});
