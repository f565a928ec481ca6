import { type Client, createClient } from 'graphql-ws';

/**
 * The wall's live feed: one graphql-ws connection, one subscription per live field (a pillar's
 * readings, a pillar's alerts). Each subscription resumes with `after` = the last cursor it saw, so
 * after a reconnect the server replays what was posted meanwhile and nothing is missed.
 */

export type LiveState = 'connecting' | 'live' | 'lost';

export interface LiveSubscription {
  /** Subscription field, e.g. `governanceReadings`. */
  field: string;
  /** Selection set of the field's type. */
  selection: string;
  unitCodes: string[] | null;
  indicatorCodes: string[] | null;
  /** Cursor to start after (the newest the wall has already shown); null: from now on. */
  after: string | null;
  onEvent: (event: Record<string, unknown> & { cursor: string }) => void;
}

export interface LiveFeedOptions {
  url: string;
  /** The connection's state (a failing subscription does not make the connection lost). */
  onState: (state: LiveState, detail: string) => void;
  /** A subscription started failing (the reason) or works again (null): shown on its pillar only. */
  onSubscription?: (field: string, failing: string | null) => void;
  /** Every (re)connection; `first` is false after a reconnect, when the graph may have changed. */
  onConnected?: (first: boolean) => void;
  /** Wait before resubscribing a subscription the server refused or ended. @default 3000 */
  resubscribeMs?: number;
}

const cursorNewer = (a: string, b: string | null) => b === null || BigInt(a) > BigInt(b);

interface Active {
  sub: LiveSubscription;
  /** The payload graphql-ws sends on every (re)subscribe: `variables.after` is kept current. */
  payload: { query: string; variables: Record<string, unknown> };
  dispose?: () => void;
  failing: string | null;
  timer?: ReturnType<typeof setTimeout>;
  okTimer?: ReturnType<typeof setTimeout>;
}

export class LiveFeed {
  private readonly client: Client;
  private readonly active: Active[] = [];
  private connected = false;
  private lastError = '';
  private closed = false;
  private socket: WebSocket | null = null;
  private pongTimer?: ReturnType<typeof setTimeout>;
  private connections = 0;

  constructor(private readonly options: LiveFeedOptions) {
    this.client = createClient({
      url: options.url,
      lazy: true,
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
      // Quick first retries (a gateway restart takes seconds), then at most every 5 s.
      retryWait: (retries) => new Promise((r) => setTimeout(r, Math.min(500 * 2 ** retries, 5000) + Math.random() * 300)),
      keepAlive: 10_000,
      on: {
        connected: (socket) => {
          this.socket = socket as WebSocket;
          this.connected = true;
          this.lastError = '';
          this.report();
          this.options.onConnected?.(this.connections++ === 0);
        },
        closed: (event) => {
          this.socket = null;
          this.connected = false;
          const e = event as CloseEvent | undefined;
          this.lastError = e?.code ? `mã ${e.code}${e.reason ? `: ${e.reason}` : ''}` : '';
          this.report();
        },
        error: () => {
          this.connected = false;
          this.report();
        },
        // A connection that stops answering pings is dead even if the OS has not noticed yet.
        ping: (received) => {
          if (received) return;
          clearTimeout(this.pongTimer);
          this.pongTimer = setTimeout(() => this.socket?.close(4408, 'pong timeout'), 5000);
        },
        pong: (received) => {
          if (received) clearTimeout(this.pongTimer);
        },
      },
    });
  }

  get state(): LiveState {
    return this.connected ? 'live' : 'lost';
  }

  /** The fields subscribed to. */
  get fields(): string[] {
    return this.active.map((a) => a.sub.field);
  }

  /** Ends the subscription of `field` (a pillar that left the graph). */
  remove(field: string): void {
    const i = this.active.findIndex((a) => a.sub.field === field);
    if (i < 0) return;
    const [a] = this.active.splice(i, 1);
    clearTimeout(a.timer);
    clearTimeout(a.okTimer);
    a.dispose?.();
    this.report();
  }

  add(sub: LiveSubscription): void {
    const query = `subscription ($unitCodes: [ID!], $indicatorCodes: [ID!], $after: ID) {
      event: ${sub.field}(unitCodes: $unitCodes, indicatorCodes: $indicatorCodes, after: $after) { ${sub.selection} }
    }`;
    const a: Active = {
      sub,
      payload: { query, variables: { unitCodes: sub.unitCodes, indicatorCodes: sub.indicatorCodes, after: sub.after } },
      failing: null,
    };
    this.active.push(a);
    this.start(a);
  }

  private start(a: Active): void {
    if (this.closed) return;
    clearTimeout(a.okTimer);
    // No acknowledgement exists for a subscribe: count it as working once it has not failed for a moment.
    a.okTimer = setTimeout(() => {
      if (a.failing) this.recover(a);
    }, 1500);
    a.dispose = this.client.subscribe<{ event: Record<string, unknown> & { cursor: string } }>(a.payload, {
      next: (result) => {
        const event = result.data?.event;
        if (!event) {
          if (result.errors?.length) this.fail(a, result.errors.map((e) => e.message).join('; '));
          return;
        }
        if (a.failing) this.recover(a);
        if (cursorNewer(event.cursor, a.payload.variables.after as string | null)) {
          a.payload.variables.after = event.cursor;
        }
        a.sub.onEvent(event);
      },
      error: (err) => this.fail(a, describe(err)),
      complete: () => this.fail(a, 'máy chủ đã kết thúc luồng'),
    });
  }

  private recover(a: Active): void {
    a.failing = null;
    this.options.onSubscription?.(a.sub.field, null);
    this.report();
  }

  private fail(a: Active, why: string): void {
    clearTimeout(a.okTimer);
    if (!this.active.includes(a)) return; // removed meanwhile
    a.failing = why;
    // A socket that closed fails every subscription: that is the connection's state, not theirs.
    if (this.connected) this.options.onSubscription?.(a.sub.field, why);
    this.report();
    a.dispose?.();
    clearTimeout(a.timer);
    a.timer = setTimeout(() => this.start(a), this.options.resubscribeMs ?? 3000);
  }

  /** The cursor each field would resume after (for tests and the status line). */
  cursors(): Record<string, string | null> {
    return Object.fromEntries(this.active.map((a) => [a.sub.field, (a.payload.variables.after as string | null) ?? null]));
  }

  private report(): void {
    this.options.onState(this.state, this.connected ? '' : this.lastError);
  }

  dispose(): void {
    this.closed = true;
    for (const a of this.active) {
      clearTimeout(a.timer);
      clearTimeout(a.okTimer);
      a.dispose?.();
    }
    void this.client.dispose();
  }
}

function describe(err: unknown): string {
  if (Array.isArray(err)) return err.map((e: { message?: string }) => e.message ?? String(e)).join('; ');
  if (err && typeof err === 'object' && 'code' in err && 'reason' in err) {
    const e = err as CloseEvent;
    return `mã ${e.code}${e.reason ? `: ${e.reason}` : ''}`;
  }
  return err instanceof Error ? err.message : String(err);
}
