import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { ErrorCode } from '../errors/error-codes';

/** Seconds a client is told to wait (`Retry-After`) before it asks a draining server again. */
export const DRAIN_RETRY_AFTER_SECONDS = 1;

/** The message of every request a draining server does not serve. */
export const DRAINING_MESSAGE = 'The server is shutting down: retry the request (another instance, or this one once it is back)';

/**
 * Where the server is in its life: `serving`; `draining` after a stop was asked (new requests get a
 * 503 at once, requests in flight may finish until the deadline); `drained` once every request
 * accepted has had its answer (served, or a 503 at the deadline).
 */
type DrainState = { kind: 'serving' } | { kind: 'draining'; idle: () => void } | { kind: 'drained' };

/** The 503 a draining server answers with, in the GraphQL error shape clients read elsewhere. */
function answerUnavailable(res: ServerResponse): void {
  res.writeHead(503, {
    'content-type': 'application/json; charset=utf-8',
    'retry-after': String(DRAIN_RETRY_AFTER_SECONDS),
    connection: 'close',
  });
  res.end(JSON.stringify({ errors: [{ message: DRAINING_MESSAGE, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } }] }));
}

/**
 * Every request a server accepted gets an answer when it stops. Node's `server.close()` and Apollo's
 * drain plugin wait for requests in flight, but a process that must exit at a deadline (the
 * gateway's 1.5 s) would then cut them off with no answer; Node has no "answer what is left" step,
 * so this is our own: requests still running at the deadline get a JSON 503 (SERVICE_UNAVAILABLE,
 * `Retry-After`), and requests arriving while draining get it at once.
 */
export class RequestDrain {
  private state: DrainState = { kind: 'serving' };
  private readonly inflight = new Set<ServerResponse>();

  /** `serving`, `draining` or `drained`. */
  get status(): DrainState['kind'] {
    return this.state.kind;
  }

  /** Wraps the server's request handler: counts requests in flight, refuses new ones while draining. */
  guard(handler: RequestListener): RequestListener {
    return (req: IncomingMessage, res: ServerResponse) => {
      if (this.state.kind !== 'serving') {
        // /healthz still answers (`draining`, 503), so a load balancer's probe reads why.
        return req.url === '/healthz' || req.url?.startsWith('/healthz?') ? handler(req, res) : answerUnavailable(res);
      }
      this.inflight.add(res);
      res.once('close', () => {
        this.inflight.delete(res);
        if (this.state.kind === 'draining' && this.inflight.size === 0) this.state.idle();
      });
      handler(req, res);
    };
  }

  /**
   * Stops taking requests and waits up to `deadlineMs` for those in flight; each one still running
   * then gets the 503 (or, when it has begun its answer, its socket is ended). Idempotent.
   * @param deadlineMs how long requests in flight may run on, in ms
   */
  async drain(deadlineMs: number): Promise<void> {
    if (this.state.kind !== 'serving') return;
    // Answers sent from now on close their connection, so keep-alive clients reconnect elsewhere.
    for (const res of this.inflight) if (!res.headersSent) res.setHeader('connection', 'close');
    if (this.inflight.size) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadlineMs);
        this.state = { kind: 'draining', idle: () => (clearTimeout(timer), resolve()) };
      });
    }
    this.state = { kind: 'drained' };
    for (const res of [...this.inflight]) this.cutOff(res);
  }

  private cutOff(res: ServerResponse): void {
    this.inflight.delete(res);
    if (res.headersSent) {
      res.destroy(); // a streamed answer cannot become a 503; the client sees it incomplete
      return;
    }
    answerUnavailable(res);
    // The handler still runs and will try to answer too: its late writes go nowhere instead of
    // throwing ERR_HTTP_HEADERS_SENT into the framework's error path.
    const ignore = function (this: ServerResponse) {
      return this;
    };
    Object.assign(res, { writeHead: ignore, setHeader: ignore, removeHeader: ignore, write: () => true, end: ignore });
  }
}
