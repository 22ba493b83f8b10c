/**
 * The CLI's relay of refresh commands' output (a login flow: URLs, device codes) to stderr. It
 * remembers whether the last chunk ended mid-line, so that a message written after it starts on a
 * line of its own.
 */
let midLine = false;

/** Passes a refresh command's output chunk to stderr unchanged. */
export function relayRefreshOutput(chunk: string): void {
  if (chunk === '') return;
  process.stderr.write(chunk);
  midLine = !chunk.endsWith('\n');
}

/** Ends the refresh output's last line if it was left open; call before writing to `stderr`. */
export function endRefreshOutputLine(stderr: { write(text: string): unknown }): void {
  if (!midLine) return;
  stderr.write('\n');
  midLine = false;
}
