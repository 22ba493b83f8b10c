import { createConnection, type Socket } from 'node:net';

/** One D-Bus method call whose arguments are all strings (signature `s…`). */
export interface DbusMethodCall {
  destination: string;
  path: string;
  interface: string;
  member: string;
  args: readonly string[];
}

/** A method's answer: its body values (object paths, strings and booleans in variants), or the D-Bus error's name. */
export type DbusReply = { ok: true; values: (string | boolean)[] } | { ok: false; error: string };

/** A connection to a bus that takes method calls one after the other. */
export interface DbusConnection {
  call(message: DbusMethodCall): Promise<DbusReply>;
  close(): void;
}

const align = (offset: number, to: number): number => Math.ceil(offset / to) * to;

/** Little-endian marshalling of the few types a method call's header and string arguments need. */
class Writer {
  private readonly bytes: number[] = [];
  get length(): number {
    return this.bytes.length;
  }
  pad(to: number): void {
    while (this.bytes.length % to !== 0) this.bytes.push(0);
  }
  byte(value: number): void {
    this.bytes.push(value & 0xff);
  }
  uint32(value: number): void {
    this.pad(4);
    this.bytes.push(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff);
  }
  string(value: string): void {
    const encoded = Buffer.from(value, 'utf8');
    this.uint32(encoded.length);
    this.bytes.push(...encoded, 0);
  }
  signature(value: string): void {
    this.byte(value.length);
    this.bytes.push(...Buffer.from(value, 'ascii'), 0);
  }
  buffer(): Buffer {
    return Buffer.from(this.bytes);
  }
}

function encodeCall(serial: number, call: DbusMethodCall): Buffer {
  const body = new Writer();
  for (const arg of call.args) body.string(arg);
  const message = new Writer();
  for (const byte of [0x6c, 1, 0, 1]) message.byte(byte); // little-endian, METHOD_CALL, no flags, version 1
  message.uint32(body.length);
  message.uint32(serial);
  message.uint32(0); // the header fields' length, patched below
  const fields: [number, string, string][] = [
    [1, 'o', call.path],
    [2, 's', call.interface],
    [3, 's', call.member],
    [6, 's', call.destination],
  ];
  if (call.args.length > 0) fields.push([8, 'g', 's'.repeat(call.args.length)]);
  for (const [code, type, value] of fields) {
    message.pad(8);
    message.byte(code);
    message.signature(type);
    if (type === 'g') message.signature(value);
    else message.string(value);
  }
  const fieldsLength = message.length - 16;
  message.pad(8);
  const out = Buffer.concat([message.buffer(), body.buffer()]);
  out.writeUInt32LE(fieldsLength, 12);
  return out;
}

interface Decoded {
  type: number;
  replySerial?: number;
  errorName?: string;
  signature: string;
  body: Buffer;
}

/** The total length of the message at the start of `buffer`, or `undefined` while incomplete. */
function messageLength(buffer: Buffer): number | undefined {
  if (buffer.length < 16) return undefined;
  const little = buffer[0] === 0x6c;
  const body = little ? buffer.readUInt32LE(4) : buffer.readUInt32BE(4);
  const fields = little ? buffer.readUInt32LE(12) : buffer.readUInt32BE(12);
  const total = align(16 + fields, 8) + body;
  return buffer.length >= total ? total : undefined;
}

/** Reads values of the basic types `y b u s o g`, and variants of one of them, from `at` on. */
class Reader {
  constructor(
    private readonly buffer: Buffer,
    private readonly little: boolean,
    public at = 0,
  ) {}
  private u32(): number {
    this.at = align(this.at, 4);
    if (this.at + 4 > this.buffer.length) throw new Error('truncated message');
    const value = this.little ? this.buffer.readUInt32LE(this.at) : this.buffer.readUInt32BE(this.at);
    this.at += 4;
    return value;
  }
  private text(length: number, encoding: BufferEncoding): string {
    if (this.at + length + 1 > this.buffer.length) throw new Error('truncated message');
    const text = this.buffer.toString(encoding, this.at, this.at + length);
    this.at += length + 1;
    return text;
  }
  value(type: string): string | number | boolean {
    switch (type) {
      case 'y':
        return this.buffer[this.at++] ?? 0;
      case 'b':
        return this.u32() !== 0;
      case 'u':
        return this.u32();
      case 's':
      case 'o':
        return this.text(this.u32(), 'utf8');
      case 'g':
        return this.text(this.buffer[this.at++] ?? 0, 'ascii');
      case 'v': {
        const inner = String(this.value('g'));
        if (inner.length !== 1) throw new Error(`unsupported variant type ${inner}`);
        return this.value(inner);
      }
      default:
        throw new Error(`unsupported type ${type}`);
    }
  }
}

function decode(message: Buffer): Decoded {
  const little = message[0] === 0x6c;
  const fieldsEnd = 16 + (little ? message.readUInt32LE(12) : message.readUInt32BE(12));
  const decoded: Decoded = { type: message[1] ?? 0, signature: '', body: Buffer.alloc(0) };
  const reader = new Reader(message, little, 16);
  while (reader.at < fieldsEnd) {
    reader.at = align(reader.at, 8);
    const code = reader.value('y');
    const value = reader.value(String(reader.value('g')));
    if (code === 4 && typeof value === 'string') decoded.errorName = value;
    if (code === 5 && typeof value === 'number') decoded.replySerial = value;
    if (code === 8 && typeof value === 'string') decoded.signature = value;
  }
  decoded.body = message.subarray(align(fieldsEnd, 8));
  return decoded;
}

/** The body's values, read as `signature` says (basic types and variants only). */
function bodyValues(decoded: Decoded, little: boolean): (string | number | boolean)[] {
  const reader = new Reader(decoded.body, little);
  return [...decoded.signature].map((type) => reader.value(type));
}

/** The socket a `unix:path=…` or `unix:abstract=…` address names; `undefined` for other transports. */
export function unixSocketOf(address: string): string | undefined {
  for (const candidate of address.split(';')) {
    const [transport, rest = ''] = candidate.split(/:(.*)/s);
    if (transport !== 'unix') continue;
    const keys = new Map(
      rest.split(',').map((pair) => {
        const [key = '', value = ''] = pair.split(/=(.*)/s);
        return [key, decodeURIComponent(value)] as const;
      }),
    );
    const path = keys.get('path');
    if (path !== undefined && path !== '') return path;
    const abstract = keys.get('abstract');
    if (abstract !== undefined && abstract !== '') return `\0${abstract}`;
  }
  return undefined;
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
    const fail = (error: Error): void => {
      socket.destroy();
      for (const settle of waiting.values()) settle({ ok: false, error: `credhelper.Error: ${error.message}` });
      waiting.clear();
      reject(error);
    };
    const onAbort = (): void => fail(new Error('timed out'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    socket.on('close', () => signal.removeEventListener('abort', onAbort));
    socket.on('error', (error) => fail(error));
    const send = (call: DbusMethodCall): Promise<DbusReply> => {
      serial += 1;
      const mine = serial;
      return new Promise((settle) => {
        if (socket.destroyed) return settle({ ok: false, error: 'credhelper.Error: closed' });
        waiting.set(mine, settle);
        socket.write(encodeCall(mine, call));
      });
    };
    const connection: DbusConnection = { call: send, close: () => socket.destroy() };
    socket.on('connect', () => {
      const uid = process.getuid?.() ?? 0;
      socket.write(`\0AUTH EXTERNAL ${Buffer.from(String(uid)).toString('hex')}\r\n`);
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (!authenticated) {
        const line = received.indexOf('\r\n');
        if (line < 0) return;
        const text = received.toString('ascii', 0, line);
        received = received.subarray(line + 2);
        if (!text.startsWith('OK ')) return fail(new Error('the bus refused EXTERNAL authentication'));
        authenticated = true;
        socket.write('BEGIN\r\n');
        void send({
          destination: 'org.freedesktop.DBus',
          path: '/org/freedesktop/DBus',
          interface: 'org.freedesktop.DBus',
          member: 'Hello',
          args: [],
        }).then((hello) => (hello.ok ? resolve(connection) : fail(new Error(hello.error))));
      }
      for (let length = messageLength(received); length !== undefined; length = messageLength(received)) {
        const message = received.subarray(0, length);
        received = received.subarray(length);
        let decoded: Decoded;
        try {
          decoded = decode(message);
        } catch (error) {
          return fail(error instanceof Error ? error : new Error(String(error)));
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
          return fail(error instanceof Error ? error : new Error(String(error)));
        }
      }
    });
  });
}
