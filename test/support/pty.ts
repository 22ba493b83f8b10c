import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from './fixtures.js';

/** A shell command running in a real pseudo-terminal (util-linux `script`). */
export interface PtySession {
  /** Everything written to the terminal so far (what the person sees), `\r` removed. */
  screen(): string;
  /** Types `text` at the terminal (the person's keyboard). */
  type(text: string): void;
  /** Resolves once `pattern` is on the screen; rejects after `timeoutMs`. */
  waitFor(pattern: RegExp | string, timeoutMs?: number): Promise<void>;
  /** Resolves with the command's exit code. */
  exited: Promise<number | null>;
  process: ChildProcess;
}

/** Whether `script` (util-linux) can run a command in a pseudo-terminal here. */
export function hasScript(): boolean {
  return process.platform === 'linux' && existsSync('/usr/bin/script');
}

/**
 * Runs `command` (a `/bin/sh` command line) as the session leader of a new pseudo-terminal:
 * `/dev/tty` in it and its children is that terminal, whatever their stdout and stderr are
 * redirected to. What reaches the terminal is read back from `script`'s log file.
 */
export function runInPty(command: string, options: { env: Record<string, string>; cwd?: string }): PtySession {
  const log = join(scratchDir(), 'pty.log');
  const child = spawn('script', ['-qfec', command, log], {
    env: options.env,
    cwd: options.cwd,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const screen = (): string => (existsSync(log) ? readFileSync(log, 'utf8').replaceAll('\r', '') : '');
  return {
    screen,
    type: (text) => child.stdin?.write(text),
    async waitFor(pattern, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      const matches = (): boolean =>
        typeof pattern === 'string' ? screen().includes(pattern) : pattern.test(screen());
      while (!matches()) {
        if (Date.now() > deadline) throw new Error(`not on the terminal after ${timeoutMs} ms: ${String(pattern)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    exited,
    process: child,
  };
}
