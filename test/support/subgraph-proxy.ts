import http from 'node:http';
import net from 'node:net';

/**
 * An HTTP proxy on 127.0.0.1:`port` in front of a subgraph on `targetPort`, for fault tests that
 * change how a subgraph looks to the gateway: plain requests and WebSocket upgrades go through
 * unless a subclass takes them ({@link answer}, {@link upgrade}); `frozen` stops forwarding the
 * bytes of open WebSocket connections (a stalled stream, socket open) while plain requests still pass.
 */
export class SubgraphProxy {
  private server?: http.Server;
  private readonly sockets = new Set<net.Socket>();
  frozen = false;

  constructor(private readonly targetPort: number, readonly port: number) {}

  /** Answers `res` from the subgraph's `answer` itself and returns true, or false to pass it on unchanged. */
  protected answer(_req: http.IncomingMessage, _answer: http.IncomingMessage, _res: http.ServerResponse): boolean {
    return false;
  }

  /** Refuses an upgrade on `client` itself and returns true, or false to connect it to the subgraph. */
  protected upgrade(_req: http.IncomingMessage, _client: net.Socket): boolean {
    return false;
  }

  async open(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const out = http.request({ host: '127.0.0.1', port: this.targetPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        if (this.answer(req, answer, res)) return;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      out.on('error', () => res.destroy());
      req.pipe(out);
    });
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server.on('upgrade', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
      if (this.upgrade(req, client)) return;
      const upstream = net.connect(this.targetPort, '127.0.0.1', () => {
        const lines = [`${req.method} ${req.url} HTTP/1.1`];
        for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
        upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
        if (head.length) upstream.write(head);
        upstream.on('data', (chunk) => { if (!this.frozen) client.write(chunk); });
        client.on('data', (chunk) => { if (!this.frozen) upstream.write(chunk); });
      });
      this.sockets.add(upstream);
      for (const s of [client, upstream]) {
        s.on('error', () => undefined);
        s.on('close', () => {
          this.sockets.delete(upstream);
          client.destroy();
          upstream.destroy();
        });
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
