import { createConnection } from 'node:net';

/** Where a `tcp:host=…,port=…` D-Bus address points (the first such entry). */
export interface TcpBusEndpoint {
  host: string;
  port: number;
}

/** The first `tcp:` entry of a D-Bus address with a host and a port; `undefined` when there is none. */
export function tcpBusEndpointOf(address: string): TcpBusEndpoint | undefined {
  for (const candidate of address.split(';')) {
    const [transport, rest = ''] = candidate.split(/:(.*)/s);
    if (transport !== 'tcp') continue;
    const keys = new Map(rest.split(',').map((pair) => pair.split(/=(.*)/s) as [string, string | undefined]));
    const host = keys.get('host') ?? 'localhost';
    const port = Number(keys.get('port'));
    if (Number.isInteger(port) && port > 0 && port < 65536) return { host, port };
  }
  return undefined;
}

/**
 * What a D-Bus daemon at `endpoint` does with a bare `AUTH` (a real one lists its mechanisms at
 * once, `REJECTED …`): `answers` (a line came), `silent` (nothing before `signal` aborted),
 * `broken` (it closed the connection, or sent 1 KiB without a line end), `unreachable` (no
 * connection). credhelper does not authenticate over TCP itself (EXTERNAL needs a unix socket); this
 * only keeps a bus that never answers away from the keychain binding, whose libdbus would wait for
 * it on the main thread. The connection is closed on every path.
 */
export function tcpBusAnswer(
  endpoint: TcpBusEndpoint,
  signal: AbortSignal,
): Promise<'answers' | 'silent' | 'broken' | 'unreachable'> {
  return new Promise((resolve) => {
    const socket = createConnection(endpoint.port, endpoint.host);
    let connected = false;
    let received = '';
    const done = (answer: 'answers' | 'silent' | 'broken' | 'unreachable'): void => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(answer);
    };
    const onAbort = (): void => done('silent');
    if (signal.aborted) return done('silent');
    signal.addEventListener('abort', onAbort, { once: true });
    socket.on('connect', () => {
      connected = true;
      socket.write('\0AUTH\r\n');
    });
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.includes('\r\n')) done('answers');
      else if (received.length > 1024) done('broken');
    });
    socket.on('error', () => done(connected ? 'broken' : 'unreachable'));
    socket.on('close', () => done(connected ? 'broken' : 'unreachable'));
  });
}
