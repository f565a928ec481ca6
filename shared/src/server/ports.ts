import net from 'node:net';
import { FETCH_BAD_PORTS } from '../config/bad-ports';

/**
 * Ports handed out by {@link findFreePort}: below Linux's ephemeral range (32768–60999), where the
 * kernel also picks the local ports of outgoing connections. A port found free there (listen on 0)
 * can be taken by any client socket before the service binds it; here only another listener can.
 */
const FREE_PORT_RANGE = { from: 20_000, to: 32_000 } as const;
const handedOut = new Set<number>();

/**
 * A TCP port on 127.0.0.1 that nothing listens on now, for a service started next (tests, the
 * embedded PostgreSQL). Never the same port twice in one process.
 * @throws Error when no port of the range is free after many tries
 */
export async function findFreePort(): Promise<number> {
  for (let tries = 0; tries < 200; tries++) {
    const port = FREE_PORT_RANGE.from + Math.floor(Math.random() * (FREE_PORT_RANGE.to - FREE_PORT_RANGE.from));
    if (handedOut.has(port) || FETCH_BAD_PORTS.has(port)) continue;
    if (await canListen(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free TCP port between ${FREE_PORT_RANGE.from} and ${FREE_PORT_RANGE.to} on 127.0.0.1`);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** The error thrown when a port is taken, naming the variable that moves it. */
export class PortInUseError extends Error {
  override name = 'PortInUseError';
  constructor(
    readonly port: number,
    readonly service: string,
    readonly envVar: string,
  ) {
    super(`Port ${port} is already in use (${service}). Stop the other process or set ${envVar} to another port.`);
  }
}

/** Several ports taken at once: one message naming each port, its service and its variable. */
export class PortsInUseError extends Error {
  override name = 'PortsInUseError';
  constructor(readonly ports: PortInUseError[]) {
    super(
      `Ports ${ports.map((p) => p.port).join(', ')} are already in use:\n` +
        ports.map((p) => `  - ${p.port} (${p.service}): set ${p.envVar} to another port`).join('\n') +
        '\nStop the other processes or move these services.',
    );
  }
}

/** Listens on `port` (0 = any free port); turns EADDRINUSE into a {@link PortInUseError}. */
export function listen(
  server: net.Server,
  port: number,
  host: string,
  what: { service: string; envVar: string },
): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(err.code === 'EADDRINUSE' ? new PortInUseError(port, what.service, what.envVar) : err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as net.AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
