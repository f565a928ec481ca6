import { type ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { type BackoffOptions, backoffDelay } from '../retry';

/** Restarts wait longer than reconnects: a process that crashed at start would otherwise spin. */
export const RESTART_BACKOFF = { initialMs: 500, maxMs: 10_000 } as const;

export interface ServiceProcessOptions {
  /** Name shown in logs, e.g. `economy`. */
  name: string;
  /** The compiled entry point, e.g. `subgraphs/economy/dist/main.js`. */
  script: string;
  env: NodeJS.ProcessEnv;
  /** URL that answers 200 once the service is ready. */
  healthUrl: string;
  /** @default 60000 */
  startTimeoutMs?: number;
  /** Each output line of the child (stdout and stderr). */
  onLine?: (line: string) => void;
  /**
   * Restart the process whenever it exits without being asked to (any exit code, any signal), with
   * backoff; never after stop(). @default false
   */
  restartOnCrash?: boolean;
  /** Delays between restarts. @default { initialMs: 500, maxMs: 10000, jitter: 0.5 } */
  backoff?: BackoffOptions;
}

/**
 * Where the process is in its life. `starting.initial` marks the first start, whose failure is the
 * caller's to handle (start() rejects); later starts are the supervisor's own restarts.
 */
type State =
  | { kind: 'idle' }
  | { kind: 'starting'; child: ChildProcess; initial: boolean }
  | { kind: 'running'; child: ChildProcess }
  | { kind: 'backoff'; timer: NodeJS.Timeout }
  | { kind: 'stopping'; child: ChildProcess | null }
  | { kind: 'stopped' };

const alive = (c: ChildProcess | null | undefined): c is ChildProcess => !!c && c.exitCode === null && c.signalCode === null;

/**
 * Told of every child a {@link ServiceProcess} of this module spawns. The end-to-end test harness
 * installs one to record each child (and kill it however the run ends: a timed-out setup, a thrown
 * error, jest interrupted), and has the children lead their own process group, so that killing the
 * group also kills what they started (a partner's embedded PostgreSQL).
 */
export interface SpawnWatch {
  /** Spawn each child as the leader of its own process group (`detached`). */
  processGroup: boolean;
  onSpawn(child: ChildProcess, name: string): void;
}
let spawnWatch: SpawnWatch | null = null;

/** Installs the spawn watch (one at a time; a new one replaces the last). @returns its dispose */
export function watchServiceSpawns(watch: SpawnWatch): () => void {
  spawnWatch = watch;
  return () => {
    if (spawnWatch === watch) spawnWatch = null;
  };
}

/** SIGKILL for the child's whole group when it leads one (nothing it started outlives it), else the child. */
function killHard(child: ChildProcess, grouped: boolean): void {
  try {
    if (grouped && child.pid) process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  } catch {
    child.kill('SIGKILL'); // the group is gone already
  }
}

/**
 * A service running as a child process: started, health-checked, stopped with SIGTERM (then
 * SIGKILL), and, when supervised, restarted with backoff whenever it exits without being asked to
 * (a crash, a kill, or a clean exit the supervisor did not ask for), so one fault leaves the rest
 * serving. Used by `npm start` and by the end-to-end tests.
 *
 * Events: `exit` (code, signal) for every exit; `crash` ({ code, signal, restartInMs }) when a
 * restart is scheduled; `restarted` when a restarted process is healthy again.
 */
export class ServiceProcess extends EventEmitter {
  private state: State = { kind: 'idle' };
  /** Failed starts or exits since the process was last healthy (drives the backoff). */
  private failures = 0;
  private lastLines: string[] = [];
  /** Whether the current child leads its own process group (see {@link SpawnWatch}). */
  private grouped = false;

  constructor(readonly options: ServiceProcessOptions) {
    super();
  }

  /** What the supervisor is doing: `idle`, `starting`, `running`, `backoff`, `stopping`, `stopped`. */
  get status(): State['kind'] {
    return this.state.kind;
  }

  private get child(): ChildProcess | null {
    return 'child' in this.state ? this.state.child : null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return alive(this.child);
  }

  /** Starts the process and waits until its health URL answers. @throws Error with its last output lines when it does not */
  async start(): Promise<void> {
    const child = this.spawnChild(true);
    try {
      await this.waitHealthy(child);
    } catch (err) {
      if (alive(child)) killHard(child, this.grouped);
      if (this.state.kind === 'starting' && this.state.child === child) this.state = { kind: 'stopped' };
      throw err;
    }
    if (this.state.kind === 'starting' && this.state.child === child) this.state = { kind: 'running', child };
  }

  /**
   * Keeps trying to start a process whose first start failed, with backoff (a supervised service
   * that must not take the others down, e.g. a gateway that refused the graph).
   */
  restartLater(): void {
    if (this.state.kind === 'stopped' || this.state.kind === 'idle') this.scheduleRestart(null, null);
  }

  private spawnChild(initial: boolean): ChildProcess {
    const watch = spawnWatch;
    this.grouped = watch?.processGroup ?? false;
    const child = spawn(process.execPath, [this.options.script], {
      env: this.options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: this.grouped,
    });
    watch?.onSpawn(child, this.options.name);
    this.state = { kind: 'starting', child, initial };
    this.lastLines = [];
    const onData = (buf: Buffer) => {
      for (const line of buf.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        this.lastLines.push(line);
        if (this.lastLines.length > 20) this.lastLines.shift();
        this.options.onLine?.(line);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code, signal) => {
      this.emit('exit', code, signal);
      const s = this.state;
      if (!('child' in s) || s.child !== child) return; // an old child, or already handled
      if (s.kind === 'stopping') return; // asked to stop: stop() settles the state
      if (s.kind === 'starting' && s.initial) return; // start() reports it
      if (!this.options.restartOnCrash) {
        this.state = { kind: 'stopped' };
        return;
      }
      this.scheduleRestart(code, signal);
    });
    return child;
  }

  private scheduleRestart(code: number | null, signal: NodeJS.Signals | null): void {
    this.failures++;
    const restartInMs = backoffDelay(this.failures - 1, { ...RESTART_BACKOFF, ...this.options.backoff });
    const timer = setTimeout(() => {
      if (this.state.kind !== 'backoff' || this.state.timer !== timer) return;
      const child = this.spawnChild(false);
      this.waitHealthy(child).then(
        () => {
          if (this.state.kind !== 'starting' || this.state.child !== child) return;
          this.state = { kind: 'running', child };
          this.failures = 0;
          this.emit('restarted');
        },
        // Exited during start: its exit schedules the next try. Still up but never healthy: kill it,
        // and its exit does the same.
        () => (alive(child) && this.state.kind === 'starting' ? killHard(child, this.grouped) : undefined),
      );
    }, restartInMs);
    timer.unref();
    this.state = { kind: 'backoff', timer };
    this.emit('crash', { code, signal, restartInMs });
  }

  private async waitHealthy(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + (this.options.startTimeoutMs ?? 60_000);
    while (Date.now() < deadline) {
      if (!alive(child)) {
        throw new Error(`${this.options.name} exited during start:\n    ${this.lastLines.slice(-8).join('\n    ')}`);
      }
      if (this.state.kind === 'stopping' || this.state.kind === 'stopped') throw new Error(`${this.options.name} was stopped during start`);
      try {
        const res = await fetch(this.options.healthUrl, { signal: AbortSignal.timeout(1000) });
        if (res.ok) return;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`${this.options.name} did not become healthy at ${this.options.healthUrl} in time:\n    ${this.lastLines.slice(-8).join('\n    ')}`);
  }

  /**
   * From now on an exit is expected and not restarted (a pending restart is cancelled); the process
   * is not signalled. Call it first when shutting down, before anything may make services exit.
   */
  expectStop(): void {
    if (this.state.kind === 'backoff') clearTimeout(this.state.timer);
    if (this.state.kind !== 'stopping' && this.state.kind !== 'stopped') this.state = { kind: 'stopping', child: this.child };
  }

  /** SIGTERM, then SIGKILL after `graceMs`. Resolves when the process is gone. */
  async stop(graceMs = 10_000): Promise<void> {
    this.expectStop();
    const child = this.child;
    if (!alive(child)) {
      this.state = { kind: 'stopped' };
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => killHard(child, this.grouped), graceMs);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
    this.state = { kind: 'stopped' };
  }

  /** Kills the process at once and does not restart it (a crash, for tests). */
  async kill(): Promise<void> {
    this.expectStop();
    const child = this.child;
    if (!alive(child)) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL'); // the process only, as a crash would: what it started is its own to recover
    });
    this.state = { kind: 'stopped' };
  }
}
