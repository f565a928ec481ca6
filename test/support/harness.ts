import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { watchServiceSpawns } from '@ioc-graph/kit/internal';
import { type RecordedProcess, forget, killEntry, record } from './process-registry';

/**
 * The test file's processes: every process a test starts dies with the test file, however its setup
 * or the run ends. Each child leads its own process group (what it starts, e.g. a partner's
 * embedded PostgreSQL, dies with it) and is recorded in the run's folder (process-registry.js), so:
 * - the file's last `afterAll` (installed by setup-harness.ts) kills what the file's own `afterAll`
 *   left, also the processes of a setup that timed out or threw before handing its system over;
 * - the jest process kills what is left of the whole run on SIGINT/SIGTERM/SIGHUP, at teardown and
 *   at exit (global-setup.js), also when a worker was killed outright.
 */

type HarnessState = { kind: 'open' } | { kind: 'closed' };
let state: HarnessState = { kind: 'open' };
const children = new Map<number, RecordedProcess>();
/** `graceful`: disposed before the processes are killed (a system that started); else after. */
const disposables = new Map<() => Promise<void>, { graceful: boolean }>();

const runDir = () => process.env.IOC_TEST_RUN_DIR;

/** Records a child that leads its own process group; after the file is done, one is killed at once. */
export function trackProcess(child: ChildProcess, name: string): void {
  if (!child.pid) return; // failed to spawn: its 'error' event says why
  const entry: RecordedProcess = { pid: child.pid, group: true, name, owner: process.pid };
  if (state.kind === 'closed') {
    // A setup that went on after its file was given up (a timed-out beforeAll still starting).
    killEntry(entry);
    return;
  }
  const dir = runDir();
  children.set(child.pid, dir ? record(dir, entry) : entry);
}

/** `spawn` for tests: the child leads its own process group and is tracked (see {@link trackProcess}). */
export function spawnTracked(command: string, args: string[], options: SpawnOptions, name: string): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  trackProcess(child, name);
  return child;
}

/**
 * Registers what disposes a thing (a test system), run if the test file did not dispose it itself:
 * a `graceful` one (it started) before the file's processes are killed, so it stops in order;
 * another (still starting) after, when its processes are gone and its start has failed.
 * @returns untrack, for when the test disposes it
 */
export function trackDisposable(dispose: () => Promise<void>, options: { graceful: boolean }): () => void {
  disposables.set(dispose, options);
  return () => disposables.delete(dispose);
}

/** Runs and forgets the disposers of one kind, each bounded (a stuck one must not hold the run). */
async function runDisposables(graceful: boolean): Promise<void> {
  const left = [...disposables].filter(([, o]) => o.graceful === graceful).map(([d]) => d);
  for (const d of left) disposables.delete(d);
  await Promise.all(left.map((d) => Promise.race([d().catch(() => undefined), new Promise((r) => setTimeout(r, 30_000).unref())])));
}

/** Processes of this file still recorded (for the harness's own test). */
export function trackedProcesses(): RecordedProcess[] {
  return [...children.values()];
}

/**
 * Disposes the started systems the file did not dispose, kills every process this file started
 * and is still recorded (groups included), then runs the disposers of setups that never finished
 * (their processes are gone, so their start fails at once and they drop their databases). Later
 * spawns of this file are killed at once.
 */
export async function disposeTestProcesses(): Promise<void> {
  await runDisposables(true);
  state = { kind: 'closed' };
  const dir = runDir();
  for (const e of children.values()) {
    killEntry(e);
    if (dir) forget(dir, e.pid);
  }
  children.clear();
  await runDisposables(false);
}

/** Called once per test file (setup-harness.ts): ServiceProcess children are tracked; the file's last afterAll disposes. */
export function installHarness(): void {
  watchServiceSpawns({ processGroup: true, onSpawn: (child, name) => trackProcess(child, name) });
  afterAll(disposeTestProcesses, 60_000);
}
