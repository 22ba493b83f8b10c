import { writeSync } from 'node:fs';

/** Where the CLI writes: the subset of a stream it uses. */
export interface TextSink {
  write(text: string): unknown;
}

/**
 * Standard output without `process.stdout`: creating that stream (net or fs streams, ~+2 ms of
 * start-up) is the largest single cost of a `credhelper get` that answers from the shared cache.
 * Writes go straight to file descriptor 1, as Node's own stdout does for files and pipes (they are
 * synchronous there); whatever cannot be written so (a non-blocking pipe that is full, a closed
 * one) goes to `process.stdout`, which then behaves as it always did.
 */
export const lazyStdout: TextSink = {
  write(text: string): boolean {
    const bytes = Buffer.from(text);
    let written = 0;
    try {
      while (written < bytes.length) written += writeSync(1, bytes, written);
    } catch {
      return process.stdout.write(bytes.subarray(written));
    }
    return true;
  },
};

/** Standard error, created only when something is written to it. */
export const lazyStderr: TextSink = {
  write: (text: string) => process.stderr.write(text),
};
