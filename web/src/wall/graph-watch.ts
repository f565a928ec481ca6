import type { LiveField } from './api';
import { debug } from './debug';

export interface GraphWatchOptions {
  discover: () => Promise<LiveField[]>;
  /** Called with every successful discovery (the wall adds and drops pillars from it). */
  onFields: (fields: LiveField[]) => void;
  /** @default 30000 */
  intervalMs?: number;
}

/**
 * Keeps the wall's pillars in step with the graph: introspects every `intervalMs` and whenever
 * {@link GraphWatch.now} is called (the wall calls it on each socket reconnect, when a gateway that
 * restarted may serve another graph). A failed or empty introspection changes nothing: a blip of
 * the gateway must not drop pages.
 */
export class GraphWatch {
  private running: Promise<void> | null = null;
  private again = false;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(private readonly options: GraphWatchOptions) {
    this.timer = setInterval(() => this.now(), options.intervalMs ?? 30_000);
  }

  now(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.run().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.now();
      }
    });
  }

  private async run(): Promise<void> {
    try {
      const fields = await this.options.discover();
      debug.discoveries++;
      if (fields.length) this.options.onFields(fields);
    } catch {
      /* the next tick or reconnect tries again */
    }
  }

  dispose(): void {
    clearInterval(this.timer);
  }
}
