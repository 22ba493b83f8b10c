/**
 * The D-Bus wire format, the little of it that `connectDbus` needs: method calls with string
 * arguments out (little-endian), replies whose bodies hold basic types and variants of them in
 * (either byte order).
 */

/** One D-Bus method call whose arguments are all strings (signature `s…`). */
export interface DbusMethodCall {
  destination: string;
  path: string;
  interface: string;
  member: string;
  args: readonly string[];
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

/** A METHOD_CALL message with serial `serial`. */
export function encodeCall(serial: number, call: DbusMethodCall): Buffer {
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

/** The header fields a reply is matched by, and its body. */
export interface Decoded {
  type: number;
  replySerial?: number;
  errorName?: string;
  signature: string;
  body: Buffer;
}

/** The total length of the message at the start of `buffer`, or `undefined` while incomplete. */
export function messageLength(buffer: Buffer): number | undefined {
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

/** The header of one whole message (see {@link messageLength}). */
export function decode(message: Buffer): Decoded {
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
export function bodyValues(decoded: Decoded, little: boolean): (string | number | boolean)[] {
  const reader = new Reader(decoded.body, little);
  return [...decoded.signature].map((type) => reader.value(type));
}
