import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of a script in test/fixtures. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
}

/** A fresh temporary directory; remove it with `cleanup`. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'credhelper-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Temporary directories that `afterEach(removeScratchDirs)` removes. */
const scratchDirs: Array<() => void> = [];

/** A temporary directory removed after the current test by {@link removeScratchDirs}. */
export function scratchDir(): string {
  const { dir, cleanup } = tempDir();
  scratchDirs.push(cleanup);
  return dir;
}

/** Removes every {@link scratchDir}; register with `afterEach`. */
export function removeScratchDirs(): void {
  for (const cleanup of scratchDirs.splice(0)) cleanup();
}

/** True while `pid` runs (zombies count as gone: they hold no resources but a table slot). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Polls `check` every 20 ms until it is true or `timeoutMs` passes; returns the last answer. */
export async function waitFor(check: () => boolean, timeoutMs = 3000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
}

/** Reads a pid written by a fixture, waiting for the file to appear. */
export async function readPid(file: string): Promise<number> {
  let text = '';
  await waitFor(() => {
    try {
      text = readFileSync(file, 'utf8').trim();
    } catch {
      text = '';
    }
    return text !== '';
  });
  return Number(text);
}

/** Lines in a count file written by count-runs.sh (0 when it does not exist). */
export function runCount(file: string): number {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
  } catch {
    return 0;
  }
}

/** A fake clock for caches: `now()` returns the current fake time; `advance(ms)` moves it. */
export function fakeClock(start = Date.UTC(2026, 10, 23, 12, 0, 0)): {
  now: () => number;
  advance: (ms: number) => void;
} {
  let time = start;
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
  };
}

/** Everything an error can show a person or a log. */
export function everyRendering(error: unknown): string {
  const e = error as Error & { details?: unknown; cause?: unknown };
  return [String(e), e.message, e.stack ?? '', JSON.stringify(e.details ?? {}), String(e.cause ?? '')].join('\n');
}

/** A test environment without any real credential variables of the machine. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: tmpdir(),
    // Never the machine's own credential store.
    CREDHELPER_AUTH_FILE: join(tmpdir(), 'credhelper-test-no-store', 'auth.json'),
  };
  return { ...env, ...extra };
}
