import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { tempDir } from './fixtures.js';

/** A unix socket that plays a broken or hostile D-Bus daemon (see {@link startHostileBus}). */
export interface HostileBus {
  /** `DBUS_SESSION_BUS_ADDRESS` naming it. */
  address: string;
  /** How many connections it accepted. */
  connections(): number;
  stop(): Promise<void>;
}

/** What the fake daemon does with a client, once the client has written its first bytes. */
export type HostileBehaviour = (socket: Socket) => void;

/** The `OK <guid>` line a daemon answers `AUTH EXTERNAL …` with. */
export const AUTH_OK = 'OK 0123456789abcdef0123456789abcdef\r\n';

/**
 * A little-endian message header (type, body length, serial, header fields' length) followed by
 * `rest`: e.g. a reply that promises a 2 GiB body.
 */
export function header(type: number, bodyLength: number, fieldsLength: number, rest: number[] = []): Buffer {
  const out = Buffer.alloc(16);
  out.set([0x6c, type, 0, 1]);
  out.writeUInt32LE(bodyLength, 4);
  out.writeUInt32LE(1, 8);
  out.writeUInt32LE(fieldsLength, 12);
  return Buffer.concat([out, Buffer.from(rest)]);
}

/**
 * Listens on a fresh unix socket and hands every client to `behaviour` after its first bytes (the
 * client's `\0AUTH EXTERNAL …`): real sockets, so that the client's own reading, buffering and
 * timeouts are what is tested.
 */
export async function startHostileBus(behaviour: HostileBehaviour): Promise<HostileBus> {
  const { dir, cleanup } = tempDir();
  const path = join(dir, 'bus');
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    socket.once('data', () => behaviour(socket));
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    address: `unix:path=${path}`,
    connections: () => accepted,
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      cleanup();
    },
  };
}

/** Writes `chunk` for as long as the client reads (until it closes the connection). */
export function flood(socket: Socket, chunk: Buffer): void {
  const write = (): void => {
    while (!socket.destroyed && socket.write(chunk));
  };
  socket.on('drain', write);
  write();
}
