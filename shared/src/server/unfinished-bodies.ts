import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { ErrorCode } from '../errors/error-codes';

/** Seconds a refused client is told to wait (`Retry-After`). */
const RETRY_AFTER_SECONDS = 1;

/**
 * Caps, per client address, the requests whose body is still arriving. Why: a body is buffered until
 * it is complete (up to IOC_MAX_BODY_BYTES), so a client that opens many requests and stalls each
 * just before its last byte pins that much memory per request for as long as Node waits; the
 * WebSocket side has its per-address caps, plain HTTP had none. A normal client's body arrives at
 * once (its request is `complete` by the time a next one comes), so only stalling clients meet the
 * cap; a request being executed or answered does not count.
 * Beyond the cap: HTTP 429 with `TOO_MANY_REQUESTS`, `Retry-After` and `connection: close`.
 */
export class UnfinishedBodies {
  private readonly byAddress = new Map<string, Set<IncomingMessage>>();

  /** @param maxPerAddress requests with an unfinished body one address may hold; 0 = no cap */
  constructor(private readonly maxPerAddress: number) {}

  /** Requests with an unfinished body, over all addresses (for tests and health). */
  get size(): number {
    let n = 0;
    for (const set of this.byAddress.values()) n += set.size;
    return n;
  }

  guard(handler: RequestListener): RequestListener {
    if (this.maxPerAddress <= 0) return handler;
    return (req: IncomingMessage, res: ServerResponse) => {
      if (req.complete) return handler(req, res); // no body, or all of it already parsed
      const address = req.socket.remoteAddress ?? '';
      let pending = this.byAddress.get(address);
      if (pending) for (const r of pending) if (r.complete || r.destroyed) pending.delete(r);
      if (pending && pending.size >= this.maxPerAddress) return refuse(req, res, this.maxPerAddress);
      if (!pending) this.byAddress.set(address, (pending = new Set()));
      pending.add(req);
      const done = () => {
        const set = this.byAddress.get(address);
        if (!set) return;
        set.delete(req);
        if (set.size === 0) this.byAddress.delete(address);
      };
      req.once('end', done);
      req.once('close', done);
      handler(req, res);
    };
  }
}

function refuse(req: IncomingMessage, res: ServerResponse, max: number): void {
  const body = JSON.stringify({
    errors: [{
      message: `Too many requests from this address are still sending their body (at most ${max}, IOC_MAX_UNFINISHED_BODIES_PER_ADDRESS): finish or close them first`,
      extensions: { code: ErrorCode.TOO_MANY_REQUESTS },
    }],
  });
  res.writeHead(429, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'retry-after': String(RETRY_AFTER_SECONDS),
    connection: 'close',
  });
  res.end(body);
  req.resume(); // what was sent of the body is discarded; the socket closes after the answer
}
