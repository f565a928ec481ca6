import net from 'node:net';

/** Asks the OS for a free TCP port on the loopback interface. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
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
