import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scratchDir } from './fixtures.js';

/** The built executable (`npm test` builds before running the tests). */
export const CLI = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));

/** A temp HOME with nothing in it, and the environment a CLI test starts from. */
export function cliHome(extra: Record<string, string> = {}): { home: string; env: Record<string, string> } {
  const home = scratchDir();
  return {
    home,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      AWS_EC2_METADATA_DISABLED: 'true',
      METADATA_SERVER_DETECTION: 'none',
      ...extra,
    },
  };
}

/** Writes `json` to `path`, creating its directory. */
export function writeJson(path: string, json: unknown): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(json));
  return path;
}

/** The user settings file of a {@link cliHome}. */
export function userSettings(home: string, json: unknown): string {
  return writeJson(join(home, '.config', 'credhelper', 'settings.json'), json);
}

/** Runs the CLI as a subprocess; returns its exit code and both streams. */
export function cli(
  args: string[],
  options: { env: Record<string, string>; cwd?: string; timeoutMs?: number; input?: string },
): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    env: options.env,
    cwd: options.cwd ?? options.env.HOME,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 30_000,
    input: options.input ?? '',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** What a spawned process wrote so far to its stdout and stderr (pipes), read when asked. */
export function collectOutput(child: { stdout: NodeJS.ReadableStream | null; stderr: NodeJS.ReadableStream | null }): {
  stdout: () => string;
  stderr: () => string;
} {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  return { stdout: () => stdout, stderr: () => stderr };
}

/**
 * {@link cli} without blocking the event loop: for tests whose local servers (in this process)
 * the CLI talks to.
 */
export function cliAsync(
  args: string[],
  options: { env: Record<string, string>; cwd?: string; timeoutMs?: number; input?: string },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: options.env,
      cwd: options.cwd ?? options.env.HOME,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 30_000,
    });
    const output = collectOutput(child);
    child.stdin.end(options.input ?? '');
    child.on('close', (code) => resolve({ code, stdout: output.stdout(), stderr: output.stderr() }));
  });
}
