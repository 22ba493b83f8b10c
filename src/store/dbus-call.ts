import { createConnection, type Socket } from 'node:net';
import { bodyValues, type DbusMethodCall, type Decoded, decode, encodeCall, messageLength } from './dbus-wire.js';

export type { DbusMethodCall } from './dbus-wire.js';

/** A method's answer: its body values (object paths, strings and booleans in variants), or the D-Bus error's name. */
export type DbusReply = { ok: true; values: (string | boolean)[] } | { ok: false; error: string };

/** A connection to a bus that takes method calls one after the other. */
export interface DbusConnection {
  call(message: DbusMethodCall): Promise<DbusReply>;
  close(): void;
}

/**
 * The most a reply (or the AUTH line) may take in memory: the probe's replies are a few hundred
 * bytes; a bus that promises more is not one credhelper talks to.
 */
export const MAX_DBUS_MESSAGE_BYTES = 64 * 1024;

/**
 * A connection that was made but then failed: the bus closed it, sent what is not D-Bus, or more
 * than {@link MAX_DBUS_MESSAGE_BYTES}. (A socket that cannot be reached is a plain `Error`; EXTERNAL
 * refused, a {@link DbusRefusedError}.)
 */
export class DbusProtocolError extends Error {
  override readonly name = 'DbusProtocolError';
}

/**
 * The bus answered AUTH EXTERNAL with `REJECTED`: it does not take this process's user (another
 * user's bus). Not handed to the keychain binding: its libdbus would try the next mechanism and
 * wait for the answer on the main thread.
 */
export class DbusRefusedError extends Error {
  override readonly name = 'DbusRefusedError';
}

/** `%`-escapes decoded; `undefined` when they are not valid (`%zz`, a lone `%ff`). */
function decodeEscapes(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** The socket a `unix:path=…` or `unix:abstract=…` address names; `undefined` for other transports. */
export function unixSocketOf(address: string): string | undefined {
  for (const candidate of address.split(';')) {
    const [transport, rest = ''] = candidate.split(/:(.*)/s);
    if (transport !== 'unix') continue;
    const keys = new Map(
      rest.split(',').map((pair) => {
        const [key = '', value = ''] = pair.split(/=(.*)/s);
        return [key, decodeEscapes(value)] as const;
      }),
    );
    const path = keys.get('path');
    if (path !== undefined && path !== '') return path;
    const abstract = keys.get('abstract');
    if (abstract !== undefined && abstract !== '') return `\0${abstract}`;
  }
  return undefined;
}

/** How a {@link DbusReply}'s `error` starts when the call failed here (closed, unreadable), not on the bus. */
export const LOCAL_ERROR = 'credhelper.Error: ';

/**
 * Whether the message at the start of `buffer` says it is over the cap (so at most one message's
 * worth, under the cap, is ever buffered while incomplete; many small ones in one chunk are fine).
 */
function tooLong(buffer: Buffer): boolean {
  if (buffer.length < 16) return false;
  const little = buffer[0] === 0x6c;
  const read = (at: number): number => (little ? buffer.readUInt32LE(at) : buffer.readUInt32BE(at));
  return read(4) + read(12) + 16 > MAX_DBUS_MESSAGE_BYTES;
}

/**
 * Connects to the bus at `socketPath` (EXTERNAL authentication as this process's user, then
 * `Hello`). Every call and the connection itself fail when `signal` aborts; the caller closes it.
 */
export function connectDbus(socketPath: string, signal: AbortSignal): Promise<DbusConnection> {
  return new Promise((resolve, reject) => {
    const socket: Socket = createConnection(socketPath);
    let received = Buffer.alloc(0);
    let authenticated = false;
    let serial = 0;
    const waiting = new Map<number, (reply: DbusReply) => void>();
    let connected = false;
    const fail = (error: Error): void => {
      socket.destroy();
      for (const settle of waiting.values()) settle({ ok: false, error: `${LOCAL_ERROR}${error.message}` });
      waiting.clear();
      reject(error);
    };
    const onAbort = (): void => fail(new Error('timed out'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    socket.on('close', () => {
      signal.removeEventListener('abort', onAbort);
      // Closed by the bus (also in the middle of a message): every waiting call ends now.
      fail(new DbusProtocolError('the bus closed the connection'));
    });
    socket.on('error', (error) => fail(connected ? new DbusProtocolError(error.message) : error));
    const send = (call: DbusMethodCall): Promise<DbusReply> => {
      serial += 1;
      const mine = serial;
      return new Promise((settle) => {
        if (socket.destroyed) return settle({ ok: false, error: `${LOCAL_ERROR}closed` });
        waiting.set(mine, settle);
        socket.write(encodeCall(mine, call));
      });
    };
    const connection: DbusConnection = { call: send, close: () => socket.destroy() };
    socket.on('connect', () => {
      connected = true;
      const uid = process.getuid?.() ?? 0;
      socket.write(`\0AUTH EXTERNAL ${Buffer.from(String(uid)).toString('hex')}\r\n`);
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (!authenticated) {
        const line = received.indexOf('\r\n');
        if (line < 0) {
          if (received.length > MAX_DBUS_MESSAGE_BYTES) fail(new DbusProtocolError('the AUTH answer is too long'));
          return;
        }
        const text = received.toString('ascii', 0, line);
        received = received.subarray(line + 2);
        if (text.startsWith('REJECTED')) return fail(new DbusRefusedError('the bus refused EXTERNAL authentication'));
        if (!text.startsWith('OK ')) return fail(new DbusProtocolError('the bus did not answer AUTH'));
        authenticated = true;
        socket.write('BEGIN\r\n');
        void send({
          destination: 'org.freedesktop.DBus',
          path: '/org/freedesktop/DBus',
          interface: 'org.freedesktop.DBus',
          member: 'Hello',
          args: [],
        }).then((hello) => (hello.ok ? resolve(connection) : fail(new DbusProtocolError(hello.error))));
      }
      for (;;) {
        if (tooLong(received)) return fail(new DbusProtocolError('a message is longer than credhelper reads'));
        const length = messageLength(received);
        if (length === undefined) break;
        const message = received.subarray(0, length);
        received = received.subarray(length);
        let decoded: Decoded;
        try {
          decoded = decode(message);
        } catch (error) {
          return fail(new DbusProtocolError(error instanceof Error ? error.message : String(error)));
        }
        const settle = decoded.replySerial === undefined ? undefined : waiting.get(decoded.replySerial);
        if (settle === undefined || decoded.replySerial === undefined) continue; // signals (NameAcquired)
        waiting.delete(decoded.replySerial);
        if (decoded.type === 3) {
          settle({ ok: false, error: decoded.errorName ?? 'org.freedesktop.DBus.Error.Failed' });
          continue;
        }
        try {
          const values = bodyValues(decoded, message[0] === 0x6c);
          settle({ ok: true, values: values.filter((value) => typeof value !== 'number') });
        } catch (error) {
          return fail(new DbusProtocolError(error instanceof Error ? error.message : String(error)));
        }
      }
    });
  });
}
