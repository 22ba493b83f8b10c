import { lazyStderr } from './lazy-stdio.js';

/**
 * Lines the CLI would write to stderr although the command may still succeed (settings warnings).
 * A command whose caller treats any stderr as failure (`get`, used as Claude Code's `apiKeyHelper`;
 * `aws-credential-process`, used as a `credential_process`) holds them: they are written only when
 * the command fails, or at once when stderr is a terminal (a person is reading).
 */
let holding: () => boolean = () => false;
const held: string[] = [];

/**
 * From now on, {@link noteToStderr} holds its lines unless stderr is a terminal. Without
 * `isTerminal`, stderr is asked when a line comes (most runs write none: the stream, and the
 * terminal check that creates it, cost start-up time).
 */
export function holdStderrUntilFailure(isTerminal?: boolean): void {
  holding = isTerminal === undefined ? () => process.stderr.isTTY !== true : () => !isTerminal;
}

/** Writes `text` to `stderr`, or holds it (see {@link holdStderrUntilFailure}). */
export function noteToStderr(text: string, stderr: { write(text: string): unknown } = lazyStderr): void {
  if (holding()) held.push(text);
  else stderr.write(text);
}

/** Writes the held lines (the command failed: they may explain why), then forgets them. */
export function releaseHeldStderr(stderr: { write(text: string): unknown }): void {
  for (const text of held.splice(0)) stderr.write(text);
}
