import { type ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';

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
  /** Restart after a crash (not after stop()). @default false */
  restartOnCrash?: boolean;
}

/**
 * A service running as a child process: started, health-checked, stopped with SIGTERM (then
 * SIGKILL), and optionally restarted after a crash with backoff, so one crash leaves the rest
 * serving. Used by `npm start` and by the end-to-end tests.
 */
export class ServiceProcess extends EventEmitter {
  private child: ChildProcess | null = null;
  private stopping = false;
  private crashes = 0;
  private lastLines: string[] = [];

  constructor(readonly options: ServiceProcessOptions) {
    super();
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the process and waits until its health URL answers. */
  async start(): Promise<void> {
    this.stopping = false;
    this.spawnChild();
    await this.waitHealthy();
  }

  private spawnChild(): void {
    const child = spawn(process.execPath, [this.options.script], {
      env: this.options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
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
      if (this.child === child) this.child = null;
      this.emit('exit', code, signal);
      // Exit code 0 is a clean stop the service chose (e.g. Ctrl-C reached the whole process
      // group); only a failure or a kill counts as a crash.
      if (this.stopping || !this.options.restartOnCrash || code === 0) return;
      this.crashes++;
      const delay = Math.min(500 * 2 ** (this.crashes - 1), 10_000);
      this.emit('crash', { code, signal, restartInMs: delay });
      setTimeout(() => {
        if (this.stopping) return;
        this.spawnChild();
        this.waitHealthy().then(
          () => {
            this.crashes = 0;
            this.emit('restarted');
          },
          () => undefined,
        );
      }, delay).unref();
    });
  }

  private async waitHealthy(): Promise<void> {
    const deadline = Date.now() + (this.options.startTimeoutMs ?? 60_000);
    const child = this.child;
    while (Date.now() < deadline) {
      if (!child || child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${this.options.name} exited during start:\n    ${this.lastLines.slice(-8).join('\n    ')}`);
      }
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

  /** SIGTERM, then SIGKILL after `graceMs`. Resolves when the process is gone. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  /** Kills the process at once (a crash, for tests). */
  async kill(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}
