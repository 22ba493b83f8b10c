import { writeSync } from 'node:fs';
import { EXIT } from './exit-codes.js';

/** Where the CLI writes: the subset of a stream it uses. */
export interface TextSink {
  write(text: string): unknown;
}

/** Standard output could not be written: the program reading it exited (EPIPE), a full disk (ENOSPC)… */
export class OutputError extends Error {
  /** The system's error code (`EPIPE`, `ENOSPC`…). */
  readonly code: string;

  constructor(code: string) {
    super(`cannot write to standard output (${code})`);
    this.name = 'OutputError';
    this.code = code;
  }
}

/**
 * A write that `process.stdout` failed later (after a full non-blocking pipe, see {@link lazyStdout}):
 * one line on stderr and exit code 74, as when the write fails at once, instead of an unhandled
 * 'error' event's stack trace.
 */
function lateStdoutError(error: NodeJS.ErrnoException): void {
  process.exitCode = EXIT.OUTPUT;
  lazyStderr.write(`credhelper: ${new OutputError(error.code ?? 'error').message}\n`);
}

/**
 * Standard output without `process.stdout`: creating that stream (net or fs streams, ~+2 ms of
 * start-up) is the largest single cost of a `credhelper get` that answers from the shared cache.
 * Writes go straight to file descriptor 1, as Node's own stdout does for files and pipes (they are
 * synchronous there). A non-blocking pipe that is full (EAGAIN) gets the rest through
 * `process.stdout`, which waits until it drains; any other failure (the reader exited: EPIPE; a full
 * disk: ENOSPC) is an {@link OutputError}: `main` says so in one line and exits 74.
 */
export const lazyStdout: TextSink = {
  write(text: string): boolean {
    const bytes = Buffer.from(text);
    let written = 0;
    try {
      while (written < bytes.length) written += writeSync(1, bytes, written);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EAGAIN') throw new OutputError(code ?? 'error');
      if (process.stdout.listenerCount('error') === 0) process.stdout.on('error', lateStdoutError);
      return process.stdout.write(bytes.subarray(written));
    }
    return true;
  },
};

let stderrGuarded = false;

/**
 * Standard error, created only when something is written to it. A failure to write it (a closed
 * pipe) is ignored: there is nowhere left to say it, and an unhandled 'error' event would print a
 * stack trace and change the exit code.
 */
export const lazyStderr: TextSink = {
  write: (text: string) => {
    if (!stderrGuarded) {
      stderrGuarded = true;
      process.stderr.on('error', () => {});
    }
    return process.stderr.write(text);
  },
};
