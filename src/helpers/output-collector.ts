/** How much of stderr is kept for error messages, before redaction trims it to the tail. */
const STDERR_KEEP_BYTES = 64 * 1024;

/**
 * Collects one helper stream with a byte cap. `stdout` is kept whole (it is the result);
 * `stderr` keeps only its last {@link STDERR_KEEP_BYTES}, enough for a redacted tail.
 */
export class OutputCollector {
  readonly #chunks: Buffer[] = [];
  readonly #keepWhole: boolean;
  #keptBytes = 0;
  /** Every byte received, including those dropped from a stderr tail. */
  totalBytes = 0;

  constructor(keepWhole: boolean) {
    this.#keepWhole = keepWhole;
  }

  /** Adds a chunk; returns the new total byte count. */
  push(chunk: Buffer): number {
    this.totalBytes += chunk.length;
    this.#chunks.push(chunk);
    this.#keptBytes += chunk.length;
    if (!this.#keepWhole) {
      while (this.#keptBytes - (this.#chunks[0]?.length ?? 0) >= STDERR_KEEP_BYTES && this.#chunks.length > 1) {
        this.#keptBytes -= this.#chunks.shift()?.length ?? 0;
      }
    }
    return this.totalBytes;
  }

  /** The collected bytes as UTF-8 text. */
  text(): string {
    return Buffer.concat(this.#chunks).toString('utf8');
  }
}

/** The last `maxBytes` bytes of `text`, starting on a character boundary. */
export function tailBytes(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let start = bytes.length - maxBytes;
  // Skip UTF-8 continuation bytes so that the tail starts on a whole character.
  while (start < bytes.length && ((bytes[start] ?? 0) & 0xc0) === 0x80) start++;
  return `…${bytes.subarray(start).toString('utf8')}`;
}
