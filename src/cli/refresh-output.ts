import { writeSync } from 'node:fs';
import { openControllingTerminal } from '../helpers/controlling-terminal.js';

/**
 * The CLI's relay of refresh commands' output (a login flow: URLs, device codes). It goes to the
 * person: to stderr when stderr is a terminal; else (stderr captured by a parent that never shows
 * it: the AWS CLI running `credential_process`, an SDK's `fromProcess`, `execFile`) to the
 * controlling terminal (`/dev/tty`) when there is one; else to stderr. Never to stdout. It
 * remembers whether the last chunk on stderr ended mid-line, so that a message written after it
 * starts on a line of its own.
 */
let midLine = false;
/** The terminal's descriptor once opened; `null` once known to be absent. */
let terminal: number | null | undefined;

function terminalFd(): number | undefined {
  if (terminal === undefined) terminal = openControllingTerminal('write') ?? null;
  return terminal ?? undefined;
}

/** Passes a refresh command's output chunk to the person (see above), unchanged. */
export function relayRefreshOutput(chunk: string): void {
  if (chunk === '') return;
  const fd = process.stderr.isTTY === true ? undefined : terminalFd();
  if (fd !== undefined) {
    try {
      writeSync(fd, chunk);
      return;
    } catch {
      terminal = null; // the terminal went away (hung up): stderr from now on
    }
  }
  process.stderr.write(chunk);
  midLine = !chunk.endsWith('\n');
}

/** Ends the refresh output's last line if it was left open; call before writing to `stderr`. */
export function endRefreshOutputLine(stderr: { write(text: string): unknown }): void {
  if (!midLine) return;
  stderr.write('\n');
  midLine = false;
}
