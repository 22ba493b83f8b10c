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

/** A METHOD_RETURN (type 2) or signal (type 4) for `replyTo`, with body `body` of `signature`. */
export function replyMessage(type: number, replyTo: number, signature = '', body: Buffer = Buffer.alloc(0)): Buffer {
  const fields: number[] = [5, 1, 0x75, 0, replyTo & 0xff, (replyTo >>> 8) & 0xff, 0, 0];
  if (signature !== '') fields.push(8, 1, 0x67, 0, signature.length, ...Buffer.from(signature, 'ascii'), 0);
  const padded = Math.ceil(fields.length / 8) * 8;
  return Buffer.concat([header(type, body.length, fields.length, fields), Buffer.alloc(padded - fields.length), body]);
}

/** A D-Bus `o` or `s` value as a body. */
export function stringBody(value: string): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(bytes.length);
  return Buffer.concat([length, bytes, Buffer.from([0])]);
}

/** A `v` holding a boolean, as `Properties.Get` answers `Locked`. */
export function booleanVariantBody(value: boolean): Buffer {
  return Buffer.from([1, 0x62, 0, 0, value ? 1 : 0, 0, 0, 0]);
}
